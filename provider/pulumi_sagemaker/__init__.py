"""Amazon SageMaker training, tuning, batch transform and processing jobs, hosting deployments, and
standalone models, endpoint configs and endpoints as Pulumi resources."""

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
    "Model",
    "ProcessingJob",
    "TrainingJob",
]
