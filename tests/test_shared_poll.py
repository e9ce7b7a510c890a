"""Many waits of one kind in one process share one List call per round instead of a Describe each."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from pulumi_sagemaker.resources import TrainingJobProvider

from .conftest import configured
from .training_inputs import as_engine_sends, python_spec

COUNT = 8


def create_all(local, provider, count=COUNT, **options):
    def create(index: int):
        spec = python_spec(hyper_parameters={"num_round": str(index)})
        checked = provider.check(
            {}, as_engine_sends({**spec, "name_seed": f"demo/local/job{index}", **options})
        )
        return provider.create(as_engine_sends(checked.inputs))

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(create, range(count)))


def test_concurrent_waits_of_one_kind_read_their_status_from_one_list(local, capsys):
    # Phases long enough that a poll thread starved by a loaded machine still sees each one.
    local.timings.training_phase = 0.5
    provider = configured(TrainingJobProvider, local.config)
    # One wait alone, in the same conditions: it Describes at every look, and never lists.
    create_all(local, provider, count=1, stream_logs=False)
    looks_alone = Counter(c.operation for c in local.calls)["DescribeTrainingJob"]
    local.clear_calls()
    results = create_all(local, provider, stream_logs=False)
    assert all(r.outs["status"] == "Completed" for r in results)
    calls = Counter(c.operation for c in local.calls)
    # Together, each wait Describes only when its status changes ...
    assert calls["DescribeTrainingJob"] <= COUNT * 3, calls
    # ... and one List a round serves all 8: about as many Lists as one wait alone has looks, where a
    # List (or a Describe) per wait and round would be 8 times that. (Timing-free: both runs share the
    # machine's load.)
    assert 0 < calls["ListTrainingJobs"] <= 2 * looks_alone, (calls, looks_alone)
    # Progress is still shown for every phase of every job, read off the summaries.
    err = capsys.readouterr().err
    for result in results:
        lines = [line for line in err.splitlines() if f"TrainingJob {result.id}: " in line]
        for phase in ("Downloading", "Training", "Uploading", "Completed"):
            assert any(f"/ {phase} (" in line for line in lines), (result.id, phase, lines)


def test_a_wait_alone_describes_and_never_lists(local):
    provider = configured(TrainingJobProvider, local.config)
    create_all(local, provider, count=1, stream_logs=False)
    calls = Counter(c.operation for c in local.calls)
    assert calls["ListTrainingJobs"] == 0 and calls["DescribeTrainingJob"] >= 2


def test_a_job_the_list_does_not_show_is_described(local):
    from pulumi_sagemaker.kinds import TRAINING_JOB
    from pulumi_sagemaker.lifecycle import Looker, SharedList

    shared = SharedList(lambda op, **kw: {"TrainingJobSummaries": []}, TRAINING_JOB)
    described = []

    def describe():
        described.append(1)
        return {"TrainingJobStatus": "InProgress", "CreationTime": None}

    with Looker(shared, "a", describe, ("TrainingJobStatus",)) as a, Looker(shared, "b", describe, ()) as b:
        a(), b()
        assert shared.waits == 2
        a(), a()
    assert len(described) == 4, "not in the list: every look Describes"
    assert shared.waits == 0, "a wait that ended no longer counts"
