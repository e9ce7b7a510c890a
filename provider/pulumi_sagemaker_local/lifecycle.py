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

_MAX_STEPS = 100_000  # a guard against a step function that never stops (a tuning job takes many)


@dataclass
class Timings:
    """Durations in seconds; small defaults so tests are fast. Mutable at run time."""

    training_phase: float = 0.1  # each of Starting, Downloading, Training, Uploading
    stop: float = 0.1
    endpoint_create: float = 0.2
    endpoint_update: float = 0.2
    endpoint_delete: float = 0.1
    rollback: float = 0.1
    transform_phase: float = 0.1  # each of: instances starting, transforming
    processing_phase: float = 0.1  # each of: instances starting, processing
    # Local seconds per second of a duration a request asks for (a tuning job's
    # MaxRuntimeInSeconds, at least 120): 0.001 makes 120 s last 0.12 s.
    runtime_scale: float = 1.0
    # Local seconds per second of a deployment's baking periods (UpdateEndpoint's WaitIntervalInSeconds
    # and TerminationWaitInSeconds, up to 3600 each): 0.001 makes a 600 s bake last 0.6 s.
    deployment_wait_scale: float = 0.001


def now() -> float:
    # AWS records times to the millisecond; so do we (a time sent back compares equal).
    return round(time.time(), 3)


def advance(next_step: Callable[[], Step | None], until: float) -> None:
    """Apply every transition of a record that is due by `until`."""
    for _ in range(_MAX_STEPS):
        step = next_step()
        if step is None or step[0] > until:
            return
        due, apply = step
        apply(due)
    raise RuntimeError("status progression did not settle")
