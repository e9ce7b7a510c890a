"""Batch transform jobs: CreateTransformJob, DescribeTransformJob, StopTransformJob, ListTransformJobs.

InProgress (instances starting, then transforming), then Completed, or Failed with an injected
failure. The model must exist when the job is created. On completion every input object found
in moto's S3 under the input prefix (or listed by a manifest) gets its predictions written to
`<S3OutputPath>/<key below the prefix's folder>.out`, as batch transform names them. Logs go to
/aws/sagemaker/TransformJobs: `<job>/<instance-id>-<epoch>` (the model server) and its
`/data-log` stream (the transform agent's `[sagemaker logs]` lines).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

from . import container_output, existence, moto_backends
from .batch_jobs import BatchJobs
from .hosting import missing_model
from .runtime import predict
from .state import BatchJob, State


def split_s3_uri(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def _below(prefix: str, key: str) -> str:
    """Where an input object's output goes below the output path: its key below the input "folder".

    s3://b/in or s3://b/in/ with in/a.csv and in/part/b.csv give a.csv.out and part/b.csv.out;
    a prefix that ends inside a name (s3://b/in/da with in/data.csv) is read from its folder.
    """
    rest = key[len(prefix) :]
    if prefix.endswith("/"):
        return rest
    if rest.startswith("/"):
        return rest[1:]
    folder = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
    return key[len(folder) :]


def _instance_id(job: str, index: int) -> str:
    return "i-" + hashlib.sha256(f"{job}/{index}".encode()).hexdigest()[:17]


class TransformService:
    def __init__(self, state: State) -> None:
        self.state = state
        self.jobs = BatchJobs(state, "transform", state.transform_jobs, lambda: state.timings.transform_phase)
        self.jobs.started = self._started
        self.jobs.succeeded = self._succeeded
        self.jobs.failed = self._failed

    # -- what the job reads and writes -----------------------------------------------------

    def _inputs(self, job: BatchJob) -> list[tuple[str, str, str]]:
        """(bucket, key, output key below the output prefix) of each input object that exists."""
        source = job.request["TransformInput"]["DataSource"]["S3DataSource"]
        region = self.state.region
        bucket, prefix = split_s3_uri(source["S3Uri"])
        if source["S3DataType"] == "ManifestFile":
            body = moto_backends.get_object(region, bucket, prefix)
            try:
                manifest = json.loads(body or b"[]")
            except ValueError:
                return []
            if not manifest or not isinstance(manifest[0], dict):
                return []
            bucket, prefix = split_s3_uri(manifest[0]["prefix"])
            keys = [prefix + relative for relative in manifest[1:] if isinstance(relative, str)]
            keys = [k for k in keys if moto_backends.get_object(region, bucket, k) is not None]
        elif source["S3DataType"] == "S3Prefix":
            keys = moto_backends.list_keys(region, bucket, prefix)
        else:
            return []
        return [(bucket, key, _below(prefix, key)) for key in keys if not key.endswith("/")]

    def _write_outputs(self, job: BatchJob) -> list[int]:
        """Predictions for every input object; the sizes of what was written."""
        request = job.request
        given = request["TransformInput"]
        output = request["TransformOutput"]
        out_bucket, out_prefix = split_s3_uri(output["S3OutputPath"])
        out_prefix = out_prefix.rstrip("/") + "/" if out_prefix else ""
        sizes = []
        for bucket, key, relative in self._inputs(job):
            body = moto_backends.get_object(self.state.region, bucket, key) or b""
            if given.get("CompressionType") == "Gzip":
                body = gzip.decompress(body)
            answer, _ = predict(body, given.get("ContentType", "text/csv"), output.get("Accept"))
            if output.get("AssembleWith") == "Line" and not answer.endswith(b"\n"):
                answer += b"\n"
            if moto_backends.put_object(self.state.region, out_bucket, f"{out_prefix}{relative}.out", answer):
                sizes.append(len(answer))
        return sizes

    # -- phases ------------------------------------------------------------------------------

    def _started(self, job: BatchJob, at: float) -> None:
        count = job.request["TransformResources"]["InstanceCount"]
        streams = [f"{job.name}/{_instance_id(job.name, i)}-{int(at)}" for i in range(1, count + 1)]
        job.log.open(streams + [f"{stream}/data-log" for stream in streams])
        job.log.streams = streams  # write_all: the model servers; data-log is written by name
        for stream in streams:
            lines = job.log.scripted
            if lines is None:
                lines = container_output.model_server_started(job.request["ModelName"], at)
            job.log.write(stream, lines, at)
            job.log.write(f"{stream}/data-log", container_output.transform_agent_started(job.request, at), at)

    def _succeeded(self, job: BatchJob, at: float) -> None:
        sizes = self._write_outputs(job)
        if job.log.scripted is None and job.log.streams:
            job.log.write(job.log.streams[0], container_output.model_server_answered(sizes, at), at)

    def _failed(self, job: BatchJob, at: float) -> None:
        reason = job.failure_reason or ""
        objects = [f"{bucket}/{key}" for bucket, key, _ in self._inputs(job)]
        for stream in job.log.streams:
            job.log.write(stream, container_output.transform_failed(reason), at)
            job.log.write(
                f"{stream}/data-log", container_output.transform_agent_failed(objects, reason, at), at
            )

    # -- operations --------------------------------------------------------------------------

    def create_transform_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            state = self.state
            model = state.models.get(params["ModelName"].lower())
            if model is None:
                raise missing_model(state, params["ModelName"])

            def refusals() -> list[str]:
                if not state.checks_existence:
                    return []
                return existence.transform(params, model.request, state.region)

            job = self.jobs.create(params["TransformJobName"], params, state.failures.transform, refusals)
            return {"TransformJobArn": job.arn}

    def describe_transform_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            job = self.jobs.get(params["TransformJobName"])
            request = job.request
            # What SageMaker fills in when the request left it out.
            out: dict[str, Any] = {"BatchStrategy": "MultiRecord", "MaxConcurrentTransforms": 1, **request}
            out.setdefault("MaxPayloadInMB", 6)
            out["TransformInput"] = {
                "CompressionType": "None",
                "SplitType": "None",
                **request["TransformInput"],
            }
            out["TransformOutput"] = {"AssembleWith": "None", "KmsKeyId": "", **request["TransformOutput"]}
            out["DataProcessing"] = {
                "InputFilter": "$",
                "OutputFilter": "$",
                "JoinSource": "None",
                **(request.get("DataProcessing") or {}),
            }
            out.update(
                TransformJobName=job.name,
                TransformJobArn=job.arn,
                TransformJobStatus=job.status,
                FailureReason=job.failure_reason,
                CreationTime=job.created,
                TransformStartTime=job.start,
                TransformEndTime=job.end,
            )
            return out

    def stop_transform_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            self.jobs.stop(params["TransformJobName"])
            return {}

    def list_transform_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        def summary(job: BatchJob) -> dict[str, Any]:
            return {
                "TransformJobName": job.name,
                "TransformJobArn": job.arn,
                "CreationTime": job.created,
                "TransformEndTime": job.end,
                "LastModifiedTime": job.modified,
                "TransformJobStatus": job.status,
                "FailureReason": job.failure_reason,
            }

        with self.state.lock:
            chunk, token = self.jobs.list(params, "Transform", summary, "ListTransformJobs")
        return {"TransformJobSummaries": chunk, "NextToken": token}
