"""HostingDeployment inputs in canonical form, validated before any API call.

Each part is mapped onto the SageMaker operation it ends up in, so the shapes layer (botocore's model)
does the casing, coercion and validation, and failures carry the user's own property paths:
- `models[]`: CreateModel's input (the user-facing `name` replaces ModelName, which we generate);
- `production_variants[]` (less our `autoscaling` block), `kms_key_id`, `data_capture_config`,
  `async_inference_config`, `tags`: CreateEndpointConfig's input;
- `deployment_config`, `retain_all_variant_properties`, `exclude_retained_variant_properties`:
  UpdateEndpoint's, sent when a new config rolls out; `endpoint_name`: CreateEndpoint's.
The domain rules the model cannot express (cross references, weights, ...) are in `rules.py`.

Canonical form (what `check` returns and state stores): snake_case keys, as the shapes layer makes them;
`models[i]` is `{"name": ..., <CreateModel members>}`, `production_variants[i]` is a ProductionVariant
whose `model_name` is the user-facing model name, plus `autoscaling` (see `scaling.py`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ..lifecycle import (
    ADOPT,
    OPERATOR_ENDPOINT,
    REGION,
    check_endpoint_option,
    check_flag,
    check_region_option,
    check_tags,
    check_timeout,
)
from ..shapes import Failure, canonicalize_input, contains_unknown, in_written_order, is_unknown
from . import rules, scaling
from .outputs import OUTPUTS
from .paths import camel, find_key, is_camel, join, normalise

# The resource's inputs, in canonical spelling.
ENDPOINT_NAME = "endpoint_name"
CONFIG_KEYS = ("production_variants", "kms_key_id", "data_capture_config", "async_inference_config", "tags")
# The operator's: with retain_all_variant_properties, a new config keeps the live variants' weights and
# instance counts (but for the properties excluded), as UpdateEndpoint does.
RETAIN_KEYS = ("retain_all_variant_properties", "exclude_retained_variant_properties")
INPUT_KEYS = (ENDPOINT_NAME, "models", *CONFIG_KEYS, "deployment_config", *RETAIN_KEYS)
# Options of ours, not SageMaker's.
WAIT_TIMEOUT = "wait_timeout_seconds"
NAME_SEED = "name_seed"
OPTION_KEYS = (WAIT_TIMEOUT, NAME_SEED, REGION, ADOPT, OPERATOR_ENDPOINT)
# Declared on the resource with None values so that Pulumi exposes them; never inputs
# (endpoint_name is both: the explicit name in, the actual name out).
OUTPUT_KEYS = tuple(o.name for o in OUTPUTS if o.name != ENDPOINT_NAME)
_KNOWN = {normalise(k): k for k in (*INPUT_KEYS, *OPTION_KEYS, *OUTPUT_KEYS)}
_AUTOSCALING = "autoscaling"


def check_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Canonical inputs (and options) and every problem with them; tolerant of preview Unknowns."""
    failures: list[Failure] = []
    keys: dict[str, str] = {}  # canonical key -> the key the user wrote
    raw: dict[str, Any] = {}
    # The style the user writes in, from their own keys (not name_seed or the outputs' None placeholders,
    # which the resource class adds in snake_case).
    style = is_camel(
        {
            k: v
            for k, v in news.items()
            if isinstance(k, str) and not k.startswith("__") and v is not None and k != NAME_SEED
        }
    )
    for key, value in news.items():
        if not isinstance(key, str) or key.startswith("__") or value is None:
            continue
        canonical = _KNOWN.get(normalise(key))
        if canonical is None:
            failures.append(Failure(key, _unknown_field(key, style)))
        elif canonical in OUTPUT_KEYS:
            # An output given a value (`name="x"` is no endpoint name): said as for any unknown field.
            failures.append(Failure(key, _unknown_field(key, style)))
        elif canonical in keys:
            failures.append(Failure(key, f"given twice (also as {keys[canonical]!r})"))
        else:
            keys[canonical], raw[canonical] = key, value

    def spelled(canonical: str) -> str:
        return keys.get(canonical) or (camel(canonical) if style else canonical)

    out: dict[str, Any] = {}
    if ENDPOINT_NAME in raw:
        out[ENDPOINT_NAME] = _member(
            "CreateEndpoint", spelled(ENDPOINT_NAME), raw[ENDPOINT_NAME], ("EndpointConfigName",), failures
        )
    out["models"] = _models(spelled("models"), raw.get("models"), failures)
    out.update(_config(raw, spelled, failures))
    if "deployment_config" in raw:
        out["deployment_config"] = _member(
            "UpdateEndpoint",
            spelled("deployment_config"),
            raw["deployment_config"],
            ("EndpointName", "EndpointConfigName"),
            failures,
        )
    out.update(_retained(raw, spelled, failures))
    out.update(_options(raw, spelled, failures))
    failures += rules.check(out, raw, spelled)
    failures += check_tags(out.get("tags"), spelled("tags"))
    return {k: v for k, v in out.items() if v is not None}, in_written_order(failures, news)


def _unknown_field(key: str, camel_style: bool) -> str:
    names = [camel(k) if camel_style else k for k in (*INPUT_KEYS, WAIT_TIMEOUT, REGION, ADOPT)]
    close = difflib.get_close_matches(normalise(key), [normalise(n) for n in names], n=2, cutoff=0.7)
    by_norm = {normalise(n): n for n in names}
    if close:
        return f"unknown field; did you mean {' or '.join(repr(by_norm[c]) for c in close)}?"
    return f"unknown field; the fields here are: {', '.join(names)}"


def _member(operation: str, key: str, value: Any, supplied: tuple[str, ...], failures: list[Failure]) -> Any:
    """One top-level member validated as part of `operation`'s input."""
    canonical, found = canonicalize_input(operation, {key: value}, supplied=supplied)
    failures += found
    return next(iter(canonical.values()), None)


# -- models ------------------------------------------------------------------------------------------------


def _models(key: str, value: Any, failures: list[Failure]) -> Any:
    if value is None:
        failures.append(Failure(key, "is required: the models the production variants serve"))
        return None
    if is_unknown(value):
        return value
    if not isinstance(value, list | tuple) or not value:
        failures.append(
            Failure(key, "must be a list of at least one model ({name, execution_role_arn, containers})")
        )
        return value
    return [_model(f"{key}[{i}]", item, failures) for i, item in enumerate(value)]


def _model(path: str, item: Any, failures: list[Failure]) -> Any:
    if is_unknown(item):
        return item
    if not isinstance(item, Mapping):
        failures.append(Failure(path, "must be an object ({name, execution_role_arn, containers})"))
        return item
    name_key = find_key(item, "name")
    rest = {k: v for k, v in item.items() if k != name_key}
    for key in list(rest):
        if isinstance(key, str) and normalise(key) in ("modelname", "tags"):
            reason = (
                "is generated (<endpoint>-<name>-<digests>); give the model a `name` instead"
                if normalise(key) == "modelname"
                else "tags apply to the whole deployment: set them at the top level"
            )
            failures.append(Failure(join(path, key), reason))
            del rest[key]
    _primary_hostname(path, rest, failures)
    canonical, found = canonicalize_input("CreateModel", rest, supplied=("ModelName",))
    failures += [Failure(join(path, f.path), f.reason) for f in found]
    name = item.get(name_key) if name_key else None
    name_path = join(path, name_key or "name")
    if name is None:
        failures.append(Failure(name_path, "is required (production variants refer to the model by it)"))
    elif not is_unknown(name):
        # The name becomes part of SageMaker model names: it follows SageMaker's naming rule.
        _, found = canonicalize_input("CreateModel", {"ModelName": name})
        failures += [Failure(name_path, f.reason) for f in found]
    return {"name": name, **canonical}


def _primary_hostname(path: str, model: dict[str, Any], failures: list[Failure]) -> None:
    """The operator's `primaryContainer` is the hostname of one of `containers`, not a definition.

    Its CRD says the field is ignored when there is more than one container, and with exactly one that
    container is the primary anyway: check that it names a container, then drop it.
    """
    key = find_key(model, "primary_container")
    if key is None or not isinstance(model[key], str) or is_unknown(model[key]):
        return
    hostname = model.pop(key)
    containers = model.get(find_key(model, "containers") or "")
    if not isinstance(containers, list) or contains_unknown(containers):
        return
    hosts = [c.get(find_key(c, "container_hostname") or "") for c in containers if isinstance(c, Mapping)]
    if hostname not in hosts:
        named = [repr(h) for h in hosts if h]
        where = (
            f"the containers' hostnames are {', '.join(named)}" if named else "no container has a hostname"
        )
        failures.append(
            Failure(join(path, key), f"{hostname!r} names no container ({where}: set container_hostname)")
        )


# -- endpoint configuration ----------------------------------------------------------------------------


def _config(raw: Mapping[str, Any], spelled: Any, failures: list[Failure]) -> dict[str, Any]:
    """Variants (less autoscaling), KMS key, data capture, async inference and tags, as CreateEndpointConfig
    would take them."""
    props = {spelled(k): raw[k] for k in CONFIG_KEYS if k in raw}
    variants_key = spelled("production_variants")
    variants = raw.get("production_variants")
    blocks: dict[int, tuple[str, Any]] = {}
    if isinstance(variants, list | tuple):
        stripped = []
        for i, variant in enumerate(variants):
            key = find_key(variant, _AUTOSCALING) if isinstance(variant, Mapping) else None
            if key is not None:
                blocks[i] = (join(f"{variants_key}[{i}]", key), variant[key])
                variant = {k: v for k, v in variant.items() if k != key}
            stripped.append(variant)
        props[variants_key] = stripped
    canonical, found = canonicalize_input("CreateEndpointConfig", props, supplied=("EndpointConfigName",))
    failures += found
    out_variants = canonical.get("production_variants")
    for i, (path, block) in blocks.items():
        autoscaling, found = scaling.canonicalize(block, path)
        failures += found
        if not isinstance(out_variants, list) or i >= len(out_variants):
            continue
        if isinstance(out_variants[i], dict) and autoscaling is not None:
            out_variants[i][_AUTOSCALING] = autoscaling
    return canonical


# -- retained variant properties -----------------------------------------------------------------------


def _retained(raw: Mapping[str, Any], spelled: Any, failures: list[Failure]) -> dict[str, Any]:
    given = {spelled(k): raw[k] for k in RETAIN_KEYS if k in raw}
    if not given:
        return {}
    out, found = canonicalize_input("UpdateEndpoint", given, supplied=("EndpointName", "EndpointConfigName"))
    failures += found
    if out.get("exclude_retained_variant_properties") and not out.get("retain_all_variant_properties"):
        failures.append(
            Failure(
                spelled("exclude_retained_variant_properties"),
                f"applies only with {spelled('retain_all_variant_properties')}: true",
            )
        )
    return out


# -- options -------------------------------------------------------------------------------------------


def _options(raw: Mapping[str, Any], spelled: Any, failures: list[Failure]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if raw.get(WAIT_TIMEOUT) is not None:
        options[WAIT_TIMEOUT] = check_timeout(raw[WAIT_TIMEOUT], spelled(WAIT_TIMEOUT), failures)
    if raw.get(NAME_SEED) is not None:
        options[NAME_SEED] = raw[NAME_SEED]
    if raw.get(ADOPT) is not None:
        options[ADOPT] = check_flag(raw[ADOPT], spelled(ADOPT), failures)
    region, found = check_region_option({spelled(REGION): raw[REGION]} if REGION in raw else {})
    failures += found
    if region is not None:
        options[REGION] = region
    endpoint = OPERATOR_ENDPOINT
    url, found = check_endpoint_option({spelled(endpoint): raw[endpoint]} if endpoint in raw else {})
    failures += found
    if url is not None:
        options[endpoint] = url
    return options
