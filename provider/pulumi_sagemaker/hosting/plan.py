"""From canonical inputs to the SageMaker resources that realise them, and how a change is rolled out (pure).

Names are deterministic: the endpoint's from the stack and resource (or given), a model's
`<endpoint>-<model>-<owner>-<spec>`, a config's `<endpoint>-<owner>-<spec>`, where `<owner>` digests the
full endpoint name (and what is named: a config or a model) and `<spec>` the CreateModel /
CreateEndpointConfig request (and the model's name). So an unchanged model keeps its name and is
reused by the next config, and an `up` that died half way finds the very names it was creating and
adopts them instead of creating twins.

The owner digest is what makes a name ours: the readable part is cut to fit SageMaker's 63 characters
and `<endpoint>-<model>` is ambiguous ("a" + "b-c" or "a-b" + "c"), so without it two deployments whose
names start alike could share models, and one's clean-up would delete what the other serves. It does
not depend on the model's name, so a leftover of an interrupted run is recognised even after the
model has been renamed in the program.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..lifecycle import auto_name
from ..shapes import to_request

NAME_LIMIT = 63
DIGEST_LENGTH = 8  # of a request: a new spec, a new name
OWNER_LENGTH = 6  # of the endpoint name: one chance in 16.7 million that two endpoints share it
# `-<owner>-<spec>` after the readable part.
SUFFIX_LENGTH = 1 + OWNER_LENGTH + 1 + DIGEST_LENGTH
DEFAULT_WEIGHT = 1.0  # SageMaker's, when InitialVariantWeight is left out
# Members of a variant that UpdateEndpointWeightsAndCapacities changes without a new config.
WEIGHT, COUNT = "initial_variant_weight", "initial_instance_count"
AUTOSCALING = "autoscaling"
# The parts of the inputs that make up the endpoint config (besides the variants and models).
CONFIG_MEMBERS = ("kms_key_id", "data_capture_config", "async_inference_config")


@dataclass(frozen=True)
class ModelPlan:
    user_name: str
    name: str  # the SageMaker model name
    request: dict[str, Any]  # CreateModel, without Tags


@dataclass(frozen=True)
class Plan:
    endpoint_name: str
    models: dict[str, ModelPlan]  # by user-facing model name
    config_name: str
    config_request: dict[str, Any]  # CreateEndpointConfig, without Tags
    autoscaling: dict[str, dict[str, Any]] = field(default_factory=dict)  # by variant name

    @property
    def model_names(self) -> dict[str, str]:
        return {user: m.name for user, m in self.models.items()}


# -- names ------------------------------------------------------------------------------------------------


def endpoint_name(inputs: Mapping[str, Any], seed: str | None) -> str:
    """The explicit name, or the resource name plus a digest of stack and resource (never of the spec:
    the endpoint keeps its name across updates)."""
    explicit = inputs.get("endpoint_name")
    if explicit:
        return explicit
    return auto_name(seed or "", {}, 0, NAME_LIMIT, fallback="endpoint")


def digest(spec: Any, length: int = DIGEST_LENGTH) -> str:
    payload = json.dumps(spec, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:length]


def readable_prefix(*parts: str) -> str:
    """`<endpoint>-<model>` cut so that `-<owner>-<spec>` still fits in 63 characters (for people only:
    ownership is in the owner digest). Also what every name of the endpoint's contains (for listing)."""
    base = re.sub(r"[^a-zA-Z0-9-]+", "-", "-".join(parts))
    return base[: NAME_LIMIT - SUFFIX_LENGTH].rstrip("-")


def _owner(kind: str, endpoint: str) -> str:
    return digest([kind, endpoint], OWNER_LENGTH)


def config_name(request: Mapping[str, Any], endpoint: str) -> str:
    return f"{readable_prefix(endpoint)}-{_owner('config', endpoint)}-{digest(request)}"


def sagemaker_model_name(request: Mapping[str, Any], endpoint: str, model: str) -> str:
    return f"{readable_prefix(endpoint, model)}-{_owner('model', endpoint)}-{digest([model, request])}"


def _owned_by(name: str, kind: str, endpoint: str) -> bool:
    # The readable part starts with the endpoint's (a model's goes on with its own name).
    pattern = (
        re.escape(readable_prefix(endpoint))
        + ("(-[a-zA-Z0-9-]*)?" if kind == "model" else "")
        + f"-{_owner(kind, endpoint)}-[0-9a-f]{{{DIGEST_LENGTH}}}"
    )
    return re.fullmatch(pattern, name) is not None


def is_config_of(endpoint: str, name: str | None) -> bool:
    """Is `name` one of the configs this deployment generates for `endpoint`?"""
    return name is not None and _owned_by(name, "config", endpoint)


def is_model_of(endpoint: str, name: str) -> bool:
    """Is `name` one of the SageMaker models this deployment generates for `endpoint` (whatever the
    model's name in the program was)?"""
    return _owned_by(name, "model", endpoint)


# -- the plan ---------------------------------------------------------------------------------------------


def model_request(model: Mapping[str, Any]) -> dict[str, Any]:
    """CreateModel's request for a canonical model (ModelName left out: it derives from this)."""
    spec = {k: v for k, v in model.items() if k != "name"}
    containers = spec.get("containers")
    # One container is the primary container (as the operator sends it); several are a pipeline.
    if isinstance(containers, list) and len(containers) == 1 and "primary_container" not in spec:
        spec["primary_container"] = spec.pop("containers")[0]
    return to_request("CreateModel", spec)


def build_plan(inputs: Mapping[str, Any], endpoint: str, counts: Mapping[str, int] | None = None) -> Plan:
    """Models, config and autoscaling for `inputs`. `counts` overrides variants' initial instance counts:
    the endpoint's current counts for variants whose count the spec did not change, so that an update
    keeps what autoscaling has set."""
    models: dict[str, ModelPlan] = {}
    for model in inputs["models"]:
        request = model_request(model)
        name = sagemaker_model_name(request, endpoint, model["name"])
        models[model["name"]] = ModelPlan(model["name"], name, {"ModelName": name, **request})
    variants, autoscaling = [], {}
    for variant in inputs["production_variants"]:
        spec = {k: v for k, v in variant.items() if k != AUTOSCALING}
        spec["model_name"] = models[variant["model_name"]].name
        if spec.get("instance_pools"):  # a pool's override names one of the models too
            spec["instance_pools"] = [_pool(p, models) for p in spec["instance_pools"]]
        if counts and variant["variant_name"] in counts and COUNT in spec:
            spec[COUNT] = counts[variant["variant_name"]]
        variants.append(spec)
        if variant.get(AUTOSCALING):
            autoscaling[variant["variant_name"]] = variant[AUTOSCALING]
    config = {"production_variants": variants, **{k: inputs[k] for k in CONFIG_MEMBERS if k in inputs}}
    request = to_request("CreateEndpointConfig", config)
    name = config_name(request, endpoint)
    return Plan(
        endpoint_name=endpoint,
        models=models,
        config_name=name,
        config_request={"EndpointConfigName": name, **request},
        autoscaling=autoscaling,
    )


def _pool(pool: Mapping[str, Any], models: Mapping[str, ModelPlan]) -> dict[str, Any]:
    override = pool.get("model_name_override")
    if isinstance(override, str) and override in models:
        return {**pool, "model_name_override": models[override].name}
    return dict(pool)


def model_names(inputs: Mapping[str, Any], endpoint: str) -> dict[str, str]:
    """User-facing model name -> SageMaker model name (counts do not matter for models)."""
    return {
        m["name"]: sagemaker_model_name(model_request(m), endpoint, m["name"])
        for m in inputs.get("models") or ()
    }


def retained_counts(
    old: Mapping[str, Any], new: Mapping[str, Any], current: Mapping[str, int]
) -> dict[str, int]:
    """Current instance counts of the variants whose count the spec leaves as it was (autoscaling's)."""
    before = {v["variant_name"]: v.get(COUNT) for v in old.get("production_variants") or ()}
    kept = {}
    for variant in new.get("production_variants") or ():
        name = variant["variant_name"]
        if name in before and before[name] == variant.get(COUNT) and name in current and COUNT in variant:
            kept[name] = current[name]
    return kept


# -- what kind of change ----------------------------------------------------------------------------------


class ChangeKind(Enum):
    NONE = "none"
    TAGS_ONLY = "tags only"
    WEIGHTS_AND_CAPACITIES = "weights and capacities"
    AUTOSCALING_ONLY = "autoscaling only"
    NEW_CONFIG = "new endpoint config"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    tags: bool = False  # the tags differ (applied in place whatever the kind)
    autoscaling: bool = False  # some variant's autoscaling differs
    # For WEIGHTS_AND_CAPACITIES: per variant, the DesiredWeightAndCapacity members to send.
    desired: dict[str, dict[str, Any]] = field(default_factory=dict)


def _variants(inputs: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["variant_name"]: v for v in inputs.get("production_variants") or ()}


def _weight(variant: Mapping[str, Any]) -> float:
    return float(variant.get(WEIGHT, DEFAULT_WEIGHT))


def _shape(variant: Mapping[str, Any]) -> dict[str, Any]:
    """A variant without what can change in place."""
    return {k: v for k, v in variant.items() if k not in (WEIGHT, COUNT, AUTOSCALING)}


def classify(old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    """The least disruptive way from `old` to `new` canonical inputs.

    Variants are matched by name (their order does not matter to SageMaker); the deployment config
    and our options change nothing deployed.
    """
    tags = (old.get("tags") or {}) != (new.get("tags") or {})
    before, after = _variants(old), _variants(new)
    autoscaling = any(
        (before.get(n) or {}).get(AUTOSCALING) != (after.get(n) or {}).get(AUTOSCALING)
        for n in set(before) | set(after)
    )
    config_changed = (
        old.get("models") != new.get("models")
        or set(before) != set(after)
        or any(_shape(before[n]) != _shape(after[n]) for n in after)
        or any(old.get(k) != new.get(k) for k in CONFIG_MEMBERS)
    )
    if config_changed:
        return Change(ChangeKind.NEW_CONFIG, tags, autoscaling)
    desired: dict[str, dict[str, Any]] = {}
    for name, variant in after.items():
        wanted: dict[str, Any] = {}
        if _weight(variant) != _weight(before[name]):
            wanted["DesiredWeight"] = _weight(variant)
        if variant.get(COUNT) != before[name].get(COUNT):
            wanted["DesiredInstanceCount"] = variant[COUNT]
        if wanted:
            desired[name] = wanted
    desired = _unretained(new, desired)
    if desired:
        return Change(ChangeKind.WEIGHTS_AND_CAPACITIES, tags, autoscaling, desired)
    if autoscaling:
        return Change(ChangeKind.AUTOSCALING_ONLY, tags, autoscaling)
    return Change(ChangeKind.TAGS_ONLY if tags else ChangeKind.NONE, tags, autoscaling)


def _unretained(inputs: Mapping[str, Any], desired: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """With retain_all_variant_properties (the operator's), the live weights and counts are the ones that
    hold: a change of one in the spec alone changes nothing, unless that property is excluded."""
    if not inputs.get("retain_all_variant_properties"):
        return desired
    excluded = {
        e.get("variant_property_type") for e in inputs.get("exclude_retained_variant_properties") or ()
    }
    kept = {name: {k: v for k, v in wanted.items() if k in excluded} for name, wanted in desired.items()}
    return {name: wanted for name, wanted in kept.items() if wanted}
