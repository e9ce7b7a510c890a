"""The API groups and kinds `from_manifests` reads, and what each becomes.

The original SageMaker Operator for Kubernetes (`sagemaker.aws.amazon.com/v1`) and ACK's SageMaker
controller (`sagemaker.services.k8s.aws/v1alpha1`) name the same SageMaker resources differently
(BatchTransformJob / TransformJob, HyperparameterTuningJob / HyperParameterTuningJob). Autoscaling
documents (the operator's HostingAutoscalingPolicy, ACK's Application Auto Scaling ScalableTarget and
ScalingPolicy) become no resource of their own: they are attached to the endpoint variants they target.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

OPERATOR, ACK, AUTOSCALING = "operator", "ack", "autoscaling"
GROUPS = {
    "sagemaker.aws.amazon.com": ("v1", OPERATOR),
    "sagemaker.services.k8s.aws": ("v1alpha1", ACK),
    "applicationautoscaling.services.k8s.aws": ("v1alpha1", AUTOSCALING),
}


@dataclass(frozen=True)
class Entry:
    """A kind of one API group: the resource class it becomes (None: attached to an endpoint), the Create
    call its spec is, and the spec member that holds the SageMaker name (None: it has none, and the
    document's metadata.name is how others refer to it)."""

    group: str
    kind: str
    flavour: str
    resource: str | None
    operation: str | None
    name_key: str | None

    @property
    def api_version(self) -> str:
        return f"{self.group}/{GROUPS[self.group][0]}"


def _entries() -> tuple[Entry, ...]:
    operator, ack, aas = (
        "sagemaker.aws.amazon.com",
        "sagemaker.services.k8s.aws",
        ("applicationautoscaling.services.k8s.aws"),
    )
    jobs = (
        ("TrainingJob", "CreateTrainingJob", "training_job_name"),
        ("HyperparameterTuningJob", "CreateHyperParameterTuningJob", "hyper_parameter_tuning_job_name"),
        ("BatchTransformJob", "CreateTransformJob", "transform_job_name"),
        ("ProcessingJob", "CreateProcessingJob", "processing_job_name"),
    )
    ack_kinds = {"HyperparameterTuningJob": "HyperParameterTuningJob", "BatchTransformJob": "TransformJob"}
    found = []
    for resource, operation, name_key in jobs:
        found.append(Entry(operator, resource, OPERATOR, resource, operation, name_key))
        found.append(Entry(ack, ack_kinds.get(resource, resource), ACK, resource, operation, name_key))
    found += [
        Entry(operator, "HostingDeployment", OPERATOR, "HostingDeployment", None, "endpoint_name"),
        Entry(operator, "Model", OPERATOR, "Model", "CreateModel", None),
        Entry(operator, "EndpointConfig", OPERATOR, "EndpointConfig", "CreateEndpointConfig", None),
        Entry(operator, "HostingAutoscalingPolicy", OPERATOR, None, None, None),
        Entry(ack, "Model", ACK, "Model", "CreateModel", "model_name"),
        Entry(ack, "EndpointConfig", ACK, "EndpointConfig", "CreateEndpointConfig", "endpoint_config_name"),
        Entry(ack, "Endpoint", ACK, "Endpoint", "CreateEndpoint", "endpoint_name"),
        Entry(aas, "ScalableTarget", AUTOSCALING, None, None, None),
        Entry(aas, "ScalingPolicy", AUTOSCALING, None, None, None),
    ]
    return tuple(found)


ENTRIES = _entries()
_BY_KEY = {(e.group, e.kind): e for e in ENTRIES}


def is_ours(group: str) -> bool:
    """A group meant for SageMaker (ours, or a mangled copy of one): never skipped, always judged."""
    return group in GROUPS or "sagemaker" in group.lower()


def find(api_version: object, kind: object) -> tuple[Entry | None, str | None]:
    """The entry for a document's apiVersion and kind, or why there is none (with the fix)."""
    if not isinstance(api_version, str) or not api_version:
        return None, f"apiVersion must be <group>/<version>, got {api_version!r}"
    group, _, version = api_version.rpartition("/")
    if not isinstance(kind, str) or not kind:
        return None, "kind is required"
    if group not in GROUPS:
        return None, _unknown_group(group, kind) if group else _core(version)
    wanted, _ = GROUPS[group]
    if version != wanted:
        return None, f"version {version!r} of {group} is not one this project reads: use {group}/{wanted}"
    entry = _BY_KEY.get((group, kind))
    if entry is None:
        kinds = sorted(e.kind for e in ENTRIES if e.group == group)
        close = difflib.get_close_matches(kind, kinds, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        passing = ' (with via="cluster", the controller applies other ACK kinds as they are)'
        return None, (
            f"kind {kind!r} of {group} is not one from_manifests deploys; {hint}the kinds are: "
            f"{', '.join(kinds)}{passing if GROUPS[group][1] != OPERATOR else ''}"
        )
    return entry, None


def _core(version: str) -> str:
    groups = ", ".join(f"{g}/{v}" for g, (v, _) in GROUPS.items())
    return (
        f"apiVersion {version!r} (Kubernetes' core group) is not one this project reads ({groups}); "
        "skip_unknown=True leaves documents of other API groups out"
    )


def _unknown_group(group: str, kind: str) -> str:
    known = [e for e in ENTRIES if e.kind == kind]
    if known:
        versions = " or ".join(sorted({e.api_version for e in known}))
        return f"apiVersion group {group!r} is not one this project reads: {kind} is {versions}"
    groups = ", ".join(f"{g}/{v}" for g, (v, _) in GROUPS.items())
    what = f"apiVersion group {group!r}"
    skip = "" if is_ours(group) else "; skip_unknown=True leaves documents of other API groups out"
    return f"{what} is not one this project reads ({groups}){skip}"
