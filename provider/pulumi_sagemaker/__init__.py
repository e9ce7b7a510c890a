"""Amazon SageMaker training, tuning, batch transform and processing jobs, hosting deployments, and
standalone models, endpoint configs and endpoints as Pulumi resources."""

from .manifests import ManifestError, Manifests, from_manifests
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
