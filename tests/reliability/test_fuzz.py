"""Fuzz: inputs generated from botocore's shapes (shape_strategies.py), valid and broken once, through every
kind's `check` (the providers called as the engine calls them) and through `from_manifests`.

For every input: check never raises. For a valid one: check accepts it, and the requests the provider
then sends (its own create path, the numbers as the engine sends them back: floats) are ones botocore's
own validator accepts. For a broken one: a failure names the broken property (it, or a place inside it),
and no AWS call is made, neither by check nor by a create that is handed the input anyway.

CI runs ten cases per kind and test (four per manifest flavour), reproducibly: derandomized, so one
command runs the same cases every time (hypothesis also draws constants from the local modules loaded,
so the file alone and the whole suite run different ones). `scripts/test -m soak
tests/reliability/test_fuzz.py` runs many more. The number of cases run is reported with the other
reliability figures.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
import yaml
from botocore.exceptions import ClientError
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pulumi_sagemaker import from_manifests
from pulumi_sagemaker.aws import Aws
from pulumi_sagemaker.hosting import build_plan
from pulumi_sagemaker.hosting.autoscaling import Autoscaling
from pulumi_sagemaker.lifecycle import Progress
from pulumi_sagemaker.manifests import ManifestError
from pulumi_sagemaker.manifests.loading import load
from pulumi_sagemaker.manifests.placeholders import KNOWN_BARE, pattern
from pulumi_sagemaker.resources import (
    BatchTransformJobProvider,
    EndpointConfigProvider,
    EndpointProvider,
    HostingDeploymentProvider,
    HyperparameterTuningJobProvider,
    ModelProvider,
    ProcessingJobProvider,
    TrainingJobProvider,
)
from pulumi_sagemaker.shapes import SpecError
from pulumi_sagemaker.shapes.model import service_model

from ..conftest import configured
from ..training_inputs import as_engine_sends
from . import shape_strategies as shapes
from .figures import FIGURES

EXAMPLES = 10  # per kind and test in the default run (the whole file within about a minute)
SOAK_EXAMPLES = 1500
RUNS = [
    pytest.param(EXAMPLES, id="ci"),
    pytest.param(SOAK_EXAMPLES, id="soak", marks=pytest.mark.soak),
]
REGION = "us-east-1"
PROVIDERS: dict[str, type] = {
    "TrainingJob": TrainingJobProvider,
    "HyperparameterTuningJob": HyperparameterTuningJobProvider,
    "BatchTransformJob": BatchTransformJobProvider,
    "ProcessingJob": ProcessingJobProvider,
    "Model": ModelProvider,
    "EndpointConfig": EndpointConfigProvider,
    "Endpoint": EndpointProvider,
    "HostingDeployment": HostingDeploymentProvider,
}
KINDS = list(PROVIDERS)
# Users write snake_case mostly, sometimes the operators' lowerCamelCase with {name, value} lists.
STYLES = st.sampled_from([shapes.SNAKE, shapes.SNAKE, shapes.OPERATOR])


def fuzz(examples: int, strategy: st.SearchStrategy[Any], body: Callable[[Any], None]) -> None:
    """`body` for `examples` inputs drawn from `strategy`, the same ones in every run."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        report_multiple_bugs=False,  # the first failure, shrunk: one thing to fix at a time
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def run(sample: Any) -> None:
        body(sample)

    run()


# -- AWS, as the provider reaches it -----------------------------------------------------------------


class CallMade(BaseException):
    """An AWS call where none may be made (a BaseException: no handler in the provider swallows it)."""


class Refused(BaseException):
    """A request botocore's own validator refuses."""


class Sent(BaseException):
    """The create call was made (its request recorded): nothing after it matters here."""


@dataclass
class Call:
    service: str
    operation: str
    params: dict[str, Any]


def refusal(service: str, operation: str, params: Mapping[str, Any]) -> str | None:
    """botocore's client-side validation of `params` (what a real client runs before sending)."""
    shape = service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    return report.generate_report() if report.has_errors() else None


def not_found(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "ValidationException", "Message": "Could not find it."}}, operation)


@dataclass
class FakeAws:
    """Stands in for `Aws.call` (the one door to AWS): records every call, checks its parameters with
    botocore's validator, raises `Sent` at the operations in `stop_at`, answers from `answers`."""

    stop_at: frozenset[str] = frozenset()
    answers: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]] = field(default_factory=dict)
    allowed: bool = True
    calls: list[Call] = field(default_factory=list)

    def __call__(
        self, operation: str, service: str = "sagemaker", *, for_resource: str | None = None, **params: Any
    ) -> dict[str, Any]:
        self.calls.append(Call(service, operation, params))
        if not self.allowed:
            raise CallMade(f"{service}:{operation} called for input check refused")
        refused = refusal(service, operation, params)
        if refused is not None:
            raise Refused(f"{service}:{operation}: {refused}\nparams: {params!r}")
        if operation in self.stop_at:
            raise Sent(operation)
        if operation not in self.answers:
            raise CallMade(f"unexpected call {service}:{operation}")
        return self.answers[operation](params)


@contextmanager
def aws(fake: FakeAws) -> Iterator[FakeAws]:
    with mock.patch.object(Aws, "call", fake):
        yield fake


def provider(kind: str) -> Any:
    return configured(PROVIDERS[kind], {"aws:region": REGION})


# -- what each kind sends on create ------------------------------------------------------------------


def _describe_endpoint(params: dict[str, Any]) -> dict[str, Any]:
    raise not_found("DescribeEndpoint")


def _no_targets(params: dict[str, Any]) -> dict[str, Any]:
    return {"ScalableTargets": []}


def _no_policies(params: dict[str, Any]) -> dict[str, Any]:
    return {"ScalingPolicies": []}


def _done(params: dict[str, Any]) -> dict[str, Any]:
    return {}


AUTOSCALING_ANSWERS = {
    "DescribeScalableTargets": _no_targets,
    "DescribeScalingPolicies": _no_policies,
    "RegisterScalableTarget": _done,
    "PutScalingPolicy": _done,
}


def sent_on_create(kind: str, inputs: dict[str, Any]) -> list[Call]:
    """The requests the provider sends to create a resource of `kind` from `inputs` (check's answer,
    every number a float as the engine sends it back), each one checked by botocore's validator; for a
    deployment or an endpoint, its autoscaling's too (as the create registers it once InService)."""
    props = as_engine_sends(inputs)
    hosting = kind == "HostingDeployment"
    answers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"DescribeEndpoint": _describe_endpoint}
    if hosting:
        answers |= {"CreateModel": _done, "CreateEndpointConfig": _done}
    if kind == "Endpoint":
        variants = [{"VariantName": v} for v in (inputs.get("autoscaling") or {})]
        answers["DescribeEndpointConfig"] = lambda params: {"ProductionVariants": variants}
    create = "CreateEndpoint" if hosting else shapes.KINDS[kind].create
    fake = FakeAws(stop_at=frozenset({create}), answers=answers)
    with aws(fake), pytest.raises(Sent):
        provider(kind).create(props)
    if kind in ("HostingDeployment", "Endpoint"):
        endpoint = fake.calls[-1].params["EndpointName"]
        inputs = check(kind, props).inputs  # as the create reads them again
        wanted = build_plan(inputs, endpoint).autoscaling if hosting else inputs.get("autoscaling") or {}
        scaling = FakeAws(answers=AUTOSCALING_ANSWERS)
        with aws(scaling):
            Autoscaling(Aws(provider(kind).aws.settings), endpoint, Progress(endpoint, io.StringIO())).apply(
                wanted, wanted
            )
        fake.calls += scaling.calls
    return fake.calls


def check(kind: str, raw: Any, olds: dict[str, Any] | None = None) -> Any:
    """The provider's check, as the engine calls it (`olds`: the inputs state holds, on an update), where
    no call may be made."""
    with aws(FakeAws(allowed=False)):
        return provider(kind).check(olds or {}, raw)


# -- the properties ----------------------------------------------------------------------------------


def accepted_and_sent(kind: str, raw: Any) -> list[Call]:
    # As a program writes it, and as the engine sends it (every number a float): the same answer.
    result = check(kind, raw)
    refusals = [(f.property, f.reason) for f in result.failures]
    assert not refusals, f"a valid {kind} input is refused: {refusals}\ninput: {raw!r}"
    assert check(kind, as_engine_sends(raw)).inputs == result.inputs
    calls = sent_on_create(kind, result.inputs)
    FIGURES.add("fuzz requests botocore's validator accepted", len(calls))
    return calls


def refused_at(kind: str, broken: shapes.Broken) -> None:
    # Created so, or updated so from the valid input it was (state holding that one's checked inputs).
    before = check(kind, broken.valid).inputs
    for raw, olds in ((broken.raw, None), (as_engine_sends(broken.raw), None), (broken.raw, before)):
        result = check(kind, raw, olds)
        paths = [f.property for f in result.failures]
        assert any(shapes.names(p, broken.path) for p in paths), (
            f"{broken.what}: no failure names {broken.path!r}; the failures: "
            f"{[(f.property, f.reason) for f in result.failures]}\ninput: {raw!r}"
        )
    # Handed the input anyway (a caller that skips check), the provider still makes no call.
    fake = FakeAws(allowed=False)
    with aws(fake), pytest.raises(SpecError):
        provider(kind).create(broken.raw)
    assert fake.calls == []


@pytest.mark.parametrize("examples", RUNS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_input_is_accepted_and_becomes_requests_botocore_accepts(kind, examples):
    def body(sample: shapes.Rendered) -> None:
        FIGURES.add(f"fuzz cases: {kind}, valid", 1)
        calls = accepted_and_sent(kind, sample.value)
        assert calls, "no request was sent"

    fuzz(examples, STYLES.flatmap(lambda style: shapes.valid(kind, style)), body)


@pytest.mark.parametrize("examples", RUNS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_input_is_a_failure_at_its_path_and_makes_no_call(kind, examples):
    def body(broken: shapes.Broken) -> None:
        FIGURES.add(f"fuzz cases: {kind}, broken", 1)
        refused_at(kind, broken)

    fuzz(examples, STYLES.flatmap(lambda style: shapes.broken(shapes.valid(kind, style))), body)


# -- from_manifests ----------------------------------------------------------------------------------

OPERATOR_GROUP, ACK_GROUP = "sagemaker.aws.amazon.com/v1", "sagemaker.services.k8s.aws/v1alpha1"
AAS_GROUP = "applicationautoscaling.services.k8s.aws/v1alpha1"
# (apiVersion, kind as the manifests spell it, the resource it becomes); with autoscaling, the documents
# that attach to its variants come with it (the operator's HostingAutoscalingPolicy, ACK's
# ScalableTarget and ScalingPolicy).
MANIFEST_KINDS = [
    (OPERATOR_GROUP, "TrainingJob", "TrainingJob"),
    (OPERATOR_GROUP, "HyperparameterTuningJob", "HyperparameterTuningJob"),
    (OPERATOR_GROUP, "BatchTransformJob", "BatchTransformJob"),
    (OPERATOR_GROUP, "ProcessingJob", "ProcessingJob"),
    (OPERATOR_GROUP, "HostingDeployment", "HostingDeployment"),
    (OPERATOR_GROUP, "HostingDeployment+HostingAutoscalingPolicy", "HostingDeployment"),
    (ACK_GROUP, "TrainingJob", "TrainingJob"),
    (ACK_GROUP, "HyperParameterTuningJob", "HyperparameterTuningJob"),
    (ACK_GROUP, "TransformJob", "BatchTransformJob"),
    (ACK_GROUP, "ProcessingJob", "ProcessingJob"),
    (ACK_GROUP, "Model", "Model"),
    (ACK_GROUP, "EndpointConfig", "EndpointConfig"),
    (ACK_GROUP, "Endpoint", "Endpoint"),
    (ACK_GROUP, "Endpoint+ScalableTarget+ScalingPolicy", "Endpoint"),
]
PLACEHOLDER = pattern(KNOWN_BARE)
NAME, ENDPOINT_NAME = "fuzz", "fuzz-endpoint"


@dataclass(frozen=True)
class Document:
    api_version: str
    kind: str
    spec: shapes.Rendered
    name: str = NAME

    def body(self, spec: Any) -> dict[str, Any]:
        if self.api_version == OPERATOR_GROUP and self.kind != "HostingAutoscalingPolicy":
            spec = {**spec, "region": REGION}  # the operator's manifests name their region
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "metadata": {"name": self.name},
            "spec": spec,
        }


@dataclass(frozen=True)
class Manifest:
    """YAML documents, the first one the resource under test; `broken` breaks one of them (`broken_at`)."""

    documents: tuple[Document, ...]
    resource: str
    broken: shapes.Broken | None = None
    broken_at: int = 0

    @property
    def specs(self) -> list[Any]:
        specs = [d.spec.value for d in self.documents]
        if self.broken is not None:
            specs[self.broken_at] = self.broken.raw
        return specs

    @property
    def text(self) -> str:
        bodies = [d.body(spec) for d, spec in zip(self.documents, self.specs, strict=True)]
        return yaml.safe_dump_all(bodies, sort_keys=False)

    @property
    def label(self) -> str:
        return "+".join(d.kind for d in self.documents) + f" ({self.documents[0].api_version})"


@st.composite
def documents(draw: Any, entry: tuple[str, str, str]) -> tuple[Document, ...]:
    api_version, kind, resource = entry
    style = shapes.ACK if api_version == ACK_GROUP else shapes.OPERATOR
    first, *attached = kind.split("+")
    sample = draw(shapes.valid(resource, style, manifest=True))
    if "ScalableTarget" in attached:
        # ACK's autoscaling finds the endpoint by its SageMaker name.
        key = shapes.spell("EndpointName", style)
        sample = shapes.Rendered({**sample.value, key: ENDPOINT_NAME}, sample.sites)
    found = [Document(api_version, first, sample)]
    if "HostingAutoscalingPolicy" in attached:
        # Autoscaling is for instance-based variants: a serverless one scales by itself.
        variants = [
            v["variantName"] for v in sample.value["productionVariants"] if "serverlessConfig" not in v
        ]
        assume(variants)
        policy = draw(shapes.hap_document(NAME, variants, REGION))
        found.append(Document(api_version, "HostingAutoscalingPolicy", policy, "fuzz-policy"))
    if "ScalableTarget" in attached:
        variant = draw(st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True))
        resource_id = f"endpoint/{ENDPOINT_NAME}/variant/{variant}"
        for document in attached:
            spec = draw(shapes.autoscaling_document(document, resource_id, style))
            found.append(Document(AAS_GROUP, document, spec, f"fuzz-{document.lower()}"))
    return tuple(found)


@st.composite
def manifests(draw: Any, entry: tuple[str, str, str], broken: bool) -> Manifest:
    found = draw(documents(entry))
    manifest = Manifest(found, entry[2])
    if broken:
        at = draw(st.integers(0, len(found) - 1))
        manifest = Manifest(found, entry[2], shapes.break_one(draw, found[at].spec, yaml=True), at)
    assume(not any(_holds_placeholder(spec) for spec in manifest.specs))
    return manifest


MANIFEST_EXAMPLES = 4  # per kind and flavour and test, in the default run
MANIFEST_RUNS = [
    pytest.param(MANIFEST_EXAMPLES, id="ci"),
    pytest.param(SOAK_EXAMPLES // 3, id="soak", marks=pytest.mark.soak),
]
ENTRIES = [pytest.param(e, id=f"{e[1]}-{'ack' if e[0] == ACK_GROUP else 'operator'}") for e in MANIFEST_KINDS]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _holds_placeholder(value: Any) -> bool:
    """Text a manifest would read as a placeholder to fill (`$X`, `<X>`, `{X}`): not this suite's subject."""
    return any(PLACEHOLDER.search(s) for s in _strings(value))


@pytest.mark.parametrize("examples", MANIFEST_RUNS)
@pytest.mark.parametrize("entry", ENTRIES)
def test_a_valid_manifest_loads_and_becomes_requests_botocore_accepts(entry, examples):
    def body(manifest: Manifest) -> None:
        FIGURES.add(f"fuzz cases: from_manifests {manifest.label}, valid", 1)
        with aws(FakeAws(allowed=False)):
            loaded = load(manifest.text)
        assert loaded.problems == [], f"{[str(p) for p in loaded.problems]}\n{manifest.text}"
        [planned] = loaded.planned
        accepted_and_sent(manifest.resource, planned.props)

    fuzz(examples, manifests(entry, broken=False), body)


@pytest.mark.parametrize("examples", MANIFEST_RUNS)
@pytest.mark.parametrize("entry", ENTRIES)
def test_a_broken_manifest_is_a_problem_at_its_field_and_makes_no_call(entry, examples):
    def body(manifest: Manifest) -> None:
        broken = manifest.broken
        assert broken is not None
        FIGURES.add(f"fuzz cases: from_manifests {manifest.label}, broken", 1)
        fake = FakeAws(allowed=False)
        with aws(fake), pytest.raises(ManifestError) as raised:
            from_manifests(manifest.text)
        problems = raised.value.problems
        wanted = f"spec.{broken.path}"
        here = [p.path for p in problems if p.where.index == manifest.broken_at + 1]
        assert any(shapes.names(p, wanted) for p in here), (
            f"{broken.what} (document {manifest.broken_at + 1}): no problem names {wanted}: "
            f"{[str(p) for p in problems]}\n{manifest.text}"
        )
        assert fake.calls == []

    fuzz(examples, manifests(entry, broken=True), body)


def test_the_harness_sees_a_request_botocore_refuses():
    """The validator the properties lean on does refuse what AWS would (a check that cannot fail tests
    nothing): a string where an integer goes, a missing required member."""
    assert refusal("sagemaker", "CreateModel", {"ModelName": 5}) is not None
    assert refusal("application-autoscaling", "PutScalingPolicy", {"PolicyName": "p"}) is not None
    assert refusal("sagemaker", "CreateModel", {"ModelName": "m"}) is None
    assert math.isnan(shapes.NON_JSON[2][1]())
