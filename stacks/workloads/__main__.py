"""A workloads project apart from the platform: the demo workloads of one environment, given the role,
bucket, KMS key and subnets that the platform stack exports, read through a StackReference.

Splitting them keeps a model change from previewing (and waiting on) the cluster, and lets ML teams
deploy with a role that cannot touch the platform. The guardrails are this stack's own config, checked
as the platform's are; the policy pack applies to this project the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pulumi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # stacks/: the demo and the platform's modules

import demo
from sagemaker_platform.placement import placement
from sagemaker_platform.schema import read_settings
from sagemaker_platform.settings import WorkloadSettings


def program() -> None:
    from pulumi.runtime import config as runtime_config

    config = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    settings = read_settings(
        WorkloadSettings, pulumi.get_project(), f"Pulumi.{pulumi.get_stack()}.yaml", config
    )
    platform = pulumi.StackReference(settings.platform_stack)
    in_vpc = settings.guardrails.network in ("vpc", "vpcOrIsolation")
    where = placement(
        settings.guardrails,
        settings.workloads,
        role_arn=platform.require_output("execution_role_arn"),
        bucket=platform.require_output("bucket"),
        kms_key_arn=platform.require_output("kms_key_arn") if settings.guardrails.require_kms else None,
        subnet_ids=platform.require_output("sagemaker_subnet_ids") if in_vpc else None,
        security_group_id=platform.require_output("sagemaker_security_group_id") if in_vpc else None,
    )
    for key, value in demo.deploy(where).items():
        pulumi.export(key, value)


if __name__ == "__main__":
    program()
