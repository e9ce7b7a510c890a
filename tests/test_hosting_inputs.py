"""HostingDeployment inputs: canonical form and validation before any API call (pure, and no calls)."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider
from pulumi_sagemaker.shapes import is_unknown

from .conftest import configured
from .test_hosting_specs import ROLE, XGBOOST, autoscaled, model, operator_spec, python_spec, variant
from .test_hosting_specs import canary as deployment_canary
from .training_inputs import as_engine_sends


def failures_of(spec):
    _, failures = check_inputs(spec)
    return {f.path: f.reason for f in failures}


def test_operator_manifest_and_python_spec_are_the_same_deployment():
    from_manifest, failures = check_inputs(operator_spec())
    assert failures == []
    from_python, failures = check_inputs(python_spec())
    assert failures == []
    assert from_manifest == from_python
    assert from_python["production_variants"] == [
        {
            "variant_name": "AllTraffic",
            "model_name": "xgboost-model",
            "initial_instance_count": 1,
            "instance_type": "ml.r5.large",
            "initial_variant_weight": 1.0,
        }
    ]
    assert from_python["models"][0]["name"] == "xgboost-model"
    assert from_python["models"][0]["containers"][0]["image"] == XGBOOST


def test_canonical_inputs_survive_the_engine_and_a_second_check():
    spec = autoscaled(python_spec(tags={"team": "ml"}, wait_timeout_seconds=600))
    first, failures = check_inputs(spec)
    assert failures == []
    again, failures = check_inputs(as_engine_sends(first))
    assert failures == [] and again == first
    assert isinstance(again["production_variants"][0]["initial_instance_count"], int)
    assert again["production_variants"][0]["autoscaling"]["max_capacity"] == 4
    assert again["wait_timeout_seconds"] == 600.0


def test_variant_rules_name_the_property_the_user_wrote():
    spec = python_spec(
        models=[model("m")],
        production_variants=[
            variant("A", "m"),
            variant("A", "typo"),
            {"variant_name": "C", "model_name": "m", "instance_type": "ml.m5.large"},
            {
                "variant_name": "D",
                "model_name": "m",
                "instance_type": "ml.m5.large",
                "serverless_config": {"memory_size_in_mb": 2048, "max_concurrency": 5},
                "initial_instance_count": 1,
            },
            {
                "variant_name": "E",
                "model_name": "m",
                "initial_instance_count": 0,
                "instance_type": "ml.m5.large",
            },
        ],
    )
    found = failures_of(spec)
    assert "duplicate variant name 'A'" in found["production_variants[1].variant_name"]
    assert found["production_variants[1].model_name"] == "'typo' is not one of the models ('m')"
    assert "is required with instance_type" in found["production_variants[2].initial_instance_count"]
    assert "either instance_type or serverless_config" in found["production_variants[3]"]
    assert "must be an integer >= 1" in found["production_variants[4].initial_instance_count"]


def test_paths_follow_the_operator_spelling():
    spec = operator_spec()
    spec["productionVariants"][0]["modelName"] = "nope"
    spec["productionVariants"][0]["autoscaling"] = {"minCapacity": 3, "maxCapacity": 2}
    found = failures_of(spec)
    assert "productionVariants[0].modelName" in found
    assert found["productionVariants[0].autoscaling.maxCapacity"] == "must be >= min_capacity (3), got 2"
    assert "models[0].name" not in found  # unused, but the typo above says it already


def test_weights_must_not_all_be_zero_and_counts_follow_serverless():
    spec = python_spec(production_variants=[variant(weight=0)])
    assert "initial_variant_weight > 0" in failures_of(spec)["production_variants"]
    serverless = python_spec(
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "xgboost-model",
                "serverless_config": {"memory_size_in_mb": 2048, "max_concurrency": 5},
            }
        ]
    )
    assert failures_of(serverless) == {}
    neither = python_spec(production_variants=[{"variant_name": "AllTraffic", "model_name": "xgboost-model"}])
    assert "needs an instance_type" in failures_of(neither)["production_variants[0]"]
    negative = failures_of(python_spec(production_variants=[variant(weight=-1)]))
    assert negative == {"production_variants[0].initial_variant_weight": "must be a number >= 0, got -1"}


def test_multi_model_containers_point_at_an_s3_prefix():
    spec = python_spec(models=[model(mode="MultiModel")])  # model.tar.gz: an object, not a prefix
    reason = failures_of(spec)["models[0].containers[0].model_data_url"]
    assert "S3 prefix ending in '/'" in reason
    assert failures_of(python_spec(models=[model(mode="MultiModel", data="s3://bucket-name/models/")])) == {}


def test_model_rules():
    found = failures_of(
        python_spec(
            models=[
                model(),
                model(),
                {"name": "bare", "execution_role_arn": ROLE},
                {"name": "empty", "executionRoleArn": ROLE, "containers": []},
                {
                    "name": "both",
                    "execution_role_arn": ROLE,
                    "primary_container": {"image": "i"},
                    "containers": [],
                },
            ],
            production_variants=[
                variant(),
                variant("B", "bare"),
                variant("C", "empty"),
                variant("D", "both"),
            ],
        )
    )
    assert "duplicate model name 'xgboost-model'" in found["models[1].name"]
    assert "needs containers" in found["models[2]"]
    assert found["models[3].containers"].startswith("must hold at least one container")
    assert found["models[4]"] == "set either containers or primary_container, not both"
    spare = failures_of(python_spec(models=[model(), model("spare")]))
    assert spare == {
        "models[1].name": "model 'spare' is not used by any production variant (their model_name)"
    }
    found = failures_of(python_spec(models=[{**model(), "model_name": "x", "tags": {"a": "b"}}]))
    assert "give the model a `name`" in found["models[0].model_name"]
    assert "top level" in found["models[0].tags"]
    assert (
        "role"
        in failures_of(python_spec(models=[{**model(), "execution_role_arn": "sagemaker"}]))[
            "models[0].execution_role_arn"
        ]
    )


def test_operator_primary_container_hostname_is_accepted_and_checked():
    spec = operator_spec()
    spec["models"][0]["primaryContainer"] = "xgboost"
    inputs, failures = check_inputs(spec)
    assert failures == [] and "primary_container" not in inputs["models"][0]
    spec["models"][0]["primaryContainer"] = "tensorflow"
    assert "names no container" in failures_of(spec)["models[0].primaryContainer"]


def test_autoscaling_block():
    spec = python_spec(
        production_variants=[
            variant(
                autoscaling={
                    "min_capacity": 0,
                    "max_capacity": 2,
                    "policies": [
                        {"target_value": 0},
                        {"target_value": 50, "predefined_metric_type": "CPUUtilization"},
                        {
                            "target_value": 60,
                            "customized_metric_specification": {"metric_name": "CPUUtilization"},
                        },
                    ],
                }
            )
        ]
    )
    found = failures_of(spec)
    base = "production_variants[0].autoscaling"
    assert found[f"{base}.min_capacity"] == "must be >= 1, got 0"
    assert "must be a number > 0" in found[f"{base}.policies[0].target_value"]
    assert "SageMakerVariantInvocationsPerInstance" in found[f"{base}.policies[1].predefined_metric_type"]
    assert found[f"{base}.policies[2].customized_metric_specification.namespace"] == "is required"
    # The operator's nesting (HostingAutoscalingPolicy) flattens to the same canonical policy.
    nested = operator_spec()
    nested["productionVariants"][0]["autoscaling"] = {
        "minCapacity": 1,
        "maxCapacity": 4,
        "policies": [
            {
                "targetTrackingScalingPolicyConfiguration": {
                    "targetValue": 70,
                    "predefinedMetricSpecification": {
                        "predefinedMetricType": "SageMakerVariantInvocationsPerInstance"
                    },
                    "scaleInCooldown": 300,
                }
            }
        ],
    }
    flat, failures = check_inputs(autoscaled(python_spec()))
    assert failures == []
    assert check_inputs(nested)[0] == flat


def test_top_level_fields_deployment_config_and_did_you_mean():
    found = failures_of(python_spec(endpont_name="x", deployment_config={"blue_green_update_policy": {}}))
    assert found["endpont_name"] == "unknown field; did you mean 'endpoint_name'?"
    assert "deployment_config.blue_green_update_policy.traffic_routing_configuration" in found
    found = failures_of(python_spec(endpoint_name="has_underscore", kms_key_id=None, models=None))
    assert "letters, digits and hyphens" in found["endpoint_name"]
    assert "is required" in found["models"]
    canary = deployment_canary("5xx")
    inputs, failures = check_inputs(python_spec(deployment_config=canary))
    assert failures == [] and inputs["deployment_config"] == canary


def test_preview_unknowns_are_tolerated():
    role, data = Unknown(), Unknown()
    spec = python_spec(models=[{**model(data=data), "execution_role_arn": role}])
    inputs, failures = check_inputs(spec)
    assert failures == []
    assert is_unknown(inputs["models"][0]["execution_role_arn"])
    assert is_unknown(inputs["models"][0]["containers"][0]["model_data_url"])
    _, failures = check_inputs(python_spec(models=Unknown()))
    assert failures == []


@pytest.mark.parametrize(
    "spec",
    [
        python_spec(production_variants=[variant(model_name="missing")]),
        python_spec(models=[model(mode="MultiModel")]),
        python_spec(production_variants=[variant(weight=0)]),
    ],
)
def test_bad_inputs_are_rejected_by_check_without_any_api_call(local, spec):
    provider = configured(HostingDeploymentProvider, local.config)
    result = provider.check({}, as_engine_sends({**spec, "name_seed": "demo/local/hosting"}))
    assert result.failures
    assert local.calls == []
