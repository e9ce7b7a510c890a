"""Defect 4 of issue 11: two stacks sharing an explicit name must not silently take over each other's
endpoint (or job). What we create carries an owner tag; a create adopts only what is its own, unless
the user says `adopt_existing=True`; a crashed `up` is still adopted."""

from __future__ import annotations

import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.lifecycle.ownership import OWNER_TAG, NotOurs
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider
from pulumi_sagemaker.testing import ResourceError, run

from ..conftest import configured
from ..test_hosting_deployment import checked, names
from ..test_hosting_specs import ROLE, XGBOOST, model, python_spec
from ..training_inputs import as_engine_sends
from ..training_inputs import python_spec as training_spec

SHARED = "shared-endpoint"


@pytest.fixture
def provider(local):
    return configured(HostingDeploymentProvider, local.config)


def tags_of(local, arn):
    return {t["Key"]: t["Value"] for t in local.client().list_tags(ResourceArn=arn)["Tags"]}


def test_a_second_stack_sharing_an_explicit_endpoint_name_is_refused_and_changes_nothing(local, provider):
    a = provider.create(checked(provider, python_spec(endpoint_name=SHARED), seed="demo/a/hosting"))
    assert tags_of(local, a.outs["arn"]) == {OWNER_TAG: "demo/a/hosting"}
    before = names(local)
    other = python_spec(endpoint_name=SHARED, models=[model(data="s3://bucket-name/other.tar.gz")])
    with pytest.raises(NotOurs) as refused:
        provider.create(checked(provider, other, seed="demo/b/hosting"))
    assert str(refused.value).startswith(
        f"HostingDeployment {SHARED} already exists in SageMaker and belongs to demo/a/hosting "
        f"(its {OWNER_TAG} tag; this is demo/b/hosting): nothing was changed."
    )
    assert "adopt_existing=True" in str(refused.value)
    assert names(local) == before, "B made no model or config, and deleted none of A's"
    assert (
        local.client().describe_endpoint(EndpointName=SHARED)["EndpointConfigName"]
        == a.outs["endpoint_config_name"]
    )


def test_adopt_existing_takes_an_endpoint_over_deliberately(local, provider):
    provider.create(checked(provider, python_spec(endpoint_name=SHARED), seed="demo/a/hosting"))
    taken = provider.create(
        checked(
            provider, {**python_spec(endpoint_name=SHARED), "adopt_existing": True}, seed="demo/b/hosting"
        )
    )
    assert taken.id == SHARED and tags_of(local, taken.outs["arn"]) == {OWNER_TAG: "demo/b/hosting"}


def test_an_endpoint_made_outside_pulumi_is_not_adopted_unless_asked(local, provider):
    sm_client = local.client()
    sm_client.create_model(ModelName="hand-made", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": XGBOOST})
    sm_client.create_endpoint_config(
        EndpointConfigName="hand-made",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "hand-made",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    sm_client.create_endpoint(EndpointName=SHARED, EndpointConfigName="hand-made")
    with pytest.raises(NotOurs, match=f"was not made by a Pulumi stack \\(it has no {OWNER_TAG} tag\\)"):
        provider.create(checked(provider, python_spec(endpoint_name=SHARED)))
    adopted = provider.create(
        checked(provider, {**python_spec(endpoint_name=SHARED), "adopt_existing": True})
    )
    assert adopted.outs["endpoint_config_name"] != "hand-made" and adopted.outs["status"] == "InService"


def test_a_crashed_up_of_the_same_stack_is_still_adopted(local, provider):
    first = provider.create(checked(provider, python_spec(endpoint_name=SHARED)))
    again = provider.create(checked(provider, python_spec(endpoint_name=SHARED)))  # state never knew
    assert again.id == first.id and len(local.calls_to("CreateEndpoint")) == 2
    assert len(names(local)[1]) == 1


def job(provider, seed, **spec):
    result = provider.check({}, as_engine_sends({**training_spec(**spec), "name_seed": seed}))
    assert not result.failures, result.failures
    return provider.create(as_engine_sends(result.inputs))


def test_a_job_of_another_stack_with_the_same_explicit_name_and_spec_is_refused(local):
    provider = configured(TrainingJobProvider, local.config)
    job(provider, "demo/a/train", training_job_name="shared-job")
    with pytest.raises(
        NotOurs, match="TrainingJob shared-job already exists in SageMaker and belongs to demo/a/train"
    ):
        job(provider, "demo/b/train", training_job_name="shared-job")
    again = job(provider, "demo/a/train", training_job_name="shared-job")  # A's crashed `up`: adopted
    assert again.id == "shared-job" and len(local.calls_to("CreateTrainingJob")) == 3


def test_the_owner_tag_is_reserved_and_leaves_room_in_the_fifty(local):
    provider = configured(TrainingJobProvider, local.config)
    full = {f"k{i}": "v" for i in range(50)}
    (failure,) = provider.check({}, training_spec(tags=full)).failures
    assert (failure.property, failure.reason) == (
        "tags",
        "must be at most 49 tags (50 per resource, one is the owner's), got 50",
    )
    _, failures = check_inputs(python_spec(tags={OWNER_TAG: "me"}))
    assert [f.path for f in failures] == [f"tags[{OWNER_TAG!r}]"]


def test_two_stacks_in_whole_programs(local):
    def program():
        sm.HostingDeployment("hosting", **python_spec(endpoint_name=SHARED))

    first = run(program, config=local.config, stack="a")
    with pytest.raises(ResourceError) as refused:
        run(program, config=local.config, stack="b")
    assert "belongs to demo/a/hosting" in refused.value.message
    assert first.state.get("hosting").id == SHARED and len(names(local)[2]) == 1
