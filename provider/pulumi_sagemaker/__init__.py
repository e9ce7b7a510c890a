"""Amazon SageMaker training jobs and hosting deployments as Pulumi resources."""

from .resources import HostingDeployment, TrainingJob

__all__ = ["HostingDeployment", "TrainingJob"]
