"""Defect 6 of issue 11: an AWS error that outlives the retries reads the same whatever the call: the first
line names the resource, the operation, AWS's code and message, and what to do."""

from __future__ import annotations

import pickle
import re

import pytest
from pulumi_sagemaker.aws import AwsError
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider

from ..conftest import configured
from ..test_hosting_deployment import checked, scalable_targets, scaling_policies
from ..test_hosting_specs import autoscaled, python_spec
from ..training_inputs import as_engine_sends
from ..training_inputs import python_spec as training_spec
from .client_faults import ClientFaults

RETRYABLE = "Nothing is lost: run `pulumi up` again"


def few_attempts(local):
    return {**local.config, "sagemaker:maxAttempts": "2"}


def first_line(excinfo) -> str:
    return str(excinfo.value).splitlines()[0]


@pytest.fixture
def jobs(local):
    return configured(TrainingJobProvider, few_attempts(local))


@pytest.fixture
def hosting(local):
    return configured(HostingDeploymentProvider, few_attempts(local))


def created_job(provider):
    result = provider.check({}, as_engine_sends({**training_spec(), "name_seed": "demo/local/mnist"}))
    created = provider.create(as_engine_sends(result.inputs))
    return created.id, as_engine_sends(created.outs)


def test_a_describe_throttled_past_every_retry_names_the_job(local, jobs):
    name, outs = created_job(jobs)
    local.inject_faults(1.0, kinds=("throttle",), operations=["DescribeTrainingJob"])
    with pytest.raises(AwsError) as raised:
        jobs.read(name, outs)
    assert first_line(raised) == (
        f"TrainingJob {name}: SageMaker DescribeTrainingJob was throttled after 2 attempts "
        f"(ThrottlingException: Rate exceeded). {RETRYABLE}; it finds whatever was created by its name "
        "(`pulumi config set sagemaker:maxAttempts <n>` retries longer)."
    )


def test_a_failed_add_tags_names_the_job(local, jobs):
    name, outs = created_job(jobs)
    news = jobs.check(
        {}, as_engine_sends({**training_spec(tags={"team": "ml", "cost": "a"}), "name_seed": "x"})
    )
    local.inject_faults(1.0, kinds=("5xx",), operations=["AddTags"])
    with pytest.raises(AwsError) as raised:
        jobs.update(name, outs, as_engine_sends(news.inputs))
    assert re.match(
        rf"TrainingJob {name}: SageMaker AddTags failed on AWS's side after 2 attempts "
        r"\((InternalFailure|ServiceUnavailable): .+\)\. Nothing is lost",
        first_line(raised),
    )


def test_hosting_throttled_reads_as_throttled_not_as_rejected(local, hosting):
    local.inject_faults(1.0, kinds=("throttle",), operations=["CreateEndpointConfig"])
    with pytest.raises(AwsError) as raised:
        hosting.create(checked(hosting, python_spec()))
    line = first_line(raised)
    assert re.match(
        r"HostingDeployment hosting-\w+: SageMaker CreateEndpointConfig was throttled after 2 attempts "
        r"\(ThrottlingException: Rate exceeded\)\. Nothing is lost",
        line,
    )
    assert "rejected" not in line


@pytest.mark.parametrize(
    "operation", ["DescribeScalableTargets", "RegisterScalableTarget", "PutScalingPolicy"]
)
def test_every_application_auto_scaling_call_names_the_deployment(local, hosting, operation):
    with (
        ClientFaults(
            hosting.aws, ["application-autoscaling"], 1.0, kinds=["throttle"], operations=[operation]
        ),
        pytest.raises(AwsError) as raised,
    ):
        hosting.create(checked(hosting, autoscaled(python_spec())))
    assert re.match(
        rf"HostingDeployment hosting-\w+: Application Auto Scaling {operation} was throttled "
        r"after 2 attempts \(ThrottlingException: Rate exceeded\)\. Nothing is lost",
        first_line(raised),
    )


def test_a_refusal_says_what_to_do_and_survives_pickling(local, jobs):
    name, outs = created_job(jobs)
    news = jobs.check(
        {}, as_engine_sends({**training_spec(), "remote_debug_config": {"enable_remote_debug": True}})
    )
    with pytest.raises(AwsError) as raised:
        jobs.update(name, outs, as_engine_sends(news.inputs))
    line = first_line(raised)
    assert line.startswith(
        f"TrainingJob {name}: SageMaker UpdateTrainingJob was refused (ValidationException: "
    )
    assert line.endswith("Fix what AWS names, then run `pulumi up` again.")
    again = pickle.loads(pickle.dumps(raised.value))
    assert str(again) == str(raised.value) and again.response["Error"]["Code"] == "ValidationException"


def test_a_lost_delete_scaling_policy_answer_then_no_policy_found_counts_as_done(local, hosting):
    created = hosting.create(checked(hosting, autoscaled(python_spec())))
    outs = as_engine_sends(created.outs)
    # The first DeleteScalingPolicy is applied and its answer lost; botocore's retry then hears
    # "No scaling policy found".
    lost = ClientFaults(
        hosting.aws,
        ["application-autoscaling"],
        1.0,
        kinds=["drop"],
        operations=["DeleteScalingPolicy"],
        when="after",
        limit=1,
    )
    with lost:
        hosting.delete(created.id, outs)
    assert lost.total == 1
    assert scalable_targets(local) == [] and scaling_policies(local) == []
