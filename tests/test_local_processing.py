"""LocalSageMaker: processing jobs through boto3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker

from tests.local_jobs import ROLE, emulator, error_of, fresh, wait_until
from tests.test_local_training import job_request

OUTPUTS = {
    "Outputs": [
        {
            "OutputName": "features",
            "S3Output": {
                "S3Uri": "s3://data/features/",
                "LocalPath": "/opt/ml/processing/output",
                "S3UploadMode": "EndOfJob",
            },
        }
    ]
}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator()


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    return fresh(server)


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def processing_request(name: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ProcessingJobName": name,
        "RoleArn": ROLE,
        "AppSpecification": {
            "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/sklearn:1.2-1",
            "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/preprocess.py"],
        },
        "ProcessingInputs": [
            {
                "InputName": "raw",
                "S3Input": {
                    "S3Uri": "s3://data/raw/",
                    "LocalPath": "/opt/ml/processing/input",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                },
            }
        ],
        "ProcessingOutputConfig": OUTPUTS,
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 2, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}
        },
    }
    request.update(overrides)
    return request


def ended(sm: Any, name: str) -> dict[str, Any]:
    return wait_until(
        lambda: sm.describe_processing_job(ProcessingJobName=name),
        lambda a: a["ProcessingJobStatus"] in ("Completed", "Failed", "Stopped"),
    )


def test_runs_to_completion_and_echoes_the_outputs(sm: Any) -> None:
    sm.create_processing_job(**processing_request("prep"))
    assert sm.describe_processing_job(ProcessingJobName="prep")["ProcessingJobStatus"] == "InProgress"
    final = ended(sm, "prep")
    assert final["ProcessingJobStatus"] == "Completed"
    assert final["ProcessingOutputConfig"] == OUTPUTS
    assert final["ProcessingJobArn"] == "arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep"
    assert final["CreationTime"] < final["ProcessingStartTime"] < final["ProcessingEndTime"]
    # Filled in as AWS does when the request leaves it out: one day.
    assert final["StoppingCondition"] == {"MaxRuntimeInSeconds": 86400}
    assert "ExitMessage" not in final and "FailureReason" not in final


def test_injected_failure_with_exit_message(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_processing_job(
        name="bad", reason="AlgorithmError: See job logs", exit_message="ValueError: no rows"
    )
    sm.create_processing_job(**processing_request("bad"))
    final = ended(sm, "bad")
    assert (final["ProcessingJobStatus"], final["FailureReason"], final["ExitMessage"]) == (
        "Failed",
        "AlgorithmError: See job logs",
        "ValueError: no rows",
    )
    summary = sm.list_processing_jobs(StatusEquals="Failed")["ProcessingJobSummaries"][0]
    assert (summary["ProcessingJobName"], summary["ExitMessage"]) == ("bad", "ValueError: no rows")


def test_injected_failure_without_exit_message_reports_the_last_line(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_processing_job(reason="AlgorithmError: KeyError: 'label'")
    sm.create_processing_job(**processing_request("keyerror"))
    assert ended(sm, "keyerror")["ExitMessage"] == "KeyError: 'label'"


def test_stop(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.processing_phase = 5.0
    sm.create_processing_job(**processing_request("halt"))
    sm.stop_processing_job(ProcessingJobName="halt")
    assert sm.describe_processing_job(ProcessingJobName="halt")["ProcessingJobStatus"] == "Stopping"
    assert ended(sm, "halt")["ProcessingJobStatus"] == "Stopped"
    with pytest.raises(ClientError) as excinfo:
        sm.stop_processing_job(ProcessingJobName="halt")
    assert error_of(excinfo)[0] == "ValidationException"


def test_missing_duplicate_and_list(sm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sm.describe_processing_job(ProcessingJobName="nobody")
    assert error_of(excinfo) == ("ValidationException", "Could not find requested job with name nobody")
    for name in ("p-b", "p-a"):
        sm.create_processing_job(**processing_request(name))
    with pytest.raises(ClientError) as excinfo:
        sm.create_processing_job(**processing_request("p-a"))
    assert error_of(excinfo)[0] == "ResourceInUse"
    # ListProcessingJobs: CreationTime, Ascending by default (botocore's docs).
    names = [s["ProcessingJobName"] for s in sm.list_processing_jobs()["ProcessingJobSummaries"]]
    assert names == ["p-b", "p-a"]


def keys_under(aws: LocalSageMaker, bucket: str, prefix: str, s3: Any = None) -> list[str]:
    found = (s3 or aws.client("s3")).list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [o["Key"] for o in found.get("Contents", [])]


def test_outputs_are_uploaded_in_their_mode_and_a_training_job_can_read_them(
    aws: LocalSageMaker, sm: Any
) -> None:
    # A phase longer than a loaded machine's poll, and the S3 client made before the job: the job must be
    # seen while it processes (Describe catches a job up on every transition due).
    aws.timings.processing_phase = 1.0
    s3 = aws.client("s3")
    continuous = {
        "OutputName": "stats",
        "S3Output": {
            "S3Uri": "s3://data/stats",
            "LocalPath": "/opt/ml/processing/stats",
            "S3UploadMode": "Continuous",
        },
    }
    outputs = {"Outputs": [*OUTPUTS["Outputs"], continuous]}
    sm.create_processing_job(**processing_request("prep-out", ProcessingOutputConfig=outputs))
    # A job moves on when it is looked at (Describe), as every job of the local SageMaker does.
    wait_until(
        lambda: (
            {"job": sm.describe_processing_job(ProcessingJobName="prep-out")}
            | {"stats": keys_under(aws, "data", "stats/")}
        ),
        lambda a: bool(a["stats"]),
    )
    aws.timings.processing_phase = 3600.0  # phases are read lazily: the job stays where it is
    # Continuous: uploaded while the job runs; EndOfJob: only once it has completed.
    assert sm.describe_processing_job(ProcessingJobName="prep-out")["ProcessingJobStatus"] == "InProgress"
    assert "features/part-00000" not in keys_under(aws, "data", "features/", s3)
    aws.timings.processing_phase = 0.0
    assert ended(sm, "prep-out")["ProcessingJobStatus"] == "Completed"
    assert keys_under(aws, "data", "stats/") == ["stats/part-00000"]
    assert "features/part-00000" in keys_under(aws, "data", "features/")
    # The chain a pipeline makes: training reads the processing job's output prefix (existence checks on).
    training = {
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/features/"}},
    }
    sm.create_training_job(**job_request("after-prep", InputDataConfig=[training]))


def test_a_failed_job_uploads_no_end_of_job_output(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_processing_job(name="prep-fails", reason="AlgorithmError: bad data")
    sm.create_processing_job(**processing_request("prep-fails"))
    assert ended(sm, "prep-fails")["ProcessingJobStatus"] == "Failed"
    assert "features/part-00000" not in keys_under(aws, "data", "features/")
