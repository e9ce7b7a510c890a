"""Processing jobs: CreateProcessingJob, DescribeProcessingJob, StopProcessingJob, ListProcessingJobs.

InProgress (instances starting, then processing), then Completed, or Failed with an injected
failure (FailureReason and the container's ExitMessage). Logs go to /aws/sagemaker/ProcessingJobs,
one stream per instance: `<job>/algo-<i>-<epoch>`. Each S3 output gets an object under its S3Uri
(`<S3Uri>/part-00000`; there is no container to write the real files): a Continuous output when
processing starts, an EndOfJob one when the job completes. So a training job reading what a processing
job wrote finds data, as it does on AWS, with the existence checks on.
"""

from __future__ import annotations

from typing import Any

from . import container_output, existence, moto_backends
from .batch_jobs import BatchJobs
from .state import BatchJob, State

DEFAULT_MAX_RUNTIME = 86400  # StoppingCondition when the request has none: one day
OUTPUT_OBJECT = "part-00000"


class ProcessingService:
    def __init__(self, state: State) -> None:
        self.state = state
        self.jobs = BatchJobs(
            state, "processing", state.processing_jobs, lambda: state.timings.processing_phase
        )
        self.jobs.started = self._started
        self.jobs.succeeded = self._succeeded
        self.jobs.failed = self._failed

    def _started(self, job: BatchJob, at: float) -> None:
        count = job.request["ProcessingResources"]["ClusterConfig"].get("InstanceCount", 1)
        hosts = [f"algo-{i}" for i in range(1, count + 1)]
        job.log.open([f"{job.name}/{host}-{int(at)}" for host in hosts])
        for host, stream in zip(hosts, job.log.streams, strict=True):
            lines = job.log.scripted
            if lines is None:
                lines = container_output.processing_started(job.request, host, hosts)
            job.log.write(stream, lines, at)
        self._upload(job, "Continuous")

    def _succeeded(self, job: BatchJob, at: float) -> None:
        self._upload(job, "EndOfJob")
        if job.log.scripted is None:
            job.log.write_all(container_output.processing_succeeded(job.request), at)

    def _upload(self, job: BatchJob, mode: str) -> None:
        """An object under each S3 output of that upload mode (none where its bucket does not exist)."""
        for output in (job.request.get("ProcessingOutputConfig") or {}).get("Outputs") or []:
            s3 = output.get("S3Output")
            if not s3 or s3.get("S3UploadMode", "EndOfJob") != mode:
                continue
            bucket, _, prefix = s3["S3Uri"].removeprefix("s3://").partition("/")
            key = f"{prefix.rstrip('/')}/{OUTPUT_OBJECT}".lstrip("/")
            body = f"written by processing job {job.name} for its output {output['OutputName']}\n"
            moto_backends.put_object(self.state.region, bucket, key, body.encode())

    def _failed(self, job: BatchJob, at: float) -> None:
        lines = container_output.processing_failed(job.failure_reason or "")
        job.log.write_all(lines, at)
        if job.exit_message is None:
            job.exit_message = lines[-1]  # the container's last words, as SageMaker reports them

    def create_processing_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            state = self.state
            job = self.jobs.create(
                params["ProcessingJobName"],
                params,
                state.failures.processing,
                lambda: existence.processing(params, state.region) if state.checks_existence else [],
            )
            return {"ProcessingJobArn": job.arn}

    def describe_processing_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            job = self.jobs.get(params["ProcessingJobName"])
            out = dict(job.request)
            out.setdefault("StoppingCondition", {"MaxRuntimeInSeconds": DEFAULT_MAX_RUNTIME})
            out.update(
                ProcessingJobName=job.name,
                ProcessingJobArn=job.arn,
                ProcessingJobStatus=job.status,
                FailureReason=job.failure_reason,
                ExitMessage=job.exit_message,
                CreationTime=job.created,
                LastModifiedTime=job.modified,
                ProcessingStartTime=job.start,
                ProcessingEndTime=job.end,
            )
            return out

    def stop_processing_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            self.jobs.stop(params["ProcessingJobName"])
            return {}

    def list_processing_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        def summary(job: BatchJob) -> dict[str, Any]:
            return {
                "ProcessingJobName": job.name,
                "ProcessingJobArn": job.arn,
                "CreationTime": job.created,
                "ProcessingEndTime": job.end,
                "LastModifiedTime": job.modified,
                "ProcessingJobStatus": job.status,
                "FailureReason": job.failure_reason,
                "ExitMessage": job.exit_message,
            }

        with self.state.lock:
            chunk, token = self.jobs.list(params, "Processing", summary, "ListProcessingJobs")
        return {"ProcessingJobSummaries": chunk, "NextToken": token}
