"""The seed articles' scenarios in examples/, run as a new user runs them without the CLI (`scripts/demo
--project-dir examples/<name>`): the operator's YAML and ACK's through `from_manifests`, and the same
scenarios in Python. Each on a new account (existence checks on) holding only what its
local-account.yaml says the stack takes as there, as `scripts/demo` makes it."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import yaml
from pulumi_sagemaker.manifests.conversion import to_ack
from pulumi_sagemaker.testing import run
from pulumi_sagemaker.testing.demo import Account, Project, invoke, run_offline, stack_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def up(local, directory: Path, state=None, **overrides: str):
    """A run of the example's local stack, on an account holding what its local-account.yaml says the
    stack takes as there (made again after a reset), as `scripts/demo --project-dir` runs it."""
    Account.load(directory).make(local)
    project = Project.load(directory)
    config = {**stack_config(directory, "local"), **local.config, **overrides}
    return run(project.program(), config=config, state=state, project=project.name)


def test_the_seed_hosting_deployment_serves_and_is_updated_as_the_article_does_it_without_a_gap(
    new_account, tmp_path
):
    local = new_account
    project = tmp_path / "xgboost-mnist-hosting"
    shutil.copytree(EXAMPLES / "xgboost-mnist-hosting", project)
    first = up(local, project)
    assert first.outputs["status"] == "InService"
    (model,) = local.calls_to("CreateModel")
    assert model.region == "us-east-2"
    assert model.params["ExecutionRoleArn"] == "arn:aws:iam::123456789012:role/sagemaker-execution"
    assert model.params["PrimaryContainer"]["ModelDataUrl"] == "s3://my-sagemaker-models/model.tar.gz"
    assert invoke(local, first.outputs["endpoint_name"], "us-east-2"), "784 CSV features in, a digit out"

    # The article's update: the instance type edited in hosting.yaml, applied again.
    manifest = project / "hosting.yaml"
    manifest.write_text(manifest.read_text().replace("ml.r5.large", "ml.c5.2xlarge"))
    local.timings.endpoint_update = 0.6
    answers, statuses, done = [], set(), threading.Event()
    sm = local.client(region_name="us-east-2")

    def keep_invoking() -> None:
        while not done.is_set():
            statuses.add(sm.describe_endpoint(EndpointName=first.outputs["endpoint_name"])["EndpointStatus"])
            answers.append(invoke(local, first.outputs["endpoint_name"], "us-east-2"))

    invoker = threading.Thread(target=keep_invoking)
    invoker.start()
    try:
        second = up(local, project, first.state)
    finally:
        done.set()
        invoker.join()
    assert "Updating" in statuses and all(answers), "it answered all along the update"
    (update,) = local.calls_to("UpdateEndpoint")
    assert update.params["EndpointConfigName"] == second.outputs["endpoint_config_name"]
    (config,) = [
        c
        for c in local.calls_to("CreateEndpointConfig")
        if c.params["EndpointConfigName"] == update.params["EndpointConfigName"]
    ]
    assert config.params["ProductionVariants"][0]["InstanceType"] == "ml.c5.2xlarge"
    assert second.outputs["endpoint_name"] == first.outputs["endpoint_name"]
    assert [c.params["EndpointConfigName"] for c in local.calls_to("DeleteEndpointConfig")] == [
        first.outputs["endpoint_config_name"]
    ]


def test_distributed_training_runs_the_framework_script_and_the_custom_container(new_account):
    local = new_account
    Account.load(EXAMPLES / "distributed-training").make(local)
    outputs = run_offline(EXAMPLES / "distributed-training", "local", local)
    assert outputs["horovod:status"] == outputs["custom:status"] == "Completed"
    jobs = {c.params["TrainingJobName"].split("-")[0]: c.params for c in local.calls_to("CreateTrainingJob")}
    horovod, custom = jobs["horovod"], jobs["custom"]
    assert horovod["ResourceConfig"]["InstanceCount"] == 2
    assert horovod["HyperParameters"]["sagemaker_submit_directory"] == (
        "s3://sagemaker-jobs/training-scripts/sourcedir.tar.gz"
    )
    assert horovod["HyperParameters"]["sagemaker_mpi_enabled"] == "true"
    assert custom["AlgorithmSpecification"]["MetricDefinitions"] == [
        {"Name": "val_acc", "Regex": "val_acc: ([0-9\\.]+)"}
    ]
    assert outputs["custom:model_artifacts"].endswith("/output/model.tar.gz")


def test_hyperparameter_tuning_deploys_the_best_model(new_account):
    local = new_account
    outputs = up(local, EXAMPLES / "hyperparameter-tuning").outputs
    assert outputs["tuning_status"] == "Completed"
    (tuning,) = local.calls_to("CreateHyperParameterTuningJob")
    ranges = tuning.params["HyperParameterTuningJobConfig"]["ParameterRanges"]
    assert [r["Name"] for r in ranges["ContinuousParameterRanges"]] == ["learning-rate", "momentum"]
    assert [r["Name"] for r in ranges["CategoricalParameterRanges"]] == ["optimizer", "batch-size"]
    (model,) = local.calls_to("CreateModel")
    assert model.params["PrimaryContainer"]["ModelDataUrl"] == outputs["best_model_artifacts"]
    assert outputs["best_training_job"]["model_artifacts"] == outputs["best_model_artifacts"]
    assert invoke(local, outputs["endpoint_name"], "us-west-2")


def test_a_model_trained_elsewhere_is_hosted_and_a_new_one_switched_to(new_account):
    local = new_account
    first = up(local, EXAMPLES / "byo-model-hosting")
    assert invoke(local, first.outputs["endpoint_name"], "us-west-2")
    newer = "s3://sagemaker-jobs/trained-tf-model-v2/model.tar.gz"
    local.put_object(newer)  # the user's newly trained model, uploaded before `pulumi config set`
    second = up(
        local, EXAMPLES / "byo-model-hosting", first.state, **{"byo-model-hosting:modelDataUrl": newer}
    )
    assert second.outputs["endpoint_name"] == first.outputs["endpoint_name"]
    (update,) = local.calls_to("UpdateEndpoint")
    assert (
        update.params["DeploymentConfig"]["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"]["Type"]
        == "CANARY"
    )
    sm = local.client(region_name="us-west-2")
    assert [m["ModelName"] for m in sm.list_models()["Models"]] == [second.outputs["model_name"]]
    aas = local.client("application-autoscaling", region_name="us-west-2")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["MaxCapacity"] == 4


def _creates(local) -> dict[str, list[str]]:
    """Each Create request but what differs by flavour (names, which the operator generates; tags, which
    say who made it), as sorted JSON by operation."""
    found: dict[str, list[str]] = {}
    for call in local.calls:
        if call.operation.startswith("Create"):
            kept = {k: v for k, v in call.params.items() if not k.endswith("Name") and k != "Tags"}
            for variant in kept.get("ProductionVariants", []):
                variant.pop("ModelName", None)
            found.setdefault(call.operation, []).append(json.dumps(kept, sort_keys=True))
    return {k: sorted(v) for k, v in found.items()}


def test_the_four_scenarios_deploy_alike_from_the_operators_yaml_and_from_acks(new_account):
    local = new_account
    operator = up(local, EXAMPLES / "manifests")
    assert {v for k, v in operator.outputs.items() if k.endswith(":status")} == {"Completed"}
    (url,) = operator.outputs["endpoint_urls"].values()
    assert url.startswith("https://runtime.sagemaker.us-west-2.amazonaws.com/endpoints/")
    operator_requests = _creates(local)
    local.reset()
    ack = up(local, EXAMPLES / "manifests", **{"manifests:flavour": "ack"})
    assert {v for k, v in ack.outputs.items() if k.endswith(":status")} == {"Completed"}
    assert _creates(local) == operator_requests
    assert sorted(operator_requests) == [
        "CreateEndpoint",
        "CreateEndpointConfig",
        "CreateHyperParameterTuningJob",
        "CreateModel",
        "CreateTrainingJob",
    ]


def test_the_ack_examples_are_the_to_ack_conversion_of_the_operator_ones():
    converted = {}
    for document in to_ack(EXAMPLES / "manifests/operator"):
        converted.setdefault(Path(document.origin.source).name, []).append(document.body)
    written = {
        p.name: list(yaml.safe_load_all(p.read_text())) for p in (EXAMPLES / "manifests/ack").glob("*.yaml")
    }
    assert written == converted
