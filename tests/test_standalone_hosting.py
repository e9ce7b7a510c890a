"""The standalone Model, EndpointConfig and Endpoint resources as whole programs over successive runs:
what each sends, replacements new-before-old, config switches that keep serving, guardrails, rollback,
autoscaling, drift, and the errors a user reads before any call."""

from __future__ import annotations

import threading

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import ResourceError, refresh, run

from .test_hosting_specs import XGBOOST

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
GUARDRAILS = {
    "blue_green_update_policy": {
        "traffic_routing_configuration": {
            "type": "CANARY",
            "canary_size": {"type": "CAPACITY_PERCENT", "value": 10},
            "wait_interval_in_seconds": 60,
        },
        "termination_wait_in_seconds": 0,
    },
    "auto_rollback_configuration": {"alarms": [{"alarm_name": "mnist-5xx"}]},
}


def program(
    image: str = XGBOOST,
    count: int = 1,
    config_name: str | None = None,
    autoscaling: dict | None = None,
    tags: dict | None = None,
    **endpoint: object,
):
    def deploy() -> None:
        model = sm.Model(
            "xgb",
            execution_role_arn=ROLE,
            primary_container={"image": image, "model_data_url": "s3://models-bucket/mnist/model.tar.gz"},
            tags=tags,
        )
        config = sm.EndpointConfig(
            "xgb-config",
            endpoint_config_name=config_name,
            production_variants=[
                {
                    "variant_name": "AllTraffic",
                    "model_name": model.model_name,
                    "instance_type": "ml.m5.large",
                    "initial_instance_count": count,
                }
            ],
        )
        served = sm.Endpoint(
            "xgb-endpoint",
            endpoint_config_name=config.endpoint_config_name,
            deployment_config=GUARDRAILS,
            autoscaling=autoscaling,
            tags=tags,
            **endpoint,
        )
        pulumi.export("model", model.model_name)
        pulumi.export("config", config.endpoint_config_name)
        pulumi.export("endpoint", served.endpoint_name)
        pulumi.export("url", served.endpoint_url)
        pulumi.export("status", served.status)

    return deploy


def invoke(local, endpoint: str) -> str:
    runtime = local.client("sagemaker-runtime")
    answer = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Body=b"0,0,0")
    return answer["Body"].read().decode()


def test_each_resource_sends_what_the_python_api_says_and_chains_by_name(local):
    first = run(program(tags={"team": "ml"}), config=local.config)
    out = first.outputs
    assert out["status"] == "InService" and out["url"].endswith(f"/endpoints/{out['endpoint']}/invocations")
    (model,) = local.calls_to("CreateModel")
    assert model.params == {
        "ModelName": out["model"],
        "ExecutionRoleArn": ROLE,
        "PrimaryContainer": {"Image": XGBOOST, "ModelDataUrl": "s3://models-bucket/mnist/model.tar.gz"},
        "Tags": [
            {"Key": "team", "Value": "ml"},
            {"Key": "pulumi-sagemaker:owner", "Value": "demo/local/xgb"},
        ],
    }
    (config,) = local.calls_to("CreateEndpointConfig")
    assert config.params["ProductionVariants"] == [
        {
            "VariantName": "AllTraffic",
            "ModelName": out["model"],
            "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1,
        }
    ]
    (endpoint,) = local.calls_to("CreateEndpoint")
    assert endpoint.params["EndpointConfigName"] == out["config"]
    assert endpoint.params["DeploymentConfig"]["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"] == {
        "Type": "CANARY",
        "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
        "WaitIntervalInSeconds": 60,
    }
    assert invoke(local, out["endpoint"])
    same = run(program(tags={"team": "ml"}), config=local.config, state=first.state)
    assert sorted(op for op, _ in same.operations) == ["same", "same", "same"]


def test_a_new_model_replaces_new_before_old_and_the_endpoint_switches_without_a_gap(local):
    first = run(program(), config=local.config)
    local.clear_calls()
    answers: list[str] = []
    done = threading.Event()

    def keep_invoking() -> None:
        while not done.is_set():
            answers.append(invoke(local, first.outputs["endpoint"]))

    invoker = threading.Thread(target=keep_invoking)
    invoker.start()
    try:
        second = run(program(image=XGBOOST.replace(":latest", ":1")), config=local.config, state=first.state)
    finally:
        done.set()
        invoker.join()
    assert answers, "the endpoint was invoked throughout the update"
    ops = second.operations
    assert ops[:3] == [("replace", "xgb"), ("replace", "xgb-config"), ("update", "xgb-endpoint")]
    assert sorted(ops[3:]) == [("delete", "xgb"), ("delete", "xgb-config")]
    order = [c.operation for c in local.calls if c.operation.startswith(("Create", "Update", "Delete"))]
    assert order == [
        "CreateModel",
        "CreateEndpointConfig",
        "UpdateEndpoint",
        "DeleteEndpointConfig",
        "DeleteModel",
    ]
    (update,) = local.calls_to("UpdateEndpoint")
    assert update.params["EndpointConfigName"] == second.outputs["config"] != first.outputs["config"]
    assert update.params["DeploymentConfig"]["AutoRollbackConfiguration"] == {
        "Alarms": [{"AlarmName": "mnist-5xx"}]
    }
    assert second.outputs["endpoint"] == first.outputs["endpoint"], "the endpoint keeps its name"
    sm_ = local.client()
    assert [m["ModelName"] for m in sm_.list_models()["Models"]] == [second.outputs["model"]]

    gone = run(lambda: None, config=local.config, state=second.state)
    assert [op for op, _ in gone.operations] == ["delete", "delete", "delete"]
    assert sm_.list_endpoints()["Endpoints"] == [] and sm_.list_endpoint_configs()["EndpointConfigs"] == []


def test_an_explicit_name_kept_through_a_replacement_is_refused_before_any_call(local):
    first = run(program(count=1, config_name="mnist-config-v1"), config=local.config)
    local.clear_calls()
    with pytest.raises(ResourceError) as failed:
        run(program(count=2, config_name="mnist-config-v1"), config=local.config, state=first.state)
    assert failed.value.failures[0][0] == "endpoint_config_name"
    assert "production_variants changes" in failed.value.failures[0][1]
    assert "new name" in failed.value.failures[0][1]
    assert not [c for c in local.calls if not c.operation.startswith(("Describe", "List"))]

    renamed = run(program(count=2, config_name="mnist-config-v2"), config=local.config, state=first.state)
    assert renamed.outputs["config"] == "mnist-config-v2"
    assert local.calls_to("UpdateEndpoint")[0].params["EndpointConfigName"] == "mnist-config-v2"


def test_a_rolled_back_switch_keeps_serving_the_old_config_and_its_autoscaling(local):
    scaling = {"AllTraffic": {"min_capacity": 1, "max_capacity": 3}}
    first = run(program(autoscaling=scaling), config=local.config)
    local.fail_endpoint_update()
    with pytest.raises(ResourceError) as failed:
        run(program(count=2, autoscaling=scaling), config=local.config, state=first.state)
    first_line, *rest = str(failed.value.__cause__).splitlines()
    assert "SageMaker rolled the update to" in first_line and "back: Failed to update endpoint" in first_line
    assert f"still serves {first.outputs['config']}, without a gap in traffic" in rest[0]
    described = local.client().describe_endpoint(EndpointName=first.outputs["endpoint"])
    assert described["EndpointStatus"] == "InService"
    assert described["EndpointConfigName"] == first.outputs["config"]
    aas = local.client("application-autoscaling")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["ResourceId"] == f"endpoint/{first.outputs['endpoint']}/variant/AllTraffic"
    assert invoke(local, first.outputs["endpoint"])

    # The next run deletes the replaced config first (Pulumi's pending delete): the endpoint still serves
    # it, and SageMaker could never update an endpoint whose config is gone, so it waits for the switch.
    again = run(program(count=2, autoscaling=scaling), config=local.config, state=failed.value.state)
    assert again.outputs["status"] == "InService"
    assert again.outputs["config"] != first.outputs["config"]
    configs = local.client().list_endpoint_configs()["EndpointConfigs"]
    assert [c["EndpointConfigName"] for c in configs] == [again.outputs["config"]]
    assert [c.params["EndpointConfigName"] for c in local.calls_to("DeleteEndpointConfig")] == [
        first.outputs["config"]
    ]


def test_retained_variant_properties_are_sent_with_the_switch(local):
    retain = {
        "retain_all_variant_properties": True,
        "exclude_retained_variant_properties": [{"variant_property_type": "DesiredWeight"}],
    }
    first = run(program(**retain), config=local.config)
    run(program(count=2, **retain), config=local.config, state=first.state)
    (update,) = local.calls_to("UpdateEndpoint")
    assert update.params["RetainAllVariantProperties"] is True
    assert update.params["ExcludeRetainedVariantProperties"] == [{"VariantPropertyType": "DesiredWeight"}]
    described = local.client().describe_endpoint(EndpointName=first.outputs["endpoint"])
    (variant,) = described["ProductionVariants"]
    assert variant["CurrentInstanceCount"] == 1, "the live count is kept, as UpdateEndpoint retains it"


def test_an_endpoint_switched_outside_pulumi_is_drift_the_next_up_repairs(local):
    first = run(program(), config=local.config)
    sm_ = local.client()
    variant = {
        "VariantName": "AllTraffic",
        "ModelName": first.outputs["model"],
        "InstanceType": "ml.c5.large",
        "InitialInstanceCount": 1,
    }
    sm_.create_endpoint_config(EndpointConfigName="by-hand", ProductionVariants=[variant])
    sm_.update_endpoint(EndpointName=first.outputs["endpoint"], EndpointConfigName="by-hand")
    refreshed = refresh(first.state, config=local.config)
    repaired = run(program(), config=local.config, state=refreshed.state)
    assert ("update", "xgb-endpoint") in repaired.operations
    assert local.calls_to("UpdateEndpoint")[-1].params["EndpointConfigName"] == first.outputs["config"]


def test_a_failed_create_deletes_the_endpoint_and_says_why(local):
    local.fail_endpoint_create(reason="the primary container did not pass the ping health check")
    with pytest.raises(ResourceError) as failed:
        run(program(), config=local.config)
    message = str(failed.value)
    assert "Failed: the primary container did not pass the ping health check" in message
    assert "/cloudwatch/home?region=us-east-1#logStream:group=/aws/sagemaker/Endpoints/" in message
    assert local.client().list_endpoints()["Endpoints"] == []


def test_bad_inputs_are_named_before_any_call(local):
    def bad_config() -> None:
        sm.EndpointConfig(
            "config",
            production_variants=[
                {"variant_name": "A", "model_name": "m"},
                {
                    "variantName": "A",
                    "modelName": "m",
                    "instanceType": "ml.m5.large",
                    "initialInstanceCount": 1,
                },
            ],
        )

    with pytest.raises(ResourceError) as failed:
        run(bad_config, config=local.config)
    failures = dict(failed.value.failures)
    assert failures["production_variants[0]"].startswith("needs an instance_type")
    assert failures["production_variants[1].variantName"] == (
        "duplicate variant name 'A' (also production_variants[0])"
    )

    def bad_endpoint() -> None:
        sm.Endpoint("endpoint", endpointConfigName="config", autoscaling={"A": {"min_capacity": 0}})

    with pytest.raises(ResourceError) as failed:
        run(bad_endpoint, config=local.config)
    assert dict(failed.value.failures) == {
        "autoscaling.A.min_capacity": "must be >= 1, got 0",
        "autoscaling.A.max_capacity": "is required",
    }
    assert local.calls == []


def test_autoscaling_of_a_variant_the_config_lacks_fails_before_the_endpoint_exists(local):
    with pytest.raises(ResourceError) as failed:
        run(program(autoscaling={"Typo": {"min_capacity": 1, "max_capacity": 2}}), config=local.config)
    assert "autoscaling.Typo: endpoint config" in str(failed.value) and "its variants: AllTraffic" in str(
        failed.value
    )
    assert local.calls_to("CreateEndpoint") == []


def test_a_model_without_one_container_form_is_refused_before_any_call(local):
    container = {"image": XGBOOST, "model_data_url": "s3://models-bucket/mnist/model.tar.gz"}
    multi = {
        "image": XGBOOST,
        "mode": "MultiModel",
        "model_data_url": "s3://models-bucket/mnist/model.tar.gz",
    }
    cases = {
        "none": (
            {},
            {"primary_container": "is required, or containers instead (several, for an inference pipeline)"},
        ),
        "empty": (
            {"containers": []},
            {"containers": "must hold at least one container (several for an inference pipeline)"},
        ),
        "primary and an empty list": (
            {"primary_container": container, "containers": []},
            {"containers": "set either containers or primary_container, not both"},
        ),
        "both": (
            {"primaryContainer": container, "containers": [container]},
            {"containers": "set either containers or primaryContainer, not both"},
        ),
        "multi": (
            {"containers": [container, multi]},
            {
                "containers[1].model_data_url": "must be an S3 prefix ending in '/' for a MultiModel "
                "container (s3://bucket/models/), got 's3://models-bucket/mnist/model.tar.gz'"
            },
        ),
    }
    for case, (spec, expected) in cases.items():

        def bad_model(spec=spec) -> None:
            sm.Model("model", execution_role_arn=ROLE, **spec)

        with pytest.raises(ResourceError) as failed:
            run(bad_model, config=local.config)
        assert dict(failed.value.failures) == expected, case
    assert local.calls == []
