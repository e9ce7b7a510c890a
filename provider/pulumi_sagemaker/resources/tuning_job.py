"""`HyperparameterTuningJob`: a SageMaker hyperparameter tuning job as a Pulumi resource."""

from __future__ import annotations

from ..kinds import TUNING_JOB
from .job_provider import JobProvider, outputs_of
from .kind_resource import KindResource


class HyperparameterTuningJobProvider(JobProvider):
    kind = TUNING_JOB


@outputs_of(TUNING_JOB)
class HyperparameterTuningJob(
    KindResource, module="sagemaker", name="HyperparameterTuningJob", provider=HyperparameterTuningJobProvider
):
    """A SageMaker hyperparameter tuning job: training jobs launched over hyperparameter ranges, and the best.

    Takes every member of CreateHyperParameterTuningJob as a keyword argument (snake_case, an operator
    manifest's lowerCamelCase, or PascalCase): `hyper_parameter_tuning_job_config` (strategy Bayesian,
    Random, Hyperband with its `strategy_config`, or Grid; the objective; resource limits; integer,
    continuous and categorical ranges; early stopping; completion criteria), one
    `training_job_definition` or several `training_job_definitions`, `warm_start_config` (parents by
    name, e.g. another HyperparameterTuningJob's `hyper_parameter_tuning_job_name`), `autotune`, `tags`.
    Ranges are checked before any call: bounds that are not numbers or are out of order, Logarithmic
    scaling from a non-positive minimum, a parameter tuned twice or both static and tuned, an objective
    metric a custom image does not define, Grid with continuous ranges, more parallel jobs than jobs.

    `hyper_parameter_tuning_job_name` is optional (SageMaker allows 32 characters: generated names keep
    the resource name first, cut to fit, and a short suffix, stable so an interrupted `up` adopts the
    job). `pulumi up` waits until the tuning job has Completed (or `wait_for="InProgress"`), printing the
    training jobs completed, in progress and failed and the best objective so far; `best_training_job`
    and `best_model_artifacts` then feed a HostingDeployment in the same run. Any change but tags
    replaces the job; destroying a running one stops it and its training jobs.
    """
