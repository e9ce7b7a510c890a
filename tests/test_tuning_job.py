"""What only a HyperparameterTuningJob does: progress as counts and the best objective, its training jobs,
the best model, a 32-character name."""

from __future__ import annotations

import re

import pytest
from pulumi_sagemaker.resources import HyperparameterTuningJobProvider

from .conftest import configured
from .training_inputs import as_engine_sends
from .tuning_inputs import python_spec


@pytest.fixture
def provider(local):
    return configured(HyperparameterTuningJobProvider, local.config)


def checked(provider, spec, **options):
    seed = "demo/local/a-rather-long-resource-name-for-tuning"
    result = provider.check({}, as_engine_sends({**spec, **options, "name_seed": seed}))
    assert not result.failures, result.failures
    return as_engine_sends(result.inputs)


def test_progress_counts_the_training_jobs_and_shows_the_best_objective(local, provider, capsys):
    outs = provider.create(checked(provider, python_spec())).outs
    name = outs["hyper_parameter_tuning_job_name"]
    assert (
        len(name) <= 32
        and name.startswith("a-rather-long-resource-")
        and re.fullmatch(r".*-[0-9a-f]{8}", name)
    )
    lines = [
        line for line in capsys.readouterr().err.splitlines() if f"HyperparameterTuningJob {name}:" in line
    ]
    assert any(re.search(r"InProgress / \d completed / \d in progress / 0 failed", line) for line in lines)
    best = outs["best_training_job"]
    metric = best["final_objective_metric"]
    assert lines[-1].startswith(
        f"[sagemaker] HyperparameterTuningJob {name}: Completed / 4 completed / 0 in progress"
    )
    assert f"best validation:merror {metric['value']:g} ({best['training_job_name']})" in lines[-1]
    assert outs["training_job_status_counters"] == {
        "completed": 4,
        "in_progress": 0,
        "retryable_error": 0,
        "non_retryable_error": 0,
        "stopped": 0,
    }
    assert set(best["tuned_hyper_parameters"]) == {"max_depth", "eta", "booster"}


def test_the_best_job_is_the_best_of_its_training_jobs(local, provider):
    outs = provider.create(checked(provider, python_spec())).outs
    sm = local.client()
    children = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=outs["hyper_parameter_tuning_job_name"]
    )["TrainingJobSummaries"]
    values = {
        c["TrainingJobName"]: c["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for c in children
    }
    assert outs["best_training_job"]["training_job_name"] == min(values, key=values.get), "Minimize"


def test_a_failed_training_job_is_counted_and_the_tuning_goes_on(local, provider):
    local.fail_training_job(name="a-rather-long-resource-*-001-*", reason="AlgorithmError: nan loss")
    outs = provider.create(checked(provider, python_spec())).outs
    assert outs["status"] == "Completed"
    assert outs["training_job_status_counters"]["non_retryable_error"] == 1


def test_destroy_stops_the_tuning_job_and_its_running_training_jobs(local, provider):
    local.timings.training_phase = 0.5
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    provider.delete(created.id, created.outs)
    sm = local.client()
    described = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=created.id)
    assert described["HyperParameterTuningJobStatus"] == "Stopped"
    statuses = {j["TrainingJobStatus"] for j in sm.list_training_jobs()["TrainingJobSummaries"]}
    assert statuses <= {"Stopped", "Completed", "Failed"}, "no training job left running"
