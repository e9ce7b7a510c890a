"""LocalSageMaker: jobs write CloudWatch log events into moto while they run, read back through boto3."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_sagemaker_local import LocalSageMaker

from tests.local_jobs import IMAGE, ROLE, emulator, fresh, tuning_request, wait_until
from tests.test_local_processing import processing_request
from tests.test_local_training import job_request
from tests.test_local_transform import transform_request


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator()


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    return fresh(server, training_phase=0.05, transform_phase=0.05, processing_phase=0.05)


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def streams(aws: LocalSageMaker, group: str, job: str, logs: Any = None) -> list[str]:
    """The job's streams as the SageMaker Python SDK finds them (prefix `<job>/`, by name).

    Like AWS, the group itself exists only once a first container has written to it.
    """
    logs = logs or aws.client("logs")
    try:
        found = logs.describe_log_streams(
            logGroupName=group, logStreamNamePrefix=f"{job}/", orderBy="LogStreamName"
        )
    except logs.exceptions.ResourceNotFoundException:
        return []
    return [s["logStreamName"] for s in found["logStreams"]]


def events(aws: LocalSageMaker, group: str, stream: str) -> list[dict[str, Any]]:
    answer = aws.client("logs").get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)
    return answer["events"]


def messages(aws: LocalSageMaker, group: str, stream: str) -> list[str]:
    return [e["message"] for e in events(aws, group, stream)]


def training_done(sm: Any, name: str) -> dict[str, Any]:
    return wait_until(
        lambda: sm.describe_training_job(TrainingJobName=name),
        lambda a: a["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"),
    )


GROUP = "/aws/sagemaker/TrainingJobs"


def test_training_writes_one_stream_per_instance_stamped_at_its_transitions(
    aws: LocalSageMaker, sm: Any
) -> None:
    resources = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 10}
    sm.create_training_job(**job_request("logged", ResourceConfig=resources))
    job = training_done(sm, "logged")
    training = next(t for t in job["SecondaryStatusTransitions"] if t["Status"] == "Training")
    epoch = int(training["StartTime"].timestamp())
    assert streams(aws, GROUP, "logged") == [f"logged/algo-1-{epoch}", f"logged/algo-2-{epoch}"]
    first, second = (events(aws, GROUP, s) for s in streams(aws, GROUP, "logged"))
    started_ms = round(training["StartTime"].timestamp() * 1000)
    assert first[0]["timestamp"] == started_ms
    assert first[-1]["timestamp"] == round(job["TrainingEndTime"].timestamp() * 1000)
    text = [e["message"] for e in first]
    assert any("Invoking user script" in line for line in text)
    assert any('"current_host": "algo-1"' in line for line in text)
    assert text[-1].endswith("Reporting training SUCCESS")
    # The metrics are printed as the job's MetricDefinitions regexes pick them up.
    final = {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}
    for definition in job["AlgorithmSpecification"]["MetricDefinitions"]:
        found = [re.search(definition["Regex"], line) for line in text]
        assert [float(m.group(1)) for m in found if m] == [final[definition["Name"]]]
    assert any('"current_host": "algo-2"' in e["message"] for e in second)


def test_logs_are_there_up_to_now_while_the_job_runs(aws: LocalSageMaker, sm: Any) -> None:
    # Phases are read lazily from the timings: a long phase set once Training is seen holds the
    # job there, so what the logs hold is read mid-job however slowly a loaded machine polls.
    aws.timings.training_phase = 0.5
    logs = aws.client("logs")  # made before the job: a client takes long to build on a busy machine
    sm.create_training_job(**job_request("midway"))
    assert streams(aws, GROUP, "midway", logs) == []  # no container yet
    wait_until(
        lambda: sm.describe_training_job(TrainingJobName="midway"),
        lambda a: a["SecondaryStatus"] in ("Training", "Uploading"),
    )
    aws.timings.training_phase = 3600.0
    assert sm.describe_training_job(TrainingJobName="midway")["TrainingJobStatus"] == "InProgress"
    (stream,) = streams(aws, GROUP, "midway", logs)
    text = messages(aws, GROUP, stream)
    assert any("Invoking user script" in line for line in text)
    assert not any("SUCCESS" in line for line in text)


def test_job_output_prints_exactly_the_given_lines(aws: LocalSageMaker, sm: Any) -> None:
    lines = ["epoch 1: loss=0.9", "epoch 2: loss=0.4", "saved model"]
    aws.job_output(name="scripted", lines=lines)
    sm.create_training_job(**job_request("scripted"))
    training_done(sm, "scripted")
    (stream,) = streams(aws, GROUP, "scripted")
    assert messages(aws, GROUP, stream) == lines
    sm.create_training_job(**job_request("scripted-again"))  # the rule was used up
    training_done(sm, "scripted-again")
    assert messages(aws, GROUP, streams(aws, GROUP, "scripted-again")[0]) != lines


def test_a_failure_ends_the_stream_with_a_traceback_of_its_detail(aws: LocalSageMaker, sm: Any) -> None:
    aws.job_output(name="crash", lines=["loading data"])
    aws.fail_training_job(name="crash", reason="AlgorithmError: ValueError: could not convert 'n/a' to float")
    sm.create_training_job(**job_request("crash"))
    job = training_done(sm, "crash")
    assert job["TrainingJobStatus"] == "Failed"
    text = messages(aws, GROUP, streams(aws, GROUP, "crash")[0])
    assert text[0] == "loading data"
    assert text[1] == "Traceback (most recent call last):"
    assert text[-1] == "ValueError: could not convert 'n/a' to float"


def test_a_job_that_fails_before_its_containers_start_has_no_logs(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_training_job(name="early", at="Downloading", reason="ClientError: no data")
    sm.create_training_job(**job_request("early"))
    assert training_done(sm, "early")["TrainingJobStatus"] == "Failed"
    assert streams(aws, GROUP, "early") == []


def test_tuning_children_log_like_any_training_job(aws: LocalSageMaker, sm: Any) -> None:
    sm.create_hyper_parameter_tuning_job(**tuning_request("tlogs", jobs=2, parallel=2))
    wait_until(
        lambda: sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tlogs"),
        lambda a: a["HyperParameterTuningJobStatus"] == "Completed",
    )
    listed = sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="tlogs")
    child = listed["TrainingJobSummaries"][0]["TrainingJobName"]
    found = streams(aws, GROUP, child)
    assert len(found) == 1
    assert messages(aws, GROUP, found[0])[-1].endswith("Reporting training SUCCESS")


def test_processing_streams_per_instance_and_its_failure(aws: LocalSageMaker, sm: Any) -> None:
    group = "/aws/sagemaker/ProcessingJobs"
    aws.fail_processing_job(name="prep", reason="AlgorithmError: KeyError: 'label'")
    sm.create_processing_job(**processing_request("prep"))
    job = wait_until(
        lambda: sm.describe_processing_job(ProcessingJobName="prep"),
        lambda a: a["ProcessingJobStatus"] == "Failed",
    )
    epoch = int(job["ProcessingStartTime"].timestamp())
    assert streams(aws, group, "prep") == [f"prep/algo-1-{epoch}", f"prep/algo-2-{epoch}"]
    text = messages(aws, group, f"prep/algo-1-{epoch}")
    assert text[0].startswith(
        "Starting python3 /opt/ml/processing/input/code/preprocess.py on algo-1 (1 of 2)"
    )
    assert text[-1] == "KeyError: 'label'" == job["ExitMessage"]


def test_transform_streams_and_data_log(aws: LocalSageMaker, sm: Any) -> None:
    group = "/aws/sagemaker/TransformJobs"
    sm.create_model(ModelName="xgb", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
    sm.create_transform_job(**transform_request("scores", MaxConcurrentTransforms=2))
    job = wait_until(
        lambda: sm.describe_transform_job(TransformJobName="scores"),
        lambda a: a["TransformJobStatus"] == "Completed",
    )
    epoch = int(job["TransformStartTime"].timestamp())
    main, data_log = streams(aws, group, "scores")
    assert re.fullmatch(rf"scores/i-[0-9a-f]{{17}}-{epoch}", main)
    assert data_log == f"{main}/data-log"
    assert "Starting the model server for model xgb" in messages(aws, group, main)[0]
    assert (
        "[sagemaker logs]: MaxConcurrentTransforms=2, MaxPayloadInMB=6, BatchStrategy=MULTI_RECORD"
        in (messages(aws, group, data_log)[0])
    )
