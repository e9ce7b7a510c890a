"""`ProcessingJob`: a SageMaker processing job as a Pulumi resource."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..kinds import PROCESSING_JOB
from .job_provider import JobProvider, job_props, outputs_of


class ProcessingJobProvider(JobProvider):
    kind = PROCESSING_JOB


@outputs_of(PROCESSING_JOB)
class ProcessingJob(pulumi.dynamic.Resource, module="sagemaker", name="ProcessingJob"):
    """A SageMaker processing job: a container run over inputs from S3, its outputs uploaded to S3.

    Takes every member of CreateProcessingJob as a keyword argument (snake_case, an operator manifest's
    lowerCamelCase, or PascalCase): `app_specification` (image, entrypoint, arguments),
    `processing_inputs` and `processing_output_config` (S3 modes and upload modes),
    `processing_resources` (cluster config), `network_config`, `stopping_condition`, `environment`,
    `experiment_config`, `role_arn`, `tags`.

    `pulumi up` waits until the job has Completed (or `wait_for="InProgress"`), printing its CloudWatch
    log events as they arrive (`stream_logs=False` turns that off); a failed job fails the update with
    SageMaker's FailureReason, the container's exit message, the log URL and the last log lines.
    `outputs` maps each output name to its S3 URI. Any change but tags replaces the job; destroying a
    running job stops it.
    """

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        wait_for: pulumi.Input[str] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        stream_logs: pulumi.Input[bool] | None = None,
        region: pulumi.Input[str] | None = None,
        **fields: Any,
    ) -> None:
        props = job_props(
            PROCESSING_JOB,
            resource_name,
            fields,
            wait_for=wait_for,
            wait_timeout_seconds=wait_timeout_seconds,
            stream_logs=stream_logs,
            region=region,
        )
        super().__init__(ProcessingJobProvider(), resource_name, props, opts)
