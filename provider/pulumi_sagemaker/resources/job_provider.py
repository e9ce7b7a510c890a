"""The dynamic-provider hooks of a job kind, delegating to the generic job lifecycle.

Provider classes live in the installed package so that dill pickles them by reference: never rename
or move one once released (existing Pulumi state names it).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..aws import Aws, AwsSettings
from ..kinds import JobKind
from ..lifecycle import JobLifecycle


class JobProvider(ResourceProvider):
    kind: ClassVar[JobKind]

    def __init__(self) -> None:
        super().__init__()
        self._aws: Aws | None = None

    # Nothing of a configured provider is pickled: clients are not picklable, and the settings come
    # from the stack config each time the provider process starts.
    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._aws = None

    def configure(self, req: ConfigureRequest) -> None:
        self._aws = Aws(AwsSettings.from_config(req.config))

    @property
    def lifecycle(self) -> JobLifecycle:
        if self._aws is None:  # not configured (e.g. called directly): environment only
            self._aws = Aws(AwsSettings.from_config(None))
        return JobLifecycle(self.kind, self._aws)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = self.lifecycle.check(news)
        return CheckResult(inputs, [CheckFailure(f.path, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        diff = self.lifecycle.diff(olds, news)
        return DiffResult(changes=diff.changes, replaces=diff.replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        name, outs = self.lifecycle.create(props)
        return CreateResult(name, outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.lifecycle.update(id_, olds, news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found, outs = self.lifecycle.read(id_, props)
        return ReadResult(found, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.lifecycle.delete(id_, props)
