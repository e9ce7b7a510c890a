"""What every job resource shares: its provider runs the generic job lifecycle for the resource's kind,
and its properties are the user's fields, our options and the kind's outputs (declared once, on the kind).

Provider classes live in the installed package so that dill pickles them by reference: never rename
or move one once released (existing Pulumi state names it).
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

import pulumi

from ..aws import Aws
from ..kinds import Kind
from ..lifecycle import JobLifecycle
from .base import SageMakerProvider

R = TypeVar("R", bound=type)


class JobProvider(SageMakerProvider):
    kind: ClassVar[Kind]

    def new_lifecycle(self, aws: Aws) -> JobLifecycle:
        return JobLifecycle(self.kind, aws)


def job_props(kind: Kind, resource_name: str, fields: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The property bag of a job resource. Outputs are present (as None) so that Pulumi exposes them as
    attributes; `name_seed` makes generated names stable per stack."""
    props: dict[str, Any] = {name: None for name in kind.output_names}
    props.update(fields)
    props.update(options)
    props["name_seed"] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
    return props


def outputs_of(kind: Kind) -> Any:
    """Class decorator: the resource's output attributes, typed, from the kind's one declaration."""

    def declare(cls: R) -> R:
        annotations = dict(getattr(cls, "__annotations__", {}))
        for output in kind.outputs:
            annotations[output.name] = pulumi.Output[output.type]  # type: ignore[name-defined]
        cls.__annotations__ = annotations
        return cls

    return declare
