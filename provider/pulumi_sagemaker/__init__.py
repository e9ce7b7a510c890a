"""Amazon SageMaker training jobs and hosting deployments as Pulumi resources."""

from .resources import TrainingJob

__all__ = ["TrainingJob"]
