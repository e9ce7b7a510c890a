"""What every job resource shares: its provider runs the generic job lifecycle for the resource's kind,
and its properties are the user's fields, our options and the kind's outputs (declared once, on the kind).

Provider classes live in the installed package so that dill pickles them by reference: never rename
or move one once released (existing Pulumi state names it).
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from typing import Any, ClassVar, TypeVar

import pulumi

from ..aws import Aws
from ..kinds import Kind
from ..lifecycle import JobLifecycle
from .base import SageMakerProvider
from .secrets import with_secret_values

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
    return with_secret_values(props)


def outputs_of(kind: Kind) -> Any:
    """Class decorator: the resource's output attributes, typed, from the kind's one declaration."""

    def declare(cls: R) -> R:
        annotations = dict(getattr(cls, "__annotations__", {}))
        for output in kind.outputs:
            annotations[output.name] = pulumi.Output[runtime_type(output.type)]  # type: ignore[name-defined]
        cls.__annotations__ = annotations
        return cls

    return declare


def runtime_type(declared: Any) -> Any:
    """The type Pulumi may see at run time. Pulumi reads a resource's output annotations to translate
    outputs into `@pulumi.output_type` classes; a TypedDict is no such class (its values are plain
    dicts), so at run time it is a `dict[str, Any]`, in a union too."""
    if hasattr(declared, "__required_keys__"):
        return dict[str, Any]
    arguments = typing.get_args(declared)
    if isinstance(declared, types.UnionType) and any(hasattr(a, "__required_keys__") for a in arguments):
        return functools.reduce(operator.or_, (runtime_type(a) for a in arguments))
    return declared
