"""The reduced benchmark CI runs (benchmarks/run.py has the full one): regressions in call counts, the
number of hooks in flight (tests/test_server_threads.py) and the concurrency ratio fail here."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.lifecycle import Schedule
from pulumi_sagemaker.testing import ProviderServer, Timings

from benchmarks import performance

from .existing import seed

DEFAULT = Schedule(10.0, first=10.0)  # the default floor, a wait right after our own create


def test_a_ten_minute_operation_costs_at_most_25_looks_and_is_seen_within_30_seconds():
    looks, late = performance.simulate(DEFAULT, 600.0)
    assert looks <= 25 and late <= 30, (looks, late)
    assert performance.worst_lateness(DEFAULT, 600.0) <= 30


def test_a_one_minute_operation_is_seen_within_10_seconds():
    looks, late = performance.simulate(DEFAULT, 60.0)
    assert late <= 10 and looks <= 7, (looks, late)


def test_the_schedule_never_polls_faster_than_its_floor_nor_slower_than_its_cap():
    schedule = Schedule(10.0)
    delays = [schedule.delay(n, t) for n, t in enumerate(range(0, 3600, 7))]
    assert min(delays) == 10.0 and max(delays) == 30.0


def test_concurrent_waits_share_their_polls(local, monkeypatch):
    reset = local.reset

    def reset_and_seed() -> None:  # the benchmark resets before each measurement: the seeds come back
        reset()
        seed(local)

    monkeypatch.setattr(local, "reset", reset_and_seed)
    local.timings = Timings(training_phase=3.0 / 4)  # 10 minutes at 1/200, as in the benchmark
    alone = sum(performance._waits(local, 1).values())
    shared = performance._waits(local, 8)
    assert sum(shared.values()) <= 3 * alone + 16, (alone, shared)  # 8 alone would cost 8 x alone


@pytest.mark.parametrize(
    "name", ["TrainingJobProvider", "HostingDeploymentProvider", "HyperparameterTuningJobProvider"]
)
def test_the_pickled_provider_stays_small(name):
    import pulumi_sagemaker.resources as resources

    assert len(ProviderServer.provider_property(getattr(resources, name)())) < 200


def test_importing_the_provider_leaves_botocores_heavy_modules_for_the_first_check():
    # A fresh provider process imports pulumi_sagemaker to unpickle its provider; botocore.session,
    # its loader and botocore.utils (most of a cold start) wait until a hook needs them, the manifests
    # layer until a program asks for it.
    import subprocess
    import sys

    heavy = (
        "botocore.session",
        "botocore.utils",
        "botocore.loaders",
        "botocore.retries.standard",
        "boto3",
        "pulumi_sagemaker.manifests",
    )
    code = f"import sys, pulumi_sagemaker; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_first_check_loads_botocores_model_without_a_session():
    # botocore.session brings its client, waiters and documentation generator (~120 ms of a cold
    # start): check needs only the model, so only a create or a read makes a session.
    import json
    import subprocess
    import sys

    from .training_inputs import as_engine_sends, python_spec

    spec = json.dumps(as_engine_sends({**python_spec(), "stream_logs": False}))
    code = (
        "import json, sys\n"
        "from pulumi_sagemaker.resources import TrainingJobProvider\n"
        f"result = TrainingJobProvider().check({{}}, json.loads({spec!r}))\n"
        "print(not result.failures, 'botocore.session' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]
