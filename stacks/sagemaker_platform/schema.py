"""Stack config read into typed settings, checked before any resource is registered.

A settings class is a frozen dataclass whose fields say everything about their key: the type (from the
annotation: str, int, bool, list[str], a Literal of allowed values, a nested settings class, or any of
those `| None`), whether it is required (no default), an example value, and an optional pattern or
minimum. `read` walks one config object with it and collects every problem, in the order the user wrote
the keys; `ConfigError` reports them all as ONE error that names each key, the stack file and an
example value. Nothing here registers a resource or talks to AWS.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

import pulumi

T = TypeVar("T")

_MISSING = dataclasses.MISSING


def setting(
    example: str,
    *,
    default: Any = _MISSING,
    pattern: str | None = None,
    minimum: int | None = None,
    min_items: int = 0,
    what: str = "",
) -> Any:
    """A dataclass field for a config key. Without `default` the key is required. `pattern` applies to
    a string or to each item of a list; `what` names what it matches ("an IAM role ARN")."""
    metadata = {
        "example": example,
        "pattern": pattern,
        "minimum": minimum,
        "min_items": min_items,
        "what": what,
    }
    if isinstance(default, list | dict):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class Problem:
    key: str  # the full key path: "sagemaker-demo:cluster.nodeGroup.minSize"
    reason: str
    example: str

    def line(self) -> str:
        return f"{self.key}: {self.reason}; for example: {self.example}"


class ConfigError(pulumi.RunError):
    """The stack config is missing a key or has one malformed: one error listing every problem.

    A `pulumi.RunError`, so the CLI prints the message without a Python traceback."""

    def __init__(self, stack_file: str, problems: list[Problem]) -> None:
        self.stack_file = stack_file
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "\n".join(f"  - {p.line()}" for p in problems)
        super().__init__(f"invalid stack config in {stack_file} ({count}):\n{lines}")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Reader:
    """Reads settings classes from raw (JSON-decoded) config values, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, key: str, reason: str, example: str) -> None:
        self.problems.append(Problem(key, reason, example))

    def read(self, cls: type[T], raw: Any, key: str) -> T | None:
        if not isinstance(raw, Mapping):
            self.problem(key, f"must be an object of keys, got {_show(raw)}", _object_example(cls))
            return None
        fields = {camel(f.name): f for f in dataclasses.fields(cls) if "example" in f.metadata}  # type: ignore[arg-type]
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        before = len(self.problems)
        for name, given in raw.items():  # in the order the user wrote them
            path = f"{key}.{name}"
            if name not in fields:
                close = difflib.get_close_matches(str(name), fields, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                example = _line(close[0], fields[close[0]]) if close else _object_example(cls)
                self.problem(path, f"unknown key ({hint}known: {', '.join(fields)})", example)
            elif given is not None:
                values[fields[name].name] = self.value(hints[fields[name].name], given, path, fields[name])
        for name, f in fields.items():
            required = f.default is _MISSING and f.default_factory is _MISSING
            if required and raw.get(name) is None:
                self.problem(f"{key}.{name}", "missing", _line(name, f))
        if len(self.problems) > before:
            return None
        made = cls(**values)
        for path, reason, example in getattr(made, "problems", lambda: [])():
            self.problem(f"{key}.{path}", reason, example)
        return made

    def value(self, hint: Any, raw: Any, path: str, f: dataclasses.Field) -> Any:
        example = _line(path.rsplit(".", 1)[-1], f)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):  # X | None
            return self.value(next(a for a in args if a is not type(None)), raw, path, f)
        if dataclasses.is_dataclass(hint):
            return self.read(hint, raw, path)  # type: ignore[arg-type]
        if origin is Literal:
            if raw not in args:
                close = difflib.get_close_matches(str(raw), [str(a) for a in args], n=1)
                hint_ = f" (did you mean {close[0]!r}?)" if close else ""
                allowed = ", ".join(str(a) for a in args)
                self.problem(path, f"{_show(raw)} is not one of {allowed}{hint_}", example)
            return raw
        if origin is list:
            if not isinstance(raw, list):
                self.problem(path, f"must be a list, got {_show(raw)}", example)
                return raw
            if len(raw) < f.metadata["min_items"]:
                self.problem(
                    path, f"needs at least {f.metadata['min_items']} item(s), got {len(raw)}", example
                )
            return [self.scalar(args[0], item, f"{path}[{i}]", f, example) for i, item in enumerate(raw)]
        return self.scalar(hint, raw, path, f, example)

    def scalar(self, hint: Any, raw: Any, path: str, f: dataclasses.Field, example: str) -> Any:
        if hint is bool:
            if isinstance(raw, bool):
                return raw
            if raw in ("true", "false"):
                return raw == "true"
            self.problem(path, f"must be true or false, got {_show(raw)}", example)
            return raw
        if hint is int:
            try:
                number = int(raw) if not isinstance(raw, bool) and float(raw) == int(float(raw)) else None
            except (TypeError, ValueError):
                number = None
            if number is None:
                self.problem(path, f"must be a whole number, got {_show(raw)}", example)
                return raw
            if f.metadata["minimum"] is not None and number < f.metadata["minimum"]:
                self.problem(path, f"must be at least {f.metadata['minimum']}, got {number}", example)
            return number
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            self.problem(path, f"must be a string, got {_show(raw)}", example)
            return raw
        text = str(raw)
        pattern = f.metadata["pattern"]
        if pattern and not re.fullmatch(pattern, text):
            what = f.metadata["what"]
            self.problem(
                path, f"{text!r} is not {what}" if what else f"{text!r} does not match {pattern}", example
            )
        return text


def read_settings(cls: type[T], namespace: str, stack_file: str, config: Mapping[str, Any]) -> T:
    """Settings from a stack's config (`namespace:key` -> value, structured values JSON-decoded or as
    strings holding JSON, as Pulumi hands them to a program). Raises ConfigError listing every problem."""
    reader = Reader()
    raw = {}
    for key, value in config.items():
        if key.startswith(namespace + ":"):
            raw[key.split(":", 1)[1]] = _decode(value)
    settings = reader.read(cls, raw, namespace)
    if reader.problems:
        # Keys are written `namespace:key.sub`, as `pulumi config set --path` spells them.
        problems = [dataclasses.replace(p, key=p.key.replace(".", ":", 1)) for p in reader.problems]
        raise ConfigError(stack_file, problems)
    assert settings is not None
    return settings


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _show(raw: Any) -> str:
    return json.dumps(raw) if not isinstance(raw, str) else repr(raw)


def _line(name: str, f: dataclasses.Field) -> str:
    return f"{name}: {f.metadata['example']}"


def _object_example(cls: type) -> str:
    keys = [f for f in dataclasses.fields(cls) if "example" in f.metadata]
    required = [f for f in keys if f.default is _MISSING and f.default_factory is _MISSING]
    shown = required or keys[:1]
    return "{" + ", ".join(f"{camel(f.name)}: {f.metadata['example']}" for f in shown) + "}"
