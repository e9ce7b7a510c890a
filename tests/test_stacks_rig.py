"""What the offline rig adds for the platform stacks: every declared resource (components and
multi-language components included) with the inputs and options a policy pack is shown, and EKS
clusters faked with the outputs programs chain (endpoint, CA, OIDC issuer)."""

from __future__ import annotations

import re

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s
from pulumi.output import Unknown
from pulumi_sagemaker.testing import run

from .rig_support import Echo


class Box(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("test:index:Box", name, {"size": 3})


def test_declared_lists_components_charts_and_options_with_checked_dynamic_inputs(tmp_path) -> None:
    log = str(tmp_path / "calls.jsonl")

    def program() -> None:
        box = Box("box")
        provider = k8s.Provider("k8s", kubeconfig="{}", opts=pulumi.ResourceOptions(parent=box))
        k8s.helm.v4.Chart(
            "ack",
            chart="oci://public.ecr.aws/aws-controllers-k8s/sagemaker-chart",
            version="1.9.1",
            namespace="ack-system",
            values={"aws": {"region": "us-west-2"}},
            opts=pulumi.ResourceOptions(provider=provider, parent=box),
        )
        bucket = aws.s3.Bucket("data", opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True))
        Echo("echo", log=log, value=bucket.arn)

    preview = run(program, preview=True)
    declared = {d.name: d for d in preview.declared}
    assert sorted(declared) == ["ack", "box", "data", "echo", "k8s"]  # in the order they were registered
    assert not declared["box"].custom and declared["box"].inputs == {"size": 3.0}
    chart = declared["ack"]
    assert chart.remote and not chart.custom and chart.type == "kubernetes:helm.sh/v4:Chart"
    assert chart.inputs["version"] == "1.9.1" and chart.inputs["values"] == {"aws": {"region": "us-west-2"}}
    assert chart.parent == declared["box"].urn and chart.provider.startswith(declared["k8s"].urn + "::")
    assert declared["data"].protect and declared["data"].retain_on_delete
    echo = declared["echo"]
    assert isinstance(echo.inputs["value"], Unknown)  # the bucket's ARN is computed: unknown in a preview
    assert echo.inputs["size"] == 1  # checked inputs: the provider's check added its default
    assert "__provider" in echo.inputs and echo.dependencies == [declared["data"].urn]

    up = run(program)
    assert sorted(d.name for d in up.declared) == sorted(declared)
    bucket = up.state.get("data").outputs["bucket"]
    assert next(d for d in up.declared if d.name == "echo").inputs["value"] == f"arn:aws:s3:::{bucket}"


def test_eks_clusters_have_an_endpoint_ca_and_oidc_issuer_new_or_existing() -> None:
    def program() -> None:
        cluster = aws.eks.Cluster(
            "main",
            name="platform-dev",
            role_arn="arn:aws:iam::123456789012:role/c",
            vpc_config={"subnet_ids": ["subnet-1", "subnet-2"]},
        )
        pulumi.export("endpoint", cluster.endpoint)
        pulumi.export("ca", cluster.certificate_authority.data)
        pulumi.export("issuer", cluster.identities[0].oidcs[0].issuer)
        existing = aws.eks.get_cluster_output(name="shared")
        pulumi.export("existing_issuer", existing.identities[0].oidcs[0].issuer)
        pulumi.export("existing_ca", existing.certificate_authorities[0].data)
        pulumi.export("existing_arn", existing.arn)

    out = run(program, config={"aws:region": "eu-west-1"}).outputs
    assert out["endpoint"].startswith("https://")
    assert out["endpoint"].endswith(".gr7.eu-west-1.eks.amazonaws.com")
    assert out["issuer"].startswith("https://oidc.eks.eu-west-1.amazonaws.com/id/")
    assert out["ca"] and out["existing_ca"]
    assert out["existing_issuer"] != out["issuer"]  # one issuer per cluster
    assert out["existing_arn"] == "arn:aws:eks:eu-west-1:123456789012:cluster/shared"


def test_ec2_resources_get_ids_shaped_like_aws_ones() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc("main", cidr_block="10.0.0.0/16")
        subnet = aws.ec2.Subnet("a-rather-long-private-subnet-name", vpc_id=vpc.id, cidr_block="10.0.0.0/20")
        group = aws.ec2.SecurityGroup("jobs", vpc_id=vpc.id)
        pulumi.export("ids", [vpc.id, subnet.id, group.id])
        pulumi.export("bucket", aws.s3.Bucket("data", bucket="data-x").id)

    first = run(program)
    vpc_id, subnet_id, group_id = first.outputs["ids"]
    assert re.fullmatch(r"vpc-0[0-9a-f]{16}", vpc_id) and re.fullmatch(r"sg-0[0-9a-f]{16}", group_id)
    assert re.fullmatch(r"subnet-0[0-9a-f]{16}", subnet_id) and len(subnet_id) <= 32
    assert first.outputs["bucket"] == "data-x"  # a bucket's id is its name, as pulumi-aws's
    assert run(program).outputs["ids"] == first.outputs["ids"]  # stable from run to run
