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
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


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
    assert "Existence checks on, as on AWS" in done.stdout
    assert "training_status: Completed" in done.stdout
    assert "endpoint_status: InService" in done.stdout
    assert "prediction: " in done.stdout


EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/Pulumi.yaml"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_scripts_demo_deploys_each_example_on_a_new_account_with_the_checks_on(
    example, new_account, monkeypatch, capsys
):
    """`scripts/demo --project-dir examples/<name>` without the CLI: its own local SageMaker, existence
    checks on, holding only what the example makes and what its local-account.yaml lists."""
    from pulumi_sagemaker.testing import demo

    from .conftest import FAST

    monkeypatch.setattr(demo, "DEMO_TIMINGS", FAST)
    monkeypatch.setattr(demo.shutil, "which", lambda name: None)
    assert demo.main(ROOT / "examples" / example) == 0
    printed = capsys.readouterr().out
    assert "Existence checks on" in printed
    assert "through the offline rig" in printed
    account = demo.Account.load(ROOT / "examples" / example)
    if account.roles or account.objects:
        assert "Made what the stack takes as already in the account (local-account.yaml)" in printed
    statuses = {line.split(": ")[-1] for line in printed.splitlines() if "status: " in line}
    assert statuses <= {"Completed", "InService"}, printed
    assert statuses or "prediction: " in printed, "a job completed, or an endpoint answered"


def test_the_cli_path_serves_with_the_checks_on_and_the_account_made(new_account, monkeypatch, capsys):
    """With a Pulumi CLI on PATH `pulumi up` runs against the demo's server on the port the local stack
    names: that server holds what local-account.yaml lists and refuses an empty input prefix."""
    import socket

    import boto3
    from pulumi_sagemaker.testing import demo

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(demo, "CLI_PORT", port)
    monkeypatch.setattr(demo.shutil, "which", lambda name: "/opt/pulumi/bin/pulumi")
    met: dict[str, object] = {}

    def pulumi_up(project_dir: Path, stack: str) -> dict[str, object]:
        """What `pulumi up -s local` meets there (the CLI itself is not on this machine)."""
        options = {
            "endpoint_url": f"http://127.0.0.1:{port}",
            "region_name": "us-east-1",
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        s3 = boto3.client("s3", **options)
        met["model"] = s3.head_object(Bucket="my-sagemaker-models", Key="model.tar.gz")["ContentLength"]
        sm = boto3.client("sagemaker", **options)
        channel = {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://my-sagemaker-models/none"}}
        with pytest.raises(sm.exceptions.ClientError) as refused:
            sm.create_training_job(
                TrainingJobName="probe",
                RoleArn="arn:aws:iam::123456789012:role/sagemaker-execution",
                AlgorithmSpecification={"TrainingImage": XGBOOST, "TrainingInputMode": "File"},
                InputDataConfig=[{"ChannelName": "train", "DataSource": channel}],
                OutputDataConfig={"S3OutputPath": "s3://my-sagemaker-models/jobs/"},
                ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
                StoppingCondition={"MaxRuntimeInSeconds": 3600},
            )
        met["refusal"] = str(refused.value)
        return {}

    monkeypatch.setattr(demo, "run_cli", pulumi_up)
    assert demo.main(ROOT / "examples" / "xgboost-mnist-hosting") == 0
    assert "Pulumi CLI found (/opt/pulumi/bin/pulumi)" in capsys.readouterr().out
    assert met["model"] == 0, "the model local-account.yaml lists, there before `pulumi up`"
    assert 'No S3 objects found under S3 URL "s3://my-sagemaker-models/none"' in str(met["refusal"])


def test_a_local_account_file_with_a_key_it_does_not_know_says_which(tmp_path):
    from pulumi_sagemaker.testing.demo import Account

    (tmp_path / "local-account.yaml").write_text("roles: [arn:aws:iam::123456789012:role/r]\nbuckets: [b]\n")
    with pytest.raises(ValueError, match=r"local-account.yaml: buckets: not a key of this file \(roles: "):
        Account.load(tmp_path)
    (tmp_path / "local-account.yaml").write_text("objects: s3://b/k\n")
    with pytest.raises(ValueError, match=r"objects: must be a list of strings, got 's3://b/k'"):
        Account.load(tmp_path)
    assert Account.load(tmp_path / "elsewhere") == Account(), "no file: nothing taken as there"
