"""A variant's `autoscaling` block (pure): canonical form, validation, and the Application Auto Scaling
requests it stands for.

    autoscaling:
      min_capacity: 1
      max_capacity: 4
      policies:                      # target tracking; none at all only bounds the instance count
        - target_value: 70           # invocations per instance per minute
          predefined_metric_type: SageMakerVariantInvocationsPerInstance   # the default
        - target_value: 60
          customized_metric_specification:
            {metric_name: CPUUtilization, namespace: /aws/sagemaker/Endpoints, statistic: Average,
             dimensions: {EndpointName: ..., VariantName: ...}}
          scale_in_cooldown: 300
          scale_out_cooldown: 60
          disable_scale_in: false
          policy_name: cpu           # default: <variant>-target-tracking-<n>
      suspended_state:               # RegisterScalableTarget's SuspendedState
        dynamic_scaling_in_suspended: true

Validation is the shapes layer's, against Application Auto Scaling's botocore model, as SageMaker's
members are validated against SageMaker's: the bounds as RegisterScalableTarget's MinCapacity and
MaxCapacity, a policy as PutScalingPolicy's PolicyName and TargetTrackingScalingPolicyConfiguration
(types, enums, patterns, unknown fields with a did-you-mean), so what passes check is a request
botocore accepts. This module only maps the block's own layout onto those shapes and back, and adds
what the model cannot say (the rules at the end of `_policy`).

The block's layout (and so the canonical form state keeps) is the API's with two conveniences: a
policy is flat (the operator's HostingAutoscalingPolicy nests it under
`targetTrackingScalingPolicyConfiguration` and the metric under `predefinedMetricSpecification`; both
spellings are accepted and flattened), and a custom metric's `dimensions` is a dict of name to value
(the API's list of {name, value} is accepted too).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..shapes import Failure, canonicalize_input, close_matches, describe, info, is_unknown, to_request
from .paths import is_camel, join, normalise, spell

SERVICE = "application-autoscaling"
NAMESPACE = "sagemaker"
DIMENSION = "sagemaker:variant:DesiredInstanceCount"
DEFAULT_METRIC = "SageMakerVariantInvocationsPerInstance"

_TOP = ("min_capacity", "max_capacity", "policies", "suspended_state")
# RegisterScalableTarget's members the block takes as they are (SuspendedState: the operator's
# HostingAutoscalingPolicy has it too).
_BOUNDS = ("min_capacity", "max_capacity", "suspended_state")
# The members PutScalingPolicy and RegisterScalableTarget need that the provider fills in.
_TARGET = ("ServiceNamespace", "ResourceId", "ScalableDimension")
_CONFIG = "target_tracking_scaling_policy_configuration"
_PREDEFINED = "predefined_metric_specification"
_CUSTOM = "customized_metric_specification"
# Canonical order of a flat policy: stable state, readable diffs.
_POLICY_ORDER = (
    "policy_name",
    "target_value",
    "predefined_metric_type",
    "resource_label",
    _CUSTOM,
    "scale_in_cooldown",
    "scale_out_cooldown",
    "disable_scale_in",
)


@cache
def _enum(shape: str) -> tuple[str, ...]:
    return info(shape, SERVICE).enum


def sagemaker_metric_types() -> tuple[str, ...]:
    """The predefined metrics of a SageMaker variant (from the model: new ones need no code change)."""
    return tuple(m for m in _enum("MetricType") if m.startswith("SageMakerVariant"))


def canonicalize(raw: Any, path: str) -> tuple[Any, list[Failure]]:
    """The canonical autoscaling block and what is wrong with it (paths spelled as the user wrote them)."""
    failures: list[Failure] = []
    if is_unknown(raw):
        return raw, failures
    if not isinstance(raw, Mapping):
        return raw, [Failure(path, "must be an object with min_capacity, max_capacity and policies")]
    camel = is_camel(raw)
    given = {normalise(k): k for k in raw if isinstance(k, str) and normalise(k) in map(normalise, _TOP)}
    for key in raw:
        if key not in given.values():
            allowed = ", ".join(spell({}, k, camel) for k in _TOP)
            failures.append(Failure(join(path, str(key)), f"unknown field; the fields here are: {allowed}"))
    bounds = {given[normalise(k)]: raw[given[normalise(k)]] for k in _BOUNDS if normalise(k) in given}
    out, found = canonicalize_input("RegisterScalableTarget", bounds, supplied=_TARGET, service=SERVICE)
    failures += _under(path, found)
    for key in _TOP[:2]:
        if key not in out and normalise(key) not in given:
            failures.append(Failure(join(path, spell(raw, key, camel)), "is required"))
    _check_bounds(out, raw, path, camel, failures)
    policies = raw.get(given.get("policies", "policies"))
    if policies is not None and not is_unknown(policies):
        here = join(path, spell(raw, "policies", camel))
        if not isinstance(policies, list | tuple):
            failures.append(Failure(here, "must be a list of target-tracking policies"))
        else:
            out["policies"] = [_policy(p, f"{here}[{i}]", failures) for i, p in enumerate(policies)]
            _check_policy_names(out["policies"], here, failures)
    elif policies is not None:
        out["policies"] = policies
    return out, failures


def _check_bounds(
    out: dict[str, Any], raw: Mapping[str, Any], path: str, camel: bool, failures: list[Failure]
) -> None:
    # A variant keeps at least one instance (scaling to zero is for inference components only).
    low, high = out.get("min_capacity"), out.get("max_capacity")
    if isinstance(low, int) and low < 1:
        failures.append(Failure(join(path, spell(raw, "min_capacity", camel)), f"must be >= 1, got {low}"))
    if isinstance(high, int) and high < 1:
        failures.append(Failure(join(path, spell(raw, "max_capacity", camel)), f"must be >= 1, got {high}"))
    elif isinstance(low, int) and isinstance(high, int) and low > high:
        failures.append(
            Failure(
                join(path, spell(raw, "max_capacity", camel)), f"must be >= min_capacity ({low}), got {high}"
            )
        )


def _check_policy_names(policies: list[Any], here: str, failures: list[Failure]) -> None:
    names = [p.get("policy_name") if isinstance(p, dict) else None for p in policies]
    for i, name in enumerate(names):
        if isinstance(name, str) and name in names[:i]:
            failures.append(Failure(f"{here}[{i}]", f"duplicate policy_name {name!r}"))


# -- one policy -------------------------------------------------------------------------------------------


def _policy(raw: Any, path: str, failures: list[Failure]) -> Any:
    if is_unknown(raw):
        return raw
    if not isinstance(raw, Mapping):
        failures.append(Failure(path, "must be an object with a target_value and a metric"))
        return raw
    camel = is_camel(raw) or any(is_camel(v) for v in raw.values())
    request, rewrite = _as_request(raw, camel)
    canonical, found = canonicalize_input(
        "PutScalingPolicy", request, supplied=(*_TARGET, "PolicyName"), service=SERVICE
    )
    metric_path = _metric_type_path(request)
    metric_at = rewrite(join(path, metric_path)) if metric_path else None
    for f in found:
        here = rewrite(join(path, f.path))
        if f.path == metric_path:
            continue  # judged by `_rules`, against a variant's own metrics
        if f.reason.startswith("unknown field") and here.rpartition(".")[0] == path:
            # Written at the policy's level: the fields there are the flat policy's, not the API's.
            f = Failure(f.path, _unknown_policy_field(here.rpartition(".")[2], camel))
        failures.append(Failure(here, f.reason))
    out = _flat(canonical)
    _rules(out, raw, path, camel, rewrite, metric_at, failures)
    return {k: out[k] for k in _POLICY_ORDER if k in out}


def _unknown_policy_field(key: str, camel: bool) -> str:
    names = [spell({}, k, camel) for k in _POLICY_ORDER]
    close = close_matches(key, names)
    if close:
        return f"unknown field; did you mean {' or '.join(repr(c) for c in close)}?"
    return f"unknown field; the fields here are: {', '.join(names)}"


def _metric_type_path(request: Mapping[str, Any]) -> str | None:
    """Where in the request the predefined metric type is (the key path as the user spelled it)."""
    config_key = _find(request, _CONFIG)
    config = request.get(config_key) if config_key else None
    predefined = _find(config, _PREDEFINED) if isinstance(config, Mapping) else None
    inner = config.get(predefined) if isinstance(config, Mapping) and predefined else None
    key = _find(inner, "predefined_metric_type") if isinstance(inner, Mapping) else None
    return f"{config_key}.{predefined}.{key}" if key else None


def _as_request(raw: Mapping[str, Any], camel: bool) -> tuple[dict[str, Any], Any]:
    """The policy as PutScalingPolicy's input (PolicyName and the target-tracking configuration, the
    metric nested and the dimensions a list, as the API has them), and the function that spells a
    failure's path back the way the user wrote the policy."""
    config_key = spell(raw, _CONFIG, camel)
    predefined_key = spell({}, _PREDEFINED, camel)
    request: dict[str, Any] = {}
    config: dict[str, Any] = {}
    flat: set[str] = set()  # keys the user wrote at the policy's level, moved into the configuration
    for key, value in raw.items():
        n = normalise(key) if isinstance(key, str) else None
        if n == "policyname":
            request[key] = value
        elif n == normalise(_CONFIG) and isinstance(value, Mapping):
            config.update(value)
            config_key = key
        else:
            config[key] = value
            flat.add(str(key))
    metric: dict[str, Any] = {}
    metric_keys = ("predefinedmetrictype", "resourcelabel")
    for key in [k for k in config if isinstance(k, str) and normalise(k) in metric_keys]:
        metric[key] = config.pop(key)
        flat.add(key)
    synthetic: set[str] = set()
    if not any(isinstance(k, str) and normalise(k) == normalise(_CONFIG) for k in raw):
        synthetic.add(config_key)
    if metric:
        existing = _find(config, _PREDEFINED)
        if existing is not None and isinstance(config[existing], Mapping):
            config[existing] = {**config[existing], **metric}
            predefined_key = existing
        else:
            config[predefined_key] = metric
            synthetic.add(predefined_key)
    dimension_keys: dict[int, str] = {}
    custom_key = _find(config, _CUSTOM)
    if custom_key is not None and isinstance(config[custom_key], Mapping):
        config[custom_key], dimension_keys = _dimensions_as_list(config[custom_key])
    request[config_key] = config
    return request, _rewriter(config_key, predefined_key, synthetic, flat, custom_key, dimension_keys)


def _find(raw: Mapping[str, Any], key: str) -> str | None:
    """The user's key for canonical `key` in `raw`, if any."""
    return next((k for k in raw if isinstance(k, str) and normalise(k) == normalise(key)), None)


def _dimensions_as_list(custom: Mapping[str, Any]) -> tuple[dict[str, Any], dict[int, str]]:
    """A custom metric with its dimensions as the API's list; which index was which name of a dict."""
    key = next((k for k in custom if isinstance(k, str) and normalise(k) == "dimensions"), None)
    dims = custom.get(key) if key is not None else None
    if key is None or not isinstance(dims, Mapping) or is_unknown(dims):
        return dict(custom), {}
    names = list(dims)
    return {**custom, key: [{"name": k, "value": v} for k, v in dims.items()]}, {
        i: str(n) for i, n in enumerate(names)
    }


def _rewriter(
    config_key: str,
    predefined_key: str,
    synthetic: set[str],
    flat: set[str],
    custom_key: str | None,
    dimension_keys: Mapping[int, str],
) -> Any:
    """Paths the shapes layer reports on the request, spelled as the user wrote the policy: without the
    nesting we added, and a dict's dimension by its name rather than its index in our list."""

    def rewrite(path: str) -> str:
        for key in (config_key, predefined_key):
            pattern = re.escape(f".{key}.")
            match = re.search(pattern + r"([^.\[]+)", path)
            if match and (key in synthetic or match.group(1) in flat):
                path = path[: match.start()] + "." + path[match.end() - len(match.group(1)) :]
        if custom_key is not None and dimension_keys:
            dims = re.search(re.escape(f"{custom_key}.") + r"(\w+)\[(\d+)\](\.\w+)?", path)
            if dims and int(dims.group(2)) in dimension_keys:
                name = dimension_keys[int(dims.group(2))]
                path = path[: dims.start(1)] + f"{dims.group(1)}.{name}" + path[dims.end() :]
        return path

    def spelled(path: str) -> str:
        # A failure about the configuration we added is about the policy itself.
        path = rewrite(path)
        return path.removesuffix(f".{config_key}") if config_key in synthetic else path

    return spelled


def _flat(canonical: Mapping[str, Any]) -> dict[str, Any]:
    """A canonical PutScalingPolicy input as the block's canonical policy (flat, dimensions a dict)."""
    config = canonical.get(_CONFIG)
    out: dict[str, Any] = {}
    if "policy_name" in canonical:
        out["policy_name"] = canonical["policy_name"]
    if not isinstance(config, Mapping):
        return out
    for key, value in config.items():
        if key == _PREDEFINED and isinstance(value, Mapping):
            out.update(value)
        elif key == _CUSTOM and isinstance(value, Mapping):
            dims = value.get("dimensions")
            custom = dict(value)
            # A name that is no string (reported at its path) cannot be a key: the list stays a list.
            if isinstance(dims, list) and all(_is_dimension(d) for d in dims):
                custom["dimensions"] = {d.get("name"): d.get("value") for d in dims}
            out[_CUSTOM] = custom
        else:
            out[key] = value
    return out


def _is_dimension(value: Any) -> bool:
    name = value.get("name") if isinstance(value, Mapping) else None
    return isinstance(name, str) or is_unknown(name)


def _rules(
    out: dict[str, Any],
    raw: Mapping[str, Any],
    path: str,
    camel: bool,
    rewrite: Any,
    metric_at: str | None,
    failures: list[Failure],
) -> None:
    """What Application Auto Scaling's model cannot say about a SageMaker variant's policy."""
    failed = {f.path for f in failures}

    def at(key: str) -> str:
        return rewrite(join(path, spell(raw, key, camel)))

    target = out.get("target_value")
    if "target_value" not in out and at("target_value") not in failed:
        failures.append(Failure(at("target_value"), "is required"))
    elif isinstance(target, float) and (not math.isfinite(target) or target <= 0):
        failures.append(Failure(at("target_value"), f"must be a number > 0, got {target:g}"))
    for key in ("scale_in_cooldown", "scale_out_cooldown"):
        value = out.get(key)
        if isinstance(value, int) and value < 0:
            failures.append(Failure(at(key), f"must be >= 0 seconds, got {value}"))
    custom, predefined = out.get(_CUSTOM), out.get("predefined_metric_type")
    if custom is not None and predefined is not None:
        reason = "set either predefined_metric_type or customized_metric_specification, not both"
        failures.append(Failure(path, reason))
    if isinstance(custom, Mapping) and not custom.get("metrics"):
        # Without metric math the metric is named by these three (the model leaves all of them optional).
        for key in ("metric_name", "namespace", "statistic"):
            if key not in custom:
                failures.append(Failure(join(at(_CUSTOM), spell({}, key, camel)), "is required"))
    if custom is None and predefined is None:
        out["predefined_metric_type"] = DEFAULT_METRIC
    elif metric_at is not None and not is_unknown(predefined) and predefined not in sagemaker_metric_types():
        # The model's enum is every service's metrics; a variant scales on its own only.
        allowed = sagemaker_metric_types()
        close = close_matches(str(predefined), allowed)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "."
        reason = f"{describe(predefined)} is not a metric of a SageMaker variant{hint}"
        reason += f" Allowed: {', '.join(allowed)}"
        failures.append(Failure(metric_at, reason))


def _under(path: str, failures: list[Failure]) -> list[Failure]:
    return [Failure(join(path, f.path), f.reason) for f in failures]


# -- requests -------------------------------------------------------------------------------------------


def resource_id(endpoint: str, variant: str) -> str:
    return f"endpoint/{endpoint}/variant/{variant}"


def _target(endpoint: str, variant: str) -> dict[str, Any]:
    return {
        "service_namespace": NAMESPACE,
        "resource_id": resource_id(endpoint, variant),
        "scalable_dimension": DIMENSION,
    }


def target_request(endpoint: str, variant: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """RegisterScalableTarget's parameters (an upsert: it also changes the bounds of a registered target)."""
    bounds = {k: spec[k] for k in _BOUNDS if k in spec}
    return to_request("RegisterScalableTarget", {**_target(endpoint, variant), **bounds}, SERVICE)


def policy_name(variant: str, index: int, policy: Mapping[str, Any]) -> str:
    return policy.get("policy_name") or f"{variant}-target-tracking-{index}"


def policy_requests(endpoint: str, variant: str, spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """PutScalingPolicy's parameters, one per policy (an upsert by name)."""
    requests = []
    policies: list[Mapping[str, Any]] = spec.get("policies") or []
    for index, policy in enumerate(policies):
        config = {
            k: v
            for k, v in policy.items()
            if k not in ("policy_name", "predefined_metric_type", "resource_label")
        }
        if "predefined_metric_type" in policy:
            metric = {k: policy[k] for k in ("predefined_metric_type", "resource_label") if k in policy}
            config[_PREDEFINED] = metric
        custom = policy.get(_CUSTOM)
        if isinstance(custom, Mapping) and isinstance(custom.get("dimensions"), Mapping):
            dims = [{"name": k, "value": v} for k, v in custom["dimensions"].items()]
            config[_CUSTOM] = (
                {**custom, "dimensions": dims}
                if dims
                else {k: v for k, v in custom.items() if k != "dimensions"}
            )
        canonical = {
            **_target(endpoint, variant),
            "policy_name": policy_name(variant, index, policy),
            "policy_type": "TargetTrackingScaling",
            _CONFIG: config,
        }
        requests.append(to_request("PutScalingPolicy", canonical, SERVICE))
    return requests
