"""HostingDeployment's own rules, on canonical inputs: what botocore's model cannot express.

Variants refer to models by name; weights and capacities must make a servable endpoint; a multi-model
container points at an S3 prefix. Every failure names the property the way the user spelled it.
Unknown values (preview) are never judged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..kinds import MODEL, check_capacity, check_containers
from ..shapes import Failure, is_unknown
from ..shapes import spelled as spelled_in
from .paths import is_camel, join, spell

Spelled = Callable[[str], str]


def check(inputs: Mapping[str, Any], raw: Mapping[str, Any], spelled: Spelled) -> list[Failure]:
    failures: list[Failure] = []
    models, variants = inputs.get("models"), inputs.get("production_variants")
    model_names = _model_names(models, raw.get("models"), spelled("models"), failures)
    if isinstance(variants, list):
        raw_variants = raw.get("production_variants") or []
        _check_variants(variants, raw_variants, spelled("production_variants"), model_names, failures)
        used = {_name(name) for v in variants if isinstance(v, dict) for name in _models_used(v)} - {None}
        # An unused model next to a reference that resolves to nothing is most likely that reference's
        # typo: say it once, at the reference.
        resolved = model_names is not None and used <= set(model_names)
        if model_names is not None and resolved and not any(is_unknown(u) for u in used):
            for i, name in enumerate(model_names):
                if name is not None and not is_unknown(name) and name not in used:
                    path = join(f"{spelled('models')}[{i}]", spell(_item(raw.get("models"), i), "name"))
                    failures.append(
                        Failure(
                            path, f"model {name!r} is not used by any production variant (their model_name)"
                        )
                    )
    if isinstance(models, list):
        for i, model in enumerate(models):
            if isinstance(model, dict):
                _check_model(model, _item(raw.get("models"), i), f"{spelled('models')}[{i}]", failures)
    return failures


def _models_used(variant: Mapping[str, Any]) -> list[Any]:
    """The model names a variant serves: its model_name and its instance pools' overrides."""
    pools = variant.get("instance_pools")
    overrides = (
        [p.get("model_name_override") for p in pools if isinstance(p, dict)]
        if isinstance(pools, list)
        else []
    )
    return [variant.get("model_name"), *(o for o in overrides if o is not None)]


def _name(value: Any) -> Any:
    """A model name as the rules compare it: a string or an Unknown (preview), else None."""
    return value if isinstance(value, str) or is_unknown(value) else None


def _item(raw: Any, index: int) -> Any:
    return raw[index] if isinstance(raw, list | tuple) and index < len(raw) else None


def _model_names(models: Any, raw: Any, key: str, failures: list[Failure]) -> list[Any] | None:
    """The user-facing model names (None when unknown in preview); duplicates reported."""
    if not isinstance(models, list) or any(is_unknown(m) for m in models):
        return None
    # A name that is no string is reported by the shapes layer; here it refers to nothing.
    names = [_name(m.get("name")) if isinstance(m, dict) else None for m in models]
    for i, name in enumerate(names):
        if name is not None and not is_unknown(name) and name in names[:i]:
            path = join(f"{key}[{i}]", spell(_item(raw, i), "name"))
            failures.append(Failure(path, f"duplicate model name {name!r} (also {key}[{names.index(name)}])"))
    return names


def _check_variants(
    variants: list[Any], raw: Any, key: str, model_names: list[Any] | None, failures: list[Failure]
) -> None:
    seen: dict[str, int] = {}
    weights: list[Any] = []
    for i, variant in enumerate(variants):
        if not isinstance(variant, dict):
            weights.append(None)  # unknown: cannot tell whether all weights are 0
            continue
        raw_variant = _item(raw, i)
        camel = is_camel(raw_variant)
        here = f"{key}[{i}]"

        def path(member: str, raw_variant: Any = raw_variant, here: str = here, camel: bool = camel) -> str:
            return join(here, spell(raw_variant, member, camel))

        name = variant.get("variant_name")
        if isinstance(name, str):
            if name in seen:
                failures.append(
                    Failure(
                        path("variant_name"), f"duplicate variant name {name!r} (also {key}[{seen[name]}])"
                    )
                )
            seen.setdefault(name, i)
        model = variant.get("model_name")
        if model is not None and _name(model) is None:
            pass  # not a string: the shapes layer said so at this path
        elif model is None:
            failures.append(Failure(path("model_name"), "is required: the name of one of the models"))
        elif model_names is not None and not is_unknown(model) and model not in model_names:
            known = ", ".join(repr(n) for n in model_names if isinstance(n, str)) or "none"
            failures.append(Failure(path("model_name"), f"{model!r} is not one of the models ({known})"))
        check_capacity(variant, path, here, failures)
        _check_pools(variant, raw_variant, path, model_names, failures)
        weights.append(variant.get("initial_variant_weight", 1.0))
    if weights and all(isinstance(w, int | float) and w == 0 for w in weights):
        failures.append(
            Failure(
                key,
                "at least one variant needs an initial_variant_weight > 0 (a weight left out counts as 1)",
            )
        )


def _check_pools(
    variant: Mapping[str, Any],
    raw_variant: Any,
    path: Callable[[str], str],
    model_names: list[Any] | None,
    failures: list[Failure],
) -> None:
    """A pool's model_name_override names one of the models, as the variant's model_name does."""
    pools = variant.get("instance_pools")
    if not isinstance(pools, list) or model_names is None:
        return
    raw_pools = (
        raw_variant.get(spell(raw_variant, "instance_pools")) if isinstance(raw_variant, Mapping) else None
    )
    for i, pool in enumerate(pools):
        override = pool.get("model_name_override") if isinstance(pool, dict) else None
        if not isinstance(override, str) or override in model_names:
            continue
        here = join(f"{path('instance_pools')}[{i}]", spell(_item(raw_pools, i), "model_name_override"))
        known = ", ".join(repr(n) for n in model_names if isinstance(n, str)) or "none"
        failures.append(Failure(here, f"{override!r} is not one of the models ({known})"))


def _check_model(model: Mapping[str, Any], raw: Any, here: str, failures: list[Failure]) -> None:
    """A model's members are CreateModel's (its name aside): spelled as that shape is."""

    def path(*steps: str | int) -> str:
        return join(here, spelled_in(MODEL.create, raw, steps))

    check_containers(model, path, here, failures)
