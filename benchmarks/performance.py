"""Performance, each figure measured side by side with its baselines in one run, against its goal.

    .venv/bin/python benchmarks/run.py            # everything; rewrites docs/performance.md
    .venv/bin/python benchmarks/performance.py    # this part only

- Concurrency, through the SDK's real dynamic-provider server: 16 creates (TrainingJob waited to
  Completed, HostingDeployment waited to InService) against one, beside a do-nothing provider sleeping
  as long (what the SDK's 4 threads allow) and our provider kept at 4 threads.
- Previews: check + diff of 200 unchanged resources through the server, beside a do-nothing provider
  given the same property bags; SageMaker calls counted.
- Cold start: the first Check of a fresh server process, ours beside the do-nothing provider's.
- Polling: the waiter's real loop on a virtual clock, for operations of 1 and 10 minutes, beside the
  old fixed 10 s poll, the operator's fixed 5 s and botocore's own SageMaker waiters (their delays
  read from botocore's waiters-2.json).
- Shared polling: 16 concurrent waits of one kind in one process (10-minute jobs scaled 1/200 in time,
  so the schedule's floor of 10 s is 0.05 s), beside 16 times what one wait alone costs.
- Sizes: the pickled provider per kind, state per resource of a 200-resource stack, and
  `import pulumi_sagemaker` beside `import pulumi, botocore`.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import time
import types
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import botocore.session  # noqa: E402
from pulumi_sagemaker.lifecycle import waiter  # noqa: E402
from pulumi_sagemaker.resources import HostingDeploymentProvider, TrainingJobProvider  # noqa: E402
from pulumi_sagemaker.testing import LocalSageMaker, ProviderServer, Timings, run  # noqa: E402
from pulumi_sagemaker.testing.engine import urn  # noqa: E402

from benchmarks._report import write_section  # noqa: E402
from tests.rig_support.echo import EchoProvider  # noqa: E402
from tests.test_hosting_specs import python_spec as hosting_spec  # noqa: E402
from tests.training_inputs import as_engine_sends, python_spec  # noqa: E402

SERVER_ENV = {"PYTHONPATH": str(ROOT)}
CONCURRENT = 16
HOLD = 2.0  # T: how long each operation lasts in the concurrency runs


@dataclass
class Figure:
    measure: str
    ours: str
    baselines: str
    goal: str
    met: bool


# -- concurrency ---------------------------------------------------------------------------------


def _concurrently(action: Callable[[Any], Any], items: list[Any]) -> float:
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        list(pool.map(action, items))
    return time.monotonic() - start


def _training_bags(local: LocalSageMaker, count: int) -> list[dict[str, Any]]:
    provider = TrainingJobProvider()
    bags = []
    for i in range(count):
        spec = {**python_spec(hyper_parameters={"num_round": str(i + 1)}), "name_seed": f"b/l/j{i}"}
        checked = provider.check({}, as_engine_sends({**spec, "stream_logs": False})).inputs
        bags.append({**checked, "__provider": ProviderServer.provider_property(TrainingJobProvider())})
    return bags


def _hosting_bags(count: int) -> list[dict[str, Any]]:
    provider = HostingDeploymentProvider()
    bags = []
    for i in range(count):
        spec = {**hosting_spec(), "endpoint_name": f"bench-{i}", "name_seed": f"b/l/e{i}"}
        checked = provider.check({}, as_engine_sends(spec)).inputs
        bags.append({**checked, "__provider": ProviderServer.provider_property(HostingDeploymentProvider())})
    return bags


def _echo_bags(count: int) -> list[dict[str, Any]]:
    return [
        {"value": f"v{i}", "sleep": HOLD, "__provider": ProviderServer.provider_property(EchoProvider())}
        for i in range(count)
    ]


def _creates(local: LocalSageMaker, bags: list[dict[str, Any]], token: str, extra: dict[str, str]) -> float:
    """Wall-clock of creating `bags` at once as the first calls of a fresh server."""
    with ProviderServer(env=SERVER_ENV) as server:
        server.configure({**local.config, "sagemaker:pollIntervalSeconds": "0.1", **extra})
        return _concurrently(lambda bag: server.create(urn(token, "r"), bag), bags)


def concurrency(local: LocalSageMaker) -> list[Figure]:
    local.timings = Timings(training_phase=HOLD / 4, endpoint_create=HOLD, stop=0.1, endpoint_delete=0.1)
    figures = []
    four = {"sagemaker:maxConcurrentOperations": "4"}
    echo_one = _creates(local, _echo_bags(1), "pulumi-python:dynamic:Resource", {})
    echo_many = _creates(local, _echo_bags(CONCURRENT), "pulumi-python:dynamic:Resource", {})
    for label, token in (
        ("TrainingJob creates waited to Completed", "pulumi-python:dynamic/sagemaker:TrainingJob"),
        ("HostingDeployment creates", "pulumi-python:dynamic/sagemaker:HostingDeployment"),
    ):

        def bags(count: int, label: str = label) -> list[dict[str, Any]]:
            local.reset()
            return _training_bags(local, count) if "Training" in label else _hosting_bags(count)

        one = _creates(local, bags(1), token, {})
        many = _creates(local, bags(CONCURRENT), token, {})
        kept = _creates(local, bags(CONCURRENT), token, four)
        ratio = many / one
        figures.append(
            Figure(
                f"{CONCURRENT} {label} vs one (T = {HOLD:g} s)",
                f"{ratio:.2f}x",
                f"do-nothing provider sleeping T: {echo_many / echo_one:.2f}x; ours kept at 4 threads: "
                f"{kept / one:.2f}x",
                "<= 1.5x",
                ratio <= 1.5,
            )
        )
    return figures


# -- previews and cold start -----------------------------------------------------------------------


def _preview_cost(server: ProviderServer, token: str, bags: list[dict[str, Any]]) -> float:
    start = time.monotonic()
    for bag in bags:
        inputs, _ = server.check(urn(token, "r"), bag, bag)
        server.diff("id", urn(token, "r"), inputs, inputs)
    return time.monotonic() - start


def previews(local: LocalSageMaker) -> list[Figure]:
    count = 200
    ours = [{**b, "name_seed": b["name_seed"]} for b in _training_bags(local, count)]
    echo = [
        {
            **{k: v for k, v in b.items() if k != "__provider"},
            "__provider": ProviderServer.provider_property(EchoProvider()),
        }
        for b in ours
    ]
    local.clear_calls()
    with ProviderServer(env=SERVER_ENV) as server:
        server.configure(local.config)
        # A first pass warms both providers up (imports, model load): cold start is measured below.
        _preview_cost(server, "pulumi-python:dynamic/sagemaker:TrainingJob", ours[:5])
        _preview_cost(server, "pulumi-python:dynamic:Resource", echo[:5])
        ratios = []
        for _ in range(3):
            mine = _preview_cost(server, "pulumi-python:dynamic/sagemaker:TrainingJob", ours)
            theirs = _preview_cost(server, "pulumi-python:dynamic:Resource", echo)
            ratios.append(mine / theirs)
    calls = len(local.calls)
    ratio = statistics.median(ratios)
    return [
        Figure(
            f"check + diff of {count} unchanged resources through the server",
            f"{ratio:.2f}x, {calls} SageMaker calls",
            "do-nothing provider, same property bags: 1.00x",
            "<= 1.25x, 0 calls",
            ratio <= 1.25 and calls == 0,
        )
    ]


def _first_check(local: LocalSageMaker, token: str, bag: dict[str, Any]) -> float:
    with ProviderServer(env=SERVER_ENV) as server:
        server.configure(local.config)
        start = time.monotonic()
        server.check(urn(token, "r"), {}, bag)
        return time.monotonic() - start


def cold_start(local: LocalSageMaker) -> list[Figure]:
    ours_bag = _training_bags(local, 1)[0]
    echo_bag = {"value": "v", "__provider": ProviderServer.provider_property(EchoProvider())}
    ours = statistics.median(
        _first_check(local, "pulumi-python:dynamic/sagemaker:TrainingJob", ours_bag) for _ in range(5)
    )
    echo = statistics.median(
        _first_check(local, "pulumi-python:dynamic:Resource", echo_bag) for _ in range(5)
    )
    return [
        Figure(
            "first check in a fresh provider process (import + botocore model load), median of 5",
            f"{ours * 1000:.0f} ms",
            f"do-nothing provider: {echo * 1000:.0f} ms",
            "<= 250 ms",
            ours <= 0.25,
        )
    ]


# -- polling on a virtual clock ------------------------------------------------------------------


class VirtualClock:
    """time.monotonic and time.sleep for the waiter, advancing only when it sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


def simulate(schedule: waiter.Schedule, duration: float) -> tuple[int, float]:
    """(looks, lateness) of the real waiter loop for an operation ending `duration` s after the wait began."""
    clock = VirtualClock()
    saved = waiter.time
    waiter.time = types.SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)  # type: ignore[assignment]
    looks = 0

    def look() -> dict[str, Any]:
        nonlocal looks
        looks += 1
        return {"done": clock.now >= duration}

    try:
        waiter.wait(look, lambda d: d["done"], schedule=schedule, deadline=waiter.Deadline(math.inf))
    finally:
        waiter.time = saved
    return looks, clock.now - duration


def worst_lateness(schedule: waiter.Schedule, around: float) -> float:
    """The worst lateness for operations ending anywhere within 10% of `around`."""
    return max(simulate(schedule, around * (0.9 + 0.2 * i / 40))[1] for i in range(41))


def fixed(delay: float) -> waiter.Schedule:
    """A poll that looks at once, then every `delay` s (botocore's waiters, the operator, our old one)."""
    return waiter.Schedule(delay, cap=delay)


def polling() -> list[Figure]:
    ours = waiter.Schedule(10.0, first=10.0)  # a wait right after our own create, at the default floor
    waiters = botocore.session.get_session().get_waiter_model("sagemaker")
    endpoint = waiters.get_waiter("EndpointInService").delay
    training = waiters.get_waiter("TrainingJobCompletedOrStopped").delay
    figures = []
    for minutes, late_goal, count_goal in ((10, 30.0, 25), (1, 10.0, None)):
        duration = minutes * 60.0
        looks, late = simulate(ours, duration)
        worst = worst_lateness(ours, duration)
        baselines = []
        for name, delay in (
            ("old fixed 10 s poll", 10.0),
            ("operator's fixed 5 s", 5.0),
            (f"botocore EndpointInService ({endpoint} s)", float(endpoint)),
            (f"botocore TrainingJobCompletedOrStopped ({training} s)", float(training)),
        ):
            n, lateness = simulate(fixed(delay), duration)
            worst_fixed = worst_lateness(fixed(delay), duration)
            baselines.append(f"{name}: {n} calls, {lateness:.0f} s late (at worst {worst_fixed:.0f} s)")
        goal = f"<= {late_goal:g} s late" + (f", <= {count_goal} calls" if count_goal else "")
        met = late <= late_goal and (count_goal is None or looks <= count_goal)
        figures.append(
            Figure(
                f"Describe calls during one {minutes}-minute operation",
                f"{looks} calls, {late:.0f} s late (at worst {worst:.0f} s within 10% of {minutes} min)",
                "; ".join(baselines),
                goal,
                met,
            )
        )
    return figures


# -- shared polling --------------------------------------------------------------------------------


def _waits(local: LocalSageMaker, count: int) -> Counter[str]:
    from pulumi.dynamic import Config, ConfigureRequest

    local.reset()
    provider = TrainingJobProvider()
    provider.configure(
        ConfigureRequest(Config({**local.config, "sagemaker:pollIntervalSeconds": "0.05"}, "b"))
    )
    bags = _training_bags(local, count)

    def create(bag: dict[str, Any]) -> None:
        provider.create(as_engine_sends({k: v for k, v in bag.items() if k != "__provider"}))

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(create, bags))
    return Counter(
        c.operation for c in local.calls if c.operation in ("DescribeTrainingJob", "ListTrainingJobs")
    )


def shared_polling(local: LocalSageMaker) -> list[Figure]:
    # 10 minutes at 1/200: the floor of 10 s is 0.05 s, a job of 600 s lasts 3 s.
    local.timings = Timings(training_phase=3.0 / 4)
    alone = sum(_waits(local, 1).values())
    shared = _waits(local, CONCURRENT)
    total = sum(shared.values())
    return [
        Figure(
            f"Describe/List calls for {CONCURRENT} concurrent 10-minute waits of one kind",
            f"{total} ({shared['ListTrainingJobs']} List, {shared['DescribeTrainingJob']} Describe)",
            f"{CONCURRENT} waits alone: {CONCURRENT} x {alone} = {CONCURRENT * alone}",
            "<= 100 in total",
            total <= 100,
        )
    ]


# -- sizes ---------------------------------------------------------------------------------------


def _seconds(code: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.monotonic() - start


def paired(ours: str, baseline: str, runs: int = 7) -> tuple[float, float, float]:
    """(median s of `ours`, median s of `baseline`, median of the per-pair ratios), run in turn A B A B
    so that a drift in the machine's speed hits both alike."""
    pairs = [(_seconds(ours), _seconds(baseline)) for _ in range(runs)]
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


def sizes(local: LocalSageMaker) -> list[Figure]:
    import pulumi_sagemaker.resources as resources

    providers = {
        name: len(ProviderServer.provider_property(getattr(resources, name)()))
        for name in resources.__all__
        if name.endswith("Provider") and name not in ("JobProvider", "SageMakerProvider")
    }
    local.reset()
    local.timings = Timings(training_phase=0.01)
    count = 200

    def program() -> None:
        import pulumi_sagemaker as sm

        for i in range(count):
            spec = python_spec(hyper_parameters={"num_round": str(i + 1)})
            sm.TrainingJob(f"job{i}", wait_for="InProgress", stream_logs=False, **spec)

    state = run(program, config=local.config).state
    per_resource = len(json.dumps([r.outputs for r in state.resources.values()], default=str)) / count
    ours, plain, plain_ratio = paired("import pulumi_sagemaker", "import pulumi, botocore")
    _, built_on, ratio = paired("import pulumi_sagemaker", "import pulumi.dynamic, botocore.session")
    largest = max(providers.values())
    return [
        Figure(
            "pickled provider (base64, as in state), per kind",
            ", ".join(f"{k.removesuffix('Provider')} {v} B" for k, v in providers.items()),
            "",
            "< 200 bytes",
            largest < 200,
        ),
        Figure(
            f"state per resource, {count}-resource stack (outputs as JSON)",
            f"{per_resource / 1024:.1f} KiB",
            "",
            "reported",
            True,
        ),
        Figure(
            "`import pulumi_sagemaker` (fresh processes, in turn with each baseline, medians of 7)",
            f"{ours * 1000:.0f} ms",
            f"`import pulumi, botocore`: {plain * 1000:.0f} ms (ours {plain_ratio:.2f}x);"
            f" `import pulumi.dynamic, botocore.session` (what it is built on): {built_on * 1000:.0f} ms"
            f" (ours {ratio:.2f}x)",
            "no slower than what it is built on (botocore.session is imported at the first check)",
            ratio <= 1.0,
        ),
    ]


def table(figures: list[Figure]) -> list[str]:
    return [
        "| measure | ours | side-by-side baselines | goal | met |",
        "|---|---|---|---|---|",
        *(
            f"| {f.measure} | {f.ours} | {f.baselines} | {f.goal} | {'yes' if f.met else 'NO'} |"
            for f in figures
        ),
    ]


def main() -> list[Figure]:
    figures: list[Figure] = [*polling()]
    with LocalSageMaker() as local:
        figures += concurrency(local)
        figures += previews(local)
        figures += cold_start(local)
        figures += shared_polling(local)
        figures += sizes(local)
    lines = [
        "## Figures",
        "",
        "`.venv/bin/python benchmarks/run.py` on the project's 2-core build machine; every figure beside its"
        " baselines, measured in the same run.",
        "",
        *table(figures),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section(ROOT / "docs" / "performance.md", "## Figures", text)
    return figures


if __name__ == "__main__":
    main()
