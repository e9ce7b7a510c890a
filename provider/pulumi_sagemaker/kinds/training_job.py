"""SageMaker training jobs as data for the generic job lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import training_rules
from .hooks import KindHooks, Response
from .kind import Described, Kind, Output, Statuses, member, timestamp
from .urls import log_streams_url

LOG_GROUP = "/aws/sagemaker/TrainingJobs"


def training_log_url(name: str, region: str) -> str:
    """The CloudWatch console page of a training job's log streams (the operator's cloudWatchLogUrl)."""
    return log_streams_url(region, LOG_GROUP, name)


def stopping_bound(stopping: Mapping[str, Any] | None) -> float:
    """How long a job may run by its stopping condition (MaxWaitTime covers spot waits too); SageMaker's
    default is one day."""
    stopping = stopping or {}
    return max(
        float(stopping.get("max_runtime_in_seconds") or 86400),
        float(stopping.get("max_wait_time_in_seconds") or 0),
    )


def _default_deadline(inputs: Mapping[str, Any]) -> float:
    # An hour beyond the stopping condition covers provisioning, image download and model upload.
    return stopping_bound(inputs.get("stopping_condition")) + 3600


def last_message(response: Response) -> str | None:
    """The message of the last secondary-status transition, when it is the status shown (a status read
    off a List summary may be newer than the transitions of the last Describe)."""
    transitions = response.get("SecondaryStatusTransitions") or []
    if not transitions or transitions[-1].get("Status") != response.get("SecondaryStatus"):
        return None
    return transitions[-1].get("StatusMessage")


def _why(response: Response) -> str | None:
    """SageMaker's FailureReason, else its last status message (a Stopped job often has only that).

    A reason saying SageMaker could not assume the role does not say which role: the job's is added.
    """
    reason = response.get("FailureReason") or last_message(response)
    role = response.get("RoleArn")
    if reason and role and "AssumeRole" in reason and role not in reason:
        return f"{reason} (role_arn: {role})"
    return reason


def _report(response: Response) -> tuple[tuple[str, ...], str | None]:
    secondary = response.get("SecondaryStatus")
    return ((secondary,) if secondary else ()), last_message(response)


def _final_metrics(d: Described) -> dict[str, float]:
    return {
        m["MetricName"]: m["Value"] for m in d.response.get("FinalMetricDataList") or [] if "MetricName" in m
    }


TRAINING_JOB = Kind(
    noun="TrainingJob",
    type_name="TrainingJob",
    statuses=Statuses(
        running=frozenset({"InProgress"}),
        stopping=frozenset({"Stopping"}),
        succeeded=frozenset({"Completed"}),
        failed=frozenset({"Failed", "Stopped"}),
        deleting=frozenset({"Deleting"}),
    ),
    not_started=frozenset({"Starting", "Pending", "LaunchingMLInstances", "PreparingTrainingStack"}),
    log_group=LOG_GROUP,
    # UpdateTrainingJob can only add rule configurations, never change or remove one: a change there
    # replaces the job.
    not_updatable=frozenset({"profiler_rule_configurations"}),
    outputs=(
        Output("arn", member("TrainingJobArn"), str, "The training job's ARN."),
        Output("training_job_name", member("TrainingJobName"), str, "The SageMaker name of the job."),
        Output("status", member("TrainingJobStatus"), str, "TrainingJobStatus: InProgress, Completed, ..."),
        Output("secondary_status", member("SecondaryStatus"), str, "Starting, Downloading, Training, ..."),
        Output("failure_reason", member("FailureReason"), str | None, "Why the job failed, if it did."),
        Output(
            "model_artifacts",
            lambda d: (d.response.get("ModelArtifacts") or {}).get("S3ModelArtifacts"),
            # Typed as what `up` guarantees by default (it waits for Completed), so it feeds a
            # model_data_url as it is; None only while a wait_for="InProgress" job still runs.
            str,
            "The S3 URI of the model.tar.gz the job wrote (feeds a HostingDeployment's model_data_url).",
        ),
        Output("final_metrics", _final_metrics, dict[str, float], "Final value of each metric, by name."),
        Output("training_seconds", member("TrainingTimeInSeconds"), int | None, "Seconds of training."),
        Output("billable_seconds", member("BillableTimeInSeconds"), int | None, "Seconds billed."),
        Output(
            "log_url",
            lambda d: training_log_url(d.response["TrainingJobName"], d.region),
            str,
            "The CloudWatch console page of the job's logs.",
        ),
        Output("creation_time", timestamp("CreationTime"), str, "When the job was created (ISO 8601)."),
        Output("end_time", timestamp("TrainingEndTime"), str | None, "When training ended (ISO 8601)."),
    ),
    hooks=KindHooks(
        rules=training_rules.check,
        default_deadline=_default_deadline,
        why=_why,
        report=_report,
        # A removed warm pool, profiler or remote debugging is switched off in place.
        removed={
            "resource_config": {"keep_alive_period_in_seconds": 0},
            "profiler_config": {"disable_profiler": True},
            "remote_debug_config": {"enable_remote_debug": False},
        },
    ),
)
