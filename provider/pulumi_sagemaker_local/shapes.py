"""botocore's service model as the contract of the local SageMaker.

Requests are checked the way AWS checks them server side (required members, enums,
lengths, ranges, patterns), which botocore's client-side validation does only in part
(no maximums, enums or patterns). Responses are cut down to the members of the
operation's output shape, so no internal bookkeeping can leak into an answer.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import re
from typing import Any

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape

from .errors import ApiError

_MAX_LISTED = 10  # AWS stops listing violations after a handful; so do we


@functools.cache
def service_model(name: str = "sagemaker") -> ServiceModel:
    # Loading the model costs ~100 ms; one copy per process is enough.
    return botocore.session.get_session().get_service_model(name)


def operation(name: str) -> OperationModel | None:
    model = service_model()
    if name not in model.operation_names:
        return None
    return model.operation_model(name)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    # The model's patterns are Java regexes; a few (\p{L}, surrogate ranges) do not
    # compile in Python and are skipped rather than approximated.
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _camel(name: str) -> str:
    # AWS names members in validation messages in lowerCamelCase: 'resourceConfig.instanceType'.
    return name[:1].lower() + name[1:]


def _render(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return f"'{value}'"


class _Decoder:
    """One pass over a request: collects constraint violations, converts wire types."""

    def __init__(self, *, check_required: bool = True) -> None:
        self.violations: list[str] = []
        self.check_required = check_required

    def violation(self, value: Any, path: str, constraint: str) -> None:
        self.violations.append(
            f"Value {_render(value)} at '{path}' failed to satisfy constraint: {constraint}"
        )

    def decode(self, shape: Shape, value: Any, path: str) -> Any:
        kind = shape.type_name
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            return value
        return handler(shape, value, path)

    def _wrong_type(self, path: str, expected: str) -> ApiError:
        where = f" at '{path}'" if path else ""
        return ApiError("SerializationException", f"Expected a {expected}{where}.")

    def _structure(self, shape: Any, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self._wrong_type(path, "structure")
        out: dict[str, Any] = {}
        for name in shape.required_members if self.check_required else ():
            if value.get(name) is None:
                self.violation(None, _join(path, name), "Member must not be null")
        for name, item in value.items():
            member = shape.members.get(name)
            # Unknown members are ignored, as AWS's JSON services do.
            if member is None or item is None:
                continue
            out[name] = self.decode(member, item, _join(path, name))
        return out

    def _list(self, shape: Any, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self._wrong_type(path, "list")
        self._length(shape, value, len(value), path)
        return [self.decode(shape.member, item, f"{path}.{i}.member") for i, item in enumerate(value, 1)]

    def _map(self, shape: Any, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self._wrong_type(path, "map")
        self._length(shape, value, len(value), path)
        out = {}
        for key, item in value.items():
            self._string(shape.key, key, f"{path}.key")
            out[key] = self.decode(shape.value, item, f"{path}.{key}")
        return out

    def _string(self, shape: Any, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise self._wrong_type(path, "string")
        self._length(shape, value, len(value), path)
        enum = shape.enum
        if enum and value not in enum:
            self.violation(value, path, f"Member must satisfy enum value set: [{', '.join(enum)}]")
            return value
        pattern = shape.metadata.get("pattern")
        compiled = _compiled(pattern) if pattern else None
        if compiled is not None and compiled.fullmatch(value) is None:
            self.violation(value, path, f"Member must satisfy regular expression pattern: {pattern}")
        return value

    def _integer(self, shape: Shape, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong_type(path, "integer")
        self._range(shape, value, path)
        return value

    _long = _integer

    def _float(self, shape: Shape, value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong_type(path, "number")
        self._range(shape, value, path)
        return float(value)

    _double = _float

    def _boolean(self, shape: Shape, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self._wrong_type(path, "boolean")
        return value

    def _timestamp(self, shape: Shape, value: Any, path: str) -> float:
        # botocore sends epoch seconds for JSON services; ISO 8601 is accepted too.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise self._wrong_type(path, "timestamp") from None
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.UTC)
            return parsed.timestamp()
        raise self._wrong_type(path, "timestamp")

    def _blob(self, shape: Shape, value: Any, path: str) -> bytes:
        if not isinstance(value, str):
            raise self._wrong_type(path, "base64 string")
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            raise self._wrong_type(path, "base64 string") from None

    def _length(self, shape: Shape, value: Any, length: int, path: str) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and length < low:
            self.violation(value, path, f"Member must have length greater than or equal to {low}")
        if high is not None and length > high:
            self.violation(value, path, f"Member must have length less than or equal to {high}")

    def _range(self, shape: Shape, value: float, path: str) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and value < low:
            self.violation(value, path, f"Member must have value greater than or equal to {low}")
        if high is not None and value > high:
            self.violation(value, path, f"Member must have value less than or equal to {high}")


def _join(path: str, name: str) -> str:
    return f"{path}.{_camel(name)}" if path else _camel(name)


def decode_request(op: OperationModel, params: Any) -> dict[str, Any]:
    """Validate a request body against `op`'s input shape; timestamps become epoch floats.

    Raises ValidationException listing the violations ("2 validation errors detected: ...")
    or SerializationException when a value has the wrong JSON type.
    """
    shape = op.input_shape
    if shape is None:
        return {}
    decoder = _Decoder()
    decoded = decoder.decode(shape, params if params is not None else {}, "")
    found = decoder.violations
    if found:
        plural = "s" if len(found) > 1 else ""
        listed = "; ".join(found[:_MAX_LISTED])
        raise ApiError("ValidationException", f"{len(found)} validation error{plural} detected: {listed}")
    return decoded


def encode(shape: Shape | None, value: Any) -> Any:
    """Shape `value` for the wire: only members of `shape`, timestamps as epoch seconds."""
    if shape is None or value is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            item = value.get(name)
            if item is not None:
                out[name] = encode(member, item)
        return out
    if kind == "list":
        return [encode(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {key: encode(shape.value, item) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp":
        return value.timestamp() if isinstance(value, dt.datetime) else float(value)
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    return value


def encode_response(op: OperationModel, value: dict[str, Any] | None) -> dict[str, Any]:
    """The wire form of a result, checked against the output shape like a request would be.

    A response that breaks its own model (a status outside the enum, a wrong type) is a bug
    of the local SageMaker; it raises rather than misleading the client. Required members are
    not checked: SageMaker itself leaves some out (ModelArtifacts before a job has any).
    """
    body = encode(op.output_shape, value or {}) or {}
    if op.output_shape is not None:
        decoder = _Decoder(check_required=False)
        try:
            decoder.decode(op.output_shape, body, "")
        except ApiError as error:
            decoder.violations.append(error.message)
        if decoder.violations:
            raise AssertionError(f"{op.name} response breaks the model: {'; '.join(decoder.violations)}")
    return body
