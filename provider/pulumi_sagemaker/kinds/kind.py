"""One descriptor per SageMaker resource kind: what botocore's model knows is derived, the rest is data.

Derived from the model (on first use, so importing costs nothing): the operations (create, describe,
stop, delete, list, update), the name member and its length limit, the ARN and status members, the
status enum and the list call's summary shape. Written by hand, briefly: which statuses mean running,
stopping, succeeded, failed or deleting; the outputs; and the hooks where a kind really differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from botocore import xform_name

from ..shapes import input_shape, output_shape, service_model
from .hooks import DEFAULT_HOOKS, KindHooks


@dataclass(frozen=True)
class Statuses:
    """What each value of a kind's status enum means to a lifecycle.

    `running`: in progress, ends by itself; `stopping`: ending because it was told to; `succeeded`: done
    and usable; `failed`: ended without a usable result (Stopped counts: its output is partial at best);
    `deleting`: being deleted, or a delete that failed: no longer a resource to use or wait for.
    """

    running: frozenset[str]
    stopping: frozenset[str] = frozenset()
    succeeded: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()
    deleting: frozenset[str] = frozenset()

    @property
    def groups(self) -> dict[str, frozenset[str]]:
        return {
            "running": self.running,
            "stopping": self.stopping,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "deleting": self.deleting,
        }

    @property
    def ended(self) -> frozenset[str]:
        """Statuses a wait for the end stops at: nothing more will happen by itself."""
        return self.succeeded | self.failed | self.deleting

    @property
    def ended_badly(self) -> frozenset[str]:
        """Ended without a usable result: the next `up` runs the resource again."""
        return self.failed | self.deleting

    @property
    def active(self) -> frozenset[str]:
        """Still going (and billing): what a destroy stops and waits for."""
        return self.running | self.stopping


@dataclass(frozen=True)
class Described:
    """What an output is read from: the Describe answer, where the resource is, and what hooks added."""

    response: Mapping[str, Any]
    region: str
    extra: Mapping[str, Any] = field(default_factory=dict)


# The output every kind has: the SageMaker name of the resource.
NAME_OUTPUT = "name"


@dataclass(frozen=True)
class Output:
    """One output of a resource: its name, how it is read, its Python type and a line of documentation."""

    name: str
    read: Callable[[Described], Any]
    type: Any
    doc: str


def member(name: str) -> Callable[[Described], Any]:
    """An output read straight off the Describe answer."""
    return lambda d: d.response.get(name)


def timestamp(name: str) -> Callable[[Described], Any]:
    """A Describe timestamp as ISO 8601 text (state holds JSON)."""

    def read(d: Described) -> Any:
        value = d.response.get(name)
        isoformat = getattr(value, "isoformat", None)
        return isoformat() if isoformat is not None else value

    return read


@dataclass(frozen=True, eq=False)
class Kind:
    """A SageMaker resource kind. `noun` is the API's ("TransformJob"), `type_name` the Pulumi type's
    ("BatchTransformJob", as the operator's manifests name it)."""

    noun: str
    type_name: str
    statuses: Statuses | None = None
    outputs: tuple[Output, ...] = ()
    # Secondary statuses that still count as "not started yet" for wait_for="InProgress".
    not_started: frozenset[str] = frozenset()
    # CloudWatch Logs group its containers write to (None: the kind has no logs of its own).
    log_group: str | None = None
    # Create members SageMaker cannot change in place (and SageMaker's Update call can): excluded here,
    # with the reason next to the kind.
    not_updatable: frozenset[str] = frozenset()
    hooks: KindHooks = DEFAULT_HOOKS

    def __post_init__(self) -> None:
        # Every kind has a `name` output beside its API-named one (training_job_name, endpoint_name...):
        # code that handles several kinds, and from_manifests users, read one attribute.
        if NAME_OUTPUT not in (o.name for o in self.outputs):
            object.__setattr__(self, "outputs", (self._name_output(), *self.outputs))

    def _name_output(self) -> Output:
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", self.type_name).lower()
        return Output(
            NAME_OUTPUT,
            lambda d: d.response.get(self.name_member),
            str,
            f"The SageMaker name of the {words}, the same as `{xform_name(self.noun)}_name` (every "
            "resource has a `name`).",
        )

    # -- operations ------------------------------------------------------------------------------

    def _operation(self, verb: str, suffix: str = "") -> str | None:
        name = f"{verb}{self.noun}{suffix}"
        return name if name in service_model().operation_names else None

    @cached_property
    def create(self) -> str:
        return self._required("Create")

    @cached_property
    def describe(self) -> str:
        return self._required("Describe")

    @cached_property
    def stop(self) -> str | None:
        return self._operation("Stop")

    @cached_property
    def delete(self) -> str | None:
        return self._operation("Delete")

    @cached_property
    def update(self) -> str | None:
        return self._operation("Update")

    @cached_property
    def list(self) -> str | None:
        return self._operation("List", "s")

    def _required(self, verb: str) -> str:
        found = self._operation(verb)
        if found is None:
            raise ValueError(f"botocore's SageMaker model has no {verb}{self.noun}")
        return found

    # -- members ---------------------------------------------------------------------------------

    @cached_property
    def name_member(self) -> str:
        return self._member_of(self.create, f"{self.noun}Name", output=False)

    @cached_property
    def name_key(self) -> str:
        """The canonical (snake_case) input key of the name member."""
        return xform_name(self.name_member)

    @cached_property
    def name_limit(self) -> int:
        """The name member's maximum length (32 for tuning jobs, 63 for the rest)."""
        return int(input_shape(self.create).members[self.name_member].metadata["max"])

    @cached_property
    def arn_member(self) -> str:
        return self._member_of(self.describe, f"{self.noun}Arn", output=True)

    @cached_property
    def status_member(self) -> str | None:
        name = f"{self.noun}Status"
        return name if name in output_shape(self.describe).members else None

    @cached_property
    def status_enum(self) -> tuple[str, ...]:
        if self.status_member is None:
            return ()
        return tuple(output_shape(self.describe).members[self.status_member].enum)  # type: ignore[attr-defined]

    @cached_property
    def secondary_status_member(self) -> str | None:
        return "SecondaryStatus" if "SecondaryStatus" in output_shape(self.describe).members else None

    @cached_property
    def summaries(self) -> tuple[str, str] | None:
        """(the list answer's member holding the summaries, the summary shape's name)."""
        if self.list is None:
            return None
        for name, shape in output_shape(self.list).members.items():
            if shape.type_name == "list":
                return name, shape.member.name  # type: ignore[attr-defined]
        return None

    @cached_property
    def in_place(self) -> Mapping[str, frozenset[str] | None]:
        """Create members SageMaker's Update call changes in place, by canonical key: None when the whole
        member is updatable, else the nested keys that are (e.g. resource_config's
        keep_alive_period_in_seconds). Derived from the Update call's input shape."""
        if self.update is None:
            return {}
        create, update = input_shape(self.create).members, input_shape(self.update).members
        found: dict[str, frozenset[str] | None] = {}
        for name, shape in update.items():
            if name == self.name_member or name not in create or xform_name(name) in self.not_updatable:
                continue
            created = create[name]
            if created.name == shape.name or shape.type_name != "structure":
                found[xform_name(name)] = None
                continue
            nested = frozenset(xform_name(m) for m in shape.members if m in created.members)  # type: ignore[attr-defined]
            whole = frozenset(map(xform_name, created.members))  # type: ignore[attr-defined]
            found[xform_name(name)] = None if nested == whole else nested
        return found

    @cached_property
    def input_keys(self) -> tuple[str, ...]:
        """The canonical keys of the Create call's members, in model order."""
        return tuple(xform_name(m) for m in input_shape(self.create).members)

    @cached_property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)

    def _member_of(self, operation: str, name: str, *, output: bool) -> str:
        shape = output_shape(operation) if output else input_shape(operation)
        if name not in shape.members:
            raise ValueError(f"{operation} has no member {name}")
        return name

    def read_outputs(self, described: Described) -> dict[str, Any]:
        return {o.name: o.read(described) for o in self.outputs}
