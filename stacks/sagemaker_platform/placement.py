"""`Placement`: where and how an environment's SageMaker workloads run, from what the platform provides
(role, bucket, KMS key, subnets, security group) and what its guardrails require (instance types, runtime
cap, VPC or network isolation, protected hosting). Workloads take one, in the platform's stack or in a
separate workloads project (stacks/workloads/) that reads the platform's outputs."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from .settings import Guardrails, Workloads


@dataclass(frozen=True)
class Placement:
    role_arn: pulumi.Input[str]
    bucket: pulumi.Input[str]
    training_instance_type: str = "ml.m5.xlarge"
    hosting_instance_type: str = "ml.m5.large"
    max_runtime_seconds: int = 3600
    kms_key_arn: pulumi.Input[str] | None = None
    subnet_ids: pulumi.Input[list[str]] | None = None  # with security_group_ids: run in the VPC
    security_group_ids: pulumi.Input[list[str]] | None = None
    network_isolation: bool = False
    protect_hosting: bool = False


def placement(
    guardrails: Guardrails,
    workloads: Workloads,
    *,
    role_arn: pulumi.Input[str],
    bucket: pulumi.Input[str],
    kms_key_arn: pulumi.Input[str] | None,
    subnet_ids: pulumi.Input[list[str]] | None,
    security_group_id: pulumi.Input[str] | None,
) -> Placement:
    in_vpc = guardrails.network in ("vpc", "vpcOrIsolation") and subnet_ids is not None
    return Placement(
        role_arn=role_arn,
        bucket=bucket,
        training_instance_type=workloads.training_instance_type,
        hosting_instance_type=workloads.hosting_instance_type,
        max_runtime_seconds=guardrails.max_training_runtime_seconds,
        kms_key_arn=kms_key_arn,
        subnet_ids=subnet_ids if in_vpc else None,
        security_group_ids=pulumi.Output.from_input(security_group_id).apply(lambda g: [g] if g else [])
        if in_vpc
        else None,
        network_isolation=guardrails.network == "isolation",
        protect_hosting=guardrails.protect_hosting,
    )
