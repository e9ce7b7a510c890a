"""The same scenarios through the real Pulumi CLI (Automation API), and against real AWS.

Opt-in: they need what this project's build machines do not have.
- PULUMI_SAGEMAKER_CLI_TESTS=1 and `pulumi` on PATH: `pulumi up` / `destroy` of the demo stack against
  the local SageMaker.
- PULUMI_SAGEMAKER_AWS_TESTS=1 with AWS credentials, PULUMI_SAGEMAKER_TEST_ROLE_ARN (a SageMaker execution
  role) and PULUMI_SAGEMAKER_TEST_BUCKET (its bucket, holding mnist/train/*.csv): a real training job.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pulumi_sagemaker.testing.demo import CLI_PORT, DEMO_TIMINGS

ROOT = Path(__file__).resolve().parents[1]
CLI = shutil.which("pulumi")

needs_cli = pytest.mark.skipif(
    not (os.environ.get("PULUMI_SAGEMAKER_CLI_TESTS") == "1" and CLI),
    reason="opt-in: set PULUMI_SAGEMAKER_CLI_TESTS=1 on a machine with the Pulumi CLI on PATH "
    "(none can be installed on this project's build machines)",
)
needs_aws = pytest.mark.skipif(
    not (
        os.environ.get("PULUMI_SAGEMAKER_AWS_TESTS") == "1"
        and CLI
        and os.environ.get("PULUMI_SAGEMAKER_TEST_ROLE_ARN")
        and os.environ.get("PULUMI_SAGEMAKER_TEST_BUCKET")
    ),
    reason="opt-in: set PULUMI_SAGEMAKER_AWS_TESTS=1, PULUMI_SAGEMAKER_TEST_ROLE_ARN and "
    "PULUMI_SAGEMAKER_TEST_BUCKET with AWS credentials and the Pulumi CLI (costs money; none here)",
)


def _workspace_stack(work_dir: Path, stack: str, backend: Path, config: dict[str, str] | None = None):
    from pulumi import automation as auto

    opts = auto.LocalWorkspaceOptions(
        env_vars={"PULUMI_BACKEND_URL": backend.as_uri(), "PULUMI_CONFIG_PASSPHRASE": ""}
    )
    s = auto.create_or_select_stack(stack_name=stack, work_dir=str(work_dir), opts=opts)
    for key, value in (config or {}).items():
        s.set_config(key, auto.ConfigValue(value=value))
    return s


@pytest.mark.cli
@needs_cli
def test_demo_stack_up_preview_and_destroy_with_the_cli(tmp_path):
    from pulumi_sagemaker.testing import LocalSageMaker

    with LocalSageMaker(timings=DEMO_TIMINGS, port=CLI_PORT) as local:
        stack = _workspace_stack(ROOT, "local", tmp_path)
        up = stack.up(on_output=print)
        assert up.outputs["training_status"].value == "Completed"
        preview = stack.preview()
        assert preview.change_summary.get("same", 0) >= 1 and not preview.change_summary.get("create")
        assert local.calls_to("CreateTrainingJob"), "the real engine drove the provider"
        stack.destroy(on_output=print)


@pytest.mark.cli
@needs_cli
@pytest.mark.parametrize("example", ["xgboost-mnist-hosting", "ab-test-autoscaling"])
def test_examples_up_and_destroy_with_the_cli(tmp_path, example):
    from pulumi_sagemaker.testing import LocalSageMaker

    with LocalSageMaker(timings=DEMO_TIMINGS, port=CLI_PORT) as local:
        stack = _workspace_stack(ROOT / "examples" / example, "local", tmp_path)
        up = stack.up(on_output=print)
        assert up.outputs["endpoint_url"].value.startswith("https://runtime.sagemaker.")
        assert local.calls_to("CreateEndpoint"), "the real engine drove the provider"
        stack.destroy(on_output=print)
        assert local.client().list_endpoints()["Endpoints"] == []


@pytest.mark.aws
@needs_aws
def test_real_training_job_on_aws(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: sagemaker-aws-test\nruntime: python\n")
    (project / "__main__.py").write_text(
        "import os, pulumi, pulumi_sagemaker as sm\n"
        "bucket = os.environ['PULUMI_SAGEMAKER_TEST_BUCKET']\n"
        "job = sm.TrainingJob('mnist', role_arn=os.environ['PULUMI_SAGEMAKER_TEST_ROLE_ARN'],\n"
        "    algorithm_specification={'training_image': "
        "'683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',\n"
        "    'training_input_mode': 'File'},\n"
        "    input_data_config=[{'channel_name': 'train', 'content_type': 'text/csv', 'data_source': "
        "{'s3_data_source': {'s3_data_type': 'S3Prefix', 's3_uri': f's3://{bucket}/mnist/train'}}}],\n"
        "    output_data_config={'s3_output_path': f's3://{bucket}/jobs/'},\n"
        "    resource_config={'instance_type': 'ml.m5.large', 'instance_count': 1, 'volume_size_in_gb': 5},\n"
        "    stopping_condition={'max_runtime_in_seconds': 1800},\n"
        "    hyper_parameters={'num_round': '2', 'objective': 'multi:softmax', 'num_class': '10'})\n"
        "pulumi.export('status', job.status)\npulumi.export('model', job.model_artifacts)\n"
    )
    stack = _workspace_stack(
        project, "test", tmp_path, {"aws:region": os.environ.get("AWS_REGION", "us-east-1")}
    )
    try:
        up = stack.up(on_output=print)
        assert up.outputs["status"].value == "Completed"
        assert up.outputs["model"].value.startswith("s3://")
    finally:
        stack.destroy(on_output=print)
