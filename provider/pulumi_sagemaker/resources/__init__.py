"""The Pulumi surface: dynamic resources and their providers."""

from .base import SageMakerProvider
from .hosting_deployment import HostingDeployment, HostingDeploymentProvider
from .job_provider import JobProvider
from .training_job import TrainingJob, TrainingJobProvider

__all__ = [
    "HostingDeployment",
    "HostingDeploymentProvider",
    "JobProvider",
    "SageMakerProvider",
    "TrainingJob",
    "TrainingJobProvider",
]
