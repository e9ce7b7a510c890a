"""Each SageMaker resource kind described once, as data."""

from .job_kind import JobKind
from .training_job import TRAINING_JOB, training_log_url

__all__ = ["TRAINING_JOB", "JobKind", "training_log_url"]
