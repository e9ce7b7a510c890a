"""What describes a SageMaker job kind, once, as data. One generic lifecycle runs every kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore import xform_name

# An output is read off the Describe response (and the settings, for console URLs).
OutputReader = Callable[[Mapping[str, Any], str], Any]


@dataclass(frozen=True)
class JobKind:
    """A SageMaker job kind: its operations, statuses, naming and outputs.

    Everything not listed in `mutable` forces a replacement when it changes: SageMaker jobs cannot be
    edited once created.
    """

    type_name: str  # "TrainingJob": the Pulumi type name and the API's noun
    create: str
    describe: str
    stop: str
    name_member: str  # "TrainingJobName"
    arn_member: str
    status_member: str
    secondary_status_member: str | None
    running: frozenset[str]
    stopping: frozenset[str]
    succeeded: frozenset[str]
    failed: frozenset[str]
    # Secondary statuses that still count as "not started yet" for wait_for="InProgress".
    not_started: frozenset[str] = frozenset()
    name_limit: int = 63
    mutable: frozenset[str] = frozenset({"tags"})
    outputs: Mapping[str, OutputReader] = field(default_factory=dict)
    # How long to wait for the job by default, from its canonical inputs (None: no deadline of its own).
    default_deadline: Callable[[Mapping[str, Any]], float] | None = None

    @property
    def name_key(self) -> str:
        """The canonical (snake_case) input key of the name member."""
        return xform_name(self.name_member)

    @property
    def terminal(self) -> frozenset[str]:
        return self.succeeded | self.failed
