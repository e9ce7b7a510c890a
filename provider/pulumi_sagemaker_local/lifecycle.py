"""Time-based status progression, computed lazily when a resource is looked at.

No background threads: each record knows its current status and since when; whenever it is
read, every transition that has come due is applied in order, each at its own due time, so
the recorded timestamps are what a real control plane would have recorded. Durations are
read from `Timings` at each step, so changing them at run time affects the current and later
phases only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# (due time, apply(due time)) or None when the record is in a stable status.
Step = tuple[float, Callable[[float], None]]

_MAX_STEPS = 1000  # a guard against a step function that never stops


@dataclass
class Timings:
    """Durations in seconds; small defaults so tests are fast. Mutable at run time."""

    training_phase: float = 0.1  # each of Starting, Downloading, Training, Uploading
    stop: float = 0.1
    endpoint_create: float = 0.2
    endpoint_update: float = 0.2
    endpoint_delete: float = 0.1
    rollback: float = 0.1


def now() -> float:
    return time.time()


def advance(next_step: Callable[[], Step | None], until: float) -> None:
    """Apply every transition of a record that is due by `until`."""
    for _ in range(_MAX_STEPS):
        step = next_step()
        if step is None or step[0] > until:
            return
        due, apply = step
        apply(due)
    raise RuntimeError("status progression did not settle")
