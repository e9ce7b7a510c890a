"""Whole programs with the new job kinds, run under mocks with the real providers over successive runs."""

from __future__ import annotations

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import ResourceError, run

from . import tuning_inputs
from .job_cases import processing_spec
from .training_inputs import python_spec


def prep_then_train(mode: str = "full"):
    """A processing job writes the training data; the training job reads it from the prep's output."""

    def program() -> None:
        prep = sm.ProcessingJob("prep", **processing_spec(environment={"MODE": mode}))
        channel = {
            "channel_name": "train",
            "data_source": {
                "s3_data_source": {
                    "s3_data_type": "S3Prefix",
                    "s3_uri": prep.outputs.apply(lambda outputs: outputs["train"]),
                }
            },
        }
        train = sm.TrainingJob("train", **python_spec(input_data_config=[channel]))
        pulumi.export("prep_status", prep.status)
        pulumi.export("train_name", train.training_job_name)

    return program


def test_processing_outputs_feed_training_and_a_change_reruns_only_what_changed(local):
    first = run(prep_then_train(), config=local.config)
    assert first.outputs["prep_status"] == "Completed"
    job = local.client().describe_training_job(TrainingJobName=first.outputs["train_name"])
    assert job["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://bucket/mnist/train"

    second = run(prep_then_train(mode="sample"), config=local.config, state=first.state)
    assert ("replace", "prep") in second.operations
    assert second.outputs["train_name"] == first.outputs["train_name"], "its input location is the same"

    gone = run(lambda: None, config=local.config, state=second.state)
    assert sorted(gone.ops("delete")) == ["prep", "train"]


def test_a_tuning_job_fails_the_run_with_its_reason(local):
    local.fail_tuning_job(reason="No training job succeeded (failure injected)")

    def program() -> None:
        sm.HyperparameterTuningJob("hpo", **tuning_inputs.python_spec())

    with pytest.raises(ResourceError, match="No training job succeeded"):
        run(program, config=local.config)


def test_the_seed_articles_tuning_manifest_deploys_as_written(local):
    def program() -> None:
        hpo = sm.HyperparameterTuningJob("k8s-sm-hyperopt-training-script", **tuning_inputs.operator_spec())
        pulumi.export("best", hpo.best_training_job)

    best = run(program, config=local.config).outputs["best"]
    assert best["final_objective_metric"]["metric_name"] == "val_acc"
    assert set(best["tuned_hyper_parameters"]) == {"learning-rate", "optimizer"}


def test_bad_tuning_input_fails_the_run_before_any_sagemaker_call(local):
    def program() -> None:
        sm.HyperparameterTuningJob(
            "hpo",
            **tuning_inputs.with_config(
                resource_limits={"max_number_of_training_jobs": 2, "max_parallel_training_jobs": 4}
            ),
        )

    with pytest.raises(ResourceError, match="max_parallel_training_jobs: is 4, more than"):
        run(program, config=local.config)
    assert local.calls == []
