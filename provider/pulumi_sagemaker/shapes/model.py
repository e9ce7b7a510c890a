"""Access to botocore's service models (SageMaker's, and Application Auto Scaling's for autoscaling),
compiled once per shape into lookup tables.

Everything the shapes layer knows about an API (member names, required members, types, enums, lengths,
ranges, patterns) comes from here; nothing about the API is typed in by hand. Every function takes the
service (botocore's name for it) and defaults to SageMaker; a compiled shape remembers its service, so
a walk that starts in one model stays in it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from botocore import xform_name

from .keys import ALIASES, normalise
from .patterns import compile_pattern

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape, StructureShape

SERVICE = "sagemaker"


_MODELS: dict[str, ServiceModel] = {}
_MODELS_LOCK = threading.Lock()


def service_model(service: str = SERVICE) -> ServiceModel:
    """A service's model shipped with the installed botocore, loaded once per process (about 80 ms for
    SageMaker, far more when the provider server's first calls all need it at once: hence the lock)."""
    found = _MODELS.get(service)
    if found is None:
        with _MODELS_LOCK:
            found = _MODELS.get(service)
            if found is None:
                found = _MODELS[service] = _load(service)
    return found


def _load(service: str) -> ServiceModel:
    """What `botocore.session.get_session().get_service_model(service)` answers, without the session:
    importing botocore.session pulls in its client, waiters and documentation generator (about 120 ms
    of a provider process's first check), none of which a model needs. The loader searches the same
    paths a session's does (AWS_DATA_PATH, then botocore's own data); nothing in botocore listens to
    the session's `service-data-loaded` event. Imported here, not with the package: `import
    pulumi_sagemaker` stays as cheap as `import pulumi`."""
    import os

    import botocore.loaders
    import botocore.model

    loader = botocore.loaders.create_loader(os.environ.get("AWS_DATA_PATH"))
    data = loader.load_service_model(service, "service-2")
    return botocore.model.ServiceModel(data, service_name=service)


_OPERATIONS: dict[tuple[str, str], OperationModel] = {}


def operation(name: str, service: str = SERVICE) -> OperationModel:
    found = _OPERATIONS.get((service, name))
    if found is None:
        model = service_model(service)
        if name not in model.operation_names:
            raise ValueError(f"{name!r} is not a {model.metadata.get('serviceId', service)} operation")
        found = _OPERATIONS[(service, name)] = model.operation_model(name)
    return found


def input_shape(name: str, service: str = SERVICE) -> StructureShape:
    """The input shape of an operation, e.g. `CreateTrainingJob` -> CreateTrainingJobRequest."""
    shape = operation(name, service).input_shape
    assert shape is not None, name
    return cast("StructureShape", shape)


def output_shape(name: str, service: str = SERVICE) -> StructureShape:
    """The output shape of an operation, e.g. `DescribeTrainingJob`."""
    shape = operation(name, service).output_shape
    assert shape is not None, name
    return cast("StructureShape", shape)


def member_names(name: str, service: str = SERVICE) -> list[str]:
    """The API member names of an operation's input, in model order."""
    return list(input_shape(name, service).members)


@dataclass(slots=True, eq=False)
class MemberInfo:
    name: str  # the API member name, e.g. VolumeSizeInGB
    snake: str  # its canonical key, e.g. volume_size_in_gb
    shape: str  # the name of its shape


@dataclass(slots=True, eq=False)
class ShapeInfo:
    """What the walker needs to know about one shape, in the form it needs it."""

    name: str
    type: str  # botocore's type_name: structure, list, map, string, integer, long, float, ...
    service: str = SERVICE  # whose model it is from: the shapes it refers to are looked up there
    # structure
    members: tuple[MemberInfo, ...] = ()
    by_norm: dict[str, MemberInfo] = field(default_factory=dict)  # normalised spelling (and aliases)
    by_snake: dict[str, MemberInfo] = field(default_factory=dict)
    by_api: dict[str, MemberInfo] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # canonical key -> position in the model
    required: tuple[str, ...] = ()
    union: bool = False
    # list (member) and map (key, value): shape names
    member: str | None = None
    key: str | None = None
    value: str | None = None
    # a list of {Key, Value} structures (Tags): canonically a dict; its item's two member names
    tag_key: str | None = None
    tag_value: str | None = None
    # scalars
    enum: tuple[str, ...] = ()
    enum_set: frozenset[str] = frozenset()
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    regex: re.Pattern[str] | None = None

    @property
    def is_tag_list(self) -> bool:
        return self.tag_key is not None


_INFOS: dict[tuple[str, str], ShapeInfo] = {}


def info(shape: str | Shape, service: str = SERVICE) -> ShapeInfo:
    """The compiled form of a shape of `service` (by name or botocore Shape), built on first use and kept."""
    name = shape if isinstance(shape, str) else shape.name
    found = _INFOS.get((service, name))
    if found is None:
        found = _INFOS[(service, name)] = _compile(service_model(service).shape_for(name), service)
    return found


def _compile(shape: Shape, service: str) -> ShapeInfo:
    meta: dict[str, Any] = shape.metadata
    result = ShapeInfo(name=shape.name, type=shape.type_name, service=service)
    if shape.type_name == "structure":
        _compile_structure(shape, result)
    elif shape.type_name == "list":
        member = shape.member  # type: ignore[attr-defined]
        result.member = member.name
        if member.type_name == "structure" and set(member.members) == {"Key", "Value"}:
            result.tag_key, result.tag_value = "Key", "Value"
    elif shape.type_name == "map":
        result.key, result.value = shape.key.name, shape.value.name  # type: ignore[attr-defined]
    result.enum = tuple(meta.get("enum", ()))
    result.enum_set = frozenset(result.enum)
    result.min, result.max = meta.get("min"), meta.get("max")
    result.pattern = meta.get("pattern")
    if result.pattern and shape.type_name == "string":
        result.regex = compile_pattern(result.pattern)
    return result


def _compile_structure(shape: Shape, result: ShapeInfo) -> None:
    members = tuple(
        MemberInfo(name, xform_name(name), member.name)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
    )
    result.members = members
    result.by_api = {m.name: m for m in members}
    result.by_snake = {m.snake: m for m in members}
    result.by_norm = {normalise(m.name): m for m in members}
    for alias, target in ALIASES.get(shape.name, {}).items():
        if target in result.by_api and alias not in result.by_norm:
            result.by_norm[alias] = result.by_api[target]
    result.order = {m.snake: i for i, m in enumerate(members)}
    result.required = tuple(shape.required_members)  # type: ignore[attr-defined]
    result.union = bool(shape.metadata.get("union"))
