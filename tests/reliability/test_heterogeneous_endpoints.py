"""Defect 5 of issue 11: a variant on instance pools (a heterogeneous fleet) instead of one instance type
is what the API accepts; it was refused as "needs an instance_type or a serverless_config"."""

from __future__ import annotations

from pulumi_sagemaker.hosting import build_plan, check_inputs

from ..test_hosting_specs import model, python_spec, variant

POOLS = [
    {"instance_type": "ml.g5.xlarge", "priority": 1},
    {"instance_type": "ml.g6.xlarge", "priority": 2, "model_name_override": "fallback"},
]


def pooled(**more):
    spec = variant(**more)
    del spec["instance_type"]
    return {**spec, "instance_pools": POOLS}


def test_a_variant_on_instance_pools_passes_check_and_its_override_names_a_generated_model():
    spec = python_spec(models=[model(), model(name="fallback")], production_variants=[pooled()])
    inputs, failures = check_inputs(spec)
    assert failures == []
    plan = build_plan(inputs, "ep")
    (sent,) = plan.config_request["ProductionVariants"]
    assert [p["InstanceType"] for p in sent["InstancePools"]] == ["ml.g5.xlarge", "ml.g6.xlarge"]
    assert sent["InstancePools"][1]["ModelNameOverride"] == plan.model_names["fallback"]


def test_a_pool_override_naming_no_model_is_refused_at_its_path():
    spec = python_spec(production_variants=[pooled()])
    _, failures = check_inputs(spec)
    assert [(f.path, f.reason) for f in failures] == [
        (
            "production_variants[0].instance_pools[1].model_name_override",
            "'fallback' is not one of the models ('xgboost-model')",
        )
    ]


def test_a_pooled_variant_still_needs_its_count():
    spec = pooled()
    del spec["initial_instance_count"]
    _, failures = check_inputs(
        python_spec(models=[model(), model(name="fallback")], production_variants=[spec])
    )
    assert [f.path for f in failures] == ["production_variants[0].initial_instance_count"]


def test_a_hosting_deployment_on_instance_pools_goes_in_service(local):
    from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider

    from ..conftest import configured
    from ..test_hosting_deployment import create

    provider = configured(HostingDeploymentProvider, local.config)
    _, outs = create(
        provider, python_spec(models=[model(), model(name="fallback")], production_variants=[pooled()])
    )
    assert outs["status"] == "InService"
    config = local.client().describe_endpoint_config(EndpointConfigName=outs["endpoint_config_name"])
    assert len(config["ProductionVariants"][0]["InstancePools"]) == 2
