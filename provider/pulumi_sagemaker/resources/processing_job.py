"""`ProcessingJob`: a SageMaker processing job as a Pulumi resource."""

from __future__ import annotations

from ..kinds import PROCESSING_JOB
from .job_provider import JobProvider, outputs_of
from .kind_resource import KindResource


class ProcessingJobProvider(JobProvider):
    kind = PROCESSING_JOB


@outputs_of(PROCESSING_JOB)
class ProcessingJob(KindResource, module="sagemaker", name="ProcessingJob", provider=ProcessingJobProvider):
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
