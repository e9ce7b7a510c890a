"""What each resource class takes and gives, made from botocore's model and the kind descriptors: the
data the stubs, `pulumi_sagemaker.types` and the reference pages are written from.

A resource built on a kind (every job; issue 8's Model, EndpointConfig and Endpoint) takes its Create
call's members and the options its lifecycle reads, and gives the kind's outputs: adding one is a line in
`surfaces()` and a re-run. HostingDeployment composes several calls; its mapping is written out below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import botocore.session
from botocore import xform_name
from botocore.model import ServiceModel, Shape

from .. import hosting
from ..hosting import AUTOSCALING, scaling
from ..kinds import Output
from ..lifecycle import REGION, WAIT_FOR_VALUES
from ..resources import (
    BatchTransformJob,
    BatchTransformJobProvider,
    Endpoint,
    EndpointConfig,
    EndpointConfigProvider,
    EndpointProvider,
    HostingDeployment,
    HostingDeploymentProvider,
    HyperparameterTuningJob,
    HyperparameterTuningJobProvider,
    Model,
    ModelProvider,
    ProcessingJob,
    ProcessingJobProvider,
    TrainingJob,
    TrainingJobProvider,
    options_of,
)
from ..shapes import input_shape, service_model
from .doclines import doc_line
from .pytypes import source
from .typeset import Field, LiteralDef, TypedDictDef, TypeSet, member_doc, output_type


@dataclass(frozen=True)
class Attribute:
    """An attribute of the resource (a `pulumi.Output` of `type`)."""

    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Surface:
    resource: type
    provider: type
    summary: str
    api: str  # the SageMaker calls its parameters are members of, as a docstring says it
    params: tuple[Field, ...]
    attributes: tuple[Attribute, ...]
    imports: frozenset[tuple[str, str]]  # what the attribute types need from other modules

    @property
    def page(self) -> str:
        """The reference page's name: TrainingJob -> training-job (as the hand-written page's)."""
        return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", self.resource.__name__).lower()


# -- our options (not SageMaker's) ---------------------------------------------------------------------

WAIT_FOR = Field(
    "wait_for",
    f"Literal[{', '.join(repr(v) for v in WAIT_FOR_VALUES)}]",
    False,
    "When `pulumi up` returns: Completed (the default) once the job has ended, InProgress once it has "
    "started.",
)
WAIT_TIMEOUT = Field(
    "wait_timeout_seconds",
    "float",
    False,
    "How long `pulumi up` waits, in seconds (default: the stopping condition plus an hour); the job "
    "keeps running past it and the next `up` waits again.",
)
STREAM_LOGS = Field(
    "stream_logs",
    "bool",
    False,
    "Print the job's CloudWatch log events while `pulumi up` waits (default True).",
)
HOSTING_WAIT_TIMEOUT = Field(
    "wait_timeout_seconds",
    "float",
    False,
    "How long each create or update may take, in seconds (default 3600).",
)
REGION_OPTION = Field(
    REGION,
    "str",
    False,
    "The AWS region of the resource when not the stack's `aws:region` (operator manifests carry one); "
    "a change replaces the resource.",
)
REGION_ATTRIBUTE = Attribute(REGION, "str", "The AWS region the resource is in.")


def kind_options(provider: type) -> tuple[Field, ...]:
    """The options the resource class takes by name (`options_of`), each with its type and doc line."""
    fields = {f.name: f for f in (WAIT_FOR, WAIT_TIMEOUT, STREAM_LOGS, REGION_OPTION)}
    return tuple(fields[name] for name in options_of(provider))


def surfaces(types: TypeSet) -> list[Surface]:
    """Every resource of the package, in the order of its `__all__`."""
    return sorted(
        [
            kind_surface(types, BatchTransformJob, BatchTransformJobProvider, kind_options),
            endpoint_surface(types),
            kind_surface(types, EndpointConfig, EndpointConfigProvider, kind_options),
            hosting_surface(types),
            kind_surface(types, Model, ModelProvider, kind_options),
            kind_surface(types, HyperparameterTuningJob, HyperparameterTuningJobProvider, kind_options),
            kind_surface(types, ProcessingJob, ProcessingJobProvider, kind_options),
            kind_surface(types, TrainingJob, TrainingJobProvider, kind_options),
        ],
        key=lambda s: s.resource.__name__,
    )


# -- resources on a kind -----------------------------------------------------------------------------------


def kind_surface(
    types: TypeSet, resource: type, provider: type, options: Callable[[type], Iterable[Field]]
) -> Surface:
    """Its Create call's members (the name optional: it is generated), `options(provider)`, the kind's
    outputs, and every input read back."""
    kind = provider.kind  # type: ignore[attr-defined]
    shape = input_shape(kind.create)
    params = api_params(types, shape, optional={kind.name_member})
    own = tuple(options(provider))
    imports: set[tuple[str, str]] = set()
    declared = [_attribute(o, imports) for o in kind.outputs]
    return Surface(
        resource,
        provider,
        summary=_summary(resource),
        api=kind.create,
        params=(*params, *own),
        attributes=(*declared, *read_back(types, shape, declared), REGION_ATTRIBUTE),
        imports=frozenset(imports),
    )


def api_params(types: TypeSet, shape: Shape, optional: Iterable[str] = ()) -> list[Field]:
    """A structure's members as keyword parameters: required ones first, each group in model order."""
    skip = set(optional)
    required = set(shape.required_members) - skip  # type: ignore[attr-defined]
    members = [
        Field(xform_name(name), types.input_type(member), name in required, member_doc(member))
        for name, member in shape.members.items()  # type: ignore[attr-defined]
    ]
    return sorted(members, key=lambda f: not f.required)


def read_back(types: TypeSet, shape: Shape, declared: Iterable[Attribute]) -> list[Attribute]:
    """The API members as the resource's attributes (their canonical form; None when not given), but for
    those a declared output already is (the name member)."""
    taken = {a.name for a in declared}
    required = set(shape.required_members)  # type: ignore[attr-defined]
    found = []
    for name, member in shape.members.items():  # type: ignore[attr-defined]
        key = xform_name(name)
        if key not in taken:
            kind = output_type(member, types) + ("" if name in required else " | None")
            found.append(Attribute(key, kind, member_doc(member)))
    return found


def _attribute(output: Output, imports: set[tuple[str, str]]) -> Attribute:
    return Attribute(output.name, source(output.type, imports), output.doc)


def _summary(resource: type) -> str:
    return (resource.__doc__ or resource.__name__).strip().splitlines()[0]


# -- Endpoint ----------------------------------------------------------------------------------------------


def endpoint_surface(types: TypeSet) -> Surface:
    """An Endpoint is on its kind, with UpdateEndpoint's retained properties and autoscaling per variant
    beside CreateEndpoint's members (hosting/endpoint_inputs.py)."""
    update = input_shape("UpdateEndpoint").members  # type: ignore[attr-defined]
    retained = tuple(
        Field(xform_name(m), types.input_type(update[m]), False, member_doc(update[m]))
        for m in ("RetainAllVariantProperties", "ExcludeRetainedVariantProperties")
    )
    autoscaling = Field(
        AUTOSCALING,
        f"Mapping[str, pulumi.Input[{_autoscaling(types)}]]",
        False,
        "Application Auto Scaling of each variant's instance count, by variant name.",
    )
    return kind_surface(
        types,
        Endpoint,
        EndpointProvider,
        lambda _: (*retained, autoscaling, HOSTING_WAIT_TIMEOUT, REGION_OPTION),
    )


# -- HostingDeployment -------------------------------------------------------------------------------------

# Its inputs but `models` and `production_variants`, each with the API member it is (hosting/inputs.py).
HOSTING_MEMBERS: Mapping[str, tuple[str, str]] = {
    "endpoint_name": ("CreateEndpoint", "EndpointName"),
    "kms_key_id": ("CreateEndpointConfig", "KmsKeyId"),
    "data_capture_config": ("CreateEndpointConfig", "DataCaptureConfig"),
    "async_inference_config": ("CreateEndpointConfig", "AsyncInferenceConfig"),
    "tags": ("CreateEndpointConfig", "Tags"),
    "deployment_config": ("UpdateEndpoint", "DeploymentConfig"),
    "retain_all_variant_properties": ("UpdateEndpoint", "RetainAllVariantProperties"),
    "exclude_retained_variant_properties": ("UpdateEndpoint", "ExcludeRetainedVariantProperties"),
}
# CreateModel's members a model of `models` does not take: its name is generated, its tags are the
# deployment's (hosting/inputs.py refuses both).
MODEL_EXCLUDED = ("ModelName", "Tags")


def hosting_surface(types: TypeSet) -> Surface:
    model = types.structure(
        input_shape("CreateModel"),
        name="HostingModel",
        exclude=MODEL_EXCLUDED,
        first=(
            Field(
                "name",
                "str",
                True,
                "The model's name within the deployment: the variants' `model_name` refers to it (the "
                "SageMaker model name is generated from it).",
            ),
        ),
        doc="A SageMaker model of a HostingDeployment: CreateModel's members and a `name`.",
    )
    variant = _hosting_variant(types)
    variants_doc = input_shape("CreateEndpointConfig").members["ProductionVariants"].documentation  # type: ignore[attr-defined]
    params = [
        Field(
            "models",
            f"Sequence[pulumi.Input[{model}]]",
            True,
            "The SageMaker models the production variants serve.",
        ),
        Field("production_variants", f"Sequence[pulumi.Input[{variant}]]", True, doc_line(variants_doc)),
    ]
    attributes: list[Attribute] = []
    for key, (operation, member_name) in HOSTING_MEMBERS.items():
        member = input_shape(operation).members[member_name]  # type: ignore[attr-defined]
        params.append(Field(key, types.input_type(member), False, doc_line(member.documentation)))
        attributes.append(
            Attribute(key, output_type(member, types) + " | None", doc_line(member.documentation))
        )
    imports: set[tuple[str, str]] = set()
    declared = [_attribute(o, imports) for o in hosting.OUTPUTS]
    taken = {a.name for a in declared}
    read = [
        Attribute("models", "list[dict[str, Any]]", "The models, in canonical form."),
        Attribute(
            "production_variants", "list[dict[str, Any]]", "The production variants, in canonical form."
        ),
        *(a for a in attributes if a.name not in taken),
    ]
    return Surface(
        HostingDeployment,
        HostingDeploymentProvider,
        summary=_summary(HostingDeployment),
        api="CreateModel, CreateEndpointConfig, CreateEndpoint and UpdateEndpoint",
        params=(*params, HOSTING_WAIT_TIMEOUT, REGION_OPTION),
        attributes=(*declared, *read, REGION_ATTRIBUTE),
        imports=frozenset(imports),
    )


def _hosting_variant(types: TypeSet) -> str:
    """ProductionVariant and the `autoscaling` block of ours (hosting/scaling.py), whose keys are
    Application Auto Scaling's members, flattened: their docs and enums come from that service's model."""
    base = types.structure(service_model().shape_for("ProductionVariant"))
    autoscaling = _autoscaling(types)
    return types.add(
        TypedDictDef(
            "HostingVariant",
            "A production variant of a HostingDeployment: ProductionVariant's members and `autoscaling`.",
            (
                Field(
                    AUTOSCALING,
                    autoscaling,
                    False,
                    "Application Auto Scaling of the variant's instance count: bounds and target-tracking "
                    "policies.",
                ),
            ),
            base=base,
        )
    )


@cache
def autoscaling_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model(scaling.SERVICE)


def _member(shape: str, member: str) -> Shape:
    return autoscaling_model().shape_for(shape).members[member]  # type: ignore[attr-defined]


def _doc(shape: str, member: str) -> str:
    return doc_line(_member(shape, member).documentation)


def _autoscaling(types: TypeSet) -> str:
    register = autoscaling_model().operation_model("RegisterScalableTarget").input_shape.name  # type: ignore[union-attr]
    put = autoscaling_model().operation_model("PutScalingPolicy").input_shape.name  # type: ignore[union-attr]
    tracking = "TargetTrackingScalingPolicyConfiguration"
    custom = "CustomizedMetricSpecification"
    statistic = types.literal("MetricStatistic", autoscaling_model().shape_for("MetricStatistic").enum)  # type: ignore[attr-defined]
    metric_types = types.literal("VariantMetricType", scaling.sagemaker_metric_types())
    metric = types.add(
        TypedDictDef(
            "CustomizedMetric",
            "A CloudWatch metric a target-tracking policy follows (CustomizedMetricSpecification).",
            (
                # None of them is required by the model: a metric is named (metric_name, namespace,
                # statistic) or computed from `metrics` (metric math).
                Field("metric_name", "str", False, _doc(custom, "MetricName")),
                Field("namespace", "str", False, _doc(custom, "Namespace")),
                Field("statistic", statistic, False, _doc(custom, "Statistic")),
                Field("unit", "str", False, _doc(custom, "Unit")),
                Field("dimensions", "Mapping[str, pulumi.Input[str]]", False, _doc(custom, "Dimensions")),
                Field("metrics", "Sequence[Mapping[str, Any]]", False, _doc(custom, "Metrics")),
            ),
        )
    )
    suspended_shape = autoscaling_model().shape_for("SuspendedState")
    suspended = types.add(
        TypedDictDef(
            "SuspendedState",
            "Which scaling activities are suspended (RegisterScalableTarget's SuspendedState).",
            tuple(
                Field(xform_name(m), "bool", False, _doc("SuspendedState", m))
                for m in suspended_shape.members  # type: ignore[attr-defined]
            ),
        )
    )
    policy = types.add(
        TypedDictDef(
            "TargetTrackingPolicy",
            "A target-tracking scaling policy (TargetTrackingScalingPolicyConfiguration, flattened).",
            (
                Field(
                    "policy_name",
                    "str",
                    False,
                    _doc(put, "PolicyName") + " Default: <variant>-target-tracking-<n>.",
                ),
                Field("target_value", "float", True, _doc(tracking, "TargetValue")),
                Field(
                    "predefined_metric_type",
                    metric_types,
                    False,
                    _doc("PredefinedMetricSpecification", "PredefinedMetricType")
                    + f" Default: {scaling.DEFAULT_METRIC}.",
                ),
                Field(
                    "resource_label",
                    "str",
                    False,
                    _doc("PredefinedMetricSpecification", "ResourceLabel"),
                ),
                Field("customized_metric_specification", metric, False, _doc(tracking, custom)),
                Field("scale_in_cooldown", "int", False, _doc(tracking, "ScaleInCooldown")),
                Field("scale_out_cooldown", "int", False, _doc(tracking, "ScaleOutCooldown")),
                Field("disable_scale_in", "bool", False, _doc(tracking, "DisableScaleIn")),
            ),
        )
    )
    return types.add(
        TypedDictDef(
            "VariantAutoscaling",
            "Application Auto Scaling of a variant's instance count.",
            (
                Field("min_capacity", "int", True, _doc(register, "MinCapacity")),
                Field("max_capacity", "int", True, _doc(register, "MaxCapacity")),
                Field(
                    "policies",
                    f"Sequence[pulumi.Input[{policy}]]",
                    False,
                    "Target-tracking policies; none at all only bounds the instance count.",
                ),
                Field("suspended_state", suspended, False, _doc(register, "SuspendedState")),
            ),
        )
    )


def types_used(types: TypeSet) -> tuple[list[TypedDictDef], list[LiteralDef]]:
    """The registered types in the order they are written: Literals by name, TypedDicts by name with
    each base before the TypedDicts that extend it."""
    dicts = sorted(types.dicts.values(), key=lambda d: (d.base is not None, d.name))
    return dicts, sorted(types.literals.values(), key=lambda literal: literal.name)
