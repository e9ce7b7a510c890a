"""Canonical form <-> the API's own: requests to send, responses to compare with a requested spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore import xform_name

if TYPE_CHECKING:
    from botocore.model import Shape

from .model import SERVICE, ShapeInfo, info, input_shape, output_shape, service_model
from .unknown import is_unknown

# Added to every response by botocore; transport data, not part of the resource.
_TRANSPORT_KEYS = frozenset({"ResponseMetadata"})


def to_request(operation: str, canonical: Mapping[str, Any], service: str = SERVICE) -> dict[str, Any]:
    """A canonical spec as the PascalCase request of `operation` (tag dicts become [{Key, Value}]).

    The canonical form is the shapes layer's own output, so a key that is not a member is a bug in the
    caller and raises ValueError. None values are left out.
    """
    return _to_api(info(input_shape(operation, service), service), canonical)


def _to_api(shape: ShapeInfo, value: Any) -> Any:
    if is_unknown(value):
        return value
    kind = shape.type
    if kind == "structure" and isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            member = shape.by_snake.get(key)
            if member is None:
                raise ValueError(f"{key!r} is not a member of {shape.name} in canonical form")
            if item is not None:
                out[member.name] = _to_api(info(member.shape, shape.service), item)
        return out
    if kind == "list":
        if shape.is_tag_list and isinstance(value, Mapping):
            return [{shape.tag_key: k, shape.tag_value: v} for k, v in value.items()]
        if isinstance(value, list | tuple):
            item_shape = info(shape.member, shape.service)  # type: ignore[arg-type]
            return [_to_api(item_shape, v) for v in value]
    if kind == "map" and isinstance(value, Mapping):
        value_shape = info(shape.value, shape.service)  # type: ignore[arg-type]
        return {k: _to_api(value_shape, v) for k, v in value.items()}
    return value


def from_response(shape: str | Shape, response: Mapping[str, Any], service: str = SERVICE) -> dict[str, Any]:
    """An API response (or a structure within one) in canonical form.

    `shape` is a botocore Shape, a shape name ("ResourceConfig") or an operation name, meaning its
    output ("DescribeTrainingJob"). Keys the shape does not know (a newer API) are kept, renamed with
    xform_name, their values as they are; datetimes are left as they are; ResponseMetadata is dropped.
    """
    if isinstance(shape, str) and shape in service_model(service).operation_names:
        shape = output_shape(shape, service)
    root = info(shape, service)
    return _from_api(root, {k: v for k, v in response.items() if k not in _TRANSPORT_KEYS})


def _from_api(shape: ShapeInfo, value: Any) -> Any:
    kind = shape.type
    if kind == "structure" and isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            member = shape.by_api.get(key)
            if member is None:
                out[xform_name(key)] = item
            else:
                out[member.snake] = _from_api(info(member.shape, shape.service), item)
        return out
    if kind == "list" and isinstance(value, list):
        if shape.is_tag_list:
            return {
                t.get(shape.tag_key): t.get(shape.tag_value)  # type: ignore[arg-type]
                for t in value
                if isinstance(t, Mapping)
            }
        item_shape = info(shape.member, shape.service)  # type: ignore[arg-type]
        return [_from_api(item_shape, v) for v in value]
    if kind == "map" and isinstance(value, Mapping):
        value_shape = info(shape.value, shape.service)  # type: ignore[arg-type]
        return {k: _from_api(value_shape, v) for k, v in value.items()}
    return value
