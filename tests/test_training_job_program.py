"""Whole Pulumi programs with TrainingJobs, run under mocks with the real providers, over successive runs."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.lifecycle.ownership import OWNER_TAG
from pulumi_sagemaker.testing import ResourceError, run

from .training_inputs import python_spec


def role() -> aws.iam.Role:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    return aws.iam.Role("execution", assume_role_policy=json.dumps(policy))


def training_program(instance_type: str = "ml.m5.xlarge", tags: dict | None = None, fine_tune: bool = True):
    def program() -> None:
        execution = role()
        spec = python_spec(
            role_arn=execution.arn,
            resource_config={"instance_type": instance_type, "instance_count": 1, "volume_size_in_gb": 5},
            tags=tags or {"team": "ml"},
        )
        base = sm.TrainingJob("base", **spec)
        pulumi.export("base_name", base.training_job_name)
        pulumi.export("base_artifacts", base.model_artifacts)
        if fine_tune:
            # Chain: the first job's model artifacts are the second job's input channel.
            tuned = sm.TrainingJob(
                "tuned",
                **python_spec(
                    role_arn=execution.arn,
                    input_data_config=[
                        {
                            "channel_name": "model",
                            "data_source": {
                                "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": base.model_artifacts}
                            },
                        }
                    ],
                ),
            )
            pulumi.export("tuned_name", tuned.training_job_name)
            pulumi.export("tuned_status", tuned.status)

    return program


def described(local, name):
    return local.client().describe_training_job(TrainingJobName=name)


def test_create_chain_update_replace_and_delete_over_successive_runs(local):
    first = run(training_program(), config=local.config)
    assert first.outputs["tuned_status"] == "Completed"
    tuned = described(local, first.outputs["tuned_name"])
    assert (
        tuned["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == first.outputs["base_artifacts"]
    )

    # Tags only: an in-place update, same jobs.
    second = run(training_program(tags={"team": "research"}), config=local.config, state=first.state)
    assert ("update", "base") in second.operations
    assert second.outputs["base_name"] == first.outputs["base_name"]
    tags = local.client().list_tags(
        ResourceArn=described(local, first.outputs["base_name"])["TrainingJobArn"]
    )
    assert {t["Key"]: t["Value"] for t in tags["Tags"]} == {"team": "research", OWNER_TAG: "demo/local/base"}

    # A new instance type: the job is replaced, and so is the job fed by its artifacts.
    third = run(
        training_program(instance_type="ml.c5.xlarge", tags={"team": "research"}),
        config=local.config,
        state=second.state,
    )
    assert ("replace", "base") in third.operations
    assert third.outputs["base_name"] != first.outputs["base_name"]

    # The second job removed from the program: destroyed (it had finished, so nothing to stop).
    fourth = run(
        training_program(instance_type="ml.c5.xlarge", tags={"team": "research"}, fine_tune=False),
        config=local.config,
        state=third.state,
    )
    assert ("delete", "tuned") in fourth.operations
    assert "tuned_name" not in fourth.outputs


def test_preview_makes_no_sagemaker_call(local):
    preview = run(training_program(), config=local.config, preview=True)
    assert ("create", "base") in preview.operations
    assert local.calls == []
    first = run(training_program(), config=local.config)
    local.clear_calls()
    run(training_program(instance_type="ml.c5.xlarge"), config=local.config, state=first.state, preview=True)
    assert local.calls == []


def test_failed_job_fails_the_run_with_its_reason(local):
    local.fail_training_job(reason="AlgorithmError: label column missing")
    with pytest.raises(ResourceError, match="AlgorithmError: label column missing"):
        run(training_program(fine_tune=False), config=local.config)


def test_bad_input_fails_the_run_before_any_sagemaker_call(local):
    def program() -> None:
        sm.TrainingJob("bad", **python_spec(stopping_condition={"max_runtime_in_seconds": 0}))

    with pytest.raises(ResourceError, match=r"stopping_condition\.max_runtime_in_seconds"):
        run(program, config=local.config)
    assert local.calls == []


def test_operator_manifest_spec_deploys_unchanged(local):
    from .training_inputs import operator_spec

    def program() -> None:
        job = sm.TrainingJob("from-manifest", **operator_spec(region="us-east-1"))
        pulumi.export("status", job.status)

    assert run(program, config=local.config).outputs["status"] == "Completed"


def test_refresh_rereads_a_job_that_was_left_running(local):
    from pulumi_sagemaker.testing import refresh

    local.timings.training_phase = 0.2

    def program() -> None:
        job = sm.TrainingJob("quick", wait_for="InProgress", **python_spec())
        pulumi.export("status", job.status)

    first = run(program, config=local.config)
    assert first.outputs["status"] == "InProgress"
    import time

    time.sleep(1.0)
    refreshed = refresh(first.state, config=local.config)
    assert ("read", "quick") in refreshed.operations
    assert refreshed.state.get("quick").outputs["status"] == "Completed"


def test_secret_inputs_stay_secret_in_outputs(local):
    def program() -> None:
        job = sm.TrainingJob(
            "secretive", **python_spec(environment=pulumi.Output.secret({"WANDB_API_KEY": "s3cr3t"}))
        )
        pulumi.export("environment", job.environment)
        pulumi.export("status", job.status)

    result = run(program, config=local.config)
    assert result.outputs["status"] == "Completed"
    assert "environment" in result.secret_outputs and "status" not in result.secret_outputs
    job = local.client().describe_training_job(TrainingJobName=result.state.get("secretive").id)
    assert job["Environment"] == {"WANDB_API_KEY": "s3cr3t"}  # plaintext reaches SageMaker only
