"""The rig's checkpoint: what the engine would have written to the stack's state after a run."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Declared",
    "PendingOperation",
    "ProviderDied",
    "ResourceError",
    "ResourceState",
    "RunResult",
    "State",
]

DYNAMIC_PREFIX = "pulumi-python:dynamic"


@dataclass
class ResourceState:
    """One custom resource as the checkpoint records it."""

    urn: str
    type: str
    name: str
    id: str
    inputs: dict[str, Any]  # the CHECKED inputs (what `check` returned), as the engine stores them
    outputs: dict[str, Any]  # what create/update/read returned, `__provider` included for dynamic ones
    provider: str | None = None  # the `__provider` string for dynamic resources
    protect: bool = False
    retain_on_delete: bool = False

    @property
    def dynamic(self) -> bool:
        return self.type.startswith(DYNAMIC_PREFIX)


@dataclass
class Declared:
    """One resource as the program declared it in a run, components included: what the engine hands a
    policy pack's Analyze. `inputs` are the checked inputs for dynamic resources (unknowns stay
    `Unknown` in a preview) and the registered inputs, secrets unwrapped, for the others."""

    urn: str
    type: str
    name: str
    custom: bool
    inputs: dict[str, Any]
    parent: str = ""
    provider: str = ""  # the explicit provider reference ("<urn>::<id>"), if any
    protect: bool = False
    retain_on_delete: bool = False
    remote: bool = False  # a multi-language component (e.g. helm.v4.Chart): its children come from a plugin
    dependencies: list[str] = field(default_factory=list)


class ProviderDied(BaseException):
    """Raise it in the provider (from a hook, or a botocore event handler on its clients) to stop it as a
    kill would: no handler of the provider's catches a BaseException, so nothing after that point runs
    (no clean-up, no answer), and the run ends with the operation pending, as the engine records an
    operation its provider never answered."""


@dataclass
class PendingOperation:
    """An operation the engine started and never heard the end of (the provider, or the CLI, died).

    `type` is the engine's: "creating" (the resource is not in state; `resource` holds what was being
    created, without an id), "updating" or "deleting" (the resource is in state as it was before)."""

    urn: str
    name: str
    type: str
    resource: ResourceState | None = None


@dataclass
class State:
    """Ordered resources keyed by URN (dependencies before dependents), plus what a failed run left.

    `pending_deletes` are old halves of create-before-delete replacements whose delete did not happen
    (the run failed first); the next run deletes them before running the program, as the engine does.
    `pending_operations` are operations a run started and never saw end (`ProviderDied`): as the engine
    does, the next `run` refuses to go on until a `refresh` has read what really exists.
    `outputs` are the stack outputs of the last successful run. Plain data: picklable and deep-copyable.
    Values the program marked secret (and values the providers marked) are held in the wire's secret
    form, as the engine's state file holds them encrypted.
    """

    resources: dict[str, ResourceState] = field(default_factory=dict)
    pending_deletes: list[ResourceState] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    pending_operations: list[PendingOperation] = field(default_factory=list)

    def get(self, name: str) -> ResourceState:
        """The resource with this URN or this (unique) logical name."""
        if name in self.resources:
            return self.resources[name]
        found = [r for r in self.resources.values() if r.name == name]
        if not found:
            raise KeyError(f"no resource named {name!r} in state (have: {', '.join(self.names()) or 'none'})")
        if len(found) > 1:
            raise LookupError(f"several resources are named {name!r}: {[r.urn for r in found]}")
        return found[0]

    def names(self) -> list[str]:
        return [r.name for r in self.resources.values()]

    def __contains__(self, name: object) -> bool:
        return name in self.resources or any(r.name == name for r in self.resources.values())

    def __len__(self) -> int:
        return len(self.resources)

    def copy(self) -> State:
        return copy.deepcopy(self)


@dataclass
class RunResult:
    """What `run` (or `refresh`) produced."""

    # Stack outputs, resolved: `Unknown` where a preview cannot know; numbers are floats (the wire's).
    outputs: dict[str, Any]
    state: State  # pass to the next run (a preview returns the prior state unchanged)
    operations: list[tuple[str, str]]  # (create|update|replace|delete|same|read, resource name), in order
    secret_outputs: frozenset[str] = frozenset()  # names of stack outputs that were secrets (unwrapped above)
    preview: bool = False
    declared: list[Declared] = field(default_factory=list)  # every resource the program declared, in order

    def ops(self, kind: str) -> list[str]:
        """Names of the resources that went through `kind` (e.g. `result.ops("create")`)."""
        return [name for op, name in self.operations if op == kind]


class ResourceError(Exception):
    """A run failed. `state` is the checkpoint as the engine would have left it, for the next run.

    `urn` names the failing resource (the stack's URN when the program itself raised); `message` is
    the first meaningful line of the provider's (or program's) error; `failures` lists
    (property, reason) pairs when `check` rejected the inputs. The original exception is `__cause__`.
    """

    def __init__(
        self,
        urn: str,
        message: str,
        state: State | None = None,
        failures: list[tuple[str, str]] | None = None,
        operations: list[tuple[str, str]] | None = None,
    ) -> None:
        self.urn = urn
        self.message = message
        self.state = state if state is not None else State()
        self.failures = list(failures or [])
        self.operations = list(operations or [])  # what the failed run did before failing
        super().__init__(f"{urn}: {message}")

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    def __reduce__(self) -> tuple[Any, ...]:
        return (ResourceError, (self.urn, self.message, self.state, self.failures, self.operations))
