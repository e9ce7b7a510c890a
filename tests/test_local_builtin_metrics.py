"""LocalSageMaker: a built-in algorithm's training job reports the algorithm's own metrics, as on AWS,
without MetricDefinitions in the request (issue 10, item 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_sagemaker_local import LocalSageMaker, Timings

from .test_local_training import job_request, wait_until

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
OWN_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=Timings(training_phase=0.02, stop=0.02)) as local:
        yield local


def channel(name: str) -> dict[str, Any]:
    source = {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://bucket/{name}/"}}
    return {"ChannelName": name, "DataSource": source}


def completed(server: LocalSageMaker, name: str, *, image: str = XGBOOST, **overrides: Any) -> dict[str, Any]:
    sm = server.client()
    request = job_request(name, **overrides)
    request["AlgorithmSpecification"] = {"TrainingImage": image, "TrainingInputMode": "File"}
    if "MetricDefinitions" in overrides:
        request["AlgorithmSpecification"]["MetricDefinitions"] = request.pop("MetricDefinitions")
    sm.create_training_job(**request)
    return wait_until(
        lambda: sm.describe_training_job(TrainingJobName=name),
        lambda answer: answer["TrainingJobStatus"] == "Completed",
    )


def logged(server: LocalSageMaker, name: str) -> str:
    logs = server.client("logs")
    group = "/aws/sagemaker/TrainingJobs"
    streams = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=name)["logStreams"]
    events = logs.get_log_events(logGroupName=group, logStreamName=streams[0]["logStreamName"])
    return "\n".join(event["message"] for event in events["events"])


def test_an_xgboost_job_answers_the_algorithms_metric_definitions(server):
    answer = completed(
        server,
        "builtin-definitions",
        InputDataConfig=[channel("train"), channel("validation")],
        HyperParameters={"objective": "multi:softmax", "num_class": "10"},
    )
    definitions = answer["AlgorithmSpecification"]["MetricDefinitions"]
    names = [d["Name"] for d in definitions]
    assert {"train:merror", "validation:merror", "validation:auc", "validation:rmse"} <= set(names)
    assert len(names) == len(set(names)) == 26
    # The objective's default evaluation metric, for the two channels it got.
    reported = [m["MetricName"] for m in answer["FinalMetricDataList"]]
    assert reported == ["train:mlogloss", "validation:mlogloss"]


def test_the_reported_values_are_what_the_definitions_read_from_the_log(server):
    answer = completed(
        server,
        "builtin-log",
        InputDataConfig=[channel("train"), channel("validation")],
        HyperParameters={"objective": "binary:logistic", "eval_metric": "auc,error"},
    )
    regexes = {d["Name"]: d["Regex"] for d in answer["AlgorithmSpecification"]["MetricDefinitions"]}
    text = logged(server, "builtin-log")
    reported = {m["MetricName"]: m["Value"] for m in answer["FinalMetricDataList"]}
    assert sorted(reported) == ["train:auc", "train:error", "validation:auc", "validation:error"]
    for name, value in reported.items():
        found = re.search(regexes[name], text, re.MULTILINE)
        assert found is not None, f"{name}'s regex finds nothing in the log:\n{text}"
        assert float(found.group(1)) == pytest.approx(value)


def test_a_metric_needs_its_channel(server):
    answer = completed(server, "builtin-train-only", InputDataConfig=[channel("train")], HyperParameters={})
    assert [m["MetricName"] for m in answer["FinalMetricDataList"]] == ["train:rmse"]


def test_own_images_script_mode_and_own_definitions_get_no_defaults(server):
    own = completed(server, "own-image", image=OWN_IMAGE, HyperParameters={})
    assert "MetricDefinitions" not in own["AlgorithmSpecification"]
    assert own["FinalMetricDataList"] == []

    script = completed(
        server, "script-mode", HyperParameters={"sagemaker_program": "train.py", "objective": "reg:linear"}
    )
    assert "MetricDefinitions" not in script["AlgorithmSpecification"]

    mine = [{"Name": "validation:accuracy", "Regex": "accuracy=([0-9.]+)"}]
    given = completed(server, "own-definitions", MetricDefinitions=mine, HyperParameters={})
    assert given["AlgorithmSpecification"]["MetricDefinitions"] == mine
    assert [m["MetricName"] for m in given["FinalMetricDataList"]] == ["validation:accuracy"]
