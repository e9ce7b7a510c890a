"""The shape walker: user input in any casing -> canonical form, with every failure collected.

Canonical form: dict keys are the snake_case member names (botocore.xform_name), nested too; maps are
plain dicts of user data; tag lists are plain dicts; scalars are in the shape's Python type; Unknowns
stay where they are and are never judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .checks import (
    FLOAT_TYPES,
    INTEGER_TYPES,
    check_count,
    check_enum,
    check_length,
    check_number,
    check_pattern,
    coerce,
    describe,
    expected,
)
from .errors import Failure
from .keys import SNAKE, close_matches, detect_style, key_style, normalise, render
from .model import SERVICE, ShapeInfo, info, input_shape
from .rules import rule_for
from .unknown import is_unknown

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Field names of one entry in a map or tag list written as a list ({name, value} / {key, value}).
_ENTRY_NAME = ("name", "key")
_ENTRY_VALUE = "value"


def canonicalize_input(
    operation: str,
    props: Mapping[str, Any],
    *,
    supplied: Iterable[str] = (),
    skip: Iterable[str] = (),
    service: str = SERVICE,
) -> tuple[dict[str, Any], list[Failure]]:
    """`props` (the top-level members of `operation`'s input, any casing) in canonical form.

    Keys matching `skip` are left out (the caller handles them), as are keys starting with "__"
    (Pulumi's own, such as `__provider`). Members named in `supplied` are not required from the user.
    Never raises for a user error: every problem is a `Failure` naming the path as the user spelled it.
    `service` is botocore's name of the API (SageMaker's by default; "application-autoscaling").
    """
    root = info(input_shape(operation, service), service)
    skipped = {normalise(k) for k in skip}
    given = {
        k: v
        for k, v in props.items()
        if not (isinstance(k, str) and (k.startswith("__") or normalise(k) in skipped))
    }
    failures: list[Failure] = []
    optional = frozenset(normalise(s) for s in supplied)
    canonical = _structure(root, given, "", detect_style(given, SNAKE), failures, optional)
    return canonical, failures


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _entry_path(path: str, key: object) -> str:
    """Path of a map entry given as a dict: `hyper_parameters.eta`, or `environment["a.b"]`."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return _join(path, key)
    return f"{path}[{key!r}]"


def _value(
    shape: ShapeInfo, member: str | None, value: Any, path: str, style: str, failures: list[Failure]
) -> Any:
    if is_unknown(value):
        return value
    kind = shape.type
    if kind == "structure":
        return _structure(shape, value, path, style, failures)
    if kind == "list":
        if shape.is_tag_list:
            return _tags(shape, value, path, style, failures)
        return _list(shape, value, path, style, failures)
    if kind == "map":
        return _map(shape, value, path, style, failures)
    return _scalar(shape, member, value, path, failures)


def _structure(
    shape: ShapeInfo,
    value: Any,
    path: str,
    style: str,
    failures: list[Failure],
    optional: frozenset[str] = frozenset(),
) -> Any:
    if not isinstance(value, Mapping):
        failures.append(Failure(path, f"must be an object, got {describe(value)}"))
        return value
    style = detect_style(value, style)
    out: dict[str, Any] = {}
    given_as: dict[str, str] = {}  # API member name -> the key the user wrote
    for key, item in value.items():
        if not isinstance(key, str):
            failures.append(Failure(_join(path, str(key)), "field names must be strings"))
            continue
        here = _join(path, key)
        member = shape.by_norm.get(normalise(key))
        if member is None:
            failures.append(Failure(here, _unknown_field(shape, key, style)))
            continue
        if member.name in given_as:
            failures.append(Failure(here, f"given twice (also as {given_as[member.name]!r})"))
            continue
        given_as[member.name] = key
        if item is None:
            continue  # unset, as Pulumi and YAML write an absent optional value
        # Below this key, spell member names the way this key is spelled unless its own keys tell.
        inner = key_style(key) or style
        out[member.snake] = _value(
            info(member.shape, shape.service), member.name, item, here, inner, failures
        )
    present = [m for m in shape.members if m.snake in out]
    for name in shape.required:
        if shape.by_api[name].snake not in out and normalise(name) not in optional:
            failures.append(Failure(_join(path, render(name, style)), "is required"))
    if shape.union and len(present) != 1:
        choices = ", ".join(render(m.name, style) for m in shape.members)
        reason = f"must set exactly one of: {choices}"
        if present:
            reason += f"; got {len(present)} ({', '.join(render(m.name, style) for m in present)})"
        failures.append(Failure(path, reason))
    return {m.snake: out[m.snake] for m in present}  # model order: stable state, readable diffs


def _unknown_field(shape: ShapeInfo, key: str, style: str) -> str:
    names = [render(m.name, style) for m in shape.members]
    close = close_matches(key, names)
    if close:
        return f"unknown field; did you mean {' or '.join(repr(c) for c in close)}?"
    return f"unknown field; the fields here are: {', '.join(names)}"


def _list(shape: ShapeInfo, value: Any, path: str, style: str, failures: list[Failure]) -> Any:
    if not isinstance(value, list | tuple):
        failures.append(Failure(path, f"must be a list, got {describe(value)}"))
        return value
    reason = check_count(shape, len(value), "items")
    if reason:
        failures.append(Failure(path, reason))
    item = info(shape.member, shape.service)  # type: ignore[arg-type]
    return [_value(item, None, v, f"{path}[{i}]", style, failures) for i, v in enumerate(value)]


def _map(shape: ShapeInfo, value: Any, path: str, style: str, failures: list[Failure]) -> Any:
    entries = _entries(shape, value, path, failures)
    if not isinstance(entries, list):
        return entries  # unknown, or not a map at all (reported)
    key_shape, value_shape = info(shape.key, shape.service), info(shape.value, shape.service)  # type: ignore[arg-type]
    out: dict[str, Any] = {}
    for key, item, key_path, value_path in entries:
        key = _scalar(key_shape, None, key, key_path, failures, prefix="the name ")
        out[key] = _value(value_shape, None, item, value_path, style, failures)
    return out


def _tags(shape: ShapeInfo, value: Any, path: str, style: str, failures: list[Failure]) -> Any:
    entries = _entries(shape, value, path, failures)
    if not isinstance(entries, list):
        return entries
    tag = info(shape.member, shape.service)  # type: ignore[arg-type]
    key_shape = info(tag.by_api[shape.tag_key].shape, shape.service)  # type: ignore[index]
    value_shape = info(tag.by_api[shape.tag_value].shape, shape.service)  # type: ignore[index]
    out: dict[str, Any] = {}
    for key, item, key_path, value_path in entries:
        key = _scalar(key_shape, None, key, key_path, failures, prefix="the key ")
        out[key] = _value(value_shape, None, item, value_path, style, failures)
    return out


def _entries(shape: ShapeInfo, value: Any, path: str, failures: list[Failure]) -> Any:
    """(key, value, key path, value path) of a map or tag list given as a dict or as a list of pairs.

    Returns an unknown instead when an entry or its name is unknown (the whole map is then unknown),
    or the value itself when it is neither form (reported).
    """
    noun = "entries"
    if isinstance(value, Mapping):
        entries = [(k, v, _entry_path(path, k), _entry_path(path, k)) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        entries = []
        seen: dict[Any, int] = {}
        for i, entry in enumerate(value):
            pair = _pair(entry, f"{path}[{i}]", failures)
            if pair is None:
                continue
            if is_unknown(pair):
                return pair
            key, key_path = pair[0], pair[2]
            if key in seen:
                failures.append(Failure(key_path, f"duplicate name {describe(key)} (also at [{seen[key]}])"))
                continue
            seen[key] = i
            entries.append(pair)
    else:
        failures.append(Failure(path, f"must be {expected(shape)}, got {describe(value)}"))
        return value
    reason = check_count(shape, len(entries), noun)
    if reason:
        failures.append(Failure(path, reason))
    return entries


def _pair(entry: Any, path: str, failures: list[Failure]) -> Any:
    if is_unknown(entry):
        return entry
    if not isinstance(entry, Mapping):
        failures.append(Failure(path, f"must be a {{name, value}} object, got {describe(entry)}"))
        return None
    name_key = value_key = None
    ok = True
    for k in entry:
        n = normalise(k) if isinstance(k, str) else ""
        if n in _ENTRY_NAME and name_key is None:
            name_key = k
        elif n == _ENTRY_VALUE and value_key is None:
            value_key = k
        else:
            failures.append(Failure(_join(path, str(k)), "unknown field; an entry has a name and a value"))
            ok = False
    if name_key is None:
        failures.append(Failure(_join(path, "name"), "is required"))
        return None
    name = entry[name_key]
    if is_unknown(name):
        return name
    if isinstance(name, Mapping | list | tuple):
        failures.append(Failure(_join(path, name_key), f"must be a string, got {describe(name)}"))
        return None
    if value_key is None:
        failures.append(Failure(_join(path, "value"), 'is required (write "" for an empty value)'))
        return None
    if not ok:
        return None
    return name, entry[value_key], _join(path, name_key), _join(path, value_key)


def _scalar(
    shape: ShapeInfo, member: str | None, value: Any, path: str, failures: list[Failure], prefix: str = ""
) -> Any:
    if is_unknown(value):
        return value
    value, reason = coerce(shape, value)
    if reason is None:
        kind = shape.type
        if kind == "string":
            reason = check_enum(shape, value)
            if reason is None:
                rule = rule_for(member, shape.name, shape.service)
                reason = (rule and rule(value)) or check_length(shape, value) or check_pattern(shape, value)
        elif kind in INTEGER_TYPES or kind in FLOAT_TYPES:
            reason = check_number(shape, value)
    if reason:
        failures.append(Failure(path, prefix + reason))
    return value
