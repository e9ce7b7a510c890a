"""Defect 1: `check` never raises. Every malformed input is a CheckFailure with its path (the engine
would otherwise show a traceback instead of the property to fix)."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.kinds import TRAINING_JOB, TUNING_JOB
from pulumi_sagemaker.lifecycle import JobLifecycle
from pulumi_sagemaker.resources import EndpointConfigProvider

from .. import training_inputs, tuning_inputs
from ..conftest import configured
from ..test_hosting_specs import model, python_spec, variant


def paths(failures):
    return [f.path for f in failures]


@pytest.mark.parametrize("bad", [{"a": 1}, ["xgboost-model"], {1, 2}])
def test_a_variant_model_name_that_is_not_a_string_is_a_failure_at_its_path(bad):
    _, failures = check_inputs(python_spec(production_variants=[variant(model_name=bad)]))
    assert "production_variants[0].model_name" in paths(failures)


@pytest.mark.parametrize("bad", [{"x": 1}, ["x"]])
def test_a_model_name_that_is_not_a_string_is_a_failure_at_its_path(bad):
    spec = python_spec(models=[model(name=bad)], production_variants=[variant(model_name=bad)])
    _, failures = check_inputs(spec)
    assert "models[0].name" in paths(failures)


def test_a_non_string_key_inside_a_model_or_a_metric_dimension_is_a_failure():
    spec = python_spec(models=[{**model(), 7: "x"}])
    _, failures = check_inputs(spec)
    assert "models[0].7" in paths(failures)
    policy = {
        "target_value": 50,
        "customized_metric_specification": {
            "metric_name": "CPUUtilization",
            "namespace": "/aws/sagemaker/Endpoints",
            "statistic": "Average",
            "dimensions": [{"name": "EndpointName", 3: "x"}],
        },
    }
    autoscaling = {"min_capacity": 1, "max_capacity": 2, "policies": [policy]}
    _, failures = check_inputs(python_spec(production_variants=[variant(autoscaling=autoscaling)]))
    assert any(p.startswith("production_variants[0].autoscaling.policies[0]") for p in paths(failures))


def test_a_training_job_with_a_non_string_top_level_key_is_a_failure():
    job = JobLifecycle(TRAINING_JOB, Aws(AwsSettings(region="us-east-1")))
    _, failures = job.check({**training_inputs.python_spec(), 1: "x"})
    assert "1" in paths(failures)


@pytest.mark.parametrize("bad", [[1, 2], {"a"}, {"a": 1}])
def test_a_tuning_job_whose_static_hyperparameters_or_ranges_are_malformed_is_a_failure(bad):
    job = JobLifecycle(TUNING_JOB, Aws(AwsSettings(region="us-east-1")))
    spec = tuning_inputs.python_spec()
    ranges = spec["hyper_parameter_tuning_job_config"]["parameter_ranges"]
    ranges["continuous_parameter_ranges"][0]["name"] = bad
    spec["training_job_definition"]["static_hyper_parameters"] = {"eta": "0.1"}
    _, failures = job.check(spec)
    assert any("parameter_ranges.continuous_parameter_ranges[0].name" in p for p in paths(failures))


@pytest.mark.parametrize("bad", [5, float("nan"), float("inf"), object()])
def test_an_endpoint_config_whose_production_variants_is_no_list_is_a_failure(bad):
    """Found by the fuzz suite: the variant rules iterated whatever production_variants held."""
    config = configured(EndpointConfigProvider, {"aws:region": "us-east-1"})
    result = config.check({}, {"production_variants": bad})
    assert "production_variants" in [f.property for f in result.failures]


@pytest.mark.parametrize("bad", [b"x", "text", [1024], 5])
def test_a_serverless_config_that_is_no_object_is_a_failure_at_its_path(bad):
    """Found by the fuzz suite: the capacity rule read serverless_config's memory off whatever it held."""
    serverless = {"variant_name": "AllTraffic", "model_name": "xgboost-model", "serverless_config": bad}
    _, failures = check_inputs(python_spec(production_variants=[serverless]))
    assert "production_variants[0].serverless_config" in paths(failures)
    config = configured(EndpointConfigProvider, {"aws:region": "us-east-1"})
    result = config.check({}, {"production_variants": [serverless]})
    assert "production_variants[0].serverless_config" in [f.property for f in result.failures]


@pytest.mark.parametrize("bad", [5, float("nan")])
def test_a_tuning_definitions_metric_definitions_that_are_no_list_are_a_failure(bad):
    """Found reading the rules the fuzz suite exercises (it now generates metric_definitions too): the
    objective rule iterated them."""
    job = JobLifecycle(TUNING_JOB, Aws(AwsSettings(region="us-east-1")))
    spec = tuning_inputs.python_spec()
    spec["training_job_definition"]["algorithm_specification"]["metric_definitions"] = bad
    _, failures = job.check(spec)
    assert "training_job_definition.algorithm_specification.metric_definitions" in paths(failures)


@pytest.mark.parametrize("bad", [{"EndpointName"}, ["EndpointName"], {"a": 1}])
def test_a_metric_dimension_whose_name_is_no_string_is_a_failure_at_its_path(bad):
    """Found by the fuzz suite (an ACK ScalingPolicy's dimensions): flattening the policy made the
    dimension's name a dict key, and a set or a list is none."""
    policy = {
        "target_value": 50,
        "customized_metric_specification": {
            "metric_name": "CPUUtilization",
            "namespace": "/aws/sagemaker/Endpoints",
            "statistic": "Average",
            "dimensions": [{"name": bad, "value": "x"}],
        },
    }
    autoscaling = {"min_capacity": 1, "max_capacity": 2, "policies": [policy]}
    _, failures = check_inputs(python_spec(production_variants=[variant(autoscaling=autoscaling)]))
    here = "production_variants[0].autoscaling.policies[0].customized_metric_specification.dimensions[0]"
    assert any(p.startswith(here) for p in paths(failures)), paths(failures)
