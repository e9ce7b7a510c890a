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

The operator's HostingAutoscalingPolicy nests a policy under `targetTrackingScalingPolicyConfiguration`
and the metric under `predefinedMetricSpecification`; both spellings are accepted and flattened.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from ..spec import Failure, is_unknown

if TYPE_CHECKING:
    from botocore.model import StringShape
from .paths import is_camel, join, normalise, spell

SERVICE = "application-autoscaling"
NAMESPACE = "sagemaker"
DIMENSION = "sagemaker:variant:DesiredInstanceCount"
DEFAULT_METRIC = "SageMakerVariantInvocationsPerInstance"

_TOP = {"mincapacity": "min_capacity", "maxcapacity": "max_capacity", "policies": "policies"}
_POLICY = {
    "policyname": "policy_name",
    "targetvalue": "target_value",
    "predefinedmetrictype": "predefined_metric_type",
    "customizedmetricspecification": "customized_metric_specification",
    "scaleincooldown": "scale_in_cooldown",
    "scaleoutcooldown": "scale_out_cooldown",
    "disablescalein": "disable_scale_in",
}
# Wrappers of the API's (and the operator's) nesting, flattened into the policy.
_FLATTENED = ("targettrackingscalingpolicyconfiguration", "predefinedmetricspecification")
_CUSTOM = {
    "metricname": "metric_name",
    "namespace": "namespace",
    "statistic": "statistic",
    "unit": "unit",
    "dimensions": "dimensions",
}


@cache
def _enum(shape: str) -> tuple[str, ...]:
    # From botocore's model of Application Auto Scaling, so new metric types need no code change.
    import botocore.session

    model = botocore.session.get_session().get_service_model(SERVICE)
    found = cast("StringShape", model.shape_for(shape))
    return tuple(found.enum)


def sagemaker_metric_types() -> tuple[str, ...]:
    return tuple(m for m in _enum("MetricType") if m.startswith("SageMakerVariant"))


def canonicalize(raw: Any, path: str) -> tuple[Any, list[Failure]]:
    """The canonical autoscaling block and what is wrong with it (paths spelled as the user wrote them)."""
    failures: list[Failure] = []
    if is_unknown(raw):
        return raw, failures
    if not isinstance(raw, Mapping):
        return raw, [Failure(path, "must be an object with min_capacity, max_capacity and policies")]
    camel = is_camel(raw)
    out = _fields(raw, _TOP, path, failures, camel)
    for key in ("min_capacity", "max_capacity"):
        here = join(path, spell(raw, key, camel))
        if key not in out:
            failures.append(Failure(here, "is required"))
        else:
            out[key] = _integer(out[key], here, failures, minimum=1)
    low, high = out.get("min_capacity"), out.get("max_capacity")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        failures.append(
            Failure(
                join(path, spell(raw, "max_capacity", camel)), f"must be >= min_capacity ({low}), got {high}"
            )
        )
    policies = out.get("policies")
    if policies is not None and not is_unknown(policies):
        here = join(path, spell(raw, "policies", camel))
        if not isinstance(policies, list | tuple):
            failures.append(Failure(here, "must be a list of target-tracking policies"))
        else:
            out["policies"] = [_policy(p, f"{here}[{i}]", failures) for i, p in enumerate(policies)]
            names = [p.get("policy_name") for p in out["policies"] if isinstance(p, dict)]
            for i, name in enumerate(names):
                if name is not None and not is_unknown(name) and name in names[:i]:
                    failures.append(Failure(f"{here}[{i}]", f"duplicate policy_name {name!r}"))
    return out, failures


def _fields(
    raw: Mapping[str, Any], known: Mapping[str, str], path: str, failures: list[Failure], camel: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        canonical = known.get(normalise(key)) if isinstance(key, str) else None
        if canonical is None:
            allowed = ", ".join(spell({}, k, camel) for k in known.values())
            failures.append(Failure(join(path, str(key)), f"unknown field; the fields here are: {allowed}"))
        elif value is not None:
            out[canonical] = value
    return out


def _policy(raw: Any, path: str, failures: list[Failure]) -> Any:
    if is_unknown(raw):
        return raw
    if not isinstance(raw, Mapping):
        failures.append(Failure(path, "must be an object with a target_value and a metric"))
        return raw
    camel = is_camel(raw)
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(key, str) and normalise(key) in _FLATTENED and isinstance(value, Mapping):
            flat.update(value)
        else:
            flat[key] = value
    # The operator nests again (predefinedMetricSpecification inside the configuration).
    for key in [k for k in flat if isinstance(k, str) and normalise(k) in _FLATTENED]:
        inner = flat.pop(key)
        if isinstance(inner, Mapping):
            flat.update(inner)
    out = _fields(flat, _POLICY, path, failures, camel)
    if "target_value" not in out:
        failures.append(Failure(join(path, spell(raw, "target_value", camel)), "is required"))
    else:
        out["target_value"] = _number(
            out["target_value"], join(path, spell(flat, "target_value", camel)), failures
        )
    for key in ("scale_in_cooldown", "scale_out_cooldown"):
        if key in out:
            out[key] = _integer(out[key], join(path, spell(flat, key, camel)), failures, minimum=0)
    flag = out.get("disable_scale_in")
    if flag is not None and not isinstance(flag, bool) and not is_unknown(flag):
        failures.append(Failure(join(path, spell(flat, "disable_scale_in", camel)), "must be true or false"))
    if "policy_name" in out and not (is_unknown(out["policy_name"]) or _is_name(out["policy_name"])):
        failures.append(
            Failure(join(path, spell(flat, "policy_name", camel)), "must be 1-256 printable characters")
        )
    custom = out.get("customized_metric_specification")
    predefined = out.get("predefined_metric_type")
    if custom is not None and predefined is not None:
        failures.append(
            Failure(path, "set either predefined_metric_type or customized_metric_specification, not both")
        )
    if custom is not None:
        here = join(path, spell(flat, "customized_metric_specification", camel))
        out["customized_metric_specification"] = _custom(custom, here, failures)
    elif predefined is None:
        out["predefined_metric_type"] = DEFAULT_METRIC
    elif not is_unknown(predefined) and predefined not in sagemaker_metric_types():
        allowed = ", ".join(sagemaker_metric_types())
        failures.append(
            Failure(
                join(path, spell(flat, "predefined_metric_type", camel)),
                f"{predefined!r} is not one of {allowed}",
            )
        )
    return {k: out[k] for k in _POLICY.values() if k in out}  # stable order: stable state


def _custom(raw: Any, path: str, failures: list[Failure]) -> Any:
    if is_unknown(raw):
        return raw
    if not isinstance(raw, Mapping):
        failures.append(Failure(path, "must be an object with metric_name, namespace and statistic"))
        return raw
    camel = is_camel(raw)
    out = _fields(raw, _CUSTOM, path, failures, camel)
    for key in ("metric_name", "namespace", "statistic"):
        if key not in out:
            failures.append(Failure(join(path, spell(raw, key, camel)), "is required"))
    statistic = out.get("statistic")
    if isinstance(statistic, str) and statistic not in _enum("MetricStatistic"):
        allowed = ", ".join(_enum("MetricStatistic"))
        failures.append(
            Failure(join(path, spell(raw, "statistic", camel)), f"{statistic!r} is not one of {allowed}")
        )
    dimensions = out.get("dimensions")
    if dimensions is not None and not is_unknown(dimensions):
        out["dimensions"] = _dimensions(dimensions, join(path, spell(raw, "dimensions", camel)), failures)
    return {k: out[k] for k in _CUSTOM.values() if k in out}


def _dimensions(raw: Any, path: str, failures: list[Failure]) -> Any:
    """A dict of name -> value, given as one or as a list of {name, value} (the API's form)."""
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, list | tuple):
        out = {}
        for i, entry in enumerate(raw):
            strings = isinstance(entry, Mapping) and all(isinstance(k, str) for k in entry)
            keys = {normalise(k): k for k in entry} if strings else {}
            if set(keys) != {"name", "value"} or len(keys) != len(entry):
                failures.append(Failure(f"{path}[{i}]", "must be a {name, value} object"))
                continue
            out[entry[keys["name"]]] = entry[keys["value"]]
        return out
    failures.append(Failure(path, "must be an object of names to values (or a list of {name, value})"))
    return raw


def _integer(value: Any, path: str, failures: list[Failure], minimum: int) -> Any:
    if is_unknown(value):
        return value
    # The engine sends every number as a float: 2.0 is 2.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        failures.append(Failure(path, f"must be a whole number >= {minimum}, got {value!r}"))
    elif value < minimum:
        failures.append(Failure(path, f"must be >= {minimum}, got {value}"))
    return value


def _number(value: Any, path: str, failures: list[Failure]) -> Any:
    if is_unknown(value):
        return value
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        failures.append(Failure(path, f"must be a number > 0, got {value!r}"))
        return value
    return float(value)


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 256 and value.isprintable()


# -- requests -------------------------------------------------------------------------------------------


def resource_id(endpoint: str, variant: str) -> str:
    return f"endpoint/{endpoint}/variant/{variant}"


def target_request(endpoint: str, variant: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """RegisterScalableTarget's parameters (an upsert: it also changes the bounds of a registered target)."""
    return {
        "ServiceNamespace": NAMESPACE,
        "ResourceId": resource_id(endpoint, variant),
        "ScalableDimension": DIMENSION,
        "MinCapacity": spec["min_capacity"],
        "MaxCapacity": spec["max_capacity"],
    }


def policy_name(variant: str, index: int, policy: Mapping[str, Any]) -> str:
    return policy.get("policy_name") or f"{variant}-target-tracking-{index}"


def policy_requests(endpoint: str, variant: str, spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """PutScalingPolicy's parameters, one per policy (an upsert by name)."""
    requests = []
    policies: list[Mapping[str, Any]] = spec.get("policies") or []
    for index, policy in enumerate(policies):
        config: dict[str, Any] = {"TargetValue": policy["target_value"]}
        custom = policy.get("customized_metric_specification")
        if custom is not None:
            metric: dict[str, Any] = {
                "MetricName": custom["metric_name"],
                "Namespace": custom["namespace"],
                "Statistic": custom["statistic"],
            }
            if custom.get("unit"):
                metric["Unit"] = custom["unit"]
            if custom.get("dimensions"):
                metric["Dimensions"] = [{"Name": k, "Value": v} for k, v in custom["dimensions"].items()]
            config["CustomizedMetricSpecification"] = metric
        else:
            config["PredefinedMetricSpecification"] = {
                "PredefinedMetricType": policy["predefined_metric_type"]
            }
        for key, member in (
            ("scale_in_cooldown", "ScaleInCooldown"),
            ("scale_out_cooldown", "ScaleOutCooldown"),
            ("disable_scale_in", "DisableScaleIn"),
        ):
            if policy.get(key) is not None:
                config[member] = policy[key]
        requests.append(
            {
                "PolicyName": policy_name(variant, index, policy),
                "ServiceNamespace": NAMESPACE,
                "ResourceId": resource_id(endpoint, variant),
                "ScalableDimension": DIMENSION,
                "PolicyType": "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration": config,
            }
        )
    return requests
