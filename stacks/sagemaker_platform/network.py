"""`Network`: the VPC the cluster and the SageMaker jobs run in, created or existing.

A created VPC has, per availability zone, a public subnet (NAT gateway, load balancers) and a private
one (nodes, SageMaker jobs' network interfaces); one NAT gateway or one per zone; and an S3 gateway
endpoint so that jobs read their data without crossing the NAT. Either way a security group for the
SageMaker jobs is created: traffic between the job's own instances (distributed training), egress out.
"""

from __future__ import annotations

import ipaddress

import pulumi
import pulumi_aws as aws

from .settings import Network as NetworkSettings


def split_cidr(cidr: str, zones: int) -> tuple[list[str], list[str]]:
    """Public and private subnet CIDRs, one of each per zone, carved in order from the VPC's range."""
    network = ipaddress.ip_network(cidr)
    new_prefix = min(network.prefixlen + 4, 28)
    blocks = [str(block) for block in network.subnets(new_prefix=new_prefix)]
    if len(blocks) < 2 * zones:
        raise ValueError(f"{cidr} is too small for {zones} public and {zones} private subnets")
    return blocks[:zones], blocks[zones : 2 * zones]


class Network(pulumi.ComponentResource):
    vpc_id: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[list[str]]
    jobs_security_group_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        settings: NetworkSettings,
        *,
        region: str,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("sagemaker-platform:index:Network", name, None, opts)
        self._tags = tags
        self._region = region
        if settings.creates_vpc:
            vpc_id, private = self._create(name, settings)
        else:
            vpc_id, private = (
                pulumi.Output.from_input(settings.vpc_id),
                pulumi.Output.from_input(settings.subnet_ids),
            )
        self.vpc_id = vpc_id  # type: ignore[assignment]
        self.private_subnet_ids = private  # type: ignore[assignment]
        jobs = aws.ec2.SecurityGroup(
            f"{name}-sagemaker-jobs",
            description="SageMaker jobs and endpoints: traffic between their own instances, egress out",
            vpc_id=vpc_id,
            ingress=[
                {"protocol": "-1", "from_port": 0, "to_port": 0, "self": True, "description": "same jobs"}
            ],
            egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
            tags=self._named(f"{name}-sagemaker-jobs"),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.jobs_security_group_id = jobs.id
        self.register_outputs(
            {"vpc_id": vpc_id, "private_subnet_ids": private, "jobs_security_group_id": jobs.id}
        )

    def _named(self, name: str, **extra: str) -> dict[str, str]:
        return {**self._tags, "Name": name, **extra}

    def _create(
        self, name: str, settings: NetworkSettings
    ) -> tuple[pulumi.Output[str], pulumi.Output[list[str]]]:
        child = pulumi.ResourceOptions(parent=self)
        zones = settings.availability_zones
        public_cidrs, private_cidrs = split_cidr(str(settings.vpc_cidr), len(zones))
        vpc = aws.ec2.Vpc(
            name,
            cidr_block=settings.vpc_cidr,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags=self._named(name),
            opts=child,
        )
        gateway = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=vpc.id, tags=self._named(name), opts=child)
        public_routes = aws.ec2.RouteTable(
            f"{name}-public",
            vpc_id=vpc.id,
            routes=[{"cidr_block": "0.0.0.0/0", "gateway_id": gateway.id}],
            tags=self._named(f"{name}-public"),
            opts=child,
        )
        public, private, private_tables = [], [], []
        nats: list[aws.ec2.NatGateway] = []
        for i, zone in enumerate(zones):
            subnet = aws.ec2.Subnet(
                f"{name}-public-{zone}",
                vpc_id=vpc.id,
                cidr_block=public_cidrs[i],
                availability_zone=zone,
                tags=self._named(f"{name}-public-{zone}", **{"kubernetes.io/role/elb": "1"}),
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{zone}", subnet_id=subnet.id, route_table_id=public_routes.id, opts=child
            )
            public.append(subnet)
            if settings.nat_gateways == "perAz" or not nats:
                eip = aws.ec2.Eip(
                    f"{name}-nat-{zone}", domain="vpc", tags=self._named(f"{name}-nat-{zone}"), opts=child
                )
                nats.append(
                    aws.ec2.NatGateway(
                        f"{name}-nat-{zone}",
                        allocation_id=eip.id,
                        subnet_id=subnet.id,
                        tags=self._named(f"{name}-nat-{zone}"),
                        opts=pulumi.ResourceOptions(parent=self, depends_on=[gateway]),
                    )
                )
        for i, zone in enumerate(zones):
            nat = nats[i] if settings.nat_gateways == "perAz" else nats[0]
            table = aws.ec2.RouteTable(
                f"{name}-private-{zone}",
                vpc_id=vpc.id,
                routes=[{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat.id}],
                tags=self._named(f"{name}-private-{zone}"),
                opts=child,
            )
            subnet = aws.ec2.Subnet(
                f"{name}-private-{zone}",
                vpc_id=vpc.id,
                cidr_block=private_cidrs[i],
                availability_zone=zone,
                tags=self._named(f"{name}-private-{zone}", **{"kubernetes.io/role/internal-elb": "1"}),
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{zone}", subnet_id=subnet.id, route_table_id=table.id, opts=child
            )
            private.append(subnet)
            private_tables.append(table)
        aws.ec2.VpcEndpoint(
            f"{name}-s3",
            vpc_id=vpc.id,
            service_name=f"com.amazonaws.{self._region}.s3",
            vpc_endpoint_type="Gateway",
            route_table_ids=[t.id for t in private_tables],
            tags=self._named(f"{name}-s3"),
            opts=child,
        )
        return vpc.id, pulumi.Output.all(*[s.id for s in private])
