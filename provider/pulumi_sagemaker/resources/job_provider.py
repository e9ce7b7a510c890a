"""The dynamic-provider hooks of a job kind: the shared provider running the generic job lifecycle.

Provider classes live in the installed package so that dill pickles them by reference: never rename
or move one once released (existing Pulumi state names it).
"""

from __future__ import annotations

from typing import ClassVar

from ..aws import Aws
from ..kinds import Kind
from ..lifecycle import JobLifecycle
from .base import SageMakerProvider


class JobProvider(SageMakerProvider):
    kind: ClassVar[Kind]

    def new_lifecycle(self, aws: Aws) -> JobLifecycle:
        return JobLifecycle(self.kind, aws)
