"""What a HostingDeployment reports, read off DescribeEndpoint (pure).

`OUTPUTS` declares each output once (name, reader, type, doc line): the resource class's attributes and
the generated typed surface are made from it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..kinds import ENDPOINT, NAME_OUTPUT, Described, Output, VariantSummary, runtime_url, variant_summaries
from .plan import AUTOSCALING, COUNT, DEFAULT_WEIGHT, WEIGHT

# The config the last create or update deployed; `endpoint_config_name` is the one serving now.
DEPLOYED_CONFIG = "deployed_config_name"
MODEL_NAMES = "model_names"


def endpoint_url(region: str, endpoint: str) -> str:
    return runtime_url(region, endpoint)


def current_counts(described: Mapping[str, Any]) -> dict[str, int]:
    """Instance counts the endpoint runs now (what autoscaling has set), by variant."""
    counts = {}
    for v in described.get("ProductionVariants") or []:
        count = v.get("CurrentInstanceCount", v.get("DesiredInstanceCount"))
        if count is not None:
            counts[v["VariantName"]] = int(count)
    return counts


def _answer(member: str) -> Any:
    return lambda d: d.response.get(member)


OUTPUTS: tuple[Output, ...] = (
    next(o for o in ENDPOINT.outputs if o.name == NAME_OUTPUT),
    Output("endpoint_name", _answer("EndpointName"), str, "The SageMaker name of the endpoint."),
    Output("arn", _answer("EndpointArn"), str, "The endpoint's ARN."),
    Output("status", _answer("EndpointStatus"), str, "EndpointStatus: InService, Updating, Failed, ..."),
    Output(
        "endpoint_url",
        lambda d: endpoint_url(d.region, d.response["EndpointName"]),
        str,
        "The HTTPS address the endpoint is invoked at (sagemaker-runtime's InvokeEndpoint).",
    ),
    Output("endpoint_config_name", _answer("EndpointConfigName"), str, "The endpoint config serving now."),
    Output(
        DEPLOYED_CONFIG,
        lambda d: d.extra.get(DEPLOYED_CONFIG),
        str,
        "The endpoint config the last `pulumi up` deployed (another one serving is drift).",
    ),
    Output(
        MODEL_NAMES,
        lambda d: dict(d.extra.get(MODEL_NAMES) or {}),
        dict[str, str],
        "The SageMaker name of each model, by its `name` in `models` (feeds a BatchTransformJob).",
    ),
    Output(
        "variants",
        lambda d: variant_summaries(d.response),
        list[VariantSummary],
        "Each variant's current and desired instance count and weight.",
    ),
    Output("failure_reason", _answer("FailureReason"), str | None, "Why the endpoint failed, if it did."),
)


def computed(
    described: Mapping[str, Any], model_names: Mapping[str, str], region: str, deployed: str | None
) -> dict[str, Any]:
    """Every output of `OUTPUTS`, read off DescribeEndpoint; `deployed` is the config the last `up`
    deployed."""
    found = Described(described, region, {MODEL_NAMES: model_names, DEPLOYED_CONFIG: deployed})
    return {o.name: o.read(found) for o in OUTPUTS}


def reflect_drift(inputs: Mapping[str, Any], described: Mapping[str, Any]) -> dict[str, Any]:
    """`inputs` with the weights and counts the endpoint really has, so that a refresh shows drift in
    `production_variants` and the next `up` puts the spec back (in place, without a new config).

    Counts of autoscaled variants are autoscaling's to set: they are not drift.
    """
    actual = {v["VariantName"]: v for v in described.get("ProductionVariants") or []}
    out = copy.deepcopy(dict(inputs))
    for variant in out.get("production_variants") or []:
        live = actual.get(variant.get("variant_name"))
        if not isinstance(variant, dict) or live is None:
            continue
        weight = live.get("DesiredWeight", live.get("CurrentWeight"))
        if weight is not None and float(weight) != float(variant.get(WEIGHT, DEFAULT_WEIGHT)):
            variant[WEIGHT] = float(weight)
        count = live.get("DesiredInstanceCount", live.get("CurrentInstanceCount"))
        if (
            count is not None
            and COUNT in variant
            and not variant.get(AUTOSCALING)
            and count != variant[COUNT]
        ):
            variant[COUNT] = int(count)
    return out


def reflect_autoscaling(inputs: Mapping[str, Any], bounds: Mapping[str, tuple[int, int]]) -> dict[str, Any]:
    """`inputs` with each variant's autoscaling as Application Auto Scaling has it (`bounds`: the
    registered variants' min and max), so that a refresh shows autoscaling lost (an update that failed
    half way, a target deregistered by hand), re-bounded, or added outside, and the next `up` puts the
    spec's back. Policies are not compared: a registration and its bounds are what a failure loses."""
    out = copy.deepcopy(dict(inputs))
    for variant in out.get("production_variants") or []:
        if not isinstance(variant, dict):
            continue
        live = bounds.get(variant.get("variant_name"))  # type: ignore[arg-type]
        spec = variant.get(AUTOSCALING)
        if live is None:
            variant.pop(AUTOSCALING, None)
        elif not isinstance(spec, dict):
            variant[AUTOSCALING] = {"min_capacity": live[0], "max_capacity": live[1]}
        elif (spec.get("min_capacity"), spec.get("max_capacity")) != live:
            variant[AUTOSCALING] = {**spec, "min_capacity": live[0], "max_capacity": live[1]}
    return out
