"""The Pulumi program of this project (Pulumi.yaml `main: stacks/`); the offline rig imports `program`.

One stack per environment (Pulumi.<stack>.yaml): the stack's config is checked first (one error naming
every bad key, before any resource is registered), then the platform is built (bucket, execution role,
and where configured the VPC, EKS cluster and ACK SageMaker controller), then the demo workloads.
"""

import demo
import pulumi
from sagemaker_platform import build, load


def program() -> None:
    settings = load()
    platform = build(settings)
    outputs = dict(platform.exports())
    if settings.workloads.demo:
        guardrails, network = settings.guardrails, platform.network
        in_vpc = settings.jobs_in_vpc and network is not None
        placement = demo.Placement(
            role_arn=platform.execution_role.arn,
            bucket=platform.bucket,
            training_instance_type=settings.workloads.training_instance_type,
            hosting_instance_type=settings.workloads.hosting_instance_type,
            max_runtime_seconds=guardrails.max_training_runtime_seconds,
            kms_key_arn=settings.storage.kms_key_arn,
            subnet_ids=network.private_subnet_ids if in_vpc else None,
            security_group_ids=network.jobs_security_group_id.apply(lambda g: [g]) if in_vpc else None,
            network_isolation=guardrails.network == "isolation",
            protect_hosting=guardrails.protect_hosting,
        )
        outputs.update(demo.deploy(placement))
    for key, value in outputs.items():
        pulumi.export(key, value)


if __name__ == "__main__":
    program()
