"""Training jobs: CreateTrainingJob, DescribeTrainingJob, StopTrainingJob, ListTrainingJobs.

InProgress runs through the secondary statuses Starting -> Downloading -> Training ->
Uploading (each `timings.training_phase` long), then Completed. StopTrainingJob turns an
InProgress job into Stopping, then Stopped after `timings.stop`. An injected failure ends the
phase it names with Failed.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from . import lifecycle
from .errors import resource_in_use, validation
from .listing import page
from .state import State, TrainingJob

PHASES = ("Starting", "Downloading", "Training", "Uploading")
FAILURE_PHASES = PHASES

_MESSAGES = {
    "Starting": "Preparing the instances for training",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Stopping": "Stopping the training job",
    "Stopped": "Training job stopped",
}


def _enter(job: TrainingJob, secondary: str, at: float, message: str | None = None) -> None:
    """Record a secondary-status transition; the previous one ends where this one starts."""
    if job.transitions:
        job.transitions[-1].setdefault("EndTime", at)
    transition = {"Status": secondary, "StartTime": at, "StatusMessage": message or _MESSAGES[secondary]}
    if secondary in ("Completed", "Failed", "Stopped"):
        transition["EndTime"] = at
    job.transitions.append(transition)
    job.secondary = secondary
    job.since = at
    job.modified = at


def _finish(job: TrainingJob, status: str, at: float) -> None:
    job.status = status
    job.end = at


def _next_step(job: TrainingJob, timings: lifecycle.Timings) -> lifecycle.Step | None:
    if job.status == "InProgress" and job.secondary in PHASES:

        def leave_phase(at: float) -> None:
            if job.failure is not None and job.failure.at == job.secondary:
                job.failure_reason = job.failure.reason
                _enter(job, "Failed", at, job.failure.reason)
                _finish(job, "Failed", at)
                return
            following = PHASES.index(job.secondary) + 1
            if following < len(PHASES):
                if PHASES[following] == "Downloading":
                    job.training_start = at  # instances are up: billing starts here
                _enter(job, PHASES[following], at)
            else:
                _enter(job, "Completed", at)
                _finish(job, "Completed", at)

        return job.since + timings.training_phase, leave_phase
    if job.status == "Stopping":

        def stopped(at: float) -> None:
            _enter(job, "Stopped", at)
            _finish(job, "Stopped", at)

        return job.since + timings.stop, stopped
    return None


def _metric_value(job: str, metric: str) -> float:
    # Deterministic per (job, metric); losses small, everything else accuracy-like.
    fraction = int(hashlib.sha256(f"{job}/{metric}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    lowered = metric.lower()
    if any(word in lowered for word in ("loss", "error", "rmse", "mse", "mae")):
        return round(0.05 + 0.25 * fraction, 4)
    return round(0.80 + 0.19 * fraction, 4)


class TrainingService:
    def __init__(self, state: State) -> None:
        self.state = state

    def _job(self, name: str) -> TrainingJob:
        job = self.state.training_jobs.get(name.lower())
        if job is None:
            # What AWS answers for DescribeTrainingJob on an unknown name.
            raise validation("Requested resource not found.")
        lifecycle.advance(lambda: _next_step(job, self.state.timings), lifecycle.now())
        return job

    def create_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        name = params["TrainingJobName"]
        with state.lock:
            arn = state.arn("training-job", name)
            if name.lower() in state.training_jobs:
                raise resource_in_use(
                    "Training job names must be unique within an AWS account and region, and a training "
                    f"job with this name already exists ({arn})"
                )
            at = lifecycle.now()
            request = {k: v for k, v in params.items() if k != "Tags"}
            job = TrainingJob(name=name, arn=arn, request=request, created=at, modified=at)
            job.failure = state.failures.take(state.failures.training, name)
            _enter(job, "Starting", at)
            state.training_jobs[name.lower()] = job
            state.set_tags(arn, params.get("Tags"))
            return {"TrainingJobArn": arn}

    def describe_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            return self._describe(self._job(params["TrainingJobName"]))

    def _describe(self, job: TrainingJob) -> dict[str, Any]:
        out = dict(job.request)
        out.setdefault("EnableNetworkIsolation", False)
        out.setdefault("EnableInterContainerTrafficEncryption", False)
        out.setdefault("EnableManagedSpotTraining", False)
        out.update(
            TrainingJobName=job.name,
            TrainingJobArn=job.arn,
            TrainingJobStatus=job.status,
            SecondaryStatus=job.secondary,
            CreationTime=job.created,
            LastModifiedTime=job.modified,
            SecondaryStatusTransitions=[dict(t) for t in job.transitions],
            FailureReason=job.failure_reason,
            TrainingStartTime=job.training_start,
            TrainingEndTime=job.end,
        )
        trained = any(t["Status"] == "Training" for t in job.transitions)
        if job.status == "Completed" or (job.status == "Stopped" and trained):
            output_path = job.request["OutputDataConfig"].get("S3OutputPath", "").rstrip("/")
            out["ModelArtifacts"] = {"S3ModelArtifacts": f"{output_path}/{job.name}/output/model.tar.gz"}
            definitions = job.request.get("AlgorithmSpecification", {}).get("MetricDefinitions", [])
            out["FinalMetricDataList"] = [
                {"MetricName": d["Name"], "Value": _metric_value(job.name, d["Name"]), "Timestamp": job.end}
                for d in definitions
            ]
        if job.end is not None and job.training_start is not None:
            out.update(self._billing(job))
        return out

    @staticmethod
    def _billing(job: TrainingJob) -> dict[str, int]:
        assert job.end is not None and job.training_start is not None
        # Whole seconds, at least 1: the phases of a local job last fractions of a second.
        seconds = max(1, math.ceil(job.end - job.training_start))
        if not job.request.get("EnableManagedSpotTraining"):
            return {"TrainingTimeInSeconds": seconds, "BillableTimeInSeconds": seconds}
        # Managed spot bills less than it trains; keep that visible even for tiny jobs.
        seconds = max(seconds, 2)
        return {"TrainingTimeInSeconds": seconds, "BillableTimeInSeconds": max(1, seconds * 3 // 10)}

    def stop_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            job = self._job(params["TrainingJobName"])
            if job.status != "InProgress":
                raise validation(
                    f"The request was rejected because the training job is in status {job.status}."
                )
            job.status = "Stopping"
            _enter(job, "Stopping", lifecycle.now())
            return {}

    def list_training_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            summaries = []
            for key in list(self.state.training_jobs):
                job = self._job(key)
                summaries.append(
                    {
                        "TrainingJobName": job.name,
                        "TrainingJobArn": job.arn,
                        "CreationTime": job.created,
                        "TrainingEndTime": job.end,
                        "LastModifiedTime": job.modified,
                        "TrainingJobStatus": job.status,
                        "SecondaryStatus": job.secondary,
                    }
                )
        chunk, token = page(summaries, params, name_field="TrainingJobName", status_field="TrainingJobStatus")
        return {"TrainingJobSummaries": chunk, "NextToken": token}
