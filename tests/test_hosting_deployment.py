"""HostingDeployment's provider hooks called directly against the local SageMaker over HTTP."""

from __future__ import annotations

import threading
import time

import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.hosting import EndpointFailed, UpdateRolledBack
from pulumi_sagemaker.lifecycle import WaitTimeout
from pulumi_sagemaker.lifecycle.ownership import OWNER_TAG
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider

from .conftest import configured
from .test_hosting_specs import SEED, ab_spec, autoscaled, model, python_spec, variant
from .test_hosting_specs import canary as deployment_canary
from .training_inputs import as_engine_sends

CSV_ROW = ",".join(["0"] * 784)


@pytest.fixture
def provider(local):
    return configured(HostingDeploymentProvider, local.config)


def checked(provider, spec, seed=SEED):
    result = provider.check({}, as_engine_sends({**spec, "name_seed": seed}))
    assert not result.failures, result.failures
    return as_engine_sends(result.inputs)


def create(provider, spec):
    created = provider.create(checked(provider, spec))
    return created.id, as_engine_sends(created.outs)


def update(provider, endpoint, olds, spec):
    return as_engine_sends(provider.update(endpoint, olds, checked(provider, spec)).outs)


def names(local):
    sm = local.client()
    return (
        sorted(m["ModelName"] for m in sm.list_models(MaxResults=100)["Models"]),
        sorted(c["EndpointConfigName"] for c in sm.list_endpoint_configs(MaxResults=100)["EndpointConfigs"]),
        sorted(e["EndpointName"] for e in sm.list_endpoints(MaxResults=100)["Endpoints"]),
    )


def invoke(local, endpoint):
    return local.client("sagemaker-runtime").invoke_endpoint(
        EndpointName=endpoint, ContentType="text/csv", Body=CSV_ROW
    )


def scalable_targets(local):
    aas = local.client("application-autoscaling")
    return aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]


def scaling_policies(local):
    aas = local.client("application-autoscaling")
    return aas.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]


# -- create ---------------------------------------------------------------------------------------------


def test_seed_deployment_goes_in_service_and_answers_an_invocation(local, provider, capsys):
    endpoint, outs = create(provider, python_spec())
    assert outs["status"] == "InService" and outs["endpoint_name"] == endpoint
    assert endpoint.startswith("hosting-") and len(endpoint) <= 63
    assert (
        outs["endpoint_url"]
        == f"https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/{endpoint}/invocations"
    )
    assert outs["arn"].endswith(f":endpoint/{endpoint}")
    assert outs["region"] == "us-east-1", "state records where the endpoint is (the stack's region here)"
    assert outs["model_names"]["xgboost-model"].startswith(f"{endpoint}-xgboost-model-")
    assert outs["variants"] == [
        {
            "variant_name": "AllTraffic",
            "current_instance_count": 1.0,
            "desired_instance_count": 1.0,
            "current_weight": 1.0,
            "desired_weight": 1.0,
        }
    ]
    assert outs["failure_reason"] is None
    answer = invoke(local, endpoint)
    assert (
        answer["Body"].read().decode().endswith(".0") and answer["InvokedProductionVariant"] == "AllTraffic"
    )
    models, configs, endpoints = names(local)
    assert models == [outs["model_names"]["xgboost-model"]]
    assert configs == [outs["endpoint_config_name"]] and endpoints == [endpoint]
    model_request = local.calls_to("CreateModel")[0].params
    assert model_request["PrimaryContainer"]["ContainerHostname"] == "xgboost"
    progress = capsys.readouterr().err
    order = [
        progress.index(s) for s in ("created model", "created endpoint config", "Creating (", "InService (")
    ]
    assert order == sorted(order), progress


def test_a_region_of_its_own_places_every_call_there(local, provider):
    endpoint, outs = create(provider, autoscaled(python_spec(region="us-west-2")))
    assert outs["endpoint_url"].startswith("https://runtime.sagemaker.us-west-2.amazonaws.com/")
    west = local.client("application-autoscaling", region_name="us-west-2")
    assert west.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert scalable_targets(local) == [], "nothing in the stack's own region"
    provider.delete(endpoint, outs)
    assert {c.region for c in local.calls} == {"us-west-2"}
    assert west.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []


def test_create_failure_reports_the_reason_and_leaves_nothing_behind(local, provider):
    local.fail_endpoint_create(reason="The primary container did not pass the ping health check.")
    with pytest.raises(EndpointFailed) as failure:
        create(provider, python_spec())
    first = str(failure.value).splitlines()[0]
    assert "Failed: The primary container did not pass the ping health check." in first
    assert "/aws/sagemaker/Endpoints/" in first
    assert names(local) == ([], [], [])
    _, outs = create(provider, python_spec())  # the next `up` starts clean
    assert outs["status"] == "InService"


def test_a_crashed_up_is_adopted_not_duplicated(local, provider):
    inputs = checked(provider, python_spec())
    first = provider.create(inputs)
    # The engine never recorded it (the `up` died): the next `up` creates again with the same inputs.
    second = provider.create(inputs)
    assert second.id == first.id and second.outs["endpoint_config_name"] == first.outs["endpoint_config_name"]
    assert len(names(local)[2]) == 1 and len(names(local)[1]) == 1 and len(names(local)[0]) == 1
    # It died, and the program changed before the next `up`: the endpoint is brought to the new spec.
    third = provider.create(
        checked(provider, python_spec(production_variants=[variant(instance_type="ml.m5.large")]))
    )
    assert third.id == first.id and third.outs["endpoint_config_name"] != first.outs["endpoint_config_name"]
    assert names(local)[1] == [third.outs["endpoint_config_name"]], "the old config is swept"
    assert len(local.calls_to("UpdateEndpoint")) == 1


def test_two_stacks_with_long_resource_names_never_touch_each_others_models_or_configs(local, provider):
    # dev and prod of one program in one account: endpoint names alike in all but their digest, which
    # is past the part of a model or config name that fits in 63 characters.
    resource = "recommendation-engine-realtime-inference-endpoint-west"
    deployments = {}
    for stack in ("dev", "prod"):
        created = provider.create(checked(provider, python_spec(), seed=f"demo/{stack}/{resource}"))
        deployments[stack] = (created.id, as_engine_sends(created.outs))
    (dev, dev_outs), (prod, prod_outs) = deployments["dev"], deployments["prod"]
    assert dev != prod and len(local.calls_to("CreateModel")) == 2, "each stack has its own model"
    retrained = python_spec(models=[model(data="s3://bucket-name/v2/model.tar.gz")])
    provider.update(dev, dev_outs, checked(provider, retrained, seed=f"demo/dev/{resource}"))
    models, configs, _ = names(local)
    assert (
        prod_outs["endpoint_config_name"] in configs and prod_outs["model_names"]["xgboost-model"] in models
    )
    provider.delete(dev, dev_outs)
    models, configs, endpoints = names(local)
    assert endpoints == [prod] and configs == [prod_outs["endpoint_config_name"]]
    assert models == [prod_outs["model_names"]["xgboost-model"]]


# -- update -----------------------------------------------------------------------------------------------


def test_weight_change_creates_no_new_config(local, provider, capsys):
    endpoint, outs = create(provider, ab_spec())
    news = checked(provider, ab_spec(weight_a=3, weight_b=1))
    diff = provider.diff(endpoint, outs, news)
    assert diff.changes and not diff.replaces
    outs = as_engine_sends(provider.update(endpoint, outs, news).outs)
    assert len(local.calls_to("CreateEndpointConfig")) == 1
    assert len(local.calls_to("CreateModel")) == 2
    assert not local.calls_to("UpdateEndpoint")
    (call,) = local.calls_to("UpdateEndpointWeightsAndCapacities")
    assert call.params["DesiredWeightsAndCapacities"] == [{"VariantName": "A", "DesiredWeight": 3.0}]
    weights = {v["variant_name"]: v["current_weight"] for v in outs["variants"]}
    assert weights == {"A": 3.0, "B": 1.0}
    assert "weights and capacities in place" in capsys.readouterr().err
    # Capacity too, still in place.
    more = ab_spec(weight_a=3)
    more["production_variants"][1]["initial_instance_count"] = 2
    outs = update(provider, endpoint, outs, more)
    assert {v["variant_name"]: v["current_instance_count"] for v in outs["variants"]} == {"A": 1, "B": 2}
    assert len(local.calls_to("CreateEndpointConfig")) == 1


def test_instance_type_change_keeps_the_endpoint_serving_and_cleans_up(local, provider):
    endpoint, outs = create(provider, python_spec())
    old_config, old_model = outs["endpoint_config_name"], outs["model_names"]["xgboost-model"]
    local.timings.endpoint_update = 0.6
    seen, errors, stop = [], [], threading.Event()

    def watch():
        sm = local.client()
        while not stop.is_set():
            try:
                seen.append(sm.describe_endpoint(EndpointName=endpoint)["EndpointStatus"])
                invoke(local, endpoint)
            except Exception as exc:  # any failure is downtime
                errors.append(exc)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        spec = python_spec(
            production_variants=[variant(instance_type="ml.c5.2xlarge")],
            models=[model(data="s3://bucket-name/retrained/model.tar.gz")],
        )
        outs = update(provider, endpoint, outs, spec)
    finally:
        stop.set()
        watcher.join()
    assert errors == []
    assert "Updating" in seen and set(seen) <= {"InService", "Updating"}
    assert outs["status"] == "InService" and outs["endpoint_config_name"] != old_config
    models, configs, endpoints = names(local)
    assert configs == [outs["endpoint_config_name"]] and endpoints == [endpoint]
    assert models == [outs["model_names"]["xgboost-model"]] and old_model not in models
    described = local.client().describe_endpoint_config(EndpointConfigName=outs["endpoint_config_name"])
    assert described["ProductionVariants"][0]["InstanceType"] == "ml.c5.2xlarge"


def test_an_unchanged_model_is_reused_by_the_new_config(local, provider):
    endpoint, outs = create(provider, ab_spec())
    retyped = ab_spec()
    retyped["production_variants"][1]["instance_type"] = "ml.c5.large"
    after = update(provider, endpoint, outs, retyped)
    assert after["model_names"] == outs["model_names"]
    assert len(local.calls_to("CreateModel")) == 2  # none for the update
    assert names(local)[0] == sorted(outs["model_names"].values())


def test_a_rolled_back_update_fails_clearly_keeps_the_old_config_and_the_next_up_succeeds(local, provider):
    endpoint, outs = create(provider, python_spec())
    before = names(local)
    local.fail_endpoint_update(reason="The new variant did not pass the ping health check.")
    spec = python_spec(
        production_variants=[variant(instance_type="ml.c5.2xlarge")],
        models=[model(data="s3://bucket-name/broken/model.tar.gz")],
    )
    with pytest.raises(UpdateRolledBack) as failure:
        update(provider, endpoint, outs, spec)
    first = str(failure.value).splitlines()[0]
    assert "rolled the update back: The new variant did not pass the ping health check." in first
    assert outs["endpoint_config_name"] in str(failure.value)
    described = local.client().describe_endpoint(EndpointName=endpoint)
    assert described["EndpointStatus"] == "InService"
    assert described["EndpointConfigName"] == outs["endpoint_config_name"]
    assert names(local) == before, "the config and model made for the failed update are gone"
    invoke(local, endpoint)
    # The engine kept the old outputs: the next `up` diffs against them and retries cleanly.
    fixed = update(provider, endpoint, outs, spec)
    assert fixed["status"] == "InService" and fixed["endpoint_config_name"] != outs["endpoint_config_name"]
    assert names(local)[1] == [fixed["endpoint_config_name"]]


def test_deployment_guardrails_are_sent_with_the_update(local, provider):
    canary = deployment_canary("endpoint-5xx")
    endpoint, outs = create(provider, python_spec(deployment_config=canary))
    update(
        provider,
        endpoint,
        outs,
        python_spec(
            deployment_config=canary, production_variants=[variant(count=2, instance_type="ml.m5.large")]
        ),
    )
    (call,) = local.calls_to("UpdateEndpoint")
    policy = call.params["DeploymentConfig"]["BlueGreenUpdatePolicy"]
    assert policy["TrafficRoutingConfiguration"]["CanarySize"] == {"Type": "CAPACITY_PERCENT", "Value": 10}
    assert call.params["DeploymentConfig"]["AutoRollbackConfiguration"]["Alarms"] == [
        {"AlarmName": "endpoint-5xx"}
    ]
    assert (
        local.client().describe_endpoint(EndpointName=endpoint)["LastDeploymentConfig"]
        == call.params["DeploymentConfig"]
    )


def test_an_alarm_firing_during_the_canary_rolls_back_and_is_told_even_without_a_reason(local, provider):
    local.rollback_reasons = False  # AWS sometimes leaves FailureReason empty: told by the config name
    cloudwatch = local.client("cloudwatch")
    cloudwatch.put_metric_alarm(
        AlarmName="endpoint-5xx",
        Namespace="AWS/SageMaker",
        MetricName="Invocation5XXErrors",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    canary = deployment_canary("endpoint-5xx")
    endpoint, outs = create(provider, python_spec(deployment_config=canary))
    before = names(local)
    cloudwatch.set_alarm_state(AlarmName="endpoint-5xx", StateValue="ALARM", StateReason="5xx errors")
    bigger = python_spec(
        deployment_config=canary, production_variants=[variant(count=2, instance_type="ml.m5.large")]
    )
    with pytest.raises(UpdateRolledBack) as failure:
        update(provider, endpoint, outs, bigger)
    assert "rolled the update back: no FailureReason given" in str(failure.value).splitlines()[0]
    described = local.client().describe_endpoint(EndpointName=endpoint)
    assert (described["EndpointStatus"], described["EndpointConfigName"]) == (
        "InService",
        outs["endpoint_config_name"],
    )
    assert names(local) == before, "what the update made is gone"


def test_an_update_waits_for_an_endpoint_that_is_updating(local, provider):
    endpoint, outs = create(provider, python_spec())
    local.timings.endpoint_update = 0.4
    local.client().update_endpoint_weights_and_capacities(  # someone else's change, in progress
        EndpointName=endpoint, DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredWeight": 2}]
    )
    after = update(
        provider, endpoint, outs, python_spec(production_variants=[variant(instance_type="ml.m5.large")])
    )
    assert after["status"] == "InService"


def test_tags_change_in_place(local, provider):
    endpoint, outs = create(provider, python_spec(tags={"team": "ml", "old": "x"}))
    outs = update(provider, endpoint, outs, python_spec(tags={"team": "research", "env": "dev"}))
    sm = local.client()
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=outs["arn"])["Tags"]}
    assert tags == {"team": "research", "env": "dev", OWNER_TAG: SEED}
    config_arn = sm.describe_endpoint_config(EndpointConfigName=outs["endpoint_config_name"])[
        "EndpointConfigArn"
    ]
    assert {t["Key"] for t in sm.list_tags(ResourceArn=config_arn)["Tags"]} == {"team", "env", OWNER_TAG}
    assert not local.calls_to("UpdateEndpoint") and len(local.calls_to("CreateEndpointConfig")) == 1


def test_diff_replaces_only_on_a_new_endpoint_name_or_region(provider):
    olds = as_engine_sends({**checked(provider, python_spec()), "endpoint_name": "hosting-1234abcd"})
    assert provider.diff("hosting-1234abcd", olds, checked(provider, python_spec())).changes is False
    renamed = provider.diff("x", olds, checked(provider, python_spec(endpoint_name="mnist")))
    assert renamed.changes and renamed.replaces == ["endpoint_name"]
    retyped = provider.diff("x", olds, checked(provider, python_spec(production_variants=[variant(count=3)])))
    assert retyped.changes and not retyped.replaces
    unknown = provider.diff("x", olds, {**checked(provider, python_spec()), "models": Unknown()})
    assert unknown.changes and not unknown.replaces
    # The stack's own region (us-east-1) named in the spec, as a manifest does, moves nothing.
    assert provider.diff("x", olds, checked(provider, python_spec(region="us-east-1"))).changes is False
    moved = provider.diff("x", olds, checked(provider, python_spec(region="eu-west-1")))
    assert moved.changes and moved.replaces == ["region"]


# -- multi-model, A/B, autoscaling ---------------------------------------------------------------------


def test_multi_model_endpoint(local, provider):
    spec = python_spec(models=[model(data="s3://bucket-name/models/", mode="MultiModel")])
    endpoint, outs = create(provider, spec)
    assert outs["status"] == "InService"
    container = local.calls_to("CreateModel")[0].params["PrimaryContainer"]
    assert container["Mode"] == "MultiModel" and container["ModelDataUrl"] == "s3://bucket-name/models/"
    invoke(local, endpoint)


def test_two_variant_ab_deployment_splits_traffic_by_weight(local, provider):
    endpoint, outs = create(provider, ab_spec(weight_a=1, weight_b=1))
    assert sorted(v["variant_name"] for v in outs["variants"]) == ["A", "B"]
    served = [invoke(local, endpoint)["InvokedProductionVariant"] for _ in range(20)]
    assert set(served) == {"A", "B"}
    outs = update(provider, endpoint, outs, ab_spec(weight_a=1, weight_b=0))  # all traffic to the champion
    assert {invoke(local, endpoint)["InvokedProductionVariant"] for _ in range(10)} == {"A"}


def test_autoscaling_is_registered_kept_across_updates_and_removed_on_delete(local, provider):
    endpoint, outs = create(provider, autoscaled(python_spec()))
    (target,) = scalable_targets(local)
    assert target["ResourceId"] == f"endpoint/{endpoint}/variant/AllTraffic"
    assert target["ScalableDimension"] == "sagemaker:variant:DesiredInstanceCount"
    assert (target["MinCapacity"], target["MaxCapacity"]) == (1, 4)
    (policy,) = scaling_policies(local)
    config = policy["TargetTrackingScalingPolicyConfiguration"]
    assert (
        config["PredefinedMetricSpecification"]["PredefinedMetricType"]
        == "SageMakerVariantInvocationsPerInstance"
    )
    assert config["TargetValue"] == 70.0 and config["ScaleInCooldown"] == 300
    # Autoscaling has scaled out to 3 instances since.
    sm = local.client()
    sm.update_endpoint_weights_and_capacities(
        EndpointName=endpoint,
        DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 3}],
    )
    # A new instance type keeps the 3 instances and autoscaling, deregistered around the update.
    retyped = autoscaled(python_spec(production_variants=[variant(instance_type="ml.c5.2xlarge")]))
    outs = update(provider, endpoint, outs, retyped)
    new_config = sm.describe_endpoint_config(EndpointConfigName=outs["endpoint_config_name"])
    assert new_config["ProductionVariants"][0]["InitialInstanceCount"] == 3
    assert outs["variants"][0]["current_instance_count"] == 3
    assert local.calls_to("UpdateEndpoint")
    assert len(scalable_targets(local)) == 1 and len(scaling_policies(local)) == 1
    # New bounds and target: in place, no new config.
    outs = update(provider, endpoint, outs, autoscaled(retyped, low=2, high=6, target=100))
    ((target,), (policy,)) = scalable_targets(local), scaling_policies(local)
    assert (target["MinCapacity"], target["MaxCapacity"]) == (2, 6)
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 100.0
    assert len(local.calls_to("UpdateEndpoint")) == 1
    provider.delete(endpoint, outs)
    assert scalable_targets(local) == [] and scaling_policies(local) == []
    assert names(local) == ([], [], [])


def test_autoscaling_removed_from_the_spec_is_deregistered(local, provider):
    endpoint, outs = create(provider, autoscaled(python_spec()))
    update(provider, endpoint, outs, python_spec())
    assert scalable_targets(local) == [] and scaling_policies(local) == []


# -- read / delete ----------------------------------------------------------------------------------------


def test_read_reports_drift_and_the_next_up_puts_the_spec_back(local, provider):
    endpoint, outs = create(provider, ab_spec())
    local.client().update_endpoint_weights_and_capacities(
        EndpointName=endpoint, DesiredWeightsAndCapacities=[{"VariantName": "B", "DesiredWeight": 5}]
    )
    found = provider.read(endpoint, outs)
    assert found.id == endpoint
    refreshed = as_engine_sends(found.outs)
    assert refreshed["production_variants"][1]["initial_variant_weight"] == 5.0
    assert {v["variant_name"]: v["desired_weight"] for v in refreshed["variants"]}["B"] == 5.0
    news = checked(provider, ab_spec())
    assert provider.diff(endpoint, refreshed, news).changes
    after = as_engine_sends(provider.update(endpoint, refreshed, news).outs)
    assert {v["variant_name"]: v["current_weight"] for v in after["variants"]} == {"A": 1.0, "B": 1.0}
    assert len(local.calls_to("CreateEndpointConfig")) == 1


def test_an_endpoint_deleted_outside_pulumi_reads_as_gone_and_is_created_again(local, provider):
    endpoint, outs = create(provider, python_spec())
    local.client().delete_endpoint(EndpointName=endpoint)
    found = provider.read(endpoint, outs)
    while found.id is not None:  # Deleting, then gone
        found = provider.read(endpoint, outs)
    assert found.outs == {}
    _, again = create(provider, python_spec())  # what the next `up` does after the refresh
    assert again["status"] == "InService" and again["endpoint_name"] == endpoint


def test_delete_leaves_no_models_configs_or_endpoints(local, provider):
    endpoint, outs = create(provider, ab_spec())
    retrained = ab_spec()
    retrained["models"][1] = model("challenger", data="s3://bucket-name/v3/model.tar.gz")
    outs = update(provider, endpoint, outs, retrained)
    provider.delete(endpoint, outs)
    assert names(local) == ([], [], [])
    provider.delete(endpoint, outs)  # a second destroy finds nothing and is fine


def test_delete_waits_for_an_endpoint_still_creating(local, provider):
    inputs = checked(provider, python_spec())
    local.timings.endpoint_create = 0.4
    endpoint = provider.create(inputs).id
    local.client().update_endpoint_weights_and_capacities(
        EndpointName=endpoint, DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredWeight": 2}]
    )
    provider.delete(endpoint, {**inputs, "endpoint_name": endpoint})
    assert names(local) == ([], [], [])


# -- faults ------------------------------------------------------------------------------------------------


ENDPOINT_CALLS = ("CreateEndpoint", "UpdateEndpoint", "UpdateEndpointWeightsAndCapacities", "DeleteEndpoint")


# Seeds picked (as of writing) so that each fails without that tolerance: at UpdateEndpoint (9), at
# UpdateEndpointWeightsAndCapacities (11), at DeleteEndpoint (18).
@pytest.mark.parametrize("seed", [9, 11, 18])
def test_lost_answers_to_endpoint_calls_are_survived(local, provider, seed):
    # SageMaker did the work but the answer was lost: botocore's retry meets the result ("already
    # existing", "in-progress endpoint"), which the rollout recognises as its own request underway.
    local.inject_faults(0.5, when="after", operations=ENDPOINT_CALLS, seed=seed)
    endpoint, outs = create(provider, ab_spec())
    outs = update(provider, endpoint, outs, ab_spec(weight_a=2))
    retyped = ab_spec(weight_a=2)
    retyped["production_variants"][0]["instance_type"] = "ml.m5.large"
    outs = update(provider, endpoint, outs, retyped)
    assert outs["status"] == "InService"
    assert {v["variant_name"]: v["current_weight"] for v in outs["variants"]} == {"A": 2.0, "B": 1.0}
    provider.delete(endpoint, outs)
    local.clear_faults()
    assert local.faults_injected > 0
    assert names(local) == ([], [], [])


def test_a_config_swapped_in_outside_pulumi_is_reported_and_replaced_by_the_spec(local, provider):
    endpoint, outs = create(provider, python_spec())
    sm = local.client()
    sm.create_endpoint_config(
        EndpointConfigName="hand-made",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": outs["model_names"]["xgboost-model"],
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    sm.update_endpoint(EndpointName=endpoint, EndpointConfigName="hand-made")
    while sm.describe_endpoint(EndpointName=endpoint)["EndpointStatus"] != "InService":
        time.sleep(0.02)
    refreshed = as_engine_sends(provider.read(endpoint, outs).outs)
    assert refreshed["endpoint_config_name"] == "hand-made"
    news = checked(provider, python_spec())
    assert provider.diff(endpoint, refreshed, news).changes
    after = as_engine_sends(provider.update(endpoint, refreshed, news).outs)
    assert after["endpoint_config_name"] == outs["endpoint_config_name"]
    assert "hand-made" in names(local)[1], "a config this deployment did not make is never deleted"


def test_our_deadline_fails_the_up_and_the_next_up_carries_on(local, provider):
    endpoint, outs = create(provider, python_spec())
    local.timings.endpoint_update = 0.8
    retyped = python_spec(production_variants=[variant(instance_type="ml.m5.large")])
    with pytest.raises(WaitTimeout) as late:
        update(provider, endpoint, outs, {**retyped, "wait_timeout_seconds": 0.2})
    assert "is still Updating after" in str(late.value).splitlines()[0]
    after = update(provider, endpoint, outs, retyped)  # the engine kept the old outputs
    assert after["status"] == "InService" and after["endpoint_config_name"] != outs["endpoint_config_name"]
    assert len(local.calls_to("UpdateEndpoint")) == 1
    assert names(local)[1] == [after["endpoint_config_name"]]


# -- updates that fail half way ----------------------------------------------------------------------------


def one_attempt(local):
    """A provider whose calls are not retried: a fault injected is the `up` failing there."""
    return configured(HostingDeploymentProvider, {**local.config, "sagemaker:maxAttempts": "1"})


def autoscaling_state(local):
    return {
        t["ResourceId"].rsplit("/", 1)[-1]: (t["MinCapacity"], t["MaxCapacity"])
        for t in scalable_targets(local)
    }


def test_a_refused_rollout_puts_autoscaling_back_and_leaves_nothing_behind(local):
    provider = one_attempt(local)
    endpoint, outs = create(provider, autoscaled(python_spec()))
    before = names(local)
    local.inject_faults(1.0, kinds=("throttle",), operations=("UpdateEndpoint",))
    retyped = autoscaled(
        python_spec(
            production_variants=[variant(instance_type="ml.c5.large")],
            models=[model(data="s3://bucket-name/v2/model.tar.gz")],
        )
    )
    with pytest.raises(Exception, match="UpdateEndpoint"):
        update(provider, endpoint, outs, retyped)
    local.clear_faults()
    assert autoscaling_state(local) == {"AllTraffic": (1, 4)}, "autoscaling is as the previous spec had it"
    assert names(local) == before, "the config and model made for the update are gone"
    # The user reverts the program: nothing to do, and nothing is missing.
    assert (
        provider.diff(
            endpoint,
            as_engine_sends(provider.read(endpoint, outs).outs),
            checked(provider, autoscaled(python_spec())),
        ).changes
        is False
    )


def test_a_refused_capacity_change_puts_autoscaling_back(local):
    provider = one_attempt(local)
    endpoint, outs = create(provider, autoscaled(python_spec()))
    local.inject_faults(1.0, kinds=("5xx",), operations=("UpdateEndpointWeightsAndCapacities",))
    with pytest.raises(Exception, match="UpdateEndpointWeightsAndCapacities"):
        update(provider, endpoint, outs, autoscaled(python_spec(production_variants=[variant(count=2)])))
    local.clear_faults()
    assert autoscaling_state(local) == {"AllTraffic": (1, 4)}


def test_after_an_update_that_failed_on_its_way_a_refresh_shows_drift_and_the_reverted_program_is_restored(
    local, provider
):
    endpoint, outs = create(provider, autoscaled(python_spec()))
    old_config = outs["endpoint_config_name"]
    local.timings.endpoint_update = 0.6
    retyped = autoscaled(python_spec(production_variants=[variant(instance_type="ml.m5.large")]))
    with pytest.raises(WaitTimeout):
        update(provider, endpoint, outs, {**retyped, "wait_timeout_seconds": 0.2})
    while local.client().describe_endpoint(EndpointName=endpoint)["EndpointStatus"] != "InService":
        time.sleep(0.05)  # SageMaker finished the update nobody waited for
    # The user reverts the program. The engine kept the old outputs; a refresh shows what is really there.
    refreshed = as_engine_sends(provider.read(endpoint, outs).outs)
    assert refreshed["endpoint_config_name"] != old_config and refreshed["deployed_config_name"] == old_config
    assert "autoscaling" not in refreshed["production_variants"][0], "a refresh shows autoscaling lost"
    original = checked(provider, autoscaled(python_spec()))
    assert provider.diff(endpoint, refreshed, original).changes
    after = as_engine_sends(provider.update(endpoint, refreshed, original).outs)
    assert after["endpoint_config_name"] == old_config and after["deployed_config_name"] == old_config
    assert autoscaling_state(local) == {"AllTraffic": (1, 4)}
    assert names(local)[1] == [old_config], "the config of the abandoned update is swept"


def test_a_sweep_that_fails_after_a_successful_update_does_not_fail_it(local, capsys):
    provider = one_attempt(local)
    endpoint, outs = create(provider, python_spec())
    local.inject_faults(1.0, kinds=("throttle",), operations=("ListEndpointConfigs",))
    retyped = python_spec(production_variants=[variant(instance_type="ml.m5.large")])
    after = update(provider, endpoint, outs, retyped)
    local.clear_faults()
    assert after["status"] == "InService" and after["endpoint_config_name"] != outs["endpoint_config_name"]
    assert "could not delete the configs and models the endpoint no longer uses" in capsys.readouterr().err
    provider.delete(endpoint, after)
    assert names(local) == ([], [], []), "destroy sweeps what the update could not"


class Crash(BaseException):
    """The provider process dies: no clean-up code runs (a refused create deletes what it made)."""


def test_leftovers_of_an_interrupted_up_are_swept_even_after_the_model_is_renamed(local, monkeypatch):
    provider = one_attempt(local)

    def crash(*_args, **_kwargs):
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr("pulumi_sagemaker.hosting.rollout.Rollout.create_config", crash)
        with pytest.raises(Crash):
            create(provider, python_spec())
    (leftover,) = names(local)[0]
    renamed = python_spec(models=[model("xgb-v2")], production_variants=[variant(model_name="xgb-v2")])
    endpoint, outs = create(provider, renamed)
    assert names(local)[0] == [outs["model_names"]["xgb-v2"]] and leftover not in names(local)[0]
    provider.delete(endpoint, outs)
    assert names(local) == ([], [], [])


def test_adopting_after_a_crash_gives_everything_the_specs_tags(local, provider):
    provider.create(checked(provider, ab_spec() | {"tags": {"team": "ml", "old": "x"}}))
    # The engine never recorded it; the next `up` has other tags (tags change no name).
    second = provider.create(checked(provider, ab_spec() | {"tags": {"team": "research"}}))
    sm = local.client()
    arns = [second.outs["arn"]]
    arns.append(
        sm.describe_endpoint_config(EndpointConfigName=second.outs["endpoint_config_name"])[
            "EndpointConfigArn"
        ]
    )
    arns += [sm.describe_model(ModelName=m)["ModelArn"] for m in second.outs["model_names"].values()]
    for arn in arns:
        assert {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]} == {
            "team": "research",
            OWNER_TAG: SEED,
        }, arn


def test_a_change_whose_every_answer_was_lost_is_recognised_as_made(local):
    provider = one_attempt(local)
    endpoint, outs = create(provider, ab_spec())
    local.inject_faults(
        1.0, kinds=("drop",), operations=("UpdateEndpointWeightsAndCapacities",), when="after"
    )
    after = update(provider, endpoint, outs, ab_spec(weight_a=3))
    local.clear_faults()
    assert {v["variant_name"]: v["current_weight"] for v in after["variants"]} == {"A": 3.0, "B": 1.0}
