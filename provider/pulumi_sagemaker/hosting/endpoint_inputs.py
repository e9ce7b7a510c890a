"""A standalone Endpoint's inputs in canonical form, validated before any API call (pure).

CreateEndpoint's members (`endpoint_name`, optional; `endpoint_config_name`; `deployment_config`, the
guardrails SageMaker applies when the endpoint later switches config; `tags`), UpdateEndpoint's
`retain_all_variant_properties` and `exclude_retained_variant_properties` (sent when it switches), and
`autoscaling`: per variant name, the block a HostingDeployment variant takes (see `scaling.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kinds import ENDPOINT
from ..lifecycle import COMMON_OPTIONS, check_common_options, check_tags, check_timeout, find_option
from ..shapes import Failure, canonicalize_input, is_unknown
from . import scaling
from .paths import join, normalise

NAME, CONFIG = "endpoint_name", "endpoint_config_name"
CREATE_KEYS = (NAME, CONFIG, "deployment_config", "tags")
RETAIN_KEYS = ("retain_all_variant_properties", "exclude_retained_variant_properties")
AUTOSCALING = "autoscaling"
INPUT_KEYS = (*CREATE_KEYS, *RETAIN_KEYS, AUTOSCALING)
WAIT_TIMEOUT, NAME_SEED = "wait_timeout_seconds", "name_seed"
OPTION_KEYS = (WAIT_TIMEOUT, *COMMON_OPTIONS)
# Outputs are declared on the resource with None values so that Pulumi exposes them; not inputs (the
# endpoint's and its config's names are both: what is asked for in, what is there out).
_OUTPUTS = frozenset(ENDPOINT.output_names) - {NAME, CONFIG}
_RETAIN = {normalise(k) for k in RETAIN_KEYS}
_OURS = {normalise(k) for k in (AUTOSCALING, *OPTION_KEYS)}


def check_endpoint_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Canonical inputs (and options) and every problem with them; tolerant of preview Unknowns."""
    given = {
        k: v
        for k, v in news.items()
        if isinstance(k, str) and not k.startswith("__") and k not in _OUTPUTS and v is not None
    }
    create = {k: v for k, v in given.items() if normalise(k) not in _RETAIN | _OURS}
    retain = {k: v for k, v in given.items() if normalise(k) in _RETAIN}
    inputs, failures = canonicalize_input("CreateEndpoint", create, supplied=("EndpointName",))
    if retain:
        found, more = canonicalize_input(
            "UpdateEndpoint", retain, supplied=("EndpointName", "EndpointConfigName")
        )
        inputs.update(found)
        failures += more
        if inputs.get("exclude_retained_variant_properties") and not inputs.get(
            "retain_all_variant_properties"
        ):
            path, _ = find_option(retain, "exclude_retained_variant_properties", [])
            failures.append(Failure(path, "applies only with retain_all_variant_properties: true"))
    tags_path, _ = find_option(given, "tags", [])
    failures += check_tags(inputs.get("tags"), tags_path)
    path, block = find_option(given, AUTOSCALING, failures)
    if block is not None:
        inputs[AUTOSCALING] = _autoscaling(block, path, failures)
    return {**inputs, **_options(news, given, failures)}, failures


def _autoscaling(value: Any, path: str, failures: list[Failure]) -> Any:
    """{variant name: autoscaling block}."""
    if is_unknown(value):
        return value
    if not isinstance(value, Mapping):
        failures.append(
            Failure(path, "must be an object of variant names to {min_capacity, max_capacity, policies}")
        )
        return value
    out = {}
    for variant, block in value.items():
        canonical, found = scaling.canonicalize(block, join(path, str(variant)))
        failures += found
        out[variant] = canonical
    return out


def _options(news: Mapping[str, Any], given: Mapping[str, Any], failures: list[Failure]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    path, timeout = find_option(given, WAIT_TIMEOUT, failures)
    if timeout is not None:
        options[WAIT_TIMEOUT] = check_timeout(timeout, path, failures)
    return {**options, **check_common_options(news, failures)}
