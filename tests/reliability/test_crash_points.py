"""Crash at every step: for each kind's create, update paths and delete, every mutating AWS call the step
makes is enumerated, and the provider is killed at each in turn, before the call (not applied) and after
it (applied, its answer lost). Then what the engine does next: the operation is pending, so the next
`up` refuses; the user runs `pulumi refresh`, then `pulumi up` again. It must converge to exactly what
the program says, with no duplicate and no orphan. For the update steps of a HostingDeployment, the
user may instead have changed the program back (defect 9): the refresh and `up` must restore it.

CI kills each point once (before the call for odd points, after it for even ones, so both deaths meet
every kind); `-m soak` kills every point both ways and reverts after every update crash.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pulumi_sagemaker.testing import ResourceError, State, refresh, run

from ..existing import seed
from .crash import Crash
from .figures import FIGURES
from .lifecycles import LIFECYCLES, Lifecycle, step


@dataclass(frozen=True)
class Point:
    lifecycle: Lifecycle
    step: int  # index in lifecycle.steps
    at: int  # the at-th mutating call of that step (1-based)
    when: str  # before | after
    revert: bool = False  # after the crash, go back to the previous step's program

    @property
    def id(self) -> str:
        name = self.lifecycle.steps[self.step].name
        return f"{self.lifecycle.id}-{name}-{self.at}-{self.when}" + ("-reverted" if self.revert else "")


def prepared(local, lifecycle: Lifecycle, upto: int) -> State:
    """A fresh local SageMaker with the steps before `upto` done (no faults, no deaths)."""
    local.reset()
    seed(local)  # the roles and data the tests take as there (tests/existing.py)
    lifecycle.prepare(local)
    state = State()
    for earlier in lifecycle.steps[:upto]:
        state = step(earlier, state, local.config, local=local).state
    return state


_CALLS: dict[tuple[str, int], list[str]] = {}


def calls_of(local, lifecycle: Lifecycle, index: int) -> list[str]:
    """The mutating calls step `index` makes when nothing goes wrong (measured once per test session)."""
    key = (lifecycle.id, index)
    if key not in _CALLS:
        state = prepared(local, lifecycle, index)
        with Crash(local.config) as recording:
            step(lifecycle.steps[index], state, local.config, local=local)
        _CALLS[key] = recording.calls
    return _CALLS[key]


def points(local_calls: dict[tuple[str, int], list[str]] | None = None, *, soak: bool) -> list[Point]:
    """Every crash point, from the mutating calls each step makes (see KNOWN_CALLS)."""
    found: list[Point] = []
    for lifecycle in LIFECYCLES:
        for index, lifecycle_step in enumerate(lifecycle.steps):
            if lifecycle_step.name not in lifecycle.crashable:
                continue
            for at in range(1, KNOWN_CALLS[(lifecycle.id, lifecycle_step.name)] + 1):
                if soak:
                    found += [Point(lifecycle, index, at, when) for when in ("before", "after")]
                    if lifecycle.id == "HostingDeployment" and index > 0 and lifecycle_step.name != "delete":
                        found += [
                            Point(lifecycle, index, at, when, revert=True) for when in ("before", "after")
                        ]
                else:
                    found.append(Point(lifecycle, index, at, "before" if at % 2 else "after"))
    return found


# How many mutating calls each step makes, so that points can be listed at collection; the test of
# each step checks it against a measured run, so a change of the providers' calls is caught here.
JOBS = ("TrainingJob", "HyperparameterTuningJob", "BatchTransformJob", "ProcessingJob")
KNOWN_CALLS = {
    **{(kind, "create"): 1 for kind in JOBS},  # Create
    **{(kind, "tags"): 2 for kind in JOBS},  # DeleteTags, AddTags
    **{(kind, "replace"): 1 for kind in JOBS},  # Create (the old job has ended: nothing to stop)
    **{(kind, "run"): 1 for kind in JOBS},  # Create
    **{(kind, "delete"): 1 for kind in JOBS},  # Stop
    # CreateModel, CreateEndpointConfig, CreateEndpoint, RegisterScalableTarget, PutScalingPolicy
    ("HostingDeployment", "create"): 5,
    # DeleteScalingPolicy, DeregisterScalableTarget, UpdateEndpointWeightsAndCapacities
    ("HostingDeployment", "in-place"): 3,
    # CreateEndpointConfig, UpdateEndpoint, RegisterScalableTarget, PutScalingPolicy, DeleteEndpointConfig
    ("HostingDeployment", "rollout"): 5,
    # AddTags on the endpoint, its config and its model
    ("HostingDeployment", "tags"): 3,
    # DeleteScalingPolicy, DeregisterScalableTarget, DeleteEndpointConfig, DeleteModel, DeleteEndpoint
    ("HostingDeployment", "delete"): 5,
}


def crash_then_converge(local, point: Point) -> None:
    lifecycle = point.lifecycle
    state = prepared(local, lifecycle, point.step)
    target = lifecycle.steps[point.step]
    target.before(local)
    with Crash(local.config, at=point.at, when=point.when) as crash, pytest.raises(ResourceError) as died:
        run(target.program, config=local.config, state=state)
    assert crash.died, f"no death: the step made {len(crash.calls)} mutating calls ({crash.calls})"
    assert "the provider process died" in died.value.message
    (pending,) = died.value.state.pending_operations
    assert pending.name == ("hosting" if point.lifecycle.id == "HostingDeployment" else "job")
    # What the engine does next: refuse, until a refresh; then `up` again (or the reverted program).
    with pytest.raises(ResourceError, match="pending operations"):
        run(target.program, config=local.config, state=died.value.state)
    refreshed = refresh(died.value.state, config=local.config).state
    assert refreshed.pending_operations == []
    again = lifecycle.steps[point.step - 1] if point.revert else target
    if again.program is None:  # the previous step was a refresh: the one before it is the program
        again = lifecycle.steps[point.step - 2]
    done = step(again, refreshed, local.config, local=local)
    (lifecycle.steps[point.step - 1] if point.revert else target).expect(local, done.state)
    FIGURES.add("crash points killed and recovered", 1)
    FIGURES.add(f"crash points killed {point.when} the call", 1)


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lambda lc: lc.id)
def test_the_mutating_calls_of_each_step_are_the_ones_the_points_are_listed_from(local, lifecycle):
    for index, lifecycle_step in enumerate(lifecycle.steps):
        if lifecycle_step.name in lifecycle.crashable:
            calls = calls_of(local, lifecycle, index)
            assert len(calls) == KNOWN_CALLS[(lifecycle.id, lifecycle_step.name)], (
                lifecycle_step.name,
                calls,
            )
            FIGURES.add("mutating calls enumerated", len(calls))


CI_POINTS = points(soak=False)


@pytest.mark.parametrize("point", CI_POINTS, ids=[p.id for p in CI_POINTS])
def test_a_provider_killed_at_this_call_converges_after_refresh_and_up(local, point):
    crash_then_converge(local, point)


SOAK_POINTS = points(soak=True)


@pytest.mark.soak
@pytest.mark.parametrize("point", SOAK_POINTS, ids=[p.id for p in SOAK_POINTS])
def test_every_crash_point_both_ways(local, point):
    crash_then_converge(local, point)
