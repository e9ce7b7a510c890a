"""TrainingJob: SageMaker calls per operation, and the cost of `check` (what every preview pays).

    .venv/bin/python benchmarks/training_job.py          # prints the table and rewrites docs/benchmarks.md

Calls are counted by the local SageMaker as it receives them (so retries would show). Waiting costs one
DescribeTrainingJob per poll; the count here is for a job whose four phases take 0.2 s each, polled every
0.05 s, so only the fixed part (everything but the polls) carries over to AWS.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from pulumi.dynamic import Config, ConfigureRequest
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.testing import LocalSageMaker, Timings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import publish, timing_table
from tests.training_inputs import as_engine_sends, operator_spec, python_spec


def calls(local: LocalSageMaker) -> tuple[str, int]:
    counted = Counter(c.operation for c in local.calls)
    polls = counted.pop("DescribeTrainingJob", 0)
    fixed = ", ".join(f"{op} {n}" for op, n in sorted(counted.items())) or "none"
    return fixed, polls


def main() -> None:
    rows: list[tuple[str, str, int]] = []
    with LocalSageMaker(timings=Timings(training_phase=0.2, stop=0.2)) as local:
        provider = TrainingJobProvider()
        provider.configure(
            ConfigureRequest(Config({**local.config, "sagemaker:pollIntervalSeconds": "0.05"}, "b"))
        )

        def measure(label: str, action):
            local.clear_calls()
            result = action()
            rows.append((label, *calls(local)))
            return result

        news = as_engine_sends({**python_spec(), "name_seed": "bench/local/mnist"})
        inputs = measure("check (preview and up)", lambda: provider.check({}, news).inputs)
        measure("diff (preview and up)", lambda: provider.diff("x", inputs, inputs))
        created = measure("create, wait for Completed", lambda: provider.create(as_engine_sends(inputs)))
        retagged = provider.check({}, {**news, "tags": {"team": "ml", "env": "dev"}}).inputs
        measure("update tags", lambda: provider.update(created.id, created.outs, as_engine_sends(retagged)))
        measure("read (refresh)", lambda: provider.read(created.id, created.outs))
        measure("delete, finished job", lambda: provider.delete(created.id, created.outs))
        measure("create again, same spec (adopts)", lambda: provider.create(as_engine_sends(inputs)))
        running = provider.check(
            {}, {**news, "hyper_parameters": {"num_round": "11"}, "wait_for": "InProgress"}
        )
        started = measure(
            "create, wait for InProgress", lambda: provider.create(as_engine_sends(running.inputs))
        )
        measure("delete, running job (stop + wait)", lambda: provider.delete(started.id, started.outs))

    timings = {}
    for label, spec in (("snake_case", python_spec()), ("operator lowerCamelCase", operator_spec())):
        samples = []
        for _ in range(200):
            start = time.perf_counter()
            provider.check({}, as_engine_sends(spec))
            samples.append((time.perf_counter() - start) * 1000)
        timings[label] = (statistics.median(samples), sorted(samples)[int(len(samples) * 0.95)])

    lines = [
        "## TrainingJob: SageMaker calls per operation",
        "",
        "`.venv/bin/python benchmarks/training_job.py`"
        " (local SageMaker; phases 0.2 s, polling every 0.05 s).",
        "",
        "| operation | calls besides DescribeTrainingJob | DescribeTrainingJob (polls) |",
        "|---|---|---|",
        *(f"| {label} | {fixed} | {polls} |" for label, fixed, polls in rows),
        "",
        "`check` of a full CreateTrainingJob spec"
        " (canonicalise + validate against botocore's model), 200 runs:",
        "",
        *timing_table(timings),
        "",
    ]
    publish("## TrainingJob", lines)


if __name__ == "__main__":
    main()
