"""How this project's resources look to a policy, and walking their inputs without tripping on unknowns.

pulumi-sagemaker's resources are dynamic resources: their type is `pulumi-python:dynamic/sagemaker:<Kind>`
and the engine hands a policy the inputs its provider's `check` returned: snake_case SageMaker members
whatever casing the program used (operator manifests' lowerCamelCase included), numbers as floats, plus
`__provider` (the pickled provider) and bookkeeping keys (`name_seed`, `wait_for`). pulumi-aws resources
arrive in camelCase (`assumeRolePolicy`), as the engine sends them.

In a preview some values are unknown; pulumi-policy raises UnknownValueError when one is read and reports
the policy as not run. `paths` reads only what a rule needs, and treats an unknown leaf as "set".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import UnknownValueError

DYNAMIC_PREFIX = "pulumi-python:dynamic/sagemaker:"

TRAINING_JOB = "TrainingJob"
TUNING_JOB = "HyperParameterTuningJob"
TRANSFORM_JOB = "TransformJob"
PROCESSING_JOB = "ProcessingJob"
HOSTING = "HostingDeployment"


def kind(resource_type: str) -> str | None:
    """The SageMaker kind of a pulumi-sagemaker resource type, or None for anything else."""
    return resource_type[len(DYNAMIC_PREFIX) :] if resource_type.startswith(DYNAMIC_PREFIX) else None


Path = tuple[str, ...]  # keys; "*" steps into every item of a list

# Where each kind keeps what the rules look at (anchors: objects that, when present, must carry the key).
TUNING_DEFINITIONS: list[Path] = [("training_job_definition",), ("training_job_definitions", "*")]
KMS: dict[str, list[tuple[Path, str]]] = {
    TRAINING_JOB: [(("resource_config",), "volume_kms_key_id"), (("output_data_config",), "kms_key_id")],
    TUNING_JOB: [((*d, "resource_config"), "volume_kms_key_id") for d in TUNING_DEFINITIONS]
    + [((*d, "output_data_config"), "kms_key_id") for d in TUNING_DEFINITIONS],
    TRANSFORM_JOB: [(("transform_resources",), "volume_kms_key_id"), (("transform_output",), "kms_key_id")],
    PROCESSING_JOB: [
        (("processing_resources", "cluster_config"), "volume_kms_key_id"),
        (("processing_output_config",), "kms_key_id"),
    ],
    HOSTING: [
        ((), "kms_key_id"),
        (("data_capture_config",), "kms_key_id"),
        (("async_inference_config", "output_config"), "kms_key_id"),
    ],
}
# The objects that carry vpc_config / enable_network_isolation for each kind (a transform job runs in
# its model's network: the model's HostingDeployment or Model carries it).
NETWORK_UNITS: dict[str, list[Path]] = {
    TRAINING_JOB: [()],
    TUNING_JOB: TUNING_DEFINITIONS,
    PROCESSING_JOB: [("network_config",)],
    HOSTING: [("models", "*")],
}
INSTANCE_TYPES: dict[str, list[Path]] = {
    TRAINING_JOB: [
        ("resource_config", "instance_type"),
        ("resource_config", "instance_groups", "*", "instance_type"),
    ],
    TUNING_JOB: [(*d, "resource_config", "instance_type") for d in TUNING_DEFINITIONS],
    TRANSFORM_JOB: [("transform_resources", "instance_type")],
    PROCESSING_JOB: [("processing_resources", "cluster_config", "instance_type")],
    HOSTING: [("production_variants", "*", "instance_type")],
}
TRAINING_RUNTIME: dict[str, list[Path]] = {
    TRAINING_JOB: [("stopping_condition", "max_runtime_in_seconds")],
    TUNING_JOB: [(*d, "stopping_condition", "max_runtime_in_seconds") for d in TUNING_DEFINITIONS],
}


def _has(node: Mapping[str, Any], key: str) -> bool:
    return key in list(node)  # iterating keys never reads (so never trips on) an unknown value


def nodes(props: Mapping[str, Any], path: Path, where: str = "") -> Iterator[tuple[str, Any]]:
    """(property path as written, value) for every node at `path` that exists. Reading a value that is
    unknown raises pulumi-policy's UnknownValueError (the policy cannot run in this preview)."""
    if not path:
        yield where or ".", props
        return
    if isinstance(props, str):
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(props, Sequence) and not isinstance(props, str):
            for i in range(len(props)):
                yield from nodes(props[i], rest, f"{where}[{i}]")
        return
    if isinstance(props, Mapping) and _has(props, head):
        child = f"{where}.{head}" if where else head
        value = props[head]
        if value is not None:
            yield from nodes(value, rest, child)


def present(props: Mapping[str, Any], path: Path) -> bool:
    """Is the value at `path` set (an unknown value counts as set; its parents must be known)?"""
    *parents, key = path
    return any(
        isinstance(node, Mapping) and _has(node, key) and not _is_none(node, key)
        for _, node in nodes(props, tuple(parents))
    )


def missing(props: Mapping[str, Any], anchor: Path, key: str) -> Iterator[str]:
    """Property paths where an object at `anchor` exists but lacks `key` (an unknown value counts as set)."""
    for where, node in nodes(props, anchor):
        if isinstance(node, Mapping) and (not _has(node, key) or _is_none(node, key)):
            yield f"{where}.{key}" if where != "." else key


def _is_none(node: Mapping[str, Any], key: str) -> bool:
    try:
        return node[key] is None
    except UnknownValueError:  # unknown in a preview: it will be set, to something
        return False
