"""SageMaker processing jobs as data for the generic job lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .hooks import KindHooks, Response
from .kind import Described, Kind, Output, Statuses, member, timestamp
from .urls import log_streams_url

LOG_GROUP = "/aws/sagemaker/ProcessingJobs"
# SageMaker's default MaxRuntimeInSeconds for a processing job: one day.
DEFAULT_RUNTIME_SECONDS = 86400.0


def _default_deadline(inputs: Mapping[str, Any]) -> float:
    stopping = inputs.get("stopping_condition") or {}
    return float(stopping.get("max_runtime_in_seconds") or DEFAULT_RUNTIME_SECONDS) + 3600


def _why(response: Response) -> str | None:
    """FailureReason and the container's exit message (a script's last words), when they differ."""
    reason, exit_message = response.get("FailureReason"), response.get("ExitMessage")
    if reason and exit_message and exit_message not in reason:
        return f"{reason} (exit message: {exit_message})"
    return reason or exit_message


def _outputs(d: Described) -> dict[str, str]:
    config = d.response.get("ProcessingOutputConfig") or {}
    return {
        o["OutputName"]: o["S3Output"]["S3Uri"]
        for o in config.get("Outputs") or []
        if o.get("OutputName") and (o.get("S3Output") or {}).get("S3Uri")
    }


PROCESSING_JOB = Kind(
    noun="ProcessingJob",
    type_name="ProcessingJob",
    statuses=Statuses(
        running=frozenset({"InProgress"}),
        stopping=frozenset({"Stopping"}),
        succeeded=frozenset({"Completed"}),
        failed=frozenset({"Failed", "Stopped"}),
    ),
    log_group=LOG_GROUP,
    outputs=(
        Output("arn", member("ProcessingJobArn"), str, "The processing job's ARN."),
        Output("processing_job_name", member("ProcessingJobName"), str, "The SageMaker name of the job."),
        Output(
            "status", member("ProcessingJobStatus"), str, "ProcessingJobStatus: InProgress, Completed, ..."
        ),
        Output("failure_reason", member("FailureReason"), str | None, "Why the job failed, if it did."),
        Output("exit_message", member("ExitMessage"), str | None, "The container's exit message, if any."),
        Output("outputs", _outputs, dict[str, str], "The S3 URI of each S3 output, by output name."),
        Output(
            "log_url",
            lambda d: log_streams_url(d.region, LOG_GROUP, d.response["ProcessingJobName"]),
            str,
            "The CloudWatch console page of the job's logs.",
        ),
        Output("creation_time", timestamp("CreationTime"), str, "When the job was created (ISO 8601)."),
        Output("start_time", timestamp("ProcessingStartTime"), str | None, "When it started (ISO 8601)."),
        Output("end_time", timestamp("ProcessingEndTime"), str | None, "When it ended (ISO 8601)."),
    ),
    hooks=KindHooks(default_deadline=_default_deadline, why=_why),
)
