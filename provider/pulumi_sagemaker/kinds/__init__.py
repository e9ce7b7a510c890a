"""Each SageMaker resource kind described once, as data (see kind.py for what is derived)."""

from .hooks import KindHooks
from .kind import Described, Kind, Output, Statuses
from .training_job import TRAINING_JOB, training_log_url

__all__ = ["TRAINING_JOB", "Described", "Kind", "KindHooks", "Output", "Statuses", "training_log_url"]
