"""The Pulumi surface: dynamic resources and their providers."""

from .base import SageMakerProvider
from .hosting_deployment import HostingDeployment, HostingDeploymentProvider
from .job_provider import JobProvider
from .processing_job import ProcessingJob, ProcessingJobProvider
from .training_job import TrainingJob, TrainingJobProvider
from .transform_job import BatchTransformJob, BatchTransformJobProvider
from .tuning_job import HyperparameterTuningJob, HyperparameterTuningJobProvider

__all__ = [
    "BatchTransformJob",
    "BatchTransformJobProvider",
    "HostingDeployment",
    "HostingDeploymentProvider",
    "HyperparameterTuningJob",
    "HyperparameterTuningJobProvider",
    "JobProvider",
    "ProcessingJob",
    "ProcessingJobProvider",
    "SageMakerProvider",
    "TrainingJob",
    "TrainingJobProvider",
]
