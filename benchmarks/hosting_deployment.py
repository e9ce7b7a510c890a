"""HostingDeployment: SageMaker and Application Auto Scaling calls per operation, the wall-clock of an
instance-type update, and the cost of `check` (what every preview pays).

    .venv/bin/python benchmarks/hosting_deployment.py    # prints the tables and rewrites docs/benchmarks.md

SageMaker calls are counted by the local SageMaker as it receives them (so retries would show);
Application Auto Scaling goes to moto, which keeps no log, so those are the provider's own count
(`pulumi_sagemaker.aws.CALL_COUNTS`). Waiting costs one DescribeEndpoint per poll; the counts here are for
an endpoint that takes 0.2 s to create or update and 0.1 s to delete, polled every 0.05 s, so only the
fixed part (everything but the polls) carries over to AWS.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi.dynamic import Config, ConfigureRequest
from pulumi_sagemaker.aws import CALL_COUNTS
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider
from pulumi_sagemaker.testing import LocalSageMaker, Timings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import publish, timing_table
from tests.test_hosting_specs import SEED, autoscaled, canary, model, operator_spec, python_spec, variant
from tests.training_inputs import as_engine_sends

TIMINGS = Timings(endpoint_create=0.2, endpoint_update=0.2, endpoint_delete=0.1, rollback=0.1)
POLL = 0.05
AUTOSCALING = "application-autoscaling:"
UPDATE_RUNS = 20
CHECK_RUNS = 200
# Blue/green with a 10% canary; the local SageMaker takes its update time whatever the policy.
CANARY = canary()


def _listed(counted: Counter[str]) -> str:
    return ", ".join(f"{op} {n}" for op, n in sorted(counted.items())) or "none"


def _quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(int(len(ordered) * 0.95), len(ordered) - 1)]


class Meter:
    """Runs one provider hook and records the calls it made."""

    def __init__(self, local: LocalSageMaker) -> None:
        self.local = local
        self.rows: list[tuple[str, str, int, str, float]] = []

    def __call__(self, label: str, action: Callable[[], Any]) -> Any:
        self.local.clear_calls()
        before = Counter(CALL_COUNTS)
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):  # the progress lines
            result = action()
        elapsed = (time.perf_counter() - start) * 1000
        made = Counter(CALL_COUNTS)
        made.subtract(before)
        sagemaker = Counter(c.operation for c in self.local.calls)
        sent = sum(n for key, n in made.items() if key.startswith("sagemaker:"))
        if sent != sum(sagemaker.values()):  # botocore retried something: say so rather than hide it
            label += f" ({sum(sagemaker.values()) - sent} retries)"
        polls = sagemaker.pop("DescribeEndpoint", 0)
        scaling = Counter({k.removeprefix(AUTOSCALING): n for k, n in made.items() if n and AUTOSCALING in k})
        self.rows.append((label, _listed(sagemaker), polls, _listed(scaling), elapsed))
        return result


def main() -> None:
    with LocalSageMaker(timings=TIMINGS) as local:
        provider = HostingDeploymentProvider()
        config = {**local.config, "sagemaker:pollIntervalSeconds": str(POLL)}
        provider.configure(ConfigureRequest(Config(config, "bench")))

        def checked(spec: dict[str, Any]) -> dict[str, Any]:
            result = provider.check({}, as_engine_sends({**spec, "name_seed": SEED}))
            assert not result.failures, result.failures
            return as_engine_sends(result.inputs)

        def update(endpoint: str, olds: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
            return as_engine_sends(provider.update(endpoint, olds, checked(spec)).outs)

        # Warm up: boto3 clients load once per process, and moto its Application Auto Scaling backend
        # at the first request (over a second): neither is a cost of the operations measured.
        for service in ("sagemaker", "application-autoscaling"):
            provider.aws.client(service)
        provider.aws.call(
            "DescribeScalableTargets", service="application-autoscaling", ServiceNamespace="sagemaker"
        )
        measure = Meter(local)
        tags = {"team": "ml", "cost-center": "42"}
        spec = python_spec(tags=tags)
        checked(spec)
        inputs = measure("check (preview and up)", lambda: checked(spec))
        weighted = python_spec(tags=tags, production_variants=[variant(weight=2)])
        measure("diff (preview and up)", lambda: provider.diff("x", inputs, checked(weighted)))
        created = measure("create, one variant", lambda: provider.create(inputs))
        endpoint, outs = created.id, as_engine_sends(created.outs)
        outs = measure("update weight only", lambda: update(endpoint, outs, weighted))
        counted = python_spec(tags=tags, production_variants=[variant(weight=2, count=2)])
        outs = measure("update instance count only", lambda: update(endpoint, outs, counted))
        retyped = python_spec(
            tags=tags, production_variants=[variant(weight=2, count=2, instance_type="ml.m5.large")]
        )
        outs = measure(
            "update instance type (new config, old one deleted)", lambda: update(endpoint, outs, retyped)
        )
        retagged = {**retyped, "tags": {"team": "research", "env": "dev"}}
        outs = measure(
            "update tags only (1 changed, 1 added, 1 removed)", lambda: update(endpoint, outs, retagged)
        )
        retrained = {**retagged, "models": [model(data="s3://bucket-name/retrained/model.tar.gz")]}
        outs = measure(
            "update model_data_url (new model and config, old ones deleted)",
            lambda: update(endpoint, outs, retrained),
        )
        guarded = {**retrained, "deployment_config": CANARY}
        outs = measure(
            "update deployment_config only (deploys nothing)", lambda: update(endpoint, outs, guarded)
        )
        scaled = autoscaled(guarded, low=2, high=4)
        outs = measure("add autoscaling (1 target-tracking policy)", lambda: update(endpoint, outs, scaled))
        rescaled = autoscaled(guarded, low=2, high=4)
        rescaled["production_variants"][0]["instance_type"] = "ml.c5.large"
        outs = measure(
            "update instance type, autoscaled (canary deployment; autoscaling off and on around it)",
            lambda: update(endpoint, outs, rescaled),
        )
        measure("read (refresh)", lambda: provider.read(endpoint, outs))
        measure("delete (with autoscaling)", lambda: provider.delete(endpoint, outs))

        # Wall-clock of an instance-type update, alternating between two types on a fresh endpoint.
        # Also how long SageMaker (the local one: 0.2 s) reports Updating, from its own call log.
        with contextlib.redirect_stderr(io.StringIO()):
            created = provider.create(checked(spec))
            endpoint, outs = created.id, as_engine_sends(created.outs)
            samples: list[float] = []
            for run in range(UPDATE_RUNS):
                instance_type = "ml.m5.large" if run % 2 == 0 else "ml.r5.large"
                news = python_spec(tags=tags, production_variants=[variant(instance_type=instance_type)])
                news = checked(news)
                start = time.perf_counter()
                outs = as_engine_sends(provider.update(endpoint, outs, news).outs)
                samples.append((time.perf_counter() - start) * 1000)
            provider.delete(endpoint, outs)
        update_ms = _quantiles(samples)

    timings = {}
    for label, seed in (("snake_case", python_spec()), ("operator lowerCamelCase", operator_spec())):
        props = as_engine_sends({**seed, "name_seed": SEED})
        runs = []
        for _ in range(CHECK_RUNS):
            start = time.perf_counter()
            result = provider.check({}, props)
            runs.append((time.perf_counter() - start) * 1000)
        assert not result.failures, result.failures
        timings[label] = _quantiles(runs)

    rows = measure.rows
    lines = [
        "## HostingDeployment: SageMaker calls per operation",
        "",
        "`.venv/bin/python benchmarks/hosting_deployment.py` (local SageMaker; endpoint create and update"
        f" {TIMINGS.endpoint_create:g} s, delete {TIMINGS.endpoint_delete:g} s, polling every {POLL:g} s;"
        " the seed's XGBoost MNIST deployment, one variant, with tags). Each row is the next step on the"
        " same endpoint; ms is that one run's wall-clock.",
        "",
        "| operation | SageMaker calls besides DescribeEndpoint | DescribeEndpoint (incl. polls)"
        " | Application Auto Scaling calls | ms |",
        "|---|---|---|---|---|",
        *(f"| {label} | {sm} | {polls} | {aas} | {ms:.0f} |" for label, sm, polls, aas, ms in rows),
        "",
        "Wall-clock of an instance-type update (new config rolled out, old config deleted),"
        f" {UPDATE_RUNS} runs;"
        f" the local endpoint stays Updating {TIMINGS.endpoint_update:g} s, the rest is the provider's calls"
        " and poll granularity:",
        "",
        "| median ms | p95 ms |",
        "|---|---|",
        f"| {update_ms[0]:.0f} | {update_ms[1]:.0f} |",
        "",
        f"`check` of the seed spec (canonicalise + validate against botocore's model + hosting rules),"
        f" {CHECK_RUNS} runs:",
        "",
        *timing_table(timings),
        "",
    ]
    publish("## HostingDeployment", lines)


if __name__ == "__main__":
    main()
