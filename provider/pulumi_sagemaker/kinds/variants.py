"""Rules for production variants that botocore's model cannot express (pure), shared by a standalone
EndpointConfig and HostingDeployment: a variant has instance capacity or serverless capacity, names are
unique, and some variant takes traffic. SageMaker refuses the rest only at create time, or fails the
endpoint later."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..shapes import Failure, spelled
from .hooks import KindHooks

OPERATION = "CreateEndpointConfig"
VARIANT_LISTS = ("production_variants", "shadow_production_variants")


def check_capacity(
    variant: Mapping[str, Any], path: Callable[[str], str], here: str, failures: list[Failure]
) -> None:
    """Instances (an instance_type, or instance_pools for a heterogeneous fleet, with a count >= 1) or a
    serverless config; autoscaling on instances only."""
    serverless = "serverless_config" in variant
    chosen = [k for k in ("instance_type", "instance_pools") if k in variant]
    instance = bool(chosen)
    if instance and serverless:
        failures.append(Failure(here, f"set either {' and '.join(chosen)} or serverless_config, not both"))
    elif not instance and not serverless:
        failures.append(
            Failure(
                here,
                "needs an instance_type (with initial_instance_count), instance_pools (a heterogeneous fleet,"
                " with initial_instance_count) or a serverless_config",
            )
        )
    elif instance and "initial_instance_count" not in variant:
        failures.append(Failure(path("initial_instance_count"), f"is required with {chosen[0]} (1 or more)"))
    elif serverless and "initial_instance_count" in variant:
        failures.append(
            Failure(
                path("initial_instance_count"),
                "must be left out for a serverless variant (serverless_config sets its capacity)",
            )
        )
    config = variant.get("serverless_config")
    # Anything but an object was reported by the shapes layer at its path.
    memory = config.get("memory_size_in_mb") if isinstance(config, dict) else None
    if isinstance(memory, int) and memory % 1024:
        failures.append(
            Failure(
                f"{path('serverless_config')}.memory_size_in_mb",
                f"must be a multiple of 1024 (1024, 2048, ... 6144), got {memory}",
            )
        )
    if variant.get("managed_instance_scaling") is not None:
        # Variants here serve models, not inference components.
        failures.append(
            Failure(
                path("managed_instance_scaling"),
                "is only for inference-component endpoints; scale a variant with its autoscaling block",
            )
        )
    if serverless and "autoscaling" in variant:
        failures.append(
            Failure(
                path("autoscaling"),
                "applies to instance-based variants only (a serverless variant scales by itself)",
            )
        )


def _config_rules(inputs: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Failure]:
    """A standalone endpoint config's variants (their models are other resources: not checked here)."""
    failures: list[Failure] = []
    seen: dict[str, str] = {}
    for key in VARIANT_LISTS:
        variants = inputs.get(key)
        if not isinstance(variants, list):
            continue
        for i, variant in enumerate(variants):
            if not isinstance(variant, dict):
                continue
            here = spelled(OPERATION, raw, (key, i))

            def path(member: str, key: str = key, i: int = i) -> str:
                return spelled(OPERATION, raw, (key, i, member))

            check_capacity(variant, path, here, failures)
            name = variant.get("variant_name")
            if isinstance(name, str):
                if name in seen:
                    failures.append(
                        Failure(path("variant_name"), f"duplicate variant name {name!r} (also {seen[name]})")
                    )
                seen.setdefault(name, here)
    variants = inputs.get("production_variants")
    # Anything but a list (a number, NaN) was reported by the shapes layer at its path.
    variants = variants if isinstance(variants, list) else []
    weights = [v.get("initial_variant_weight", 1.0) for v in variants if isinstance(v, dict)]
    if weights and all(isinstance(w, int | float) and w == 0 for w in weights):
        failures.append(
            Failure(
                spelled(OPERATION, raw, ("production_variants",)),
                "at least one variant needs an initial_variant_weight > 0 (a weight left out counts as 1)",
            )
        )
    return failures


variant_rules = KindHooks(rules=_config_rules)
