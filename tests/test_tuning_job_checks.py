"""HyperparameterTuningJob's check: what SageMaker would refuse at create time, refused at preview with the
property path as the user wrote it, and no AWS call."""

from __future__ import annotations

import copy

import pytest
from pulumi_sagemaker.aws import CALL_COUNTS
from pulumi_sagemaker.resources import HyperparameterTuningJobProvider

from .training_inputs import as_engine_sends
from .tuning_inputs import CUSTOM_IMAGE, definition, operator_spec, python_spec, with_config, with_ranges

CONFIG = "hyper_parameter_tuning_job_config"
RANGES = f"{CONFIG}.parameter_ranges"


def failures(spec):
    before = sum(CALL_COUNTS.values())
    result = HyperparameterTuningJobProvider().check({}, as_engine_sends(spec))
    assert sum(CALL_COUNTS.values()) == before, "check made an AWS call"
    return [(f.property, f.reason) for f in result.failures]


def only(spec):
    found = failures(spec)
    assert len(found) == 1, found
    return found[0]


def test_the_realistic_specs_pass():
    assert failures(python_spec()) == []
    assert failures(operator_spec()) == []


def test_min_above_max_names_the_minimum():
    ranges = [{"name": "d", "min_value": "9", "max_value": "3"}]
    path, reason = only(with_ranges(integer_parameter_ranges=ranges))
    assert path == f"{RANGES}.integer_parameter_ranges[0].min_value"
    assert "greater than max_value (9 > 3)" in reason


@pytest.mark.parametrize(
    ("kind", "value", "noun"),
    [("integer_parameter_ranges", "3.5", "an integer"), ("continuous_parameter_ranges", "lots", "a number")],
)
def test_a_bound_that_is_not_a_number(kind, value, noun):
    path, reason = only(with_ranges(**{kind: [{"name": "p", "min_value": value, "max_value": "9"}]}))
    assert path == f"{RANGES}.{kind}[0].min_value" and f"must be {noun}" in reason and repr(value) in reason


def test_more_parallel_jobs_than_jobs():
    spec = with_config(resource_limits={"max_number_of_training_jobs": 2, "max_parallel_training_jobs": 5})
    path, reason = only(spec)
    assert path == f"{CONFIG}.resource_limits.max_parallel_training_jobs" and "more than" in reason


@pytest.mark.parametrize("low", ["0", "-1"])
def test_logarithmic_scaling_from_a_non_positive_minimum(low):
    ranges = [{"name": "eta", "min_value": low, "max_value": "1", "scaling_type": "Logarithmic"}]
    path, reason = only(with_ranges(continuous_parameter_ranges=ranges))
    assert path == f"{RANGES}.continuous_parameter_ranges[0].scaling_type" and "min_value > 0" in reason


def test_reverse_logarithmic_scaling_outside_zero_to_one():
    ranges = [{"name": "m", "min_value": "0.5", "max_value": "1.5", "scaling_type": "ReverseLogarithmic"}]
    path, reason = only(with_ranges(continuous_parameter_ranges=ranges))
    assert path.endswith("continuous_parameter_ranges[0].scaling_type") and "0 <= x < 1" in reason


def test_a_parameter_tuned_twice_across_range_kinds():
    spec = with_ranges(
        integer_parameter_ranges=[{"name": "depth", "min_value": "1", "max_value": "5"}],
        categorical_parameter_ranges=[{"name": "depth", "values": ["1", "2"]}],
    )
    path, reason = only(spec)
    assert path == f"{RANGES}.categorical_parameter_ranges[0].name"
    assert "tuned twice" in reason and "integer_parameter_ranges[0]" in reason


def test_a_parameter_both_static_and_tuned():
    spec = python_spec()
    spec["training_job_definition"]["static_hyper_parameters"]["eta"] = "0.1"
    path, reason = only(spec)
    assert path == "training_job_definition.static_hyper_parameters.eta" and "static or tuned" in reason


def test_an_objective_a_custom_image_does_not_define():
    spec = python_spec(
        training_job_definition=definition(
            algorithm_specification={
                "training_image": CUSTOM_IMAGE,
                "training_input_mode": "File",
                "metric_definitions": [{"name": "val_loss", "regex": "val_loss: ([0-9.]+)"}],
            }
        )
    )
    path, reason = only(spec)
    assert path == f"{CONFIG}.hyper_parameter_tuning_job_objective.metric_name"
    assert "'validation:merror' is not among the metric_definitions" in reason and "'val_loss'" in reason


def test_a_custom_image_without_metric_definitions():
    spec = python_spec(
        training_job_definition=definition(
            algorithm_specification={"training_image": CUSTOM_IMAGE, "training_input_mode": "File"}
        )
    )
    path, reason = only(spec)
    assert path.endswith("metric_name") and "custom training image has no predefined metrics" in reason


def test_a_built_in_algorithm_needs_no_metric_definitions():
    assert failures(python_spec()) == []  # XGBoost's image: validation:merror is predefined


def test_grid_search_with_continuous_ranges():
    path, reason = only(with_config(strategy="Grid"))
    assert path == f"{RANGES}.continuous_parameter_ranges" and "Grid search" in reason


def test_hyperband_strategy_config_and_early_stopping():
    spec = with_config(strategy_config={"hyperband_strategy_config": {"min_resource": 1, "max_resource": 10}})
    path, reason = only(spec)
    assert path == f"{CONFIG}.strategy_config" and "Hyperband" in reason
    spec = with_config(strategy="Hyperband", training_job_early_stopping_type="Auto")
    path, reason = only(spec)
    assert path == f"{CONFIG}.training_job_early_stopping_type" and "must be 'Off'" in reason


def test_one_definition_or_several_not_both_nor_none():
    spec = python_spec(training_job_definitions=[definition(definition_name="a")])
    path, reason = only(spec)
    assert path == "training_job_definitions" and "not both" in reason
    spec = python_spec()
    del spec["training_job_definition"]
    path, reason = only(spec)
    assert path == "training_job_definition" and "is required" in reason


def test_several_definitions_are_checked_each_with_its_own_ranges():
    spec = python_spec()
    del spec["training_job_definition"]
    del spec[CONFIG]["parameter_ranges"]
    good = definition(
        definition_name="xgb",
        tuning_objective={"type": "Minimize", "metric_name": "validation:merror"},
        hyper_parameter_ranges={
            "integer_parameter_ranges": [{"name": "d", "min_value": "1", "max_value": "5"}]
        },
    )
    bad = copy.deepcopy(good)
    bad["definition_name"] = "other"
    bad["hyper_parameter_ranges"]["integer_parameter_ranges"][0]["min_value"] = "7"
    spec["training_job_definitions"] = [good, bad]
    path, _ = only(spec)
    assert path == "training_job_definitions[1].hyper_parameter_ranges.integer_parameter_ranges[0].min_value"


def test_names_are_limited_to_32_characters():
    path, reason = only(python_spec(hyper_parameter_tuning_job_name="t" * 33))
    assert path == "hyper_parameter_tuning_job_name" and "1-32 characters" in reason


def test_paths_are_spelled_as_an_operator_manifest_writes_them():
    spec = operator_spec()
    spec["hyperParameterTuningJobConfig"]["parameterRanges"]["continuousParameterRanges"][0]["minValue"] = "1"
    path, _ = only(spec)
    assert path == "hyperParameterTuningJobConfig.parameterRanges.continuousParameterRanges[0].minValue"
    spec = operator_spec()
    spec["hyperParameterTuningJobConfig"]["hyperParameterTuningJobObjective"]["metricName"] = "val_loss"
    path, _ = only(spec)
    assert path == "hyperParameterTuningJobConfig.hyperParameterTuningJobObjective.metricName"


def test_unknowns_in_a_preview_are_never_judged():
    from pulumi.output import Unknown

    spec = with_ranges(integer_parameter_ranges=[{"name": "d", "min_value": Unknown(), "max_value": "3"}])
    assert failures(spec) == []
    spec = python_spec(training_job_definition=Unknown())
    assert failures(spec) == []


def test_every_problem_at_once():
    spec = with_config(
        strategy="Grid",
        resource_limits={"max_number_of_training_jobs": 1, "max_parallel_training_jobs": 3},
    )
    spec["training_job_definition"]["static_hyper_parameters"]["eta"] = "0.1"
    paths = [p for p, _ in failures(spec)]
    assert len(paths) == 3, paths
