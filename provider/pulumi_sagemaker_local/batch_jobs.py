"""What transform and processing jobs share: InProgress (instances starting, then running), an end.

Starting lasts one phase (`timings.transform_phase` / `processing_phase`), Running another, then
Completed, or Failed with an injected failure. Stop*Job: Stopping, then Stopped after
`timings.stop`. Each kind says what happens when its containers start and when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import lifecycle, semantics
from .errors import resource_in_use, validation
from .faults import FailureRule
from .job_logs import JobLog
from .listing import page
from .state import BatchJob, State

Hook = Callable[[BatchJob, float], None]


class BatchJobs:
    """The records and lifecycle of one batch kind; `kind` names it ("transform" or "processing")."""

    def __init__(
        self, state: State, kind: str, records: dict[str, BatchJob], phase: Callable[[], float]
    ) -> None:
        self.state = state
        self.kind = kind
        self.records = records
        self.phase = phase
        self.started: Hook = lambda job, at: None
        self.succeeded: Hook = lambda job, at: None
        self.failed: Hook = lambda job, at: None
        self.stopped: Hook = lambda job, at: None

    def advance(self, job: BatchJob) -> None:
        def next_step() -> lifecycle.Step | None:
            if job.status == "InProgress" and job.phase == "Starting":
                return job.since + self.phase(), lambda at: self._enter_running(job, at)
            if job.status == "InProgress" and job.phase == "Running":
                return job.since + self.phase(), lambda at: self._leave_running(job, at)
            if job.status == "Stopping":
                return job.since + self.state.timings.stop, lambda at: self._finish(job, "Stopped", at)
            return None

        lifecycle.advance(next_step, lifecycle.now())

    def _move(self, job: BatchJob, phase: str, at: float) -> None:
        job.phase = phase
        job.since = at
        job.modified = at

    def _enter_running(self, job: BatchJob, at: float) -> None:
        job.start = at
        self._move(job, "Running", at)
        self.started(job, at)

    def _leave_running(self, job: BatchJob, at: float) -> None:
        if job.failure is not None:
            job.failure_reason = job.failure.reason
            job.exit_message = job.failure.exit_message
            self.failed(job, at)
            self._finish(job, "Failed", at)
            return
        self.succeeded(job, at)
        self._finish(job, "Completed", at)

    def _finish(self, job: BatchJob, status: str, at: float) -> None:
        if status == "Stopped" and job.start is not None:
            self.stopped(job, at)
        job.status = status
        job.end = at
        self._move(job, "ended", at)

    # -- the operations' shared parts --------------------------------------------------------

    def find(self, name: str) -> BatchJob | None:
        job = self.records.get(name.lower())
        if job is not None:
            self.advance(job)
        return job

    def get(self, name: str) -> BatchJob:
        job = self.find(name)
        if job is None:
            # What AWS answers for Describe/Stop of a transform or processing job it does not know.
            raise validation(f"Could not find requested job with name {name}")
        return job

    def create(
        self,
        name: str,
        params: dict[str, Any],
        failures: list[FailureRule],
        refusals: Callable[[], list[str]] = list,
    ) -> BatchJob:
        """A new record (after the caller's own checks); raises ResourceInUse on a used name, then
        the first of `refusals` (what is judged once the name is known to be free)."""
        state = self.state
        arn = state.arn(f"{self.kind}-job", name)
        if name.lower() in self.records:
            raise resource_in_use(
                "Job name must be unique within an AWS account and region, and a job with this name "
                f"already exists ({arn})"
            )
        semantics.refuse(refusals())
        at = lifecycle.now()
        rule = state.failures.take(state.failures.outputs, name)
        log = JobLog(self.kind, state.region, scripted=list(rule.lines) if rule else None)
        request = {k: v for k, v in params.items() if k != "Tags"}
        job = BatchJob(name=name, arn=arn, request=request, created=at, modified=at, log=log, since=at)
        job.failure = state.failures.take(failures, name)
        self.records[name.lower()] = job
        state.set_tags(arn, params.get("Tags"))
        return job

    def stop(self, name: str) -> None:
        job = self.get(name)
        if job.status != "InProgress":
            raise validation(
                f"The request was rejected because the {self.kind} job is in status {job.status}."
            )
        job.status = "Stopping"
        self._move(job, "Stopping", lifecycle.now())

    def list(
        self, params: dict[str, Any], noun: str, summary: Callable[[BatchJob], dict[str, Any]], operation: str
    ):
        summaries = [summary(self.get(key)) for key in list(self.records)]
        return page(
            summaries,
            params,
            name_field=f"{noun}JobName",
            status_field=f"{noun}JobStatus",
            operation=operation,
        )
