"""What CreateTrainingJob refuses at create time and botocore's model cannot say (aws-behaviour.md:
"CreateTrainingJob checks AWS makes that botocore's client-side validation does not"), checked before
any call so that `pulumi preview` names the property. Used for a training job, and for each training
job definition of a tuning job. Unknown values (preview) are never judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ..shapes import Failure, Path, contains_unknown, spelled

MAX_RUNTIME_SECONDS = 28 * 24 * 3600  # the API reference's bound on StoppingCondition.MaxRuntimeInSeconds
DEFAULT_RUNTIME_SECONDS = 24 * 3600  # SageMaker's when no stopping condition is given
# Instance families with instance storage (NVMe SSD, the "d" families and the GPU/Trainium ones that
# have it): every other training instance is EBS-only and needs a VolumeSizeInGB. Not in botocore's
# model; from the instance type pages of the SageMaker pricing and the EC2 instance specifications.
INSTANCE_STORAGE = re.compile(r"ml\.(\w+d\w*|g5|g6|g6e|g7|g7e|p5|p5e|p5en|p6-\w+|p6e-\w+|trn1|trn1n|trn2)\.")

Report = Callable[[Path, str], None]


def check(inputs: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Failure]:
    """A training job's rules (its kind's `rules` hook)."""
    failures: list[Failure] = []

    def fail(path: Path, reason: str) -> None:
        failures.append(Failure(spelled("CreateTrainingJob", raw, path), reason))

    check_definition(inputs, (), fail)
    return failures


def check_definition(definition: Mapping[str, Any], where: Path, fail: Report) -> None:
    """The rules for one training job (or tuning job definition) at `where` in the request."""
    if contains_unknown(definition):
        return
    resources = definition.get("resource_config")
    if resources is None:  # a tuning definition may give its resources the other way
        resources = definition.get("hyper_parameter_tuning_resource_config")
        resources_key = "hyper_parameter_tuning_resource_config"
    else:
        resources_key = "resource_config"
    if isinstance(resources, Mapping):
        _resources(resources, (*where, resources_key), fail)
    algorithm = definition.get("algorithm_specification")
    if isinstance(algorithm, Mapping) and ("training_image" in algorithm) == ("algorithm_name" in algorithm):
        fail(
            (*where, "algorithm_specification"),
            "set exactly one of training_image (a container image) or algorithm_name (an algorithm "
            "resource or a built-in algorithm)",
        )
    _stopping(definition, where, fail)


def _resources(resources: Mapping[str, Any], where: Path, fail: Report) -> None:
    groups = resources.get("instance_groups") or resources.get("instance_configs")
    count, instance = resources.get("instance_count"), resources.get("instance_type")
    if resources.get("instance_groups") and ("instance_type" in resources or "instance_count" in resources):
        fail(
            (*where, "instance_groups"),
            "set either instance_groups (a heterogeneous cluster) or instance_type and instance_count, "
            "not both: SageMaker refuses InstanceType or InstanceCount with InstanceGroups",
        )
        return
    if groups:
        return
    if isinstance(count, int) and count < 1:
        fail(
            (*where, "instance_count"),
            f"must be >= 1 with an instance_type (0 only with instance_groups), got {count}",
        )
    volume = resources.get("volume_size_in_gb")
    if isinstance(instance, str) and not INSTANCE_STORAGE.match(instance) and not volume:
        fail(
            (*where, "volume_size_in_gb"),
            f"is required for {instance}, which has no instance storage (EBS only): give the volume's "
            "size in GB",
        )


def _stopping(definition: Mapping[str, Any], where: Path, fail: Report) -> None:
    stopping = definition.get("stopping_condition")
    stopping = stopping if isinstance(stopping, Mapping) else {}
    runtime, wait = stopping.get("max_runtime_in_seconds"), stopping.get("max_wait_time_in_seconds")
    spot = definition.get("enable_managed_spot_training") is True
    if isinstance(runtime, int) and runtime > MAX_RUNTIME_SECONDS:
        fail(
            (*where, "stopping_condition", "max_runtime_in_seconds"),
            f"must be at most {MAX_RUNTIME_SECONDS} (28 days), got {runtime}",
        )
    if wait is not None and not spot:
        fail(
            (*where, "stopping_condition", "max_wait_time_in_seconds"),
            "is only for managed spot training: set enable_managed_spot_training=true, or leave it out",
        )
    elif spot and not isinstance(wait, int):
        fail(
            (*where, "stopping_condition", "max_wait_time_in_seconds"),
            "is required with enable_managed_spot_training: how long to wait for spot capacity and "
            "train, at least max_runtime_in_seconds",
        )
    elif spot and isinstance(wait, int):
        bound = runtime if isinstance(runtime, int) else DEFAULT_RUNTIME_SECONDS
        if wait < bound:
            fail(
                (*where, "stopping_condition", "max_wait_time_in_seconds"),
                f"must be >= max_runtime_in_seconds ({bound}), got {wait}",
            )
