"""SageMaker hyperparameter tuning jobs as data for the generic job lifecycle.

What differs from the other jobs: a name of at most 32 characters (derived from the model), the best
training job as an output (its model artifacts take a DescribeTrainingJob of that job: the `extra`
hook), progress as counts of training jobs and the best objective so far, and the rules of tuning_rules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypedDict

from . import tuning_rules
from .hooks import Call, KindHooks, Response
from .kind import Described, Kind, Output, Statuses, member, timestamp
from .training_job import stopping_bound

# How many training jobs a Grid search launches at most, when its ranges do not say fewer.
GRID_CAP = 500


class ObjectiveMetric(TypedDict):
    metric_name: str
    value: float
    type: str | None


class BestTrainingJob(TypedDict):
    training_job_name: str
    training_job_arn: str
    training_job_status: str
    tuned_hyper_parameters: dict[str, str]
    final_objective_metric: ObjectiveMetric | None
    model_artifacts: str | None


def _counters(name: str, keys: tuple[str, ...]) -> Any:
    def read(d: Described) -> dict[str, int]:
        found = d.response.get(name) or {}
        return {_snake(k): int(found.get(k) or 0) for k in keys}

    return read


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key).lstrip("_")


TRAINING_COUNTERS = ("Completed", "InProgress", "RetryableError", "NonRetryableError", "Stopped")
OBJECTIVE_COUNTERS = ("Succeeded", "Pending", "Failed")


def _best(d: Described) -> BestTrainingJob | None:
    best = d.response.get("BestTrainingJob")
    if not best:
        return None
    metric = best.get("FinalHyperParameterTuningJobObjectiveMetric")
    return {
        "training_job_name": best["TrainingJobName"],
        "training_job_arn": best.get("TrainingJobArn"),
        "training_job_status": best.get("TrainingJobStatus"),
        "tuned_hyper_parameters": dict(best.get("TunedHyperParameters") or {}),
        "final_objective_metric": (
            {"metric_name": metric["MetricName"], "value": metric["Value"], "type": metric.get("Type")}
            if metric
            else None
        ),
        "model_artifacts": d.extra.get("best_model_artifacts"),
    }


def _best_model_artifacts(call: Call, response: Response, previous: Mapping[str, Any]) -> dict[str, Any]:
    """The best training job's model, by a DescribeTrainingJob of it; reused from state while the best
    job stays the same (a refresh costs one call, not two)."""
    best = response.get("BestTrainingJob") or {}
    name = best.get("TrainingJobName")
    if not name or best.get("TrainingJobStatus") != "Completed":
        return {}
    known = previous.get("best_training_job") or {}
    if known.get("training_job_name") == name and known.get("model_artifacts"):
        return {"best_model_artifacts": known["model_artifacts"]}
    described = call("DescribeTrainingJob", TrainingJobName=name)
    return {"best_model_artifacts": (described.get("ModelArtifacts") or {}).get("S3ModelArtifacts")}


def _report(response: Response) -> tuple[tuple[str, ...], str | None]:
    counters = response.get("TrainingJobStatusCounters") or {}
    failed = int(counters.get("RetryableError") or 0) + int(counters.get("NonRetryableError") or 0)
    parts = (
        f"{counters.get('Completed') or 0} completed",
        f"{counters.get('InProgress') or 0} in progress",
        f"{failed} failed",
    )
    stopped = int(counters.get("Stopped") or 0)
    if stopped:
        parts += (f"{stopped} stopped early",)
    best = response.get("BestTrainingJob") or {}
    metric = best.get("FinalHyperParameterTuningJobObjectiveMetric")
    detail = (
        f"best {metric['MetricName']} {metric['Value']:g} ({best['TrainingJobName']})" if metric else None
    )
    return parts, detail


def _default_deadline(inputs: Mapping[str, Any]) -> float:
    """The tuning job's own MaxRuntimeInSeconds when it has one; else as many rounds of its longest
    training job as the limits allow (max jobs over max parallel); plus an hour."""
    config = inputs.get("hyper_parameter_tuning_job_config") or {}
    limits = config.get("resource_limits") or {}
    if limits.get("max_runtime_in_seconds"):
        return float(limits["max_runtime_in_seconds"]) + 3600
    definitions = [
        inputs.get("training_job_definition") or {},
        *(inputs.get("training_job_definitions") or []),
    ]
    per_job = max(stopping_bound(d.get("stopping_condition")) for d in definitions if isinstance(d, Mapping))
    total = limits.get("max_number_of_training_jobs") or _grid_size(config)
    parallel = max(int(limits.get("max_parallel_training_jobs") or 1), 1)
    return math.ceil(total / parallel) * per_job + 3600


def _grid_size(config: Mapping[str, Any]) -> int:
    ranges = config.get("parameter_ranges") or {}
    size = 1
    for item in ranges.get("integer_parameter_ranges") or []:
        try:
            size *= int(item["max_value"]) - int(item["min_value"]) + 1
        except (KeyError, TypeError, ValueError):
            return GRID_CAP
    for item in ranges.get("categorical_parameter_ranges") or []:
        size *= len(item.get("values") or [1])
    return min(size, GRID_CAP)


TUNING_JOB = Kind(
    noun="HyperParameterTuningJob",
    type_name="HyperparameterTuningJob",
    statuses=Statuses(
        running=frozenset({"InProgress"}),
        stopping=frozenset({"Stopping"}),
        succeeded=frozenset({"Completed"}),
        failed=frozenset({"Failed", "Stopped"}),
        deleting=frozenset({"Deleting", "DeleteFailed"}),
    ),
    outputs=(
        Output("arn", member("HyperParameterTuningJobArn"), str, "The tuning job's ARN."),
        Output(
            "hyper_parameter_tuning_job_name",
            member("HyperParameterTuningJobName"),
            str,
            "The SageMaker name of the tuning job (at most 32 characters).",
        ),
        Output("status", member("HyperParameterTuningJobStatus"), str, "InProgress, Completed, ..."),
        Output(
            "failure_reason", member("FailureReason"), str | None, "Why the tuning job failed, if it did."
        ),
        Output(
            "training_job_status_counters",
            _counters("TrainingJobStatusCounters", TRAINING_COUNTERS),
            dict[str, int],
            "Its training jobs by status: completed, in_progress, retryable_error, non_retryable_error, "
            "stopped.",
        ),
        Output(
            "objective_status_counters",
            _counters("ObjectiveStatusCounters", OBJECTIVE_COUNTERS),
            dict[str, int],
            "Its training jobs by objective status: succeeded, pending, failed.",
        ),
        Output(
            "best_training_job",
            _best,
            BestTrainingJob | None,
            "The best training job so far: name, arn, status, tuned hyperparameters, final objective metric "
            "and model artifacts.",
        ),
        Output(
            "best_model_artifacts",
            lambda d: d.extra.get("best_model_artifacts"),
            str,  # as `up` guarantees by default, as for a training job's model_artifacts
            "The S3 URI of the best training job's model.tar.gz (feeds a HostingDeployment's "
            "model_data_url).",
        ),
        Output(
            "creation_time", timestamp("CreationTime"), str, "When the tuning job was created (ISO 8601)."
        ),
        Output("end_time", timestamp("HyperParameterTuningEndTime"), str | None, "When it ended (ISO 8601)."),
    ),
    hooks=KindHooks(
        rules=tuning_rules.check,
        default_deadline=_default_deadline,
        extra=_best_model_artifacts,
        report=_report,
        # The best objective so far is only in the Describe answer; it can change when a job completes.
        describe_on=("TrainingJobStatusCounters",),
    ),
)
