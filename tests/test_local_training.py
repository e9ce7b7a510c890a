"""LocalSageMaker: training jobs through a real boto3 client."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, Timings

from tests.existing import seed_emulator

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
PHASES = ["Starting", "Downloading", "Training", "Uploading"]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=Timings(training_phase=0.05, stop=0.05), check_existence=True) as local:
        yield local


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    server.reset()
    seed_emulator(server)
    server.timings.training_phase = 0.05
    server.timings.stop = 0.05
    return server


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def job_request(name: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TrainingJobName": name,
        "RoleArn": ROLE,
        "AlgorithmSpecification": {
            "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1",
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "validation:accuracy", "Regex": "accuracy=([0-9.]+)"},
                {"Name": "train:loss", "Regex": "loss=([0-9.]+)"},
            ],
        },
        "HyperParameters": {"max_depth": "5", "eta": "0.2"},
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output/"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "Environment": {"MODE": "test"},
    }
    request.update(overrides)
    return request


def wait_until(
    fetch: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool], timeout: float = 5.0
):
    deadline = time.monotonic() + timeout
    while True:
        answer = fetch()
        if done(answer):
            return answer
        assert time.monotonic() < deadline, f"timed out; last answer: {answer}"
        time.sleep(0.01)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_progresses_through_secondary_statuses_in_order(sm: Any) -> None:
    sm.create_training_job(**job_request("progress"))
    seen: list[tuple[str, str]] = []

    def fetch() -> dict[str, Any]:
        answer = sm.describe_training_job(TrainingJobName="progress")
        pair = (answer["TrainingJobStatus"], answer["SecondaryStatus"])
        if not seen or seen[-1] != pair:
            seen.append(pair)
        return answer

    final = wait_until(fetch, lambda a: a["TrainingJobStatus"] == "Completed")
    statuses = [status for _, status in seen]
    assert statuses == sorted(statuses, key=([*PHASES, "Completed"]).index)  # never backwards
    assert all(job_status == "InProgress" for job_status, s in seen if s != "Completed")
    transitions = final["SecondaryStatusTransitions"]
    assert [t["Status"] for t in transitions] == [*PHASES, "Completed"]
    for before, after in itertools.pairwise(transitions):
        assert before["EndTime"] == after["StartTime"]
        assert before["StatusMessage"]
    assert final["TrainingStartTime"] == transitions[1]["StartTime"]
    assert final["TrainingEndTime"] == transitions[-1]["StartTime"]
    assert final["TrainingTimeInSeconds"] >= 1
    assert final["BillableTimeInSeconds"] == final["TrainingTimeInSeconds"]
    assert final["SecondaryStatus"] == "Completed"


def test_completed_job_has_artifacts_metrics_and_echoes_the_request(sm: Any) -> None:
    request = job_request("echo")
    sm.create_training_job(**request)
    job = wait_until(
        lambda: sm.describe_training_job(TrainingJobName="echo"),
        lambda a: a["TrainingJobStatus"] == "Completed",
    )
    # No double slash even though S3OutputPath ends with one.
    assert job["ModelArtifacts"]["S3ModelArtifacts"] == "s3://bucket/output/echo/output/model.tar.gz"
    assert (
        job["AlgorithmSpecification"]["MetricDefinitions"]
        == request["AlgorithmSpecification"]["MetricDefinitions"]
    )
    metrics = {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}
    assert set(metrics) == {"validation:accuracy", "train:loss"}
    assert 0.8 <= metrics["validation:accuracy"] < 1.0
    assert 0.0 < metrics["train:loss"] < 0.5
    for member in ("HyperParameters", "InputDataConfig", "ResourceConfig", "Environment"):
        assert job[member] == request[member]
    # Filled in as AWS fills them when the request leaves them out.
    assert job["OutputDataConfig"] == {"KmsKeyId": "", **request["OutputDataConfig"]}
    assert job["TrainingJobArn"] == "arn:aws:sagemaker:us-east-1:123456789012:training-job/echo"
    assert job["EnableManagedSpotTraining"] is False


def test_managed_spot_bills_less_than_it_trains(sm: Any) -> None:
    sm.create_training_job(
        **job_request(
            "spot",
            EnableManagedSpotTraining=True,
            StoppingCondition={"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
        )
    )
    job = wait_until(
        lambda: sm.describe_training_job(TrainingJobName="spot"),
        lambda a: a["TrainingJobStatus"] == "Completed",
    )
    assert 0 < job["BillableTimeInSeconds"] < job["TrainingTimeInSeconds"]


def test_stop_in_progress_goes_stopping_then_stopped(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.training_phase = 5.0
    aws.timings.stop = 0.2
    sm.create_training_job(**job_request("halt"))
    sm.stop_training_job(TrainingJobName="halt")
    stopping = sm.describe_training_job(TrainingJobName="halt")
    assert (stopping["TrainingJobStatus"], stopping["SecondaryStatus"]) == ("Stopping", "Stopping")
    stopped = wait_until(
        lambda: sm.describe_training_job(TrainingJobName="halt"),
        lambda a: a["TrainingJobStatus"] != "Stopping",
    )
    assert (stopped["TrainingJobStatus"], stopped["SecondaryStatus"]) == ("Stopped", "Stopped")
    assert [t["Status"] for t in stopped["SecondaryStatusTransitions"]] == ["Starting", "Stopping", "Stopped"]
    with pytest.raises(ClientError) as excinfo:
        sm.stop_training_job(TrainingJobName="halt")
    assert error_of(excinfo)[1] == "The request was rejected because the training job is in status Stopped."


def test_stop_after_completion_is_rejected(sm: Any) -> None:
    sm.create_training_job(**job_request("finished"))
    wait_until(
        lambda: sm.describe_training_job(TrainingJobName="finished"),
        lambda a: a["TrainingJobStatus"] == "Completed",
    )
    with pytest.raises(ClientError) as excinfo:
        sm.stop_training_job(TrainingJobName="finished")
    assert error_of(excinfo) == (
        "ValidationException",
        "The request was rejected because the training job is in status Completed.",
        400,
    )


def test_duplicate_name_is_resource_in_use(sm: Any) -> None:
    sm.create_training_job(**job_request("twice"))
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**job_request("twice"))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ResourceInUse", 400)
    assert message == (
        "Training job names must be unique within an AWS account and region, and a training job with this "
        "name already exists (arn:aws:sagemaker:us-east-1:123456789012:training-job/twice)"
    )


def test_describe_unknown_job(sm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sm.describe_training_job(TrainingJobName="nobody")
    assert error_of(excinfo) == ("ValidationException", "Requested resource not found.", 400)


def test_injected_failure_fails_the_matching_job_once(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_training_job("bad-*", reason="AlgorithmError: out of memory", at="Training")
    for name in ("good-1", "bad-1", "bad-2"):
        sm.create_training_job(**job_request(name))

    def final(name: str) -> dict[str, Any]:
        return wait_until(
            lambda: sm.describe_training_job(TrainingJobName=name),
            lambda a: a["TrainingJobStatus"] not in ("InProgress", "Stopping"),
        )

    failed = final("bad-1")
    assert (failed["TrainingJobStatus"], failed["SecondaryStatus"]) == ("Failed", "Failed")
    assert failed["FailureReason"] == "AlgorithmError: out of memory"
    assert [t["Status"] for t in failed["SecondaryStatusTransitions"]] == [*PHASES[:3], "Failed"]
    assert "ModelArtifacts" not in failed
    assert final("good-1")["TrainingJobStatus"] == "Completed"
    assert final("bad-2")["TrainingJobStatus"] == "Completed"  # the injection was consumed


def test_validation_of_enums_patterns_and_required_members(aws: LocalSageMaker, sm: Any) -> None:
    bad_type = job_request(
        "bad-type", ResourceConfig={"InstanceType": "ml.nope", "InstanceCount": 1, "VolumeSizeInGB": 1}
    )
    with pytest.raises(ClientError) as excinfo:
        sm.create_training_job(**bad_type)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(
        "1 validation error detected: Value 'ml.nope' at 'resourceConfig.instanceType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [ml.m4.xlarge"
    )
    # botocore checks required members client-side; switch that off to see the server's answer.
    raw = aws.client(config=Config(parameter_validation=False))
    request = job_request("no_role!")
    del request["RoleArn"]
    with pytest.raises(ClientError) as excinfo:
        raw.create_training_job(**request)
    code, message, _ = error_of(excinfo)
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")
    assert "Value null at 'roleArn' failed to satisfy constraint: Member must not be null" in message
    assert (
        "Value 'no_role!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular"
        in message
    )
    assert aws.calls_to("DescribeTrainingJob") == []
    assert sm.list_training_jobs()["TrainingJobSummaries"] == []


def test_list_filters_and_paginates(sm: Any) -> None:
    for i in range(5):
        sm.create_training_job(**job_request(f"list-{i}"))
    sm.create_training_job(**job_request("other"))
    names: list[str] = []
    token: dict[str, str] = {}
    while True:
        page = sm.list_training_jobs(NameContains="LIST", MaxResults=2, **token)
        names += [s["TrainingJobName"] for s in page["TrainingJobSummaries"]]
        if "NextToken" not in page:
            break
        token = {"NextToken": page["NextToken"]}
    # ListTrainingJobs sorts by CreationTime, Ascending, by default (botocore's docs), unlike ListModels.
    assert names == [f"list-{i}" for i in range(5)]
    descending = sm.list_training_jobs(SortBy="Name", SortOrder="Descending", MaxResults=100)
    assert [s["TrainingJobName"] for s in descending["TrainingJobSummaries"]][:2] == ["other", "list-4"]
    first = sm.describe_training_job(TrainingJobName="list-0")["CreationTime"]
    after = sm.list_training_jobs(CreationTimeAfter=first, MaxResults=100)["TrainingJobSummaries"]
    assert after[0]["TrainingJobName"] == "list-0"  # CreationTimeAfter is inclusive
    assert sm.list_training_jobs(StatusEquals="Failed")["TrainingJobSummaries"] == []
    in_progress = sm.list_training_jobs(StatusEquals="InProgress", MaxResults=100)["TrainingJobSummaries"]
    assert len(in_progress) == 6


def test_calls_are_recorded(aws: LocalSageMaker, sm: Any) -> None:
    sm.create_training_job(**job_request("recorded"))
    sm.describe_training_job(TrainingJobName="recorded")
    assert [c.operation for c in aws.calls] == ["CreateTrainingJob", "DescribeTrainingJob"]
    (create,) = aws.calls_to("CreateTrainingJob")
    assert create.params["TrainingJobName"] == "recorded"
    assert create.time <= time.time()
    aws.clear_calls()
    assert aws.calls == []
