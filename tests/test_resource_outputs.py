"""Outputs every resource shares: a `name` (the SageMaker name, beside the API-named output), the inputs
read back as attributes whatever their casing, and output types Pulumi's SDK can deliver."""

from __future__ import annotations

from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi.runtime.rpc import translate_output_properties
from pulumi_sagemaker.hosting import OUTPUTS
from pulumi_sagemaker.kinds import ENDPOINT, ENDPOINT_CONFIG, JOB_KINDS, MODEL
from pulumi_sagemaker.resources import HostingDeploymentProvider, TrainingJobProvider
from pulumi_sagemaker.testing import run

from .conftest import configured
from .test_hosting_specs import SEED
from .test_hosting_specs import python_spec as hosting_spec
from .training_inputs import as_engine_sends, operator_spec, python_spec


def checked(provider, spec, seed):
    result = provider.check({}, as_engine_sends({**spec, "name_seed": seed}))
    assert not result.failures, result.failures
    return as_engine_sends(result.inputs)


def test_a_job_and_a_hosting_deployment_output_their_sagemaker_name_on_create_and_on_refresh(local):
    jobs = configured(TrainingJobProvider, local.config)
    created = jobs.create(checked(jobs, python_spec(), "demo/local/mnist"))
    assert created.outs["name"] == created.outs["training_job_name"] == created.id
    stale = {k: v for k, v in created.outs.items() if k != "name"}
    assert jobs.read(created.id, stale).outs["name"] == created.id

    hosting = configured(HostingDeploymentProvider, local.config)
    deployed = hosting.create(checked(hosting, hosting_spec(), SEED))
    assert deployed.outs["name"] == deployed.outs["endpoint_name"] == deployed.id
    stale = {k: v for k, v in deployed.outs.items() if k != "name"}
    assert hosting.read(deployed.id, stale).outs["name"] == deployed.id


def test_state_written_before_the_name_output_existed_shows_no_change(local):
    """An existing stack's next `up` must not see a diff (let alone a replacement) for the new output."""
    jobs = configured(TrainingJobProvider, local.config)
    news = checked(jobs, python_spec(), "demo/local/mnist")
    created = jobs.create(news)
    olds = {k: v for k, v in as_engine_sends(created.outs).items() if k != "name"}
    assert jobs.diff(created.id, olds, news).changes is False

    hosting = configured(HostingDeploymentProvider, local.config)
    news = checked(hosting, hosting_spec(), SEED)
    deployed = hosting.create(news)
    olds = {k: v for k, v in as_engine_sends(deployed.outs).items() if k != "name"}
    assert hosting.diff(deployed.id, olds, news).changes is False


@pytest.mark.parametrize("provider_cls", [TrainingJobProvider, HostingDeploymentProvider])
def test_a_value_given_for_the_name_output_is_refused_not_dropped(provider_cls):
    spec = python_spec() if provider_cls is TrainingJobProvider else hosting_spec()
    result = configured(provider_cls, {}).check({}, {**spec, "name": "my-name", "name_seed": SEED})
    assert [f.property for f in result.failures] == ["name"]
    assert "unknown field" in result.failures[0].reason


def resource_classes() -> list[type]:
    found = (getattr(sm, name) for name in sm.__all__)
    return [c for c in found if isinstance(c, type) and issubclass(c, pulumi.dynamic.Resource)]


def sample(tp: Any) -> Any:
    """A value of the declared type `tp`, as the engine delivers it (TypedDicts as dicts)."""
    if is_typeddict(tp):
        return {key: sample(value) for key, value in get_type_hints(tp).items()}
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, UnionType):
        return sample(next(a for a in args if a is not type(None)))
    if origin is list:
        return [sample(args[0])]
    if origin is dict:
        return {"key": sample(args[1])}
    return {str: "x", int: 1, float: 1.5, bool: True}[tp]


def test_every_declared_output_type_is_one_the_sdk_can_deliver():
    """Pulumi's SDK converts each output by the resource class's annotations and raises on a dict where
    it finds a type it does not know (a TypedDict): `variants` and `best_training_job` must arrive."""
    declared = {TrainingJobProvider.kind.type_name: TrainingJobProvider.kind.outputs}
    declared |= {kind.type_name: kind.outputs for kind in (*JOB_KINDS, MODEL, ENDPOINT_CONFIG, ENDPOINT)}
    declared["HostingDeployment"] = OUTPUTS
    for resource in resource_classes():
        for output in declared[resource.__name__]:
            (annotated,) = get_args(resource.__annotations__[output.name])
            value = sample(output.type)
            assert translate_output_properties(value, lambda k: k, annotated) == value, output.name


def test_a_program_reads_name_and_inputs_given_in_the_operators_casing(local):
    def program() -> None:
        job = sm.TrainingJob("mnist", **operator_spec())
        hosting = sm.HostingDeployment("hosting", **hosting_spec())
        pulumi.export("job_name", job.name)
        pulumi.export("hyper_parameters", job.hyper_parameters)  # given as hyperParameters
        pulumi.export("hosting_name", hosting.name)
        pulumi.export("variants", hosting.variants)

    outputs = run(program, config=local.config).outputs
    assert outputs["job_name"].startswith("mnist-")
    assert outputs["hyper_parameters"] == {k["name"]: k["value"] for k in operator_spec()["hyperParameters"]}
    assert outputs["hosting_name"].startswith("hosting-")
    assert outputs["variants"][0]["variant_name"] == "AllTraffic"


class _EchoMocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        return {}


def test_every_attribute_a_stub_declares_is_there_when_its_option_is_not_given():
    """Pulumi makes an attribute of each property a resource passes: an option left out (`region`) must
    still be passed, as None, or `job.region` raises AttributeError where the stub promises an output."""
    from pulumi_sagemaker._codegen.surfaces import surfaces
    from pulumi_sagemaker._codegen.typeset import TypeSet
    from pulumi_sagemaker.shapes import service_model

    pulumi.runtime.set_mocks(_EchoMocks(), preview=False)
    for surface in surfaces(TypeSet(service_model())):
        resource = surface.resource(f"bare-{surface.resource.__name__.lower()}")
        missing = [a.name for a in surface.attributes if not hasattr(resource, a.name)]
        assert missing == [], f"{surface.resource.__name__} lacks {missing}"
