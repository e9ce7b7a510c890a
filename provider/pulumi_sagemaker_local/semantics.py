"""Checks SageMaker makes at create time that botocore's model cannot express (aws-behaviour.md).

Each function returns the refusals for one request, worded as AWS words them where that is on
record ("Invalid MaxWaitTimeInSeconds. ...", "InstanceType or InstanceCount cannot be specified
with InstanceGroups"); the rest follow AWS's constraint style ("Value 0 at 'path' failed to
satisfy constraint: ..."). The caller raises them as one ValidationException before anything is
created.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import validation

MAX_TRAINING_RUNTIME = 28 * 24 * 3600  # 28 days (API reference: StoppingCondition)
_SERVERLESS_MEMORY_STEP = 1024
# Training instance families with instance storage (NVMe): all others are EBS-only and need a volume.
_INSTANCE_STORAGE = re.compile(r"ml\.(\w+d\w*|g5|g6|g6e|g7|g7e|p5|p5e|p5en|p6-\w+|p6e-\w+|trn1|trn1n|trn2)\.")


def refuse(problems: list[str]) -> None:
    """Raise the first refusal, as SageMaker answers one semantic error at a time."""
    if problems:
        raise validation(problems[0])


def _constraint(value: Any, path: str, rule: str) -> str:
    return f"Value {value} at '{path}' failed to satisfy constraint: {rule}"


def training(request: dict[str, Any], prefix: str = "") -> list[str]:
    """CreateTrainingJob, or one HyperParameterTrainingJobDefinition of a tuning job."""
    problems: list[str] = []
    resources = request.get("ResourceConfig") or {}
    groups = resources.get("InstanceGroups")
    if groups and ("InstanceType" in resources or "InstanceCount" in resources):
        problems.append("InstanceType or InstanceCount cannot be specified with InstanceGroups")
    if not groups and resources:
        count = resources.get("InstanceCount")
        if count is not None and count < 1:
            path = f"{prefix}resourceConfig.instanceCount"
            problems.append(_constraint(count, path, "Member must have value greater than or equal to 1"))
        instance = resources.get("InstanceType", "")
        if instance and not _INSTANCE_STORAGE.match(instance) and not resources.get("VolumeSizeInGB"):
            problems.append(
                f"VolumeSizeInGB must be specified (and greater than 0) for instance type {instance}, "
                "which has no instance storage."
            )
    algorithm = request.get("AlgorithmSpecification") or {}
    if ("TrainingImage" in algorithm) == ("AlgorithmName" in algorithm):
        problems.append(
            "Exactly one of TrainingImage or AlgorithmName must be specified in AlgorithmSpecification."
        )
    stopping = request.get("StoppingCondition") or {}
    runtime = stopping.get("MaxRuntimeInSeconds")
    if runtime is not None and runtime > MAX_TRAINING_RUNTIME:
        path = f"{prefix}stoppingCondition.maxRuntimeInSeconds"
        problems.append(
            _constraint(runtime, path, f"Member must have value less than or equal to {MAX_TRAINING_RUNTIME}")
        )
    wait = stopping.get("MaxWaitTimeInSeconds")
    if wait is not None and not request.get("EnableManagedSpotTraining"):
        problems.append(
            "Invalid MaxWaitTimeInSeconds. It is only supported when EnableManagedSpotTraining is set to true"
        )
    elif request.get("EnableManagedSpotTraining") and (wait is None or wait < (runtime or 86400)):
        problems.append(
            "Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal to "
            "MaxRuntimeInSeconds"
        )
    return problems


def tuning(request: dict[str, Any]) -> list[str]:
    definitions = request.get("TrainingJobDefinitions") or [request.get("TrainingJobDefinition") or {}]
    problems: list[str] = []
    for index, definition in enumerate(definitions, 1):
        prefix = (
            f"trainingJobDefinitions.{index}.member."
            if "TrainingJobDefinitions" in request
            else "trainingJobDefinition."
        )
        resources = _tuning_resources(definition)
        problems += training({**definition, "ResourceConfig": resources}, prefix)
    config = request["HyperParameterTuningJobConfig"]
    ranges = [config.get("ParameterRanges") or {}] + [
        d.get("HyperParameterRanges") or {} for d in definitions
    ]
    for given in ranges:
        problems += _ranges(given, grid=config["Strategy"] == "Grid")
    limits = config["ResourceLimits"]
    if config["Strategy"] != "Grid" and "MaxNumberOfTrainingJobs" not in limits:
        problems.append("MaxNumberOfTrainingJobs must be specified unless the strategy is Grid.")
    return problems


def _number(text: str, integer: bool) -> float | None:
    try:
        return int(text) if integer else float(text)
    except ValueError:
        return None


def _ranges(ranges: dict[str, Any], *, grid: bool) -> list[str]:
    """Numeric ranges that are numbers, in order, on a scale that fits them; Grid: categorical only."""
    problems: list[str] = []
    if grid and (ranges.get("IntegerParameterRanges") or ranges.get("ContinuousParameterRanges")):
        problems.append("The Grid strategy supports categorical parameter ranges only.")
    for kind, integer in (("IntegerParameterRanges", True), ("ContinuousParameterRanges", False)):
        for given in ranges.get(kind, []):
            name, scaling = given["Name"], given.get("ScalingType", "Auto")
            low, high = _number(given["MinValue"], integer), _number(given["MaxValue"], integer)
            noun = "an integer" if integer else "a number"
            if low is None or high is None:
                problems.append(f"The MinValue and MaxValue of hyperparameter {name} must be {noun}.")
            elif low > high:
                problems.append(f"The MinValue of hyperparameter {name} is greater than its MaxValue.")
            elif scaling == "Logarithmic" and low <= 0:
                problems.append(
                    f"Logarithmic scaling of hyperparameter {name} needs a MinValue greater than 0."
                )
            elif scaling == "ReverseLogarithmic" and (integer or low < 0 or high >= 1):
                problems.append(
                    f"ReverseLogarithmic scaling of hyperparameter {name} needs a continuous range "
                    "within [0, 1)."
                )
    return problems


def _tuning_resources(definition: dict[str, Any]) -> dict[str, Any]:
    if "ResourceConfig" in definition:
        return definition["ResourceConfig"]
    config = definition.get("HyperParameterTuningResourceConfig") or {}
    first = (config.get("InstanceConfigs") or [{}])[0]
    return {
        **first,
        **{k: v for k, v in config.items() if k in ("InstanceType", "InstanceCount", "VolumeSizeInGB")},
    }


def endpoint_config(request: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for index, variant in enumerate(request.get("ProductionVariants", []), 1):
        path = f"productionVariants.{index}.member"
        serverless = variant.get("ServerlessConfig")
        if serverless and ("InstanceType" in variant or "InitialInstanceCount" in variant):
            problems.append(
                f"Variant {variant['VariantName']}: ServerlessConfig cannot be specified with InstanceType "
                "or InitialInstanceCount."
            )
        if serverless:
            memory = serverless.get("MemorySizeInMB", 0)
            if memory % _SERVERLESS_MEMORY_STEP:
                rule = "Member must be a multiple of 1024 (1024, 2048, 3072, 4096, 5120 or 6144)"
                problems.append(_constraint(memory, f"{path}.serverlessConfig.memorySizeInMB", rule))
        elif "InstanceType" not in variant and "InstancePools" not in variant and variant.get("ModelName"):
            # A heterogeneous variant names its instance types in InstancePools instead.
            problems.append(
                f"Variant {variant['VariantName']}: either ServerlessConfig or InstanceType and "
                "InitialInstanceCount must be specified."
            )
        elif "InstanceType" in variant and "InitialInstanceCount" not in variant and variant.get("ModelName"):
            problems.append(
                f"Variant {variant['VariantName']}: InitialInstanceCount must be specified with InstanceType."
            )
        if variant.get("ManagedInstanceScaling") and variant.get("ModelName"):
            problems.append("ManagedInstanceScaling is only supported for inference component endpoints.")
    return problems
