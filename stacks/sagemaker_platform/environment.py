"""One environment's platform, composed from its settings: what `stacks/__main__.py` deploys.

Storage and the execution role always; the network, the cluster and the controller where the stack's
config asks for them. Physical names derive from `<project>-<stack>` so that policies can name the
roles and buckets before they exist (a preview shows the real documents).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from . import documents
from .cluster import Cluster
from .controller import Controller
from .execution_role import ExecutionRole
from .network import Network
from .settings import Settings
from .storage import Storage


@dataclass
class Platform:
    """What workloads and stack outputs use."""

    settings: Settings
    bucket: pulumi.Output[str]
    execution_role: ExecutionRole
    network: Network | None = None
    cluster: Cluster | None = None
    controller: Controller | None = None

    def exports(self) -> dict[str, pulumi.Input[object]]:
        out: dict[str, pulumi.Input[object]] = {
            "execution_role_arn": self.execution_role.arn,
            "buckets": self.bucket.apply(lambda b: {"data": b}),
            "bucket": self.bucket,
        }
        if self.cluster is not None:
            out["cluster_name"] = self.cluster.cluster_name
            out["kubeconfig"] = self.cluster.kubeconfig  # a secret
        if self.controller is not None:
            out["controller_role_arn"] = self.controller.role_arn
        if self.settings.storage.kms_key_arn is not None:
            out["kms_key_arn"] = self.settings.storage.kms_key_arn
        if self.network is not None:
            out["sagemaker_subnet_ids"] = self.network.private_subnet_ids
            out["sagemaker_security_group_id"] = self.network.jobs_security_group_id
        return out


def build(settings: Settings) -> Platform:
    project, stack = pulumi.get_project(), settings.stack
    prefix = f"{project}-{stack}"
    tags = {"project": project, "environment": stack, "managed-by": "pulumi"}
    partition = aws.get_partition_output().partition
    account = aws.get_caller_identity_output().account_id
    scope = pulumi.Output.all(partition, account).apply(
        lambda a: documents.Scope(a[0], a[1], settings.region)
    )

    bucket_name = settings.storage.bucket_name or scope.apply(lambda s: f"{prefix}-{s.account}")
    storage = Storage("data", settings.storage, bucket_name=bucket_name, tags=tags)
    role = settings.execution_role
    access = pulumi.Output.from_input(bucket_name).apply(
        lambda bucket: documents.ExecutionAccess(
            bucket=bucket,
            data_prefixes=role.data_prefixes,
            output_prefixes=role.output_prefixes,
            ecr_repositories=role.ecr_repositories,
            kms_key_arns=settings.kms_key_arns,
            vpc=settings.jobs_in_vpc,
            rollback_alarms=role.rollback_alarms,
        )
    )
    execution = ExecutionRole(
        "sagemaker-execution",
        role_name=f"{prefix}-sagemaker-execution",
        scope=scope,
        access=access,
        tags=tags,
    )
    platform = Platform(settings, storage.bucket, execution)

    if settings.network is not None:
        platform.network = Network(prefix, settings.network, region=settings.region, tags=tags)
    if settings.cluster is not None:
        controller = settings.controller
        platform.cluster = Cluster(
            "cluster",
            settings.cluster,
            cluster_name=settings.cluster.existing_name or prefix,
            region=settings.region,
            subnet_ids=platform.network.private_subnet_ids if platform.network else None,
            irsa=controller.mode == "helm" and controller.credentials == "irsa",
            pod_identity_agent=controller.mode == "helm" and controller.credentials == "podIdentity",
            tags=tags,
        )
        if controller.mode != "none":
            platform.controller = Controller(
                "ack-sagemaker",
                controller,
                cluster=platform.cluster,
                role_name=f"{prefix}-ack-sagemaker",
                execution_role_arn=execution.expected_arn,
                scope=scope,
                region=settings.region,
                tags=tags,
            )
    return platform
