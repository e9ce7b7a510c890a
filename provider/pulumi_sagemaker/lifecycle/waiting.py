"""Polling with a deadline of our own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


class DeadlinePassed(Exception):
    def __init__(self, last: dict[str, Any], waited: float) -> None:
        super().__init__(f"deadline passed after {waited:.0f}s")
        self.last, self.waited = last, waited


def poll_until(
    describe: Callable[[], dict[str, Any]],
    done: Callable[[dict[str, Any]], bool],
    *,
    interval: float,
    deadline: float,
    on_poll: Callable[[dict[str, Any]], None] = lambda d: None,
) -> dict[str, Any]:
    """Describe until `done`, reporting each answer; raise DeadlinePassed after `deadline` seconds."""
    start = time.monotonic()
    while True:
        last = describe()
        on_poll(last)
        if done(last):
            return last
        waited = time.monotonic() - start
        if waited >= deadline:
            raise DeadlinePassed(last, waited)
        # The last sleep is cut to the deadline, so that a deadline shorter than the interval still
        # gets its look at the end rather than giving up at once.
        time.sleep(min(interval, deadline - waited))
