"""Lifecycles: create-or-adopt, wait with progress and a deadline, diff, update, read, delete."""

from .base import Diff
from .errors import AdoptionConflict, ApiRejected, JobFailed, NameTaken, ProviderFailure, WaitTimeout
from .jobs import OPTIONS, WAIT_FOR_VALUES, JobLifecycle
from .logs import LogTail
from .naming import auto_name
from .progress import Progress
from .region import OPERATOR_ENDPOINT, REGION, check_endpoint_option, check_region_option, region_moved
from .shared_poll import Looker, SharedList, shared_list
from .waiter import Deadline, DeadlinePassed, Schedule, wait

__all__ = [
    "OPERATOR_ENDPOINT",
    "OPTIONS",
    "REGION",
    "WAIT_FOR_VALUES",
    "AdoptionConflict",
    "ApiRejected",
    "Deadline",
    "DeadlinePassed",
    "Diff",
    "JobFailed",
    "JobLifecycle",
    "LogTail",
    "Looker",
    "NameTaken",
    "Progress",
    "ProviderFailure",
    "Schedule",
    "SharedList",
    "WaitTimeout",
    "auto_name",
    "check_endpoint_option",
    "check_region_option",
    "region_moved",
    "shared_list",
    "wait",
]
