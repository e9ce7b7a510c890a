"""The workloads apart from the platform: stacks/workloads/ deploys the demo workloads with the role,
bucket and network the platform stack exports, read through a StackReference."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_sagemaker.testing import run
from pulumi_sagemaker.testing.demo import Project, stack_config

from .platform_support import ROOT, up

WORKLOADS = ROOT / "stacks" / "workloads"


class PlatformStack:
    """Stands in for pulumi.StackReference (the rig has no backend to read other stacks from): the
    outputs of a platform run, served as a StackReference serves them."""

    outputs: dict[str, Any] = {}
    names: list[str] = []

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.names.append(name)

    def require_output(self, key: str) -> pulumi.Output[Any]:
        return pulumi.Output.from_input(self.outputs[key])


def test_a_workloads_project_deploys_on_the_platform_stacks_outputs(local, monkeypatch) -> None:
    # staging: jobs run in the platform's VPC; its role and bucket are made in the local IAM and S3.
    pointed = {k: v for k, v in local.config.items() if k != "aws:region"}
    platform = up("staging", {"workloads.demo": False}, **pointed)
    assert "training_job_name" not in platform.outputs
    monkeypatch.setattr(PlatformStack, "outputs", platform.outputs)
    monkeypatch.setattr(PlatformStack, "names", [])
    monkeypatch.setattr(pulumi, "StackReference", PlatformStack)

    config = {
        **stack_config(WORKLOADS, "dev"),
        **{k: v for k, v in local.config.items() if k != "aws:region"},
    }
    config["sagemaker-workloads:guardrails"] = (
        '{"allowedInstanceTypes": ["ml.m5.large", "ml.m5.xlarge"], "maxTrainingRuntimeSeconds": 3600,'
        ' "network": "vpc"}'
    )
    project = Project.load(WORKLOADS)
    result = run(project.program(), config=config, project=project.name, stack="dev")
    assert PlatformStack.names == ["organization/sagemaker-demo/dev"]
    out = result.outputs
    assert out["training_status"] == "Completed" and out["endpoint_status"] == "InService"
    # In the workloads stack's region, where the local SageMaker (as AWS) keeps the job.
    sm = local.client(region_name=config["aws:region"])
    job = sm.describe_training_job(TrainingJobName=out["training_job_name"])
    assert job["RoleArn"] == platform.outputs["execution_role_arn"]
    assert job["VpcConfig"]["Subnets"] == platform.outputs["sagemaker_subnet_ids"]
    assert job["VpcConfig"]["SecurityGroupIds"] == [platform.outputs["sagemaker_security_group_id"]]
    assert job["OutputDataConfig"]["S3OutputPath"] == f"s3://{platform.outputs['bucket']}/jobs/"
