"""SageMaker training jobs as data for the generic job lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .job_kind import JobKind


def training_log_url(name: str, region: str) -> str:
    """The CloudWatch console page of a training job's log streams (the operator's cloudWatchLogUrl)."""
    prefix = quote(name, safe="")
    return (
        f"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
        f"#logStream:group=/aws/sagemaker/TrainingJobs;prefix={prefix};streamFilter=typeLogStreamPrefix"
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _default_deadline(inputs: Mapping[str, Any]) -> float:
    # The job itself is bounded by its stopping condition (MaxWaitTime covers spot waits too); an hour
    # more covers provisioning, image download and model upload.
    stopping = inputs.get("stopping_condition") or {}
    bound = max(
        float(stopping.get("max_runtime_in_seconds") or 86400),
        float(stopping.get("max_wait_time_in_seconds") or 0),
    )
    return bound + 3600


TRAINING_JOB = JobKind(
    type_name="TrainingJob",
    create="CreateTrainingJob",
    describe="DescribeTrainingJob",
    stop="StopTrainingJob",
    name_member="TrainingJobName",
    arn_member="TrainingJobArn",
    status_member="TrainingJobStatus",
    secondary_status_member="SecondaryStatus",
    running=frozenset({"InProgress"}),
    stopping=frozenset({"Stopping"}),
    succeeded=frozenset({"Completed"}),
    failed=frozenset({"Failed", "Stopped"}),
    not_started=frozenset({"Starting", "Pending", "LaunchingMLInstances", "PreparingTrainingStack"}),
    outputs={
        "arn": lambda d, region: d.get("TrainingJobArn"),
        "training_job_name": lambda d, region: d.get("TrainingJobName"),
        "status": lambda d, region: d.get("TrainingJobStatus"),
        "secondary_status": lambda d, region: d.get("SecondaryStatus"),
        "failure_reason": lambda d, region: d.get("FailureReason"),
        "model_artifacts": lambda d, region: (d.get("ModelArtifacts") or {}).get("S3ModelArtifacts"),
        "final_metrics": lambda d, region: {
            m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList") or [] if "MetricName" in m
        },
        "training_seconds": lambda d, region: d.get("TrainingTimeInSeconds"),
        "billable_seconds": lambda d, region: d.get("BillableTimeInSeconds"),
        "log_url": lambda d, region: training_log_url(d["TrainingJobName"], region),
        "creation_time": lambda d, region: _iso(d.get("CreationTime")),
        "end_time": lambda d, region: _iso(d.get("TrainingEndTime")),
    },
    default_deadline=_default_deadline,
)
