"""`TrainingJob`: a SageMaker training job as a Pulumi resource."""

from __future__ import annotations

from ..kinds import TRAINING_JOB
from .job_provider import JobProvider, outputs_of
from .kind_resource import KindResource


class TrainingJobProvider(JobProvider):
    kind = TRAINING_JOB


@outputs_of(TRAINING_JOB)
class TrainingJob(KindResource, module="sagemaker", name="TrainingJob", provider=TrainingJobProvider):
    """A SageMaker training job.

    Takes every member of SageMaker's CreateTrainingJob request as a keyword argument, in snake_case
    (`resource_config`), lowerCamelCase (`resourceConfig`, as operator manifests write it) or PascalCase;
    maps (`hyper_parameters`, `environment`) as dicts or lists of `{name, value}`; `tags` as a dict or a
    list of `{key, value}`. Inputs are validated against botocore's model of the API before any call.

    `training_job_name` is optional: without it the name is the resource name plus a suffix derived from
    the stack and the spec, so that an interrupted `pulumi up` adopts the job it started.

    By default `pulumi up` returns when the job has Completed (so `model_artifacts` can feed hosting);
    `wait_for="InProgress"` returns once the job has started. While it waits, the job's CloudWatch log
    events are printed as they arrive (`stream_logs=False` turns that off). `wait_timeout_seconds` bounds
    the wait (default: the stopping condition plus an hour). A Failed or Stopped job fails the update
    with SageMaker's FailureReason, the log URL and the last log lines. Tags, `profiler_config`,
    `remote_debug_config` and the warm pool's `resource_config.keep_alive_period_in_seconds` change in
    place (UpdateTrainingJob); any other change replaces the job; destroying a running job stops it.
    `region` runs the job in a region other than the stack's `aws:region` (operator manifests carry one);
    moving it to another region replaces it.
    """
