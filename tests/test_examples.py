"""The programs in examples/, run as a new user runs them without the CLI (`scripts/demo --project-dir
examples/<name>`), over successive runs where the example says what a change does."""

from __future__ import annotations

from pathlib import Path

from pulumi_sagemaker.testing import run
from pulumi_sagemaker.testing.demo import Project, invoke, stack_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def read_from(call, *channels: str) -> dict[str, str]:
    """Each channel's S3 URI in a CreateTrainingJob request, which has just these channels."""
    found = {}
    for channel in call.params["InputDataConfig"]:
        found[channel["ChannelName"]] = channel["DataSource"]["S3DataSource"]["S3Uri"]
    assert sorted(found) == sorted(channels)
    return found


def uploaded(local, uri: str) -> list[str]:
    """The lines of what is under the S3 prefix `uri` (the example's one sample object)."""
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    s3 = local.client("s3")
    (obj,) = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]
    return s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read().decode().splitlines()


def test_ab_test_serves_both_trained_models_and_shifts_traffic_in_place(new_account):
    local = new_account  # existence checks on: the example's role, bucket and data are its own
    project = Project.load(EXAMPLES / "ab-test-autoscaling")
    config = {**stack_config(project.directory, "local"), **local.config}

    def up(state=None, **overrides):
        return run(project.program(), config={**config, **overrides}, state=state, project=project.name)

    first = up()
    sm = local.client()
    for job in local.calls_to("CreateTrainingJob"):
        for uri in read_from(job, "train", "validation").values():
            assert len(uploaded(local, uri)) == 10, "the example's sample: ten labelled images"
    weights = {v["variant_name"]: v["current_weight"] for v in first.outputs["variants"]}
    assert weights == {"Champion": 90.0, "Challenger": 10.0}
    served = {
        model["ModelName"]: sm.describe_model(ModelName=model["ModelName"])["PrimaryContainer"][
            "ModelDataUrl"
        ]
        for model in sm.list_models()["Models"]
    }
    for job in (first.outputs["champion_job"], first.outputs["challenger_job"]):
        artifacts = sm.describe_training_job(TrainingJobName=job)["ModelArtifacts"]["S3ModelArtifacts"]
        assert artifacts in served.values(), "each variant serves the model its job trained"
    aas = local.client("application-autoscaling")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["ResourceId"].endswith("/variant/Champion") and target["MaxCapacity"] == 6

    shifted = up(first.state, **{"ab-test-autoscaling:challengerWeight": "50"})
    assert {v["variant_name"]: v["current_weight"] for v in shifted.outputs["variants"]} == {
        "Champion": 50.0,
        "Challenger": 50.0,
    }
    assert len(local.calls_to("CreateEndpointConfig")) == 1, "weights change in place"
    assert len(local.calls_to("UpdateEndpointWeightsAndCapacities")) == 1
    assert shifted.ops("update") == ["mnist-ab"]

    gone = run(lambda: None, config=config, state=shifted.state, project=project.name)
    assert sorted(gone.ops("delete")) == sorted(shifted.state.names())
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_models()["Models"] == []
    assert aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []


def test_train_tune_deploy_chains_each_step_by_the_outputs_of_the_one_before(new_account):
    local = new_account  # existence checks on: the example's role, bucket and data are its own
    project = Project.load(EXAMPLES / "train-tune-deploy")
    config = {**stack_config(project.directory, "local"), **local.config}
    first = run(project.program(), config=config, project=project.name)
    outputs = first.outputs
    sm = local.client()

    (tuning,) = local.calls_to("CreateHyperParameterTuningJob")
    static = tuning.params["TrainingJobDefinition"]["StaticHyperParameters"]
    assert static == {"num_round": "50", "objective": "multi:softmax", "num_class": "10"}, (
        "baseline's, untuned"
    )
    best = outputs["best_training_job"]
    described = sm.describe_training_job(TrainingJobName=best["training_job_name"])
    assert described["TuningJobArn"].endswith(f"/{outputs['tuning_job'].lower()}")
    assert best["model_artifacts"] == outputs["best_model_artifacts"]
    assert outputs["best_model_artifacts"] == described["ModelArtifacts"]["S3ModelArtifacts"]

    (model,) = sm.list_models()["Models"]
    served = sm.describe_model(ModelName=model["ModelName"])
    assert served["PrimaryContainer"]["ModelDataUrl"] == outputs["best_model_artifacts"]
    (transform,) = local.calls_to("CreateTransformJob")
    assert transform.params["ModelName"] == model["ModelName"], "scored with the model the endpoint serves"
    (baseline,) = local.calls_to("CreateTrainingJob")
    for uri in read_from(baseline, "train", "validation").values():
        assert {len(line.split(",")) for line in uploaded(local, uri)} == {1 + 784}, "label, then image"
    assert tuning.params["TrainingJobDefinition"]["InputDataConfig"] == baseline.params["InputDataConfig"]
    test_set = uploaded(local, transform.params["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"])
    assert {len(line.split(",")) for line in test_set} == {784}, "images to score, no labels"
    assert outputs["scoring_status"] == "Completed" and outputs["scores"].endswith("/scores/")
    assert invoke(local, outputs["endpoint_name"])

    gone = run(lambda: None, config=config, state=first.state, project=project.name)
    assert sorted(gone.ops("delete")) == sorted(first.state.names())
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_models()["Models"] == []


def test_readmes_first_example_runs_as_written(local):
    """The first Python block of README.md, with the role and image it assumes, through the rig."""
    import json
    import re

    import pulumi_aws as aws

    readme = (EXAMPLES.parent / "README.md").read_text()
    code = re.search(r"## A first example\n\n```python\n(.*?)```", readme, re.S).group(1)

    def program() -> None:
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
        image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        exec(code, {"role": role, "XGBOOST_IMAGE": image})  # the README's own code, as written

    result = run(program, config=local.config)
    assert result.outputs["endpoint_url"].endswith("/invocations")
    (tuning,) = local.calls_to("CreateHyperParameterTuningJob")
    assert tuning.params["TrainingJobDefinition"]["StaticHyperParameters"]["num_round"] == "10"
