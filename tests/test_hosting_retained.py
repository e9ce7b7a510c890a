"""HostingDeployment's retainAllVariantProperties / excludeRetainedVariantProperties (the operator's), and
an autoscaling block's suspended_state (its HostingAutoscalingPolicy's)."""

from __future__ import annotations

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.hosting import ChangeKind, check_inputs, classify
from pulumi_sagemaker.testing import run

from .test_hosting_specs import XGBOOST

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"


def spec(weight: float = 1, count: int = 1, instance_type: str = "ml.r5.large", **extra: object) -> dict:
    return {
        "region": "us-west-2",
        "retainAllVariantProperties": True,
        "excludeRetainedVariantProperties": [{"variantPropertyType": "DesiredWeight"}],
        "productionVariants": [
            {
                "variantName": "AllTraffic",
                "modelName": "xgboost-model",
                "initialInstanceCount": count,
                "instanceType": instance_type,
                "initialVariantWeight": weight,
                **extra,
            }
        ],
        "models": [{"name": "xgboost-model", "executionRoleArn": ROLE, "containers": [{"image": XGBOOST}]}],
    }


def canonical(**kw: object) -> dict:
    inputs, failures = check_inputs(spec(**kw))
    assert failures == []
    return inputs


def test_retained_properties_change_nothing_by_themselves_but_excluded_ones_do():
    assert classify(canonical(), canonical(count=3)).kind is ChangeKind.NONE, "the live count holds"
    weights = classify(canonical(), canonical(weight=2, count=3))
    assert weights.kind is ChangeKind.WEIGHTS_AND_CAPACITIES
    assert weights.desired == {"AllTraffic": {"DesiredWeight": 2.0}}
    assert classify(canonical(), canonical(instance_type="ml.c5.2xlarge")).kind is ChangeKind.NEW_CONFIG


def test_exclusions_need_retention_and_name_a_property_sagemaker_knows():
    bad = spec()
    bad["retainAllVariantProperties"] = False
    bad["excludeRetainedVariantProperties"] = [{"variantPropertyType": "DesiredWieght"}]
    _, failures = check_inputs(bad)
    reasons = dict(failures)
    assert (
        "did you mean 'DesiredWeight'?" in reasons["excludeRetainedVariantProperties[0].variantPropertyType"]
    )
    assert reasons["excludeRetainedVariantProperties"] == "applies only with retainAllVariantProperties: true"


def test_a_new_config_rolls_out_with_the_live_properties_retained(local):
    def program(instance_type: str) -> None:
        def deploy() -> None:
            hosting = sm.HostingDeployment("retained", **spec(instance_type=instance_type))
            pulumi.export("endpoint", hosting.endpoint_name)

        return deploy

    first = run(program("ml.r5.large"), config=local.config)
    run(program("ml.c5.2xlarge"), config=local.config, state=first.state)
    (update,) = local.calls_to("UpdateEndpoint")
    assert update.params["RetainAllVariantProperties"] is True
    assert update.params["ExcludeRetainedVariantProperties"] == [{"VariantPropertyType": "DesiredWeight"}]


@pytest.mark.parametrize("camel", [True, False], ids=["operator", "python"])
def test_suspended_scaling_is_registered_with_the_target(local, camel):
    block = (
        {"minCapacity": 1, "maxCapacity": 2, "suspendedState": {"dynamicScalingInSuspended": True}}
        if camel
        else {"min_capacity": 1, "max_capacity": 2, "suspended_state": {"dynamic_scaling_in_suspended": True}}
    )

    def deploy() -> None:
        sm.HostingDeployment("suspended", **spec(autoscaling=block))

    run(deploy, config=local.config)
    aas = local.client("application-autoscaling", region_name="us-west-2")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["SuspendedState"]["DynamicScalingInSuspended"] is True
