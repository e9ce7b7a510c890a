"""`Cluster`: the EKS cluster the ACK controller runs on, and a Kubernetes provider for it.

A new cluster uses API authentication (access entries, no aws-auth ConfigMap; the creator gets no
implicit admin: every principal is listed in config), a pinned Kubernetes version, and either EKS Auto
Mode or a managed node group on AL2023. An existing cluster is looked up by name. The OIDC provider is
created only when the controller uses IRSA. The kubeconfig is a secret output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from . import documents
from .settings import Cluster as ClusterSettings

MANAGED_POLICY = "arn:aws:iam::aws:policy/{}"
ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
CLUSTER_POLICIES = {
    "autoMode": (
        "AmazonEKSClusterPolicy",
        "AmazonEKSComputePolicy",
        "AmazonEKSBlockStoragePolicy",
        "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingPolicy",
    ),
    "nodeGroup": ("AmazonEKSClusterPolicy",),
}
NODE_POLICIES = {
    "autoMode": ("AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"),
    "nodeGroup": ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"),
}
LOG_TYPES = ["api", "audit", "authenticator"]


def kubeconfig(name: str, endpoint: str, ca_data: str, region: str) -> str:
    """A kubeconfig that authenticates with `aws eks get-token` (the AWS CLI) as the caller's identity."""
    user = {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "aws",
            "args": ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"],
        }
    }
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": name, "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}
            ],
            "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
            "current-context": name,
            "users": [{"name": name, "user": user}],
        }
    )


class Cluster(pulumi.ComponentResource):
    cluster_name: pulumi.Output[str]
    arn: pulumi.Output[str]
    oidc_issuer: pulumi.Output[str]
    oidc_provider_arn: pulumi.Output[str] | None
    kubeconfig: pulumi.Output[str]
    provider: k8s.Provider

    def __init__(
        self,
        name: str,
        settings: ClusterSettings,
        *,
        cluster_name: str,
        region: str,
        subnet_ids: pulumi.Input[Sequence[str]] | None,
        irsa: bool,
        pod_identity_agent: bool,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("sagemaker-platform:index:Cluster", name, None, opts)
        self._tags = tags
        ready: list[pulumi.Resource] = []
        if settings.existing_name is not None:
            found = aws.eks.get_cluster_output(
                name=settings.existing_name, opts=pulumi.InvokeOptions(parent=self)
            )
            self.cluster_name = found.name
            self.arn = found.arn
            endpoint, ca = found.endpoint, found.certificate_authorities[0].data
            self.oidc_issuer = found.identities[0].oidcs[0].issuer
        else:
            cluster = self._create(name, settings, cluster_name, subnet_ids)
            self.cluster_name, self.arn, endpoint = cluster.name, cluster.arn, cluster.endpoint
            ca = cluster.certificate_authority.data
            self.oidc_issuer = cluster.identities[0].oidcs[0].issuer
            ready = self._access(name, settings, cluster)
            if pod_identity_agent and settings.compute == "nodeGroup":  # built into Auto Mode
                ready.append(
                    aws.eks.Addon(
                        f"{name}-pod-identity-agent",
                        cluster_name=cluster.name,
                        addon_name="eks-pod-identity-agent",
                        tags=tags,
                        opts=pulumi.ResourceOptions(parent=self, depends_on=self._compute),
                    )
                )
        self.oidc_provider_arn = None
        if irsa:
            if settings.oidc_provider_arn is not None:
                self.oidc_provider_arn = pulumi.Output.from_input(settings.oidc_provider_arn)
            else:
                oidc = aws.iam.OpenIdConnectProvider(
                    f"{name}-oidc",
                    url=self.oidc_issuer,
                    client_id_lists=["sts.amazonaws.com"],
                    tags=tags,
                    opts=pulumi.ResourceOptions(parent=self),
                )
                self.oidc_provider_arn = oidc.arn
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(self.cluster_name, endpoint, ca).apply(
                lambda a: kubeconfig(a[0], a[1], a[2], region)
            )
        )
        # Resources on this provider wait for the access entries: before them the deployer is not let in.
        self.provider = k8s.Provider(
            f"{name}-k8s",
            kubeconfig=self.kubeconfig,
            opts=pulumi.ResourceOptions(parent=self, depends_on=ready),
        )
        self.register_outputs({"cluster_name": self.cluster_name, "kubeconfig": self.kubeconfig})

    def _role(
        self, name: str, role_name: str, service: str, policies: Sequence[str], tag_session: bool
    ) -> aws.iam.Role:
        role = aws.iam.Role(
            name,
            name=role_name,
            assume_role_policy=json.dumps(documents.service_trust(service, tag_session=tag_session)),
            tags=self._tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        for policy in policies:
            aws.iam.RolePolicyAttachment(
                f"{name}-{policy}",
                role=role.name,
                policy_arn=MANAGED_POLICY.format(policy),
                opts=pulumi.ResourceOptions(parent=role),
            )
        return role

    def _create(
        self,
        name: str,
        settings: ClusterSettings,
        cluster_name: str,
        subnet_ids: pulumi.Input[Sequence[str]] | None,
    ) -> aws.eks.Cluster:
        auto = settings.compute == "autoMode"
        # Auto Mode's cluster role must also tag sessions (EKS passes tags when it manages nodes).
        cluster_role = self._role(
            f"{name}-cluster-role",
            f"{cluster_name}-cluster",
            "eks.amazonaws.com",
            CLUSTER_POLICIES[settings.compute],
            auto,
        )
        node_role = self._role(
            f"{name}-node-role",
            f"{cluster_name}-node",
            "ec2.amazonaws.com",
            NODE_POLICIES[settings.compute],
            False,
        )
        auto_mode = (
            {
                "compute_config": {
                    "enabled": True,
                    "node_pools": ["general-purpose", "system"],
                    "node_role_arn": node_role.arn,
                },
                "kubernetes_network_config": {"elastic_load_balancing": {"enabled": True}},
                "storage_config": {"block_storage": {"enabled": True}},
                "bootstrap_self_managed_addons": False,
            }
            if auto
            else {}
        )
        assert subnet_ids is not None  # settings checked it: a new cluster needs a network
        cluster = aws.eks.Cluster(
            name,
            name=cluster_name,
            version=settings.version,
            role_arn=cluster_role.arn,
            vpc_config={
                "subnet_ids": subnet_ids,
                "endpoint_private_access": True,
                "endpoint_public_access": settings.public_endpoint,
            },
            access_config={
                "authentication_mode": "API",
                "bootstrap_cluster_creator_admin_permissions": False,
            },
            enabled_cluster_log_types=LOG_TYPES,
            tags=self._tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[cluster_role]),
            **auto_mode,
        )
        self._compute: list[pulumi.Resource] = [cluster]
        if not auto:
            group = settings.node_group
            assert group is not None  # settings checked it
            self._compute = [
                aws.eks.NodeGroup(
                    f"{name}-nodes",
                    cluster_name=cluster.name,
                    node_role_arn=node_role.arn,
                    subnet_ids=subnet_ids,
                    instance_types=group.instance_types,
                    ami_type="AL2023_x86_64_STANDARD",
                    scaling_config={
                        "min_size": group.min_size,
                        "desired_size": group.desired_size,
                        "max_size": group.max_size,
                    },
                    update_config={"max_unavailable": 1},
                    tags=self._tags,
                    opts=pulumi.ResourceOptions(parent=self, depends_on=[node_role]),
                )
            ]
        return cluster

    def _access(
        self, name: str, settings: ClusterSettings, cluster: aws.eks.Cluster
    ) -> list[pulumi.Resource]:
        """An access entry with cluster admin for each admin and CI role (the CI role installs CRDs)."""
        done: list[pulumi.Resource] = []
        principals = [("admin", arn) for arn in settings.admin_role_arns] + [
            ("ci", arn) for arn in settings.ci_role_arns
        ]
        for i, (who, arn) in enumerate(principals):
            entry = aws.eks.AccessEntry(
                f"{name}-{who}-{i}",
                cluster_name=cluster.name,
                principal_arn=arn,
                type="STANDARD",
                tags=self._tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
            done.append(
                aws.eks.AccessPolicyAssociation(
                    f"{name}-{who}-{i}",
                    cluster_name=cluster.name,
                    principal_arn=entry.principal_arn,
                    policy_arn=ADMIN_ACCESS_POLICY,
                    access_scope={"type": "cluster"},
                    opts=pulumi.ResourceOptions(parent=entry),
                )
            )
        return done
