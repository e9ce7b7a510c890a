"""The Pulumi surface: dynamic resources and their providers."""

from .job_provider import JobProvider
from .training_job import TrainingJob, TrainingJobProvider

__all__ = ["JobProvider", "TrainingJob", "TrainingJobProvider"]
