"""Defect 8 of issue 11: the smaller ones, each a user-visible slip."""

from __future__ import annotations

import math

import pytest
from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.hosting.plan import endpoint_name
from pulumi_sagemaker.kinds import JOB_KINDS, TRAINING_JOB
from pulumi_sagemaker.lifecycle import JobLifecycle, auto_name

from .. import training_inputs
from ..test_hosting_specs import operator_spec, python_spec


def job_failures(spec):
    return JobLifecycle(TRAINING_JOB, Aws(AwsSettings(region="us-east-1"))).check(spec)[1]


@pytest.mark.parametrize("timeout", [math.nan, math.inf, -math.inf])
def test_a_wait_timeout_must_be_finite(timeout):
    # NaN compares false with everything: a deadline of NaN would never pass.
    job = job_failures({**training_inputs.python_spec(), "wait_timeout_seconds": timeout})
    hosting = check_inputs({**python_spec(), "wait_timeout_seconds": timeout})[1]
    assert [f.path for f in job] == ["wait_timeout_seconds"]
    assert [f.path for f in hosting] == ["wait_timeout_seconds"]
    assert "finite" in job[0].reason


def test_integers_beyond_the_apis_32_bit_range_are_refused_at_check():
    spec = training_inputs.python_spec(
        resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 2**31, "volume_size_in_gb": 5}
    )
    (failure,) = job_failures(spec)
    assert failure.path == "resource_config.instance_count"
    assert "at most 2147483647" in failure.reason


def test_a_resource_name_with_no_latin_letters_names_what_it_is():
    assert endpoint_name({}, "demo/local/模型").startswith("endpoint-")
    for kind in JOB_KINDS:
        assert not auto_name("demo/local/模型", {}, 0, kind.name_limit, "tuning-job").startswith("job-")


def test_accents_are_dropped_rather_than_the_whole_name():
    assert endpoint_name({}, "demo/local/modèle-ventes").startswith("modele-ventes-")


def test_a_primary_container_naming_no_container_reads_as_a_sentence():
    spec = operator_spec()
    spec["models"][0]["primaryContainer"] = "xgboostx"
    del spec["models"][0]["containers"][0]["containerHostname"]
    (failure,) = check_inputs(spec)[1]
    assert (
        failure.reason
        == "'xgboostx' names no container (no container has a hostname: set container_hostname)"
    )


def test_unknown_fields_are_listed_in_the_users_camel_case_even_with_the_resource_classes_own_keys():
    # HostingDeployment adds name_seed and its outputs' placeholders (snake_case) to what the user wrote.
    spec = {**operator_spec(), "qqq": 1, "name_seed": "demo/local/h", "endpoint_config_name": None}
    (failure,) = check_inputs(spec)[1]
    assert "productionVariants, kmsKeyId" in failure.reason


def test_an_integer_the_engine_cannot_carry_exactly_is_refused_at_check():
    """Found by the fuzz suite: a long member at its API maximum (2**63 - 1) passed check, and came back
    to create as the 64-bit float the engine sends every number as (2**63), which create refused. Beyond
    2**53 a float does not hold every integer: the engine turns such a number into another (or, as here,
    into one beyond the API's range, refused with a bound the user kept). Check says why, at preview."""
    channel = {**training_inputs.python_spec()["input_data_config"][0], "shuffle_config": {"seed": 2**63 - 1}}
    (failure,) = job_failures(training_inputs.python_spec(input_data_config=[channel]))
    assert failure.path == "input_data_config[0].shuffle_config.seed"
    assert "at most 9007199254740992" in failure.reason and "float" in failure.reason


@pytest.mark.parametrize("seed", [2**53, -(2**53), 12345])
def test_an_integer_check_accepts_survives_the_engines_floats(seed):
    channel = {**training_inputs.python_spec()["input_data_config"][0], "shuffle_config": {"seed": seed}}
    job = JobLifecycle(TRAINING_JOB, Aws(AwsSettings(region="us-east-1")))
    inputs, failures = job.check(training_inputs.python_spec(input_data_config=[channel]))
    assert failures == []
    again, failures = job.check(training_inputs.as_engine_sends(inputs))
    assert failures == []
    assert again["input_data_config"][0]["shuffle_config"]["seed"] == seed
