"""Lifecycles: create-or-adopt, wait with progress and a deadline, diff, update, read, delete."""

from .errors import AdoptionConflict, ApiRejected, JobFailed, NameTaken, ProviderFailure, WaitTimeout
from .jobs import OPTIONS, WAIT_FOR_VALUES, Diff, JobLifecycle
from .naming import auto_name
from .progress import Progress
from .region import REGION, check_region_option, region_moved
from .waiting import DeadlinePassed, poll_until

__all__ = [
    "OPTIONS",
    "REGION",
    "WAIT_FOR_VALUES",
    "AdoptionConflict",
    "ApiRejected",
    "DeadlinePassed",
    "Diff",
    "JobFailed",
    "JobLifecycle",
    "NameTaken",
    "Progress",
    "ProviderFailure",
    "WaitTimeout",
    "auto_name",
    "check_region_option",
    "poll_until",
    "region_moved",
]
