"""`TrainingJob`: a SageMaker training job as a Pulumi resource."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..kinds import TRAINING_JOB
from .job_provider import JobProvider


class TrainingJobProvider(JobProvider):
    kind = TRAINING_JOB


class TrainingJob(pulumi.dynamic.Resource, module="sagemaker", name="TrainingJob"):
    """A SageMaker training job.

    Takes every member of SageMaker's CreateTrainingJob request as a keyword argument, in snake_case
    (`resource_config`), lowerCamelCase (`resourceConfig`, as operator manifests write it) or PascalCase;
    maps (`hyper_parameters`, `environment`) as dicts or lists of `{name, value}`; `tags` as a dict or a
    list of `{key, value}`. Inputs are validated against botocore's model of the API before any call.

    `training_job_name` is optional: without it the name is the resource name plus a suffix derived from
    the stack and the spec, so that an interrupted `pulumi up` adopts the job it started.

    By default `pulumi up` returns when the job has Completed (so `model_artifacts` can feed hosting);
    `wait_for="InProgress"` returns once the job has started. `wait_timeout_seconds` bounds the wait
    (default: the stopping condition plus an hour). A Failed or Stopped job fails the update with
    SageMaker's FailureReason and the log URL. Changing anything but tags or the wait options replaces
    the job; destroying a running job stops it. `region` runs the job in a region other than the stack's
    `aws:region` (operator manifests carry one); moving it to another region replaces it.
    """

    arn: pulumi.Output[str]
    training_job_name: pulumi.Output[str]
    status: pulumi.Output[str]
    secondary_status: pulumi.Output[str]
    failure_reason: pulumi.Output[str | None]
    model_artifacts: pulumi.Output[str | None]
    final_metrics: pulumi.Output[dict[str, float]]
    training_seconds: pulumi.Output[int | None]
    billable_seconds: pulumi.Output[int | None]
    log_url: pulumi.Output[str]
    creation_time: pulumi.Output[str]
    end_time: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        wait_for: pulumi.Input[str] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        region: pulumi.Input[str] | None = None,
        **fields: Any,
    ) -> None:
        props: dict[str, Any] = {name: None for name in TRAINING_JOB.output_names}
        props.update(fields)
        props["wait_for"] = wait_for
        props["wait_timeout_seconds"] = wait_timeout_seconds
        props["region"] = region
        props["name_seed"] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        super().__init__(TrainingJobProvider(), resource_name, props, opts)
