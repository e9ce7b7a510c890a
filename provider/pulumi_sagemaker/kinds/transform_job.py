"""SageMaker batch transform jobs as data for the generic job lifecycle (the operator's BatchTransformJob)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .hooks import KindHooks
from .kind import Kind, Output, Statuses, member, timestamp
from .urls import log_streams_url

LOG_GROUP = "/aws/sagemaker/TransformJobs"
# SageMaker puts no bound on a transform job; ours is a day (and an hour), overridable with
# wait_timeout_seconds. When it passes the job keeps running, and the next `up` waits again.
DEFAULT_DEADLINE_SECONDS = 86400.0 + 3600.0


def _default_deadline(inputs: Mapping[str, Any]) -> float:
    return DEFAULT_DEADLINE_SECONDS


TRANSFORM_JOB = Kind(
    noun="TransformJob",
    type_name="BatchTransformJob",
    statuses=Statuses(
        running=frozenset({"InProgress"}),
        stopping=frozenset({"Stopping"}),
        succeeded=frozenset({"Completed"}),
        failed=frozenset({"Failed", "Stopped"}),
    ),
    log_group=LOG_GROUP,
    outputs=(
        Output("arn", member("TransformJobArn"), str, "The transform job's ARN."),
        Output("transform_job_name", member("TransformJobName"), str, "The SageMaker name of the job."),
        Output("status", member("TransformJobStatus"), str, "TransformJobStatus: InProgress, Completed, ..."),
        Output("failure_reason", member("FailureReason"), str | None, "Why the job failed, if it did."),
        Output(
            "output_path",
            lambda d: (d.response.get("TransformOutput") or {}).get("S3OutputPath"),
            str,
            "The S3 prefix the results are written under (one <input>.out object per input object).",
        ),
        Output(
            "log_url",
            lambda d: log_streams_url(d.region, LOG_GROUP, d.response["TransformJobName"]),
            str,
            "The CloudWatch console page of the job's logs.",
        ),
        Output("creation_time", timestamp("CreationTime"), str, "When the job was created (ISO 8601)."),
        Output("start_time", timestamp("TransformStartTime"), str | None, "When it started (ISO 8601)."),
        Output("end_time", timestamp("TransformEndTime"), str | None, "When it ended (ISO 8601)."),
    ),
    hooks=KindHooks(default_deadline=_default_deadline),
)
