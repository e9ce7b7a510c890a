"""Every job kind: SageMaker calls per operation, and the cost of `check` (what every preview pays).

    .venv/bin/python benchmarks/jobs.py          # prints the tables and rewrites docs/benchmarks.md

SageMaker calls are counted by the local SageMaker as it receives them (so retries would show); the
CloudWatch Logs calls of the log tail are counted by the provider (they go to another service).
Waiting costs one Describe per poll; the counts here are for jobs whose phases take 0.2 s each, polled
every 0.05 s, so only the fixed part (everything but the polls) carries over to AWS.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from pulumi.dynamic import Config, ConfigureRequest
from pulumi_sagemaker.aws import CALL_COUNTS
from pulumi_sagemaker.testing import LocalSageMaker, Timings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import publish, timing_table
from tests.job_cases import CASES, Case
from tests.training_inputs import as_engine_sends, operator_spec, python_spec
from tests.tuning_inputs import operator_spec as tuning_operator_spec
from tests.tuning_inputs import python_spec as tuning_python_spec

TIMINGS = Timings(training_phase=0.2, stop=0.2, transform_phase=0.2, processing_phase=0.2)


def logs_calls() -> int:
    return sum(n for op, n in CALL_COUNTS.items() if op.startswith("logs:"))


def measure_kind(local: LocalSageMaker, case: Case) -> list[tuple[str, str, int, int]]:
    rows: list[tuple[str, str, int, int]] = []
    provider = case.provider()
    provider.configure(
        ConfigureRequest(Config({**local.config, "sagemaker:pollIntervalSeconds": "0.05"}, "b"))
    )
    case.prepare(local)

    def measure(label: str, action):
        local.clear_calls()
        logs_before = logs_calls()
        result = action()
        counted = Counter(c.operation for c in local.calls)
        polls = counted.pop(case.kind.describe, 0)
        fixed = ", ".join(f"{op} {n}" for op, n in sorted(counted.items())) or "none"
        rows.append((label, fixed, polls, logs_calls() - logs_before))
        return result

    news = as_engine_sends({**case.spec(), "name_seed": "bench/local/mnist"})
    inputs = measure("check (preview and up)", lambda: provider.check({}, news).inputs)
    measure("diff (preview and up)", lambda: provider.diff("x", inputs, inputs))
    created = measure("create, wait for Completed", lambda: provider.create(as_engine_sends(inputs)))
    retagged = provider.check({}, {**news, "tags": {"team": "ml", "env": "dev"}}).inputs
    measure("update tags", lambda: provider.update(created.id, created.outs, as_engine_sends(retagged)))
    measure("read (refresh)", lambda: provider.read(created.id, created.outs))
    measure("delete, finished job", lambda: provider.delete(created.id, created.outs))
    measure("create again, same spec (adopts)", lambda: provider.create(as_engine_sends(inputs)))
    running = provider.check(
        {}, {**as_engine_sends(case.changed()), "name_seed": "bench/local/other", "wait_for": "InProgress"}
    )
    started = measure("create, wait for InProgress", lambda: provider.create(as_engine_sends(running.inputs)))
    measure("delete, running job (stop + wait)", lambda: provider.delete(started.id, started.outs))
    return rows


def check_timings() -> dict[str, tuple[float, float]]:
    timings = {}
    specs = (
        ("TrainingJob", "snake_case", python_spec()),
        ("TrainingJob", "operator lowerCamelCase", operator_spec()),
        ("HyperparameterTuningJob", "snake_case", tuning_python_spec()),
        ("HyperparameterTuningJob", "operator lowerCamelCase", tuning_operator_spec()),
    )
    for type_name, label, spec in specs:
        provider = next(c for c in CASES if c.kind.type_name == type_name).provider()
        samples = []
        for _ in range(200):
            start = time.perf_counter()
            provider.check({}, as_engine_sends(spec))
            samples.append((time.perf_counter() - start) * 1000)
        timings[f"{type_name}, {label}"] = (
            statistics.median(samples),
            sorted(samples)[int(len(samples) * 0.95)],
        )
    return timings


def main() -> None:
    lines = [
        "## Jobs: SageMaker calls per operation",
        "",
        "`.venv/bin/python benchmarks/jobs.py` (local SageMaker; each phase 0.2 s, polling every 0.05 s;"
        " a tuning job of 4 training jobs, 2 at a time). A Describe of the job itself is counted as a poll;"
        " the log tail's DescribeLogStreams/GetLogEvents calls are in their own column (they never add a"
        " status call).",
        "",
    ]
    with LocalSageMaker(timings=TIMINGS) as local:
        for case in CASES:
            local.reset()
            rows = measure_kind(local, case)
            lines += [
                f"### {case.kind.type_name}",
                "",
                f"| operation | SageMaker calls besides {case.kind.describe} | {case.kind.describe} (polls) "
                "| CloudWatch Logs calls |",
                "|---|---|---|---|",
                *(f"| {label} | {fixed} | {polls} | {logs} |" for label, fixed, polls, logs in rows),
                "",
            ]
    lines += [
        "`check` of a full spec (canonicalise + validate against botocore's model + the kind's rules),"
        " 200 runs:",
        "",
        *timing_table(check_timings()),
        "",
    ]
    publish("## Jobs", lines)


if __name__ == "__main__":
    main()
