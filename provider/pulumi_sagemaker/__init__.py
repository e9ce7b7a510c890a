"""Amazon SageMaker training, tuning, batch transform and processing jobs and hosting deployments as
Pulumi resources."""

from .resources import (
    BatchTransformJob,
    HostingDeployment,
    HyperparameterTuningJob,
    ProcessingJob,
    TrainingJob,
)

__all__ = [
    "BatchTransformJob",
    "HostingDeployment",
    "HyperparameterTuningJob",
    "ProcessingJob",
    "TrainingJob",
]
