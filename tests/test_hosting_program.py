"""Whole Pulumi programs with a HostingDeployment (fed by a TrainingJob), under mocks with the real
providers, over successive runs: create, update in place, roll out, roll back, retry, refresh, destroy."""

from __future__ import annotations

import json
import time

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.resources.hosting_deployment import HostingDeployment
from pulumi_sagemaker.testing import ResourceError, refresh, run

from .test_hosting_specs import XGBOOST
from .training_inputs import python_spec as training_spec


def program(
    instance_type: str = "ml.r5.large",
    weight: float = 1,
    hosted: bool = True,
    num_round: str = "10",
    region: str | None = None,
):
    def deploy() -> None:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "sagemaker.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        role = aws.iam.Role("execution", assume_role_policy=json.dumps(trust))
        hyper = {"num_round": num_round, "objective": "multi:softmax", "num_class": "10"}
        job = sm.TrainingJob("mnist", **training_spec(role_arn=role.arn, hyper_parameters=hyper))
        if not hosted:
            return
        hosting = HostingDeployment(
            "mnist-endpoint",
            models=[
                {
                    "name": "xgboost-model",
                    "execution_role_arn": role.arn,
                    "containers": [
                        {
                            "container_hostname": "xgboost",
                            "image": XGBOOST,
                            "model_data_url": job.model_artifacts,
                        }
                    ],
                }
            ],
            production_variants=[
                {
                    "variant_name": "AllTraffic",
                    "model_name": "xgboost-model",
                    "instance_type": instance_type,
                    "initial_instance_count": 1,
                    "initial_variant_weight": weight,
                }
            ],
            **({"region": region} if region else {}),
        )
        pulumi.export("endpoint_name", hosting.endpoint_name)
        pulumi.export("endpoint_url", hosting.endpoint_url)
        pulumi.export("status", hosting.status)
        pulumi.export("config", hosting.endpoint_config_name)
        pulumi.export("models", hosting.model_names)

    return deploy


def names(local, region=None):
    sm_ = local.client(region_name=region or local.region)
    return (
        sorted(m["ModelName"] for m in sm_.list_models()["Models"]),
        sorted(c["EndpointConfigName"] for c in sm_.list_endpoint_configs()["EndpointConfigs"]),
        sorted(e["EndpointName"] for e in sm_.list_endpoints()["Endpoints"]),
    )


def test_training_to_endpoint_over_successive_runs(local):
    first = run(program(), config=local.config)
    endpoint = first.outputs["endpoint_name"]
    assert first.outputs["status"] == "InService"
    assert first.outputs["endpoint_url"].endswith(f"/endpoints/{endpoint}/invocations")
    model = local.client().describe_model(ModelName=first.outputs["models"]["xgboost-model"])
    assert model["PrimaryContainer"]["ModelDataUrl"].endswith("/output/model.tar.gz")
    local.client("sagemaker-runtime").invoke_endpoint(
        EndpointName=endpoint, ContentType="text/csv", Body="1,2"
    )

    # A weight: in place, no new config.
    second = run(program(weight=2), config=local.config, state=first.state)
    assert ("update", "mnist-endpoint") in second.operations
    assert second.outputs["config"] == first.outputs["config"]
    assert len(local.calls_to("CreateEndpointConfig")) == 1

    # An instance type: a new config rolled out on the same endpoint, the old one deleted.
    third = run(program("ml.c5.2xlarge", weight=2), config=local.config, state=second.state)
    assert third.outputs["endpoint_name"] == endpoint and third.outputs["config"] != first.outputs["config"]
    assert names(local)[1] == [third.outputs["config"]]

    # Retraining (a new job, new artifacts): a new model behind the same endpoint.
    fourth = run(program("ml.c5.2xlarge", weight=2, num_round="20"), config=local.config, state=third.state)
    assert ("replace", "mnist") in fourth.operations  # the training job
    assert fourth.outputs["endpoint_name"] == endpoint
    assert fourth.outputs["models"] != third.outputs["models"]
    assert names(local)[0] == sorted(fourth.outputs["models"].values())

    # Removed from the program: endpoint, configs and models are deleted.
    fifth = run(program(hosted=False), config=local.config, state=fourth.state)
    assert ("delete", "mnist-endpoint") in fifth.operations
    assert names(local) == ([], [], [])


def test_a_region_move_creates_in_the_new_region_then_deletes_in_the_old(local):
    first = run(program(region="us-east-1"), config=local.config)
    endpoint = first.outputs["endpoint_name"]
    east = names(local, "us-east-1")
    assert east[2] == [endpoint] and names(local, "eu-west-1") == ([], [], [])

    moved = run(program(region="eu-west-1"), config=local.config, state=first.state)
    assert moved.ops("replace") == ["mnist-endpoint"] and moved.ops("delete") == ["mnist-endpoint"]
    # Same names, other region: each region is a namespace of its own, so the create does not
    # find (and adopt) the old endpoint, and the old one's delete does not reach the new one.
    assert moved.outputs["endpoint_name"] == endpoint
    assert moved.outputs["endpoint_url"].startswith("https://runtime.sagemaker.eu-west-1.amazonaws.com/")
    assert names(local, "eu-west-1") == east
    west = local.client(region_name="eu-west-1")
    assert west.describe_endpoint(EndpointName=endpoint)["EndpointArn"].startswith(
        "arn:aws:sagemaker:eu-west-1:"
    )
    time.sleep(0.2)  # the old one is Deleting for timings.endpoint_delete
    assert names(local, "us-east-1") == ([], [], [])
    runtime = local.client("sagemaker-runtime", region_name="eu-west-1")
    assert runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Body="1,2")["Body"].read()


def test_a_rolled_back_update_fails_the_run_and_the_next_run_retries(local):
    first = run(program(), config=local.config)
    local.fail_endpoint_update(reason="The new variant did not pass the ping health check.")
    with pytest.raises(
        ResourceError, match="rolled the update back: The new variant did not pass"
    ) as failure:
        run(program("ml.c5.2xlarge"), config=local.config, state=first.state)
    # The engine keeps the outputs of the last good update: they still describe what serves.
    kept = failure.value.state.get("mnist-endpoint").outputs
    assert kept["endpoint_config_name"] == first.outputs["config"]
    assert names(local)[1] == [first.outputs["config"]]
    retried = run(program("ml.c5.2xlarge"), config=local.config, state=failure.value.state)
    assert retried.outputs["status"] == "InService" and retried.outputs["config"] != first.outputs["config"]


def test_preview_makes_no_sagemaker_call(local):
    preview = run(program(), config=local.config, preview=True)
    assert ("create", "mnist-endpoint") in preview.operations
    assert local.calls == []
    first = run(program(), config=local.config)
    local.clear_calls()
    run(program("ml.c5.2xlarge"), config=local.config, state=first.state, preview=True)
    assert local.calls == []


def test_refresh_drops_an_endpoint_deleted_outside_and_the_next_run_recreates_it(local):
    first = run(program(), config=local.config)
    endpoint = first.outputs["endpoint_name"]
    local.client().delete_endpoint(EndpointName=endpoint)
    time.sleep(0.2)  # the local SageMaker has deleted it after timings.endpoint_delete
    refreshed = refresh(first.state, config=local.config)
    assert ("delete", "mnist-endpoint") in refreshed.operations
    again = run(program(), config=local.config, state=refreshed.state)
    assert ("create", "mnist-endpoint") in again.operations
    assert again.outputs["endpoint_name"] == endpoint and again.outputs["status"] == "InService"
    assert len(names(local)[1]) == 1


def test_bad_input_fails_the_run_with_its_property_path_before_any_call(local):
    def bad() -> None:
        HostingDeployment(
            "bad",
            models=[
                {
                    "name": "m",
                    "containers": [
                        {
                            "image": XGBOOST,
                            "mode": "MultiModel",
                            "model_data_url": "s3://bucket-name/m.tar.gz",
                        }
                    ],
                }
            ],
            production_variants=[
                {
                    "variant_name": "A",
                    "model_name": "n",
                    "instance_type": "ml.m5.large",
                    "initial_instance_count": 1,
                }
            ],
        )

    with pytest.raises(ResourceError) as failure:
        run(bad, config=local.config)
    paths = dict(failure.value.failures)
    assert "production_variants[0].model_name" in paths
    assert "models[0].containers[0].model_data_url" in paths
    assert local.calls == []
