"""A real client: the SageMaker Python SDK v2 drives the local SageMaker (tests/sdk_client/scenario.py).

The SDK lives in its own virtualenv, `.venv-sdk`, made by scripts/setup: sagemaker 2.x pins
`packaging<25` while the project's Pulumi needs `packaging>=26`, so one environment cannot hold
both. The scenario talks to the server over HTTP like any user's program would, with nothing but
the standard AWS_ENDPOINT_URL pointing it here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi_sagemaker_local import LocalSageMaker, Timings

ROOT = Path(__file__).resolve().parent.parent
SDK_PYTHON = ROOT / ".venv-sdk" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
ROLE = "arn:aws:iam::123456789012:role/sdk"  # moto's account
SCRIPTED = ["[0]#011train-auc:0.81#011validation-auc:0.79", "validation:auc=0.93", "training finished"]

pytestmark = pytest.mark.skipif(
    not SDK_PYTHON.exists(),
    reason=f"the SageMaker Python SDK v2 is not installed in {SDK_PYTHON.parent.parent}: run scripts/setup",
)


@pytest.fixture(scope="module")
def run() -> Any:
    timings = Timings(training_phase=0.05, endpoint_create=0.05, endpoint_update=0.05, transform_phase=0.05)
    with LocalSageMaker(timings=timings, check_existence=True) as local:
        local.create_role(ROLE)  # trusting SageMaker
        for key in ("train/part-0.csv", "validation/part-0.csv", "batch-in/rows.csv"):
            local.put_object(f"s3://sdk-data/{key}", b"1,0.5,1.5\n0,2.5,3.5\n")
        local.job_output(name="sdk-train", lines=SCRIPTED)
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": local.endpoint_url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "SAGEMAKER_SUPPRESS_V2_WARNING": "1",
        }
        done = subprocess.run(
            [str(SDK_PYTHON), str(ROOT / "tests" / "sdk_client" / "scenario.py"), ROLE, "sdk-data"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        summary = json.loads(done.stdout.rsplit("SUMMARY ", 1)[1])
        yield done.stdout, summary, local


def test_fit_streams_the_job_logs(run: Any) -> None:
    stdout, summary, _ = run
    for line in SCRIPTED:
        assert line in stdout  # Estimator.fit(logs=True) printed what the container printed
    assert summary["model_data"] == "s3://sdk-data/models/sdk-train/output/model.tar.gz"


def test_attach_reads_a_finished_job(run: Any) -> None:
    _, summary, _ = run
    assert summary["attached_model_data"] == summary["model_data"]
    assert summary["attached_hyperparameters"]["num_round"] == "20"


def test_deploy_predict_update_delete(run: Any) -> None:
    _, summary, local = run
    assert len(summary["prediction"].splitlines()) == 2
    assert summary["updated_count"] == 2
    assert summary["updated_config"] != "sdk-ep"  # update_endpoint made a new config and switched to it
    # delete_endpoint returns at once; the endpoint is Deleting, as on AWS.
    assert [e["EndpointStatus"] for e in summary["endpoints_left"]] == ["Deleting"]
    assert [c.params["EndpointName"] for c in local.calls_to("UpdateEndpoint")] == ["sdk-ep"]


def test_tuner_finds_and_reattaches_the_best_job(run: Any) -> None:
    _, summary, local = run
    assert summary["best_training_job"].startswith("sdk-tune-")
    assert summary["reattached_max_jobs"] == 4
    assert summary["reattached_ranges"] == [
        "CategoricalParameterRanges",
        "ContinuousParameterRanges",
        "IntegerParameterRanges",
    ]
    described = local.client().describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="sdk-tune")
    assert described["BestTrainingJob"]["TrainingJobName"] == summary["best_training_job"]


def test_transformer_writes_its_output(run: Any) -> None:
    _, summary, local = run
    assert summary["transform_status"] == "Completed"
    body = local.client("s3").get_object(Bucket="sdk-data", Key="batch-out/rows.csv.out")["Body"].read()
    assert len(body.decode().splitlines()) == 2
