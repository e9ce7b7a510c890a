"""One case per job kind, so that every kind's lifecycle is tested by the same tests
(tests/test_job_kinds*.py) and a new kind costs a case, not a test file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_sagemaker.kinds import PROCESSING_JOB, TRAINING_JOB, TRANSFORM_JOB, TUNING_JOB, Kind
from pulumi_sagemaker.resources import (
    BatchTransformJobProvider,
    HyperparameterTuningJobProvider,
    ProcessingJobProvider,
    TrainingJobProvider,
)

from . import training_inputs, tuning_inputs
from .training_inputs import ROLE, XGBOOST

MODEL = "mnist-xgb"
PROCESSING_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1.0"


def transform_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "model_name": MODEL,
        "transform_input": {
            "data_source": {
                "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://bucket/mnist/test"}
            },
            "content_type": "text/csv",
            "split_type": "Line",
        },
        "transform_output": {"s3_output_path": "s3://bucket/scores/", "assemble_with": "Line"},
        "transform_resources": {"instance_type": "ml.m5.large", "instance_count": 1},
        "tags": {"team": "ml"},
    }
    spec.update(overrides)
    return spec


def processing_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "role_arn": ROLE,
        "app_specification": {"image_uri": PROCESSING_IMAGE, "container_entrypoint": ["python3", "prep.py"]},
        "processing_inputs": [
            {
                "input_name": "raw",
                "s3_input": {
                    "s3_uri": "s3://bucket/mnist/raw",
                    "local_path": "/opt/ml/processing/input",
                    "s3_data_type": "S3Prefix",
                    "s3_input_mode": "File",
                },
            }
        ],
        "processing_output_config": {
            "outputs": [
                {
                    "output_name": "train",
                    "s3_output": {
                        "s3_uri": "s3://bucket/mnist/train",
                        "local_path": "/opt/ml/processing/train",
                        "s3_upload_mode": "EndOfJob",
                    },
                }
            ]
        },
        "processing_resources": {
            "cluster_config": {"instance_count": 1, "instance_type": "ml.m5.xlarge", "volume_size_in_gb": 10}
        },
        "stopping_condition": {"max_runtime_in_seconds": 3600},
        "tags": {"team": "ml"},
    }
    spec.update(overrides)
    return spec


def create_model(local: Any) -> None:
    local.client().create_model(
        ModelName=MODEL,
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": "s3://bucket/jobs/model.tar.gz"},
    )


def _slow_training(local: Any) -> None:
    local.timings.training_phase = 0.5


@dataclass(frozen=True)
class Case:
    kind: Kind
    provider: type
    spec: Callable[..., dict[str, Any]]
    # A spec whose change replaces the job.
    changed: Callable[[], dict[str, Any]]
    # Make the job run long enough to be caught running.
    slow: Callable[[Any], None]
    # Make the next job fail with `reason`.
    fail: Callable[[Any, str], None]
    prepare: Callable[[Any], None] = lambda local: None

    @property
    def id(self) -> str:
        return self.kind.type_name

    def jobs(self, local: Any) -> list[dict[str, Any]]:
        """The jobs of this kind the local SageMaker holds (a tuning job's training jobs are not its)."""
        member, _ = self.kind.summaries  # type: ignore[misc]
        return local.client().__getattribute__(_snake(self.kind.list))()[member]


def _snake(operation: str) -> str:
    from botocore import xform_name

    return xform_name(operation)


CASES = (
    Case(
        TRAINING_JOB,
        TrainingJobProvider,
        training_inputs.python_spec,
        lambda: training_inputs.python_spec(
            resource_config={"instance_type": "ml.m5.2xlarge", "instance_count": 1, "volume_size_in_gb": 5}
        ),
        _slow_training,
        lambda local, reason: local.fail_training_job(reason=reason),
    ),
    Case(
        TUNING_JOB,
        HyperparameterTuningJobProvider,
        tuning_inputs.python_spec,
        lambda: tuning_inputs.with_config(
            resource_limits={"max_number_of_training_jobs": 3, "max_parallel_training_jobs": 2}
        ),
        _slow_training,
        lambda local, reason: local.fail_tuning_job(reason=reason),
    ),
    Case(
        TRANSFORM_JOB,
        BatchTransformJobProvider,
        transform_spec,
        lambda: transform_spec(transform_resources={"instance_type": "ml.m5.xlarge", "instance_count": 2}),
        lambda local: setattr(local.timings, "transform_phase", 0.5),
        lambda local, reason: local.fail_transform_job(reason=reason),
        create_model,
    ),
    Case(
        PROCESSING_JOB,
        ProcessingJobProvider,
        processing_spec,
        lambda: processing_spec(environment={"MODE": "full"}),
        lambda local: setattr(local.timings, "processing_phase", 0.5),
        lambda local, reason: local.fail_processing_job(reason=reason),
    ),
)
LOGGING_CASES = tuple(c for c in CASES if c.kind.log_group)
