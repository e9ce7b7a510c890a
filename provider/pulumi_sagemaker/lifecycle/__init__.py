"""Lifecycles: create-or-adopt, wait with progress and a deadline, diff, update, read, delete."""

from . import serving, tags
from .base import COMMON_OPTIONS, Diff, check_common_options
from .create_only import CreateOnlyLifecycle
from .errors import (
    AdoptionConflict,
    ApiRejected,
    JobFailed,
    NameTaken,
    ProviderFailure,
    WaitTimeout,
    one_line,
)
from .jobs import OPTIONS, WAIT_FOR_VALUES, JobLifecycle
from .logs import LogTail
from .naming import auto_name
from .options import check_flag, check_timeout, find_option
from .ownership import ADOPT, OWNER_TAG, check_tags, owner_of, refusal, with_owner
from .progress import Progress
from .region import OPERATOR_ENDPOINT, REGION, check_endpoint_option, check_region_option, region_moved
from .serving import endpoints_serving
from .shared_poll import Looker, SharedList, shared_list
from .waiter import Deadline, DeadlinePassed, Schedule, wait

__all__ = [
    "ADOPT",
    "COMMON_OPTIONS",
    "OPERATOR_ENDPOINT",
    "OPTIONS",
    "OWNER_TAG",
    "REGION",
    "WAIT_FOR_VALUES",
    "AdoptionConflict",
    "ApiRejected",
    "CreateOnlyLifecycle",
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
    "check_common_options",
    "check_endpoint_option",
    "check_flag",
    "check_region_option",
    "check_tags",
    "check_timeout",
    "endpoints_serving",
    "find_option",
    "one_line",
    "owner_of",
    "refusal",
    "region_moved",
    "serving",
    "shared_list",
    "tags",
    "wait",
    "with_owner",
]
