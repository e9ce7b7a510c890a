"""Amazon SageMaker training, tuning, batch transform and processing jobs, hosting deployments, and
standalone models, endpoint configs and endpoints as Pulumi resources."""

from typing import TYPE_CHECKING, Any

from .resources import (
    BatchTransformJob,
    Endpoint,
    EndpointConfig,
    HostingDeployment,
    HyperparameterTuningJob,
    Model,
    ProcessingJob,
    TrainingJob,
)

__all__ = [
    "BatchTransformJob",
    "Endpoint",
    "EndpointConfig",
    "HostingDeployment",
    "HyperparameterTuningJob",
    "ManifestError",
    "Manifests",
    "Model",
    "ProcessingJob",
    "TrainingJob",
    "from_manifests",
]

if TYPE_CHECKING:
    from .manifests import ManifestError, Manifests, from_manifests

_FROM_MANIFESTS = ("ManifestError", "Manifests", "from_manifests")


def __getattr__(name: str) -> Any:
    # The manifests layer (YAML, the operators' kinds) loads when a program first asks for it: a
    # provider process, which imports this package to unpickle one resource's provider, never does,
    # and its first check starts that much sooner.
    if name in _FROM_MANIFESTS:
        from . import manifests

        return getattr(manifests, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
