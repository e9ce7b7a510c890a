"""Each SageMaker resource kind described once, as data (see kind.py for what is derived)."""

from .hooks import KindHooks
from .hosting import ENDPOINT, ENDPOINT_CONFIG, MODEL, VariantSummary, variant_summaries
from .kind import NAME_OUTPUT, Described, Kind, Output, Statuses
from .models import check_containers
from .processing_job import PROCESSING_JOB
from .training_job import TRAINING_JOB, training_log_url
from .transform_job import TRANSFORM_JOB
from .tuning_job import TUNING_JOB, BestTrainingJob
from .urls import console_url, runtime_url
from .variants import check_capacity

JOB_KINDS = (TRAINING_JOB, TUNING_JOB, TRANSFORM_JOB, PROCESSING_JOB)

__all__ = [
    "ENDPOINT",
    "ENDPOINT_CONFIG",
    "JOB_KINDS",
    "MODEL",
    "NAME_OUTPUT",
    "PROCESSING_JOB",
    "TRAINING_JOB",
    "TRANSFORM_JOB",
    "TUNING_JOB",
    "BestTrainingJob",
    "Described",
    "Kind",
    "KindHooks",
    "Output",
    "Statuses",
    "VariantSummary",
    "check_capacity",
    "check_containers",
    "console_url",
    "runtime_url",
    "training_log_url",
    "variant_summaries",
]
