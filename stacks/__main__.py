"""The Pulumi program of this project (Pulumi.yaml `main: stacks/`); the offline rig imports `program`.

One stack per environment (Pulumi.<stack>.yaml): the stack's config is checked first (one error naming
every bad key, before any resource is registered), then the platform is built (bucket, execution role,
and where configured the VPC, EKS cluster and ACK SageMaker controller), then the demo workloads.
"""

import demo
import pulumi
from sagemaker_platform import build, load
from sagemaker_platform.placement import placement


def program() -> None:
    settings = load()
    platform = build(settings)
    outputs = dict(platform.exports())
    if settings.workloads.demo:
        network = platform.network
        where = placement(
            settings.guardrails,
            settings.workloads,
            role_arn=platform.execution_role.arn,
            bucket=platform.bucket,
            kms_key_arn=settings.storage.kms_key_arn,
            subnet_ids=network.private_subnet_ids if network else None,
            security_group_id=network.jobs_security_group_id if network else None,
        )
        outputs.update(demo.deploy(where))
    for key, value in outputs.items():
        pulumi.export(key, value)


if __name__ == "__main__":
    program()
