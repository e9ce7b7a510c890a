"""Deployment guardrails: what UpdateEndpoint's DeploymentConfig allows, and the stages it deploys in.

From the developer guide ("Deployment guardrails", "Exclusions") and botocore's documentation of
TrafficRoutingConfig and RollingUpdatePolicy:
- one update policy per deployment: BlueGreenUpdatePolicy or RollingUpdatePolicy;
- with either, the new endpoint config has the same variant names as the one in use;
- a canary is at most 50% of the variant's instance count, a linear step 10-50%, a rolling batch
  5-50% (CapacitySize: INSTANCE_COUNT instances, or CAPACITY_PERCENT of them);
- the new fleet is provisioned, then traffic shifts to it in steps (all at once, canary then the
  rest, or linear steps; a rolling deployment batch by batch), each step followed by a baking period
  of WaitIntervalInSeconds, then (blue/green) TerminationWaitInSeconds before the old fleet goes;
  a CloudWatch alarm of AutoRollbackConfiguration in ALARM during any baking period rolls it back.
The refusals' wording is ours (no public record of AWS's); the limits are the documented ones.
Pure: no state, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# (smallest, largest) share of a variant's instances a step may be, per step kind.
_LIMITS = {
    "CanarySize": (0.0, 0.5),
    "LinearStepSize": (0.1, 0.5),
    "MaximumBatchSize": (0.05, 0.5),
}
_DOCUMENTED = {
    "CanarySize": "at most 50% of the variant's instance count",
    "LinearStepSize": "10-50% of the variant's instance count",
    "MaximumBatchSize": "5-50% of the variant's instance count",
}


@dataclass(frozen=True)
class Stage:
    """One stage of a deployment: provisioning the new fleet, or a baking period after a step."""

    status: str  # the new fleet's VariantStatus: Creating (provisioning) or Baking
    seconds: float  # what the request asks for (WaitIntervalInSeconds...); provisioning: 0
    share: float  # the share of traffic on the new fleet during the stage
    message: str

    @property
    def provisioning(self) -> bool:
        return self.status != "Baking"


def _policy(config: Mapping[str, Any] | None) -> tuple[str | None, Mapping[str, Any]]:
    config = config or {}
    for kind in ("BlueGreenUpdatePolicy", "RollingUpdatePolicy"):
        if kind in config:
            return kind, config[kind]
    return None, {}


def _share(size: Mapping[str, Any], count: int) -> float:
    """A CapacitySize as a share of `count` instances."""
    if size["Type"] == "CAPACITY_PERCENT":
        return size["Value"] / 100
    return size["Value"] / count


def refusals(
    config: Mapping[str, Any] | None,
    old_variants: Iterable[str],
    new_variants: Mapping[str, int | None],
    old_config: str,
    new_config: str,
) -> list[str]:
    """Why SageMaker refuses this UpdateEndpoint's DeploymentConfig (empty: it does not).

    `new_variants`: the new config's variant names and instance counts (None when serverless).
    """
    config = config or {}
    if "BlueGreenUpdatePolicy" in config and "RollingUpdatePolicy" in config:
        return [
            "Only one update policy can be specified in DeploymentConfig: BlueGreenUpdatePolicy or "
            "RollingUpdatePolicy."
        ]
    kind, policy = _policy(config)
    if kind is None:
        return []
    problems: list[str] = []
    old, new = sorted(old_variants), sorted(new_variants)
    if old != new:
        problems.append(
            f"A deployment with a {kind} needs the new endpoint configuration to have the same variant "
            f'names as the current one: "{old_config}" has [{", ".join(old)}], "{new_config}" has '
            f"[{', '.join(new)}]."
        )
    sizes: list[tuple[str, Mapping[str, Any]]] = []
    if kind == "RollingUpdatePolicy":
        sizes.append(("MaximumBatchSize", policy["MaximumBatchSize"]))
    else:
        routing = policy["TrafficRoutingConfiguration"]
        needed = {"CANARY": "CanarySize", "LINEAR": "LinearStepSize"}.get(routing["Type"])
        if needed is not None and needed not in routing:
            problems.append(f"{needed} must be specified when the traffic routing Type is {routing['Type']}.")
        elif needed is not None:
            sizes.append((needed, routing[needed]))
    for member, size in sizes:
        low, high = _LIMITS[member]
        for variant, count in new_variants.items():
            if count is None:
                continue  # serverless: no instances to count
            share = _share(size, count)
            if not low <= share <= high:
                problems.append(
                    f"{member} {size['Value']} ({size['Type']}) is {share:.0%} of the {count} instance(s) "
                    f"of variant {variant}: it must be {_DOCUMENTED[member]}."
                )
    return problems


def stages(config: Mapping[str, Any] | None, new_variants: Mapping[str, int | None]) -> list[Stage]:
    """The stages of an UpdateEndpoint with this DeploymentConfig (already judged acceptable)."""
    provision = Stage("Creating", 0, 0.0, "Provisioning the new fleet; the current one serves all traffic")
    kind, policy = _policy(config)
    counts = [c for c in new_variants.values() if c] or [1]
    if kind is None:
        # SageMaker's default: blue/green, all at once, no baking period.
        return [provision, Stage("Baking", 0, 1.0, "All traffic on the new fleet")]
    if kind == "RollingUpdatePolicy":
        batch = policy["MaximumBatchSize"]
        steps = max(math.ceil(1 / _share(batch, c)) for c in counts)
        wait = policy["WaitIntervalInSeconds"]
        return [provision] + [
            Stage("Baking", wait, min(1.0, i / steps), f"Baking batch {i} of {steps} of the new fleet")
            for i in range(1, steps + 1)
        ]
    routing = policy["TrafficRoutingConfiguration"]
    wait = routing["WaitIntervalInSeconds"]
    if routing["Type"] == "CANARY":
        shares = [min(_share(routing["CanarySize"], c) for c in counts), 1.0]
    elif routing["Type"] == "LINEAR":
        step = min(_share(routing["LinearStepSize"], c) for c in counts)
        shares = [min(1.0, i * step) for i in range(1, math.ceil(1 / step - 1e-9) + 1)]
    else:
        shares = [1.0]
    out = [provision]
    for i, share in enumerate(shares, 1):
        message = f"Step {i} of {len(shares)}: {share:.0%} of traffic on the new fleet, baking"
        out.append(Stage("Baking", wait, share, message))
    final = "All traffic on the new fleet: final baking period before the old fleet is terminated"
    out.append(Stage("Baking", policy.get("TerminationWaitInSeconds", 0), 1.0, final))
    return out


def first_alarm(
    histories: Mapping[str, list[tuple[str, float]]], start: float, end: float
) -> tuple[float, str] | None:
    """The first moment in [start, end] one of the alarms was in ALARM, and its name.

    `histories`: per alarm, its states in time order as (state, since).
    """
    found: tuple[float, str] | None = None
    for name, states in histories.items():
        for i, (state, since) in enumerate(states):
            until = states[i + 1][1] if i + 1 < len(states) else math.inf
            if state != "ALARM" or until < start or since > end:
                continue
            at = max(since, start)
            if found is None or at < found[0]:
                found = (at, name)
            break
    return found
