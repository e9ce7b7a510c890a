"""Placeholders users keep in manifests, filled from `values` or stack config (`sagemaker:values.NAME`).

The forms published manifests use: `<ACCOUNT_ID>` and `<YOUR BUCKET/PATH>` (the operators' samples),
`{ROLE_ARN}` (the operator's tests, substituted by sed; unquoted, YAML reads it as an object `{ROLE_ARN:
null}`, which counts too), `$VAR` and `${VAR}` (ACK's tests, envsubst), and the bare
SAGEMAKER_EXECUTION_ROLE_ARN and BUCKET_NAME of the AWS blog. A bare word is a placeholder only when it
is one of those, or a name `values` fills: an upper-case word in a value may be meant as it is.

A value may be a `pulumi.Output` (a role's ARN from the same program): a field that is one placeholder
becomes that output; a longer string becomes the concatenation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .standins import Verbatim

# The bare names of published manifests (the AWS blog's, the operator's private-link test's).
KNOWN_BARE = ("SAGEMAKER_EXECUTION_ROLE_ARN", "BUCKET_NAME", "SAGEMAKER_ENDPOINT")
_DECORATED = (
    r"<(?P<angle>[A-Za-z_][^<>\n]*?)>",
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}",
    r"\{(?P<curly>[A-Z][A-Z0-9_]*)\}",
    r"\$(?P<dollar>[A-Z_][A-Z0-9_]*)",
)
_FLOW_KEY = re.compile(r"[A-Z][A-Z0-9_]*")
MISSING = object()


@dataclass(frozen=True)
class Unfilled:
    """A placeholder no value fills: where it is (the path as written) and how it is written."""

    path: str
    text: str
    name: str


Lookup = Callable[[str], Any]  # a placeholder's name -> its value, or MISSING


def pattern(bare: Iterable[str]) -> re.Pattern[str]:
    words = sorted(set(bare), key=len, reverse=True)
    parts: list[str] = list(_DECORATED)
    if words:
        alternatives = "|".join(re.escape(w) for w in words)
        parts.append(rf"(?<![A-Za-z0-9_$<{{])(?P<bare>{alternatives})(?![A-Za-z0-9_>}}])")
    return re.compile("|".join(parts))


def _name(match: re.Match[str]) -> str:
    return next(v for v in match.groupdict().values() if v is not None)


def fill(
    body: Any, lookup: Lookup, bare: Iterable[str] = (), keep: bool = False
) -> tuple[Any, list[Unfilled]]:
    """`body` with every placeholder replaced by its value, and those no value fills (left as written).
    With `keep`, a field holding one of those is Verbatim: checks skip it, a conversion writes it back."""
    unfilled: list[Unfilled] = []
    found = pattern((*KNOWN_BARE, *bare))
    walked = _walk(body, "", lookup, found, unfilled)
    return (_verbatim(walked, {u.path for u in unfilled}) if keep else walked), unfilled


def _verbatim(value: Any, paths: set[str], path: str = "") -> Any:
    if path in paths and isinstance(value, str):
        return Verbatim(value)
    if isinstance(value, dict):
        return {k: _verbatim(v, paths, _join(path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_verbatim(v, paths, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _walk(value: Any, path: str, lookup: Lookup, found: re.Pattern[str], unfilled: list[Unfilled]) -> Any:
    if isinstance(value, str):
        return _string(value, path, lookup, found, unfilled)
    if isinstance(value, Mapping):
        flow = _flow_placeholder(value)
        if flow is not None:
            got = lookup(flow)
            if got is MISSING:
                unfilled.append(Unfilled(path, f"{{{flow}}}", flow))
                return f"{{{flow}}}"
            return got
        return {k: _walk(v, _join(path, k), lookup, found, unfilled) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, f"{path}[{i}]", lookup, found, unfilled) for i, v in enumerate(value)]
    return value


def _flow_placeholder(value: Mapping[Any, Any]) -> str | None:
    """`{ROLE_ARN}` written unquoted: YAML reads a one-entry object whose value is null."""
    if len(value) != 1:
        return None
    ((key, item),) = value.items()
    return key if isinstance(key, str) and item is None and _FLOW_KEY.fullmatch(key) else None


def _string(text: str, path: str, lookup: Lookup, found: re.Pattern[str], unfilled: list[Unfilled]) -> Any:
    parts: list[Any] = []
    position = 0
    for match in found.finditer(text):
        name = _name(match)
        got = lookup(name)
        if got is MISSING:
            unfilled.append(Unfilled(path, match.group(0), name))
            continue
        parts += [text[position : match.start()], got]
        position = match.end()
    if not parts:
        return text
    parts.append(text[position:])
    parts = [p for p in parts if not (isinstance(p, str) and p == "")]
    if len(parts) == 1:
        return parts[0]  # the whole field is one placeholder: its value as it is (a number, an output)
    if all(isinstance(p, str | int | float) and not isinstance(p, bool) for p in parts):
        return "".join(str(p) for p in parts)
    import pulumi

    return pulumi.Output.concat(*(p if not isinstance(p, int | float) else str(p) for p in parts))


def lookup_in(values: Mapping[str, Any] | None, config: Callable[[str], Any] | None = None) -> Lookup:
    """`values` first, then `config(name)` (stack config), else MISSING."""

    def lookup(name: str) -> Any:
        if values and name in values:
            return values[name]
        if config is not None:
            got = config(name)
            if got is not None:
                return got
        return MISSING

    return lookup


def stack_config_key(name: str) -> bool:
    """Can stack config hold a value for this placeholder? ("YOUR BUCKET/PATH" is no config key.)"""
    return re.fullmatch(r"[A-Za-z0-9_.-]+", name) is not None


def stack_config(name: str) -> Any:
    """`sagemaker:values.<name>` of the stack (a secret one as a secret output), or None."""
    import pulumi

    key = f"values.{name}"
    if not stack_config_key(name):
        return None  # only `values` can fill it
    config = pulumi.Config("sagemaker")
    try:
        from pulumi.runtime.config import is_config_secret

        secret = is_config_secret(f"sagemaker:{key}")
    except ImportError:  # an older SDK
        secret = False
    return config.get_secret(key) if secret else config.get(key)
