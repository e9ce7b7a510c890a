"""Lifecycles: create-or-adopt, wait with progress and a deadline, diff, update, read, delete."""

from .errors import AdoptionConflict, ApiRejected, JobFailed, NameTaken, ProviderFailure, WaitTimeout
from .jobs import OPTIONS, WAIT_FOR_VALUES, Diff, JobLifecycle
from .progress import Progress

__all__ = [
    "OPTIONS",
    "WAIT_FOR_VALUES",
    "AdoptionConflict",
    "ApiRejected",
    "Diff",
    "JobFailed",
    "JobLifecycle",
    "NameTaken",
    "Progress",
    "ProviderFailure",
    "WaitTimeout",
]
