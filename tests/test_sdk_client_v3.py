"""A real client: the SageMaker Python SDK v3 drives the local SageMaker (tests/sdk_client_v3/scenario.py).

The SDK lives in its own virtualenv, `.venv-sdk3`, made by scripts/setup from
tests/sdk_client_v3/requirements.txt: sagemaker-train and sagemaker-serve bring mlflow, pandas and
scipy (about 950 MB), which neither the project nor the v2 SDK's `.venv-sdk` should carry. The
scenario talks to the server over HTTP like any user's program would, with nothing but the
standard AWS_ENDPOINT_URL pointing it here; the SDK checks the roles with IAM
SimulatePrincipalPolicy, answered by the local SageMaker from the roles' policies.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi_sagemaker_local import LocalSageMaker, Timings

ROOT = Path(__file__).resolve().parent.parent
SDK_PYTHON = ROOT / ".venv-sdk3" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
ROLE = "arn:aws:iam::123456789012:role/sdk3"  # moto's account
BARE_ROLE = "arn:aws:iam::123456789012:role/sdk3-bare"
# An execution role as a least-privilege stack writes it: SageMaker's own needs on "*", S3 only
# on the data bucket.
EXECUTION_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["sagemaker:*", "logs:*", "ecr:*", "cloudwatch:PutMetricData", "ec2:*"],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::sdk3-data", "arn:aws:s3:::sdk3-data/*"],
        },
    ],
}
SCRIPTED = ["[0]#011train-auc:0.81#011validation-auc:0.79", "validation:auc=0.93", "training finished"]
FAILURE = "AlgorithmError: ExecuteUserScriptError: exit code 1 (injected)"

pytestmark = pytest.mark.skipif(
    not SDK_PYTHON.exists(),
    reason=f"the SageMaker Python SDK v3 is not installed in {SDK_PYTHON.parent.parent}: run scripts/setup",
)


@pytest.fixture(scope="module")
def run() -> Any:
    timings = Timings(training_phase=0.05, endpoint_create=0.05, endpoint_update=0.05, transform_phase=0.05)
    with LocalSageMaker(timings=timings, check_existence=True) as local:
        local.create_role(ROLE)  # trusting SageMaker
        local.client("iam").put_role_policy(
            RoleName="sdk3", PolicyName="execution", PolicyDocument=json.dumps(EXECUTION_POLICY)
        )
        local.create_role(BARE_ROLE)  # trusting SageMaker, with no permissions
        for key in ("train/part-0.csv", "validation/part-0.csv", "batch-in/rows.csv"):
            local.put_object(f"s3://sdk3-data/{key}", b"1,0.5,1.5\n0,2.5,3.5\n")
        local.job_output(name="sdk3-train-*", lines=SCRIPTED)
        local.fail_training_job(name="sdk3-fail-*", reason=FAILURE)
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": local.endpoint_url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        done = subprocess.run(
            [
                str(SDK_PYTHON),
                str(ROOT / "tests" / "sdk_client_v3" / "scenario.py"),
                ROLE,
                BARE_ROLE,
                "sdk3-data",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        summary = json.loads(done.stdout.rsplit("SUMMARY ", 1)[1])
        yield done.stdout, summary, local


def test_the_sdk_validates_roles_against_their_policies(run: Any) -> None:
    _, summary, local = run
    # A role without SageMaker's permissions is refused by the SDK before any job is created.
    assert "Missing permissions: cloudwatch:PutMetricData" in summary["refused_role"]
    assert not any(
        c.params["TrainingJobName"].startswith("sdk3-bare") for c in local.calls_to("CreateTrainingJob")
    )


def test_train_streams_the_job_logs_and_attach_reads_it_back(run: Any) -> None:
    stdout, summary, _ = run
    job = summary["training_job"]
    assert job.startswith("sdk3-train-")
    for line in SCRIPTED:  # ModelTrainer.train(logs=True) logged each line the container printed, by stream
        assert re.search(rf"^sagemaker\.core\.resources: {job}/algo-1-\d+:\n{re.escape(line)}$", stdout, re.M)
    assert summary["attached_status"] == "Completed"
    assert summary["model_data"] == f"s3://sdk3-data/models/{job}/output/model.tar.gz"
    assert summary["attached_hyperparameters"] == {"objective": "binary:logistic", "num_round": "20"}
    assert summary["secondary_statuses"] == ["Starting", "Downloading", "Training", "Uploading", "Completed"]


def test_a_failed_job_raises_with_its_reason_and_traceback(run: Any) -> None:
    stdout, summary, _ = run
    assert f"Failure Reason: {FAILURE}" in summary["failed_job"]
    assert "ExecuteUserScriptError: exit code 1 (injected)" in stdout  # the traceback's last line, streamed


def test_script_mode_stages_code_where_the_role_can_read_it(run: Any) -> None:
    _, summary, local = run
    # sdk3-staging is the session's default bucket, outside the role's S3 grant: the SDK asked IAM
    # and staged the code under the output path instead.
    channels = summary["script_channels"]
    assert channels["train"] == "s3://sdk3-data/train"
    for name in ("code", "sm_drivers"):
        assert channels[name].startswith("s3://sdk3-data/models/sdk3-script/")
    bucket, _, prefix = channels["code"].removeprefix("s3://").partition("/")
    listed = local.client("s3").list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]
    assert [o["Key"].rsplit("/", 1)[1] for o in listed] == ["train.py"]


def test_deploy_invoke_update_delete(run: Any) -> None:
    _, summary, local = run
    assert summary["model_image"].endswith("/sagemaker-xgboost:1.7-1")
    assert summary["deployed_status"] == "InService"
    assert len(summary["prediction"].splitlines()) == 2
    assert summary["served_by"] == "AllTraffic"
    assert summary["status_while_updating"] == "Updating"
    assert (summary["config_before_update"], summary["updated_config"]) == ("sdk3-ep", "sdk3-ep-larger")
    assert summary["updated_variants"] == [["larger", 2]]
    assert summary["served_by_after_update"] == "larger"  # the new config's variant answers
    assert [c.params["EndpointConfigName"] for c in local.calls_to("UpdateEndpoint")] == ["sdk3-ep-larger"]
    # wait_for_delete returned once DescribeEndpoint said the endpoint is gone; then nothing is left.
    assert (summary["endpoints_left"], summary["configs_left"], summary["models_left"]) == ([], [], [])


def test_tuner_finds_the_best_job(run: Any) -> None:
    _, summary, local = run
    assert summary["tuning_status"] == "Completed"
    assert summary["tuning_completed"] == 4
    assert summary["tuning_ranges"] == ["eta", "max_depth"]
    described = local.client().describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="sdk3-tune")
    assert summary["best_training_job"] == described["BestTrainingJob"]["TrainingJobName"]
    assert summary["best_training_job"].startswith("sdk3-tune-")


def test_transformer_writes_its_output(run: Any) -> None:
    stdout, summary, local = run
    assert summary["transform_status"] == "Completed"
    assert "sagemaker.core.resources: sdk3-batch/" in stdout  # transform(logs=True) streamed its logs
    body = local.client("s3").get_object(Bucket="sdk3-data", Key="batch-out/rows.csv.out")["Body"].read()
    assert len(body.decode().splitlines()) == 2
