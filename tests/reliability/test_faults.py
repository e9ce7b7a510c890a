"""Faults: throttling, 5xx, dropped connections, lost answers (the call applied, its answer replaced) and
slow answers, at 20% on every AWS call the providers make (SageMaker, Application Auto Scaling,
CloudWatch Logs; they make no IAM or S3 call), through the full lifecycle of every kind, as whole
programs. A step that fails is run again, as a user would. After every step the local SageMaker holds
exactly what the program says: nothing duplicated, nothing orphaned, nothing left running.

CI runs 10 seeds, each lifecycle under two of them, and 50 creates in one `up` under a rate limit of 8
a second; `scripts/test -m soak tests/reliability` runs every lifecycle under 10 seeds, and the 50
creates under 2 a second.
"""

from __future__ import annotations

import threading
import time

import pulumi_sagemaker as sm
import pytest
from botocore.awsrequest import AWSResponse
from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.testing import State

from ..training_inputs import python_spec
from .client_faults import KINDS, ClientFaults, _answer
from .figures import FIGURES
from .lifecycles import LIFECYCLES, Lifecycle, Step, step

RATE = 0.2
SERVICES = ["sagemaker", "application-autoscaling", "logs"]
SEEDS = range(10)
# Three attempts (not the default ten): at 20% faults a call then fails for good about once in 125, so
# some steps fail and are run again, as a user would.
ATTEMPTS = "3"


def config_of(local):
    return {**local.config, "sagemaker:maxAttempts": ATTEMPTS}


def lifecycle_under_faults(local, lifecycle: Lifecycle, seed: int) -> None:
    config = config_of(local)
    lifecycle.prepare(local)
    state = State()
    for index, lifecycle_step in enumerate(lifecycle.steps):
        faults = ClientFaults(
            Aws(AwsSettings.from_config(config)),
            SERVICES,
            RATE,
            kinds=KINDS,
            when="random",
            seed=seed * 100 + index,
        )
        with faults:
            outcome = step(lifecycle_step, state, config, local=local)
        state = outcome.state
        FIGURES.add("faults injected", faults.total)
        FIGURES.add("runs failed and re-run", outcome.failed_runs)
        FIGURES.add("steps", 1)
        lifecycle_step.expect(local, state)
    FIGURES.add("lifecycles", 1)


CI_CASES = [(seed, LIFECYCLES[seed % len(LIFECYCLES)]) for seed in SEEDS]


@pytest.mark.parametrize(("seed", "lifecycle"), CI_CASES, ids=[f"{lc.id}-seed{s}" for s, lc in CI_CASES])
def test_a_lifecycle_under_faults_leaves_exactly_what_the_program_says(local, seed, lifecycle):
    lifecycle_under_faults(local, lifecycle, seed)


SOAK_CASES = [(seed, lifecycle) for lifecycle in LIFECYCLES for seed in SEEDS]


@pytest.mark.soak
@pytest.mark.parametrize(("seed", "lifecycle"), SOAK_CASES, ids=[f"{lc.id}-seed{s}" for s, lc in SOAK_CASES])
def test_every_lifecycle_under_ten_seeds(local, seed, lifecycle):
    lifecycle_under_faults(local, lifecycle, seed)


class RateLimit:
    """CreateTrainingJob answered ThrottlingException beyond `per_second` a second, as AWS's per-account
    rate limits answer (before the request is applied)."""

    def __init__(self, aws: Aws, per_second: float) -> None:
        self.aws, self.per_second = aws, per_second
        self.lock = threading.Lock()
        self.sent: list[float] = []
        self.throttled = 0

    def _handler(self, request, event_name, **_) -> AWSResponse | None:
        now = time.monotonic()
        with self.lock:
            recent = [t for t in self.sent if now - t < 1.0]
            if len(recent) >= self.per_second:
                self.throttled += 1
                return _answer(request.url, 400, "ThrottlingException", "Rate exceeded")
            self.sent = [*recent, now]
        return None

    def __enter__(self):
        self.aws.client("sagemaker").meta.events.register(
            "before-send.sagemaker.CreateTrainingJob", self._handler, unique_id="rate-limit"
        )
        return self

    def __exit__(self, *_):
        self.aws.client("sagemaker").meta.events.unregister(
            "before-send.sagemaker.CreateTrainingJob", unique_id="rate-limit"
        )


def many_jobs(count: int, per_second: float, local) -> None:
    config = config_of(local)

    def program():
        for i in range(count):
            sm.TrainingJob(f"job{i}", wait_for="InProgress", **python_spec(hyper_parameters={"seed": str(i)}))

    limit = RateLimit(Aws(AwsSettings.from_config(config)), per_second)
    with limit:
        outcome = step(Step("create", program, lambda *_: None), State(), config)
    names = [
        j["TrainingJobName"]
        for j in local.client().list_training_jobs(MaxResults=100)["TrainingJobSummaries"]
    ]
    assert len(names) == len(set(names)) == count, "each created exactly once"
    assert sorted(outcome.state.get(f"job{i}").id for i in range(count)) == sorted(names)
    assert limit.throttled > 0, "the rate limit was met"
    FIGURES.add("creates throttled by the rate limit", limit.throttled)
    FIGURES.add("runs failed and re-run", outcome.failed_runs)


def test_fifty_creates_in_one_up_under_a_rate_limit_are_each_made_once(local):
    many_jobs(50, 8, local)


@pytest.mark.soak
def test_fifty_creates_in_one_up_under_two_a_second_are_each_made_once(local):
    many_jobs(50, 2, local)
