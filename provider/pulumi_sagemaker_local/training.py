"""Training jobs: CreateTrainingJob, DescribeTrainingJob, StopTrainingJob, ListTrainingJobs.

InProgress runs through the secondary statuses Starting -> Downloading -> Training ->
Uploading (each `timings.training_phase` long), then Completed. StopTrainingJob turns an
InProgress job into Stopping, then Stopped after `timings.stop`. An injected failure ends the
phase it names with Failed. The containers start with Training: from then on each instance
writes its log stream (`<job>/algo-<i>-<epoch>` in /aws/sagemaker/TrainingJobs).

Training jobs launched by a tuning job are records of this module too; their progression is
driven by their tuning job (tuning.py), so that what the tuning job decides on (launching the
next child, stopping one early) happens in time order whichever of them a client looks at.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import tarfile
from collections.abc import Callable
from typing import Any

from . import builtin_algorithms, container_output, existence, lifecycle, moto_backends, semantics
from .errors import resource_in_use, validation
from .faults import FailureRule
from .job_logs import JobLog
from .listing import page
from .state import State, TrainingJob, TuningJob

PHASES = ("Starting", "Downloading", "Training", "Uploading")
FAILURE_PHASES = PHASES
_CONTAINER_PHASES = ("Training", "Uploading")  # phases in which the training containers run
DEFAULT_MAX_RUNTIME = 86400  # StoppingCondition when the request has none: one day

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
    if secondary in ("Completed", "Failed", "Stopped", "MaxRuntimeExceeded"):
        transition["EndTime"] = at
    job.transitions.append(transition)
    job.secondary = secondary
    job.since = at
    job.modified = at


def _finish(job: TrainingJob, status: str, at: float) -> None:
    job.status = status
    job.end = at


def instance_count(request: dict[str, Any]) -> int:
    resources = request.get("ResourceConfig") or {}
    groups = resources.get("InstanceGroups") or []
    if groups:
        return sum(g.get("InstanceCount", 1) for g in groups)
    return max(1, resources.get("InstanceCount", 1))


def metric_value(job: str, metric: str) -> float:
    # Deterministic per (job, metric); losses small, everything else accuracy-like.
    fraction = int(hashlib.sha256(f"{job}/{metric}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    lowered = metric.lower()
    if any(word in lowered for word in ("loss", "error", "rmse", "mse", "mae")):
        return round(0.05 + 0.25 * fraction, 4)
    return round(0.80 + 0.19 * fraction, 4)


def final_metrics(job: TrainingJob) -> list[tuple[str, float]]:
    """(name, value) of what the job reports; a tuning child reports its objective as computed."""
    definitions = job.request.get("AlgorithmSpecification", {}).get("MetricDefinitions", [])
    names = [d["Name"] for d in definitions]
    algorithm = builtin_algorithms.builtin_algorithm(job.request)
    if not definitions and algorithm is not None:
        names = algorithm.reported(job.request)
    objective = job.definition.objective.metric if job.definition is not None else None
    if objective is not None and objective not in names:
        names.insert(0, objective)
    return [
        (
            name,
            job.objective_value
            if name == objective and job.objective_value is not None
            else metric_value(job.name, name),
        )
        for name in names
    ]


def trained(job: TrainingJob) -> bool:
    return any(t["Status"] == "Training" for t in job.transitions)


class TrainingService:
    def __init__(self, state: State) -> None:
        self.state = state
        # Set by the tuning service: advances a tuning job (and so its children) to now.
        self.advance_tuning: Callable[[TuningJob], None] = lambda tuning: None

    # -- progression -----------------------------------------------------------------------

    def step(self, job: TrainingJob) -> lifecycle.Step | None:
        timings = self.state.timings
        if job.status == "InProgress" and job.secondary in PHASES:
            due = job.since + timings.training_phase
            stopping = job.request.get("StoppingCondition") or {}
            limit = stopping.get("MaxRuntimeInSeconds", DEFAULT_MAX_RUNTIME) * timings.runtime_scale
            if job.created + limit < due:
                return job.created + limit, lambda at: self._exceed_runtime(job, at)
            return due, lambda at: self._leave_phase(job, at)
        if job.status == "Stopping":

            def stopped(at: float) -> None:
                if job.secondary_before_stop in _CONTAINER_PHASES and job.log and not job.log.scripted:
                    job.log.write_all(container_output.training_stopped(at), at)
                if trained(job):
                    self._upload_model(job)
                _enter(job, "Stopped", at)
                _finish(job, "Stopped", at)

            return job.since + timings.stop, stopped
        return None

    def _exceed_runtime(self, job: TrainingJob, at: float) -> None:
        """MaxRuntimeInSeconds passed: SageMaker stops the job (Stopped, MaxRuntimeExceeded)."""
        if job.log is not None and job.secondary in _CONTAINER_PHASES and job.log.scripted is None:
            job.log.write_all(container_output.training_stopped(at), at)
        if trained(job):
            self._upload_model(job)
        _enter(job, "MaxRuntimeExceeded", at, "Training job stopped: it exceeded MaxRuntimeInSeconds")
        _finish(job, "Stopped", at)

    def _leave_phase(self, job: TrainingJob, at: float) -> None:
        log = job.log
        if job.failure is not None and job.failure.at == job.secondary:
            job.failure_reason = job.failure.reason
            if log is not None and job.secondary in _CONTAINER_PHASES:
                lines = container_output.training_failed(job.failure.reason, at)
                log.write_all(lines[1:] if log.scripted is not None else lines, at)
            _enter(job, "Failed", at, job.failure.reason)
            _finish(job, "Failed", at)
            return
        following = PHASES.index(job.secondary) + 1
        if following == len(PHASES):
            if log is not None and log.scripted is None:
                log.write_all(container_output.training_succeeded(at), at)
            self._upload_model(job)
            _enter(job, "Completed", at)
            _finish(job, "Completed", at)
            return
        phase = PHASES[following]
        if phase == "Downloading":
            job.training_start = at  # instances are up: billing starts here
        if phase == "Training":
            self._start_containers(job, at)
        if phase == "Uploading" and log is not None and log.scripted is None and log.streams:
            metrics = final_metrics(job)
            own = job.request.get("AlgorithmSpecification", {}).get("MetricDefinitions")
            if not own and builtin_algorithms.builtin_algorithm(job.request) is not None:
                lines = builtin_algorithms.log_lines(metrics)  # what the algorithm's regexes read
            else:
                lines = container_output.training_metrics(metrics)
            log.write(log.streams[0], lines, at)
        _enter(job, phase, at)

    def _upload_model(self, job: TrainingJob) -> None:
        """model.tar.gz where ModelArtifacts says it is, so a model made of it finds its data (if the
        output bucket exists: nothing is written otherwise)."""
        bucket, _, key = artifacts(job).removeprefix("s3://").partition("/")
        moto_backends.put_object(self.state.region, bucket, key, model_archive(job.name))

    def _start_containers(self, job: TrainingJob, at: float) -> None:
        log = job.log
        if log is None:
            return
        hosts = [f"algo-{i}" for i in range(1, instance_count(job.request) + 1)]
        log.open([f"{job.name}/{host}-{int(at)}" for host in hosts])
        for host, stream in zip(hosts, log.streams, strict=True):
            lines = log.scripted
            if lines is None:
                lines = container_output.training_started(job.request, host, hosts, job.name, at)
            log.write(stream, lines, at)

    def stop(self, job: TrainingJob, at: float) -> None:
        job.secondary_before_stop = job.secondary
        job.status = "Stopping"
        _enter(job, "Stopping", at)

    def find(self, name: str) -> TrainingJob | None:
        """The job as of now (transitions applied), or None. Caller holds the lock."""
        job = self.state.training_jobs.get(name.lower())
        if job is None:
            return None
        if job.tuning is not None:
            self.advance_tuning(job.tuning)
        else:
            lifecycle.advance(lambda: self.step(job), lifecycle.now())
        return job

    def _job(self, name: str) -> TrainingJob:
        job = self.find(name)
        if job is None:
            # What AWS answers for DescribeTrainingJob on an unknown name.
            raise validation("Requested resource not found.")
        return job

    # -- creation --------------------------------------------------------------------------

    def launch(
        self, request: dict[str, Any], at: float, tags: list[dict[str, str]] | None = None
    ) -> TrainingJob:
        """Create a job record (the caller checked the name is free); it starts at `at`."""
        state = self.state
        name = request["TrainingJobName"]
        arn = state.arn("training-job", name)
        job = TrainingJob(name=name, arn=arn, request=request, created=at, modified=at)
        if state.checks_existence and not existence.assumable(request.get("RoleArn", ""), state.region):
            # Accepted; the instances then fail to assume the role, before any data is downloaded.
            job.failure = FailureRule(name, existence.TRAINING_ROLE_FAILURE, "Starting")
        else:
            job.failure = state.failures.take(state.failures.training, name)
        rule = state.failures.take(state.failures.outputs, name)
        job.log = JobLog("training", state.region, scripted=list(rule.lines) if rule else None)
        _enter(job, "Starting", at)
        state.training_jobs[name.lower()] = job
        state.set_tags(arn, tags)
        return job

    def duplicate(self, name: str) -> Exception:
        return resource_in_use(
            "Training job names must be unique within an AWS account and region, and a training "
            f"job with this name already exists ({self.state.arn('training-job', name)})"
        )

    def create_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            name = params["TrainingJobName"]
            if name.lower() in self.state.training_jobs:
                raise self.duplicate(name)
            semantics.refuse(semantics.training(params))
            if self.state.checks_existence:
                semantics.refuse(existence.training(params, self.state.region))
            request = {k: v for k, v in params.items() if k != "Tags"}
            job = self.launch(request, lifecycle.now(), params.get("Tags"))
            return {"TrainingJobArn": job.arn}

    # -- answers ---------------------------------------------------------------------------

    def describe_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            return self._describe(self._job(params["TrainingJobName"]))

    def _describe(self, job: TrainingJob) -> dict[str, Any]:
        out = dict(job.request)
        # What SageMaker fills in when the request left it out (the SageMaker Python SDK's
        # Estimator.attach reads OutputDataConfig.KmsKeyId and StoppingCondition unconditionally).
        out.setdefault("EnableNetworkIsolation", False)
        out.setdefault("EnableInterContainerTrafficEncryption", False)
        out.setdefault("EnableManagedSpotTraining", False)
        out.setdefault("StoppingCondition", {"MaxRuntimeInSeconds": DEFAULT_MAX_RUNTIME})
        out["OutputDataConfig"] = {"KmsKeyId": "", **job.request.get("OutputDataConfig", {})}
        algorithm = builtin_algorithms.builtin_algorithm(job.request)
        specification = dict(job.request.get("AlgorithmSpecification") or {})
        if algorithm is not None and not specification.get("MetricDefinitions"):
            # A built-in algorithm's job answers the algorithm's own metric definitions.
            out["AlgorithmSpecification"] = {**specification, "MetricDefinitions": algorithm.definitions()}
        out.update(
            TrainingJobName=job.name,
            TrainingJobArn=job.arn,
            TuningJobArn=job.tuning.arn if job.tuning is not None else None,
            TrainingJobStatus=job.status,
            SecondaryStatus=job.secondary,
            CreationTime=job.created,
            LastModifiedTime=job.modified,
            SecondaryStatusTransitions=[dict(t) for t in job.transitions],
            FailureReason=job.failure_reason,
            TrainingStartTime=job.training_start,
            TrainingEndTime=job.end,
        )
        if job.status == "Completed" or (job.status == "Stopped" and trained(job)):
            out["ModelArtifacts"] = {"S3ModelArtifacts": artifacts(job)}
            out["FinalMetricDataList"] = [
                {"MetricName": name, "Value": value, "Timestamp": job.end}
                for name, value in final_metrics(job)
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
            self.stop(job, lifecycle.now())
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
        chunk, token = page(
            summaries,
            params,
            name_field="TrainingJobName",
            status_field="TrainingJobStatus",
            operation="ListTrainingJobs",
        )
        return {"TrainingJobSummaries": chunk, "NextToken": token}


def model_archive(job: str) -> bytes:
    """What a training job uploads: a gzipped tar holding its (stand-in) model, the same bytes each time."""
    model = json.dumps({"trained_by": job}).encode()
    member = tarfile.TarInfo("model.json")
    member.size = len(model)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(member, io.BytesIO(model))
    return gzip.compress(buffer.getvalue(), mtime=0)


def artifacts(job: TrainingJob) -> str:
    output_path = job.request["OutputDataConfig"].get("S3OutputPath", "").rstrip("/")
    return f"{output_path}/{job.name}/output/model.tar.gz"
