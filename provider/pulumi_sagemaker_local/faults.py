"""Injected failures (a resource goes Failed) and faults (a request is answered badly).

Failures model what the workload does (an algorithm error, a model that does not start);
faults model what the network and the service front end do (throttling, 5xx, a dropped
connection), which is what client retry logic has to survive.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

FAULT_KINDS = ("throttle", "5xx", "drop")


@dataclass
class FailureRule:
    pattern: str  # fnmatch pattern on the resource name
    reason: str
    at: str | None = None  # training only: the secondary status that fails
    exit_message: str | None = None  # processing only: the container's ExitMessage


@dataclass
class OutputRule:
    pattern: str  # fnmatch pattern on the job name (any job kind)
    lines: list[str]


Rule = TypeVar("Rule", FailureRule, OutputRule)


@dataclass
class Failures:
    """One-shot rules, each consumed by the first resource whose name matches."""

    training: list[FailureRule] = field(default_factory=list)
    tuning: list[FailureRule] = field(default_factory=list)
    transform: list[FailureRule] = field(default_factory=list)
    processing: list[FailureRule] = field(default_factory=list)
    endpoint_create: list[FailureRule] = field(default_factory=list)
    endpoint_update: list[FailureRule] = field(default_factory=list)
    outputs: list[OutputRule] = field(default_factory=list)  # what a job's container prints

    @staticmethod
    def take(rules: list[Rule], name: str) -> Rule | None:
        for i, rule in enumerate(rules):
            if fnmatch.fnmatchcase(name, rule.pattern):
                return rules.pop(i)
        return None


@dataclass(frozen=True)
class Fault:
    kind: str  # throttle | 5xx | drop
    when: str  # before: the operation is not applied; after: it is, then the answer is replaced
    status: int = 0
    code: str = ""
    message: str = ""


class FaultPlan:
    """Draws, per SageMaker request, whether to answer it with a fault."""

    def __init__(
        self,
        rate: float,
        kinds: Sequence[str],
        operations: Sequence[str] | None,
        when: str,
        seed: int | None,
    ) -> None:
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown or not kinds:
            raise ValueError(f"fault kinds must be among {FAULT_KINDS}, got {list(kinds)}")
        if when not in ("before", "after"):
            raise ValueError(f"when must be 'before' or 'after', got {when!r}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be within [0, 1], got {rate}")
        self.rate = rate
        self.kinds = tuple(kinds)
        self.operations = frozenset(operations) if operations is not None else None
        self.when = when
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self, operation: str) -> Fault | None:
        if self.operations is not None and operation not in self.operations:
            return None
        with self._lock:  # one seeded sequence even with concurrent requests
            if self._rng.random() >= self.rate:
                return None
            kind = self._rng.choice(self.kinds)
            server_error = self._rng.random() < 0.5
        if kind == "throttle":
            return Fault(kind, self.when, 400, "ThrottlingException", "Rate exceeded")
        if kind == "5xx":
            if server_error:
                return Fault(
                    kind, self.when, 500, "InternalFailure", "An internal error occurred. Try again."
                )
            return Fault(
                kind, self.when, 503, "ServiceUnavailable", "Service is unavailable. Try again later."
            )
        return Fault(kind, self.when)


class FaultControl:
    """The fault plan in force (if any) and how many faults it produced."""

    def __init__(self) -> None:
        self.plan: FaultPlan | None = None
        self.injected = 0
        self._lock = threading.Lock()

    def draw(self, operation: str) -> Fault | None:
        plan = self.plan  # read once: another thread may replace it meanwhile
        fault = plan.draw(operation) if plan is not None else None
        if fault is not None:
            with self._lock:
                self.injected += 1
        return fault
