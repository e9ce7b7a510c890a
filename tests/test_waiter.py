"""The one waiter every wait goes through: deadline, schedule, and the companion (log tail) beside it."""

from __future__ import annotations

import time

import pytest
from pulumi_sagemaker.lifecycle import Deadline, DeadlinePassed, Schedule, wait


def test_a_deadline_shorter_than_the_poll_interval_still_gets_its_look():
    looks = []
    start = time.monotonic()
    with pytest.raises(DeadlinePassed):
        wait(lambda: looks.append(1) or {}, lambda d: False, schedule=Schedule(10), deadline=Deadline(0.3))
    waited = time.monotonic() - start
    assert 0.3 <= waited < 2 and len(looks) == 2, "one look at the start, one at the deadline"
    done = wait(lambda: {"n": len(looks)}, lambda d: True, schedule=Schedule(10), deadline=Deadline(0))
    assert done["n"] == 2


def test_one_deadline_is_shared_by_the_waits_of_an_operation():
    deadline = Deadline(0.3)
    wait(lambda: {}, lambda d: True, schedule=Schedule(0.01), deadline=deadline)
    time.sleep(0.3)
    start = time.monotonic()
    with pytest.raises(DeadlinePassed):
        wait(lambda: {}, lambda d: False, schedule=Schedule(0.01), deadline=deadline)
    assert time.monotonic() - start < 0.1, "the second wait had nothing of the deadline left"


class Recorder:
    def __init__(self, events):
        self.events = events

    def start(self):
        self.events.append("start")

    def finish(self):
        self.events.append("finish")


@pytest.mark.parametrize("outcome", ["done", "deadline", "error"])
def test_the_companion_is_finished_before_the_outcome_whatever_it_is(outcome):
    events: list[str] = []

    def look():
        events.append("look")
        if outcome == "error":
            raise RuntimeError("describe failed")
        return {}

    def done(d):
        return outcome == "done"

    try:
        wait(look, done, schedule=Schedule(0.01), deadline=Deadline(0.05), companion=Recorder(events))
    except (DeadlinePassed, RuntimeError):
        events.append("raised")
    else:
        events.append("returned")
    assert events[0] == "start" and events[1] == "look"
    assert events[-2] == "finish" and events[-1] in ("returned", "raised")
