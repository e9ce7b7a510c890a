"""`BatchTransformJob`: a SageMaker batch transform job as a Pulumi resource."""

from __future__ import annotations

from ..kinds import TRANSFORM_JOB
from .job_provider import JobProvider, outputs_of
from .kind_resource import KindResource


class BatchTransformJobProvider(JobProvider):
    kind = TRANSFORM_JOB


@outputs_of(TRANSFORM_JOB)
class BatchTransformJob(
    KindResource, module="sagemaker", name="BatchTransformJob", provider=BatchTransformJobProvider
):
    """A SageMaker batch transform job: a model run over a dataset in S3, its results written to S3.

    Takes every member of CreateTransformJob as a keyword argument (snake_case, an operator manifest's
    lowerCamelCase, or PascalCase): `model_name` (a SageMaker model's name, e.g. from a
    HostingDeployment's `model_names` output), `transform_input` (S3 data source, content type,
    compression, split type), `transform_output` (path, accept, assemble with, KMS key),
    `transform_resources`, `batch_strategy`, `data_processing` (input filter, join source, output
    filter), `environment`, `max_concurrent_transforms`, `max_payload_in_mb`, `model_client_config`,
    `tags`.

    `pulumi up` waits until the job has Completed (or `wait_for="InProgress"`), printing its CloudWatch
    log events as they arrive (`stream_logs=False` turns that off); a failed job fails the update with
    SageMaker's FailureReason, the log URL and the last log lines. Outputs include `output_path`. Any
    change but tags replaces the job (it runs again); destroying a running job stops it.
    """
