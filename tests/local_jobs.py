"""Shared helpers of the local SageMaker's job tests: requests, waiting, errors."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, Timings

from tests.existing import seed_emulator

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"


def emulator(**timings: float) -> Iterator[LocalSageMaker]:
    """A local SageMaker with default timings (unless given), for a module's tests; existence checks on."""
    with LocalSageMaker(timings=Timings(**timings), check_existence=True) as local:
        yield seed_emulator(local)


def fresh(server: LocalSageMaker, **timings: float) -> LocalSageMaker:
    server.reset()
    seed_emulator(server)
    server.timings = Timings(**timings)
    return server


def wait_until(
    fetch: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool], timeout: float = 10.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        answer = fetch()
        if done(answer):
            return answer
        assert time.monotonic() < deadline, f"timed out; last answer: {answer}"
        time.sleep(0.01)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def training_definition(**overrides: Any) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "StaticHyperParameters": {"objective": "binary:logistic", "num_round": "50"},
        "AlgorithmSpecification": {
            "TrainingImage": IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "validation:auc", "Regex": "validation:auc=([0-9.]+)"}],
        },
        "RoleArn": ROLE,
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/tuning/"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    definition.update(overrides)
    return definition


RANGES = {
    "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}],
    "ContinuousParameterRanges": [
        {"Name": "eta", "MinValue": "0.01", "MaxValue": "0.5", "ScalingType": "Logarithmic"}
    ],
    "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
}


def tuning_request(
    name: str,
    *,
    jobs: int | None = 4,
    parallel: int = 2,
    strategy: str = "Random",
    objective: str = "Maximize",
    ranges: dict[str, Any] | None = None,
    **config: Any,
) -> dict[str, Any]:
    limits: dict[str, Any] = {"MaxParallelTrainingJobs": parallel}
    if jobs is not None:
        limits["MaxNumberOfTrainingJobs"] = jobs
    limits.update(config.pop("limits", {}))
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobConfig": {
            "Strategy": strategy,
            "HyperParameterTuningJobObjective": {"Type": objective, "MetricName": "validation:auc"},
            "ResourceLimits": limits,
            "ParameterRanges": ranges if ranges is not None else RANGES,
            **config,
        },
        "TrainingJobDefinition": training_definition(),
    }
