"""HostingDeployment specs shared by the hosting tests (this module holds no tests).

The seed article's XGBoost MNIST deployment, as an operator manifest writes it (lowerCamelCase) and as
a Python program writes it (snake_case), plus small builders for variants and models.
"""

from __future__ import annotations

import copy
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
XGBOOST = "825641698319.dkr.ecr.us-east-2.amazonaws.com/xgboost:latest"
MODEL_DATA = "s3://bucket-name/model.tar.gz"
SEED = "demo/local/hosting"


def operator_spec(region: str | None = None) -> dict[str, Any]:
    """`spec` of the seed article's `kind: HostingDeployment` manifest (with `region` when given, as
    the manifest has it)."""
    spec: dict[str, Any] = {} if region is None else {"region": region}
    return spec | {
        "productionVariants": [
            {
                "variantName": "AllTraffic",
                "modelName": "xgboost-model",
                "initialInstanceCount": 1,
                "instanceType": "ml.r5.large",
                "initialVariantWeight": 1,
            }
        ],
        "models": [
            {
                "name": "xgboost-model",
                "executionRoleArn": ROLE,
                "containers": [
                    {"containerHostname": "xgboost", "modelDataUrl": MODEL_DATA, "image": XGBOOST}
                ],
            }
        ],
    }


def model(name: str = "xgboost-model", data: str = MODEL_DATA, **container: Any) -> dict[str, Any]:
    return {
        "name": name,
        "execution_role_arn": ROLE,
        "containers": [
            {"container_hostname": "xgboost", "model_data_url": data, "image": XGBOOST, **container}
        ],
    }


def variant(
    name: str = "AllTraffic",
    model_name: str = "xgboost-model",
    instance_type: str = "ml.r5.large",
    count: int = 1,
    weight: float = 1,
    **more: Any,
) -> dict[str, Any]:
    return {
        "variant_name": name,
        "model_name": model_name,
        "initial_instance_count": count,
        "instance_type": instance_type,
        "initial_variant_weight": weight,
        **more,
    }


def python_spec(**overrides: Any) -> dict[str, Any]:
    """The same deployment as a Python program writes it."""
    spec: dict[str, Any] = {"production_variants": [variant()], "models": [model()]}
    spec.update(copy.deepcopy(overrides))
    return spec


def ab_spec(weight_a: float = 1, weight_b: float = 1) -> dict[str, Any]:
    """Two variants on two models (A/B): the champion and a challenger trained on newer data."""
    return python_spec(
        models=[model("champion"), model("challenger", data="s3://bucket-name/v2/model.tar.gz")],
        production_variants=[
            variant("A", "champion", weight=weight_a),
            variant("B", "challenger", instance_type="ml.m5.large", weight=weight_b),
        ],
    )


def autoscaled(spec: dict[str, Any], low: int = 1, high: int = 4, target: float = 70) -> dict[str, Any]:
    """`spec` with target-tracking autoscaling on its first variant."""
    spec = copy.deepcopy(spec)
    spec["production_variants"][0]["autoscaling"] = {
        "min_capacity": low,
        "max_capacity": high,
        "policies": [{"target_value": target, "scale_in_cooldown": 300}],
    }
    return spec


def canary(alarm: str | None = None) -> dict[str, Any]:
    """A blue/green deployment config shifting 10% of capacity first (and rolling back on `alarm`)."""
    config: dict[str, Any] = {
        "blue_green_update_policy": {
            "traffic_routing_configuration": {
                "type": "CANARY",
                "canary_size": {"type": "CAPACITY_PERCENT", "value": 10},
                "wait_interval_in_seconds": 60,
            },
            "termination_wait_in_seconds": 120,
        }
    }
    if alarm:
        config["auto_rollback_configuration"] = {"alarms": [{"alarm_name": alarm}]}
    return config
