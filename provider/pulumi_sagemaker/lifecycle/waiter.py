"""The one waiter: every wait of every kind (jobs, endpoints) polls through here.

One schedule (how long to sleep between looks), one deadline model (an absolute end for a whole
operation, which may span several waits), progress on every look, and a companion task that runs
beside the wait without ever delaying a look: the job's log tail.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, Protocol


class Deadline:
    """When an operation must be over: `seconds` from now (math.inf: never). The engine sets no deadline
    for dynamic providers, so each operation carries its own."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self._start

    def remaining(self) -> float:
        return max(self.seconds - self.elapsed(), 0.0) if math.isfinite(self.seconds) else math.inf

    def passed(self) -> bool:
        return self.remaining() <= 0


class Schedule:
    """How long to sleep before the next look: a share of the time waited so far, kept between `floor`
    and `cap` (3 x floor unless given). One place to tune polling (docs/performance.md measures it).

    Lateness (the time between the end and the look that sees it) then stays a share of the
    operation's length, capped: with the default floor of 10 s, a 1-minute operation is seen within
    about 10 s, a 10-minute one within 30 s, in 25 looks rather than a fixed 10-second poll's 61.
    `first` delays the first look, for a wait that starts right after the call that began the
    operation (its first answer would only say it has begun).
    """

    GROWTH = 0.3

    def __init__(self, floor: float, cap: float | None = None, first: float = 0.0) -> None:
        self.floor = floor
        self.cap = cap if cap is not None else 3 * floor
        self.first = first

    def delay(self, looks: int, elapsed: float) -> float:
        return max(self.floor, min(self.cap, elapsed * self.GROWTH))


class Companion(Protocol):
    """Work that runs beside a wait (a log tail): started before the first look, finished after the last."""

    def start(self) -> None: ...
    def finish(self) -> None: ...


class DeadlinePassed(Exception):
    def __init__(self, last: dict[str, Any], waited: float) -> None:
        super().__init__(f"deadline passed after {waited:.0f}s")
        self.last, self.waited = last, waited


def wait(
    look: Callable[[], dict[str, Any]],
    done: Callable[[dict[str, Any]], bool],
    *,
    schedule: Schedule,
    deadline: Deadline,
    on_look: Callable[[dict[str, Any]], None] = lambda d: None,
    companion: Companion | None = None,
) -> dict[str, Any]:
    """Look until `done`, reporting each answer; DeadlinePassed once `deadline` has passed.

    The companion is finished (a log tail drained) before returning or raising, so what it prints is on
    screen before the outcome is."""
    if companion is not None:
        companion.start()
    try:
        return _loop(look, done, schedule, deadline, on_look)
    finally:
        if companion is not None:
            companion.finish()


def _loop(
    look: Callable[[], dict[str, Any]],
    done: Callable[[dict[str, Any]], bool],
    schedule: Schedule,
    deadline: Deadline,
    on_look: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    start, looks = time.monotonic(), 0
    if schedule.first:
        time.sleep(min(schedule.first, deadline.remaining()))
    while True:
        last = look()
        looks += 1
        on_look(last)
        if done(last):
            return last
        if deadline.passed():
            raise DeadlinePassed(last, time.monotonic() - start)
        # The last sleep is cut to the deadline, so that a deadline shorter than the interval still gets
        # its look at the end rather than giving up at once.
        time.sleep(min(schedule.delay(looks, time.monotonic() - start), deadline.remaining()))
