"""The demo stack (README's first command) through the offline rig, as a new user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pulumi
import pytest
from pulumi_sagemaker.testing import ResourceError
from pulumi_sagemaker.testing.demo import Project, invoke, run_offline, stack_config

ROOT = Path(__file__).resolve().parents[1]


def test_local_stack_config_is_read_as_the_engine_gives_it():
    config = stack_config(ROOT, "local")
    assert config["aws:region"] == "us-east-1"
    assert config["sagemaker:endpointUrl"] == "http://127.0.0.1:4566"
    assert config["aws:endpoints"].startswith("[")  # structured values arrive JSON-encoded


def test_demo_program_trains_then_hosts_the_model_it_produced(new_account):
    local = new_account  # existence checks on, nothing there but what the stack makes
    outputs = run_offline(ROOT, "local", local)
    assert outputs["training_status"] == "Completed"
    assert outputs["model_artifacts"] == (
        f"s3://sagemaker-demo-local/jobs/{outputs['training_job_name']}/output/model.tar.gz"
    )
    assert outputs["endpoint_status"] == "InService"
    assert outputs["endpoint_url"] == (
        f"https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/{outputs['endpoint_name']}/invocations"
    )
    model = local.client().list_models()["Models"][0]["ModelName"]
    container = local.client().describe_model(ModelName=model)["PrimaryContainer"]
    assert container["ModelDataUrl"] == outputs["model_artifacts"]
    assert invoke(local, outputs["endpoint_name"])
    (job,) = local.calls_to("CreateTrainingJob")
    channel = job.params["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"]
    assert channel == "s3://sagemaker-demo-local/mnist/train"
    sample = local.client("s3").get_object(Bucket="sagemaker-demo-local", Key="mnist/train/sample.csv")
    rows = sample["Body"].read().decode().splitlines()
    assert [row.split(",")[0] for row in rows] == [str(digit) for digit in range(10)]
    assert {len(row.split(",")) for row in rows} == {1 + 784}, "a label, then a 28x28 image"


def test_demo_program_without_its_upload_is_refused_naming_the_empty_prefix(new_account, monkeypatch):
    """The same stack reading its bucket's prefix with nothing uploaded: what a new AWS account answers,
    so the upload (not a lenient local SageMaker) is what lets the demo pass."""
    Project.load(ROOT).program()  # imports stacks/__main__.py, and with it stacks/demo.py
    demo = sys.modules["demo"]

    def no_upload(bucket, kms_key_arn):
        return pulumi.Output.from_input(bucket).apply(lambda b: f"s3://{b}/mnist/train")

    monkeypatch.setattr(demo, "training_data", no_upload)
    with pytest.raises(ResourceError) as refused:
        run_offline(ROOT, "local", new_account)
    assert (
        'No S3 objects found under S3 URL "s3://sagemaker-demo-local/mnist/train" given in input data source.'
        in str(refused.value)
    )
    assert new_account.client().list_training_jobs()["TrainingJobSummaries"] == []


def test_demo_command_says_it_uses_the_offline_rig_and_prints_outputs():
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_sagemaker.testing", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},  # no Pulumi CLI on this PATH
    )
    assert done.returncode == 0, done.stderr
    assert "through the offline rig" in done.stdout
    assert "training_status: Completed" in done.stdout
    assert "endpoint_status: InService" in done.stdout
    assert "prediction: " in done.stdout
