"""Scalar values: coercion to the shape's type and the model's constraints, as readable reasons.

Each function returns the reason a value fails (None when it passes); the walker adds the path.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import math
import re
from typing import Any

from .keys import close_matches
from .model import ShapeInfo
from .secrets import is_secret

INTEGER_TYPES = frozenset({"integer", "long"})
FLOAT_TYPES = frozenset({"float", "double"})
ENUM_SHOWN = 10
# The wire types' ranges (the model gives no max for most integers; the service refuses beyond them).
TYPE_RANGES = {
    "integer": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}  # allowed values listed in an enum failure before "… (N in all)"
# The largest integer the Pulumi engine carries exactly: it sends every number as a 64-bit float, so a
# long beyond it would come back to create (and reach AWS) as another number, or one out of range.
ENGINE_EXACT = 2**53

_INT_TEXT = re.compile(r"[+-]?\d+")


def describe(value: Any) -> str:
    """A short rendering of a value for a reason: strings quoted and cut, containers by kind; a value the
    user marked secret is named, never shown."""
    if isinstance(value, str | int | float) and not isinstance(value, bool) and is_secret(value):
        return "a secret value"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def number(value: float) -> str:
    """1.0 -> '1', 0.5 -> '0.5': how a number reads in a reason and in a string it was converted to."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def expected(shape: ShapeInfo) -> str:
    """What a value of this shape must be, as a noun phrase."""
    return {
        "integer": "an integer",
        "long": "an integer",
        "float": "a number",
        "double": "a number",
        "boolean": "true or false",
        "string": "a string",
        "timestamp": "a timestamp (an ISO 8601 string or a datetime)",
        "blob": "a string of bytes",
        "structure": "an object",
        "list": "a list",
        "map": "an object of names to values (or a list of {name, value})",
    }.get(shape.type, f"a {shape.type}")


def coerce(shape: ShapeInfo, value: Any) -> tuple[Any, str | None]:
    """The value in the shape's canonical Python type, or the reason it cannot be one.

    Decisions (all in the user's favour where nothing is ambiguous):
    - integers accept floats with an integral value: the Pulumi engine sends every number as a float;
    - numbers and booleans accept their quoted spelling ("3", "0.5", "true"), because templated
      manifests (Helm, Kustomize) often quote scalars and the meaning is never in doubt;
    - strings accept numbers and booleans, converted the way a manifest writer means them
      (10 or 10.0 -> "10", 0.001 -> "0.001", true -> "true"): hyperparameter and environment values are
      strings in the API, and a Python program writing `{"num_round": 10}` means "10".
    """
    kind = shape.type
    if kind == "string":
        if isinstance(value, str):
            return value, None
        if isinstance(value, bool):
            return ("true" if value else "false"), None
        if isinstance(value, int | float) and math.isfinite(value):
            return number(value), None
    elif kind in INTEGER_TYPES:
        if isinstance(value, bool):
            pass
        elif isinstance(value, int):
            return value, None
        elif isinstance(value, float):
            if value.is_integer():
                return int(value), None
            return value, f"must be an integer, got {describe(value)}"
        elif isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
            return int(value), None
    elif kind in FLOAT_TYPES:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        # NaN and infinity are refused: JSON (the API's wire format) cannot carry them.
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value), None
    elif kind == "boolean":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true", None
    elif kind == "timestamp":
        # Kept as given (a datetime, an epoch number or a string botocore can serialise).
        if isinstance(value, datetime.datetime) or (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            return value, None
        if isinstance(value, str) and _is_timestamp(value):
            return value, None
    elif kind == "blob":
        if isinstance(value, str | bytes | bytearray):
            return value, None
    else:
        return value, None  # a type the model does not use today: pass it on unjudged
    return value, f"must be {expected(shape)}, got {describe(value)}"


def _is_timestamp(text: str) -> bool:
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def check_enum(shape: ShapeInfo, value: str) -> str | None:
    if not shape.enum or value in shape.enum_set:
        return None
    # A secret gets no did-you-mean: the suggestion would tell what it is close to.
    close = (
        []
        if is_secret(value)
        else [e for e in shape.enum if e.lower() == value.lower()] or close_matches(value, shape.enum)
    )
    message = f"{describe(value)} is not an allowed value"
    message += f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "."
    rest = [e for e in shape.enum if e not in close]
    if len(shape.enum) > ENUM_SHOWN:
        # Too many to list: show the ones most like what was written (ml.m5.* for 'ml.m5.xlarg').
        matcher = difflib.SequenceMatcher(b=value.lower())
        rest.sort(key=lambda e: -_similarity(matcher, e))
    shown = close + rest
    allowed = ", ".join(shown[:ENUM_SHOWN])
    if len(shown) > ENUM_SHOWN:
        allowed += f", … ({len(shown)} in all)"
    return f"{message} Allowed: {allowed}"


def _similarity(matcher: difflib.SequenceMatcher[str], candidate: str) -> float:
    matcher.set_seq1(candidate.lower())
    return matcher.ratio()


def check_length(shape: ShapeInfo, value: str) -> str | None:
    return _bounds(shape, len(value), "characters long", f"got {len(value)}")


def check_pattern(shape: ShapeInfo, value: str) -> str | None:
    if shape.regex is None or shape.regex.fullmatch(value):
        return None
    return f"must match the pattern {shape.pattern}, got {describe(value)}"


def check_number(shape: ShapeInfo, value: float) -> str | None:
    low, high = shape.min, shape.max
    if (low is None or value >= low) and (high is None or value <= high) and shape.type in TYPE_RANGES:
        smallest, largest = TYPE_RANGES[shape.type]
        bits = 32 if shape.type == "integer" else 64
        got = "a secret value" if is_secret(value) else number(value)
        if shape.type == "long" and abs(value) > ENGINE_EXACT:
            bound = f"at most {ENGINE_EXACT}" if value > 0 else f"at least {-ENGINE_EXACT}"
            return (
                f"must be {bound} (the largest integer the Pulumi engine carries exactly: it sends every "
                f"number as a 64-bit float), got {got}"
            )
        if value > largest:
            return f"must be at most {number(largest)} (a {bits}-bit integer in the API), got {got}"
        if value < smallest:
            return f"must be at least {number(smallest)} (a {bits}-bit integer in the API), got {got}"
        return None
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    what = "an integer" if shape.type in INTEGER_TYPES else "a number"
    got = "a secret value" if is_secret(value) else number(value)
    if low is not None and high is not None:
        return f"must be {what} between {number(low)} and {number(high)}, got {got}"
    if low is not None:
        return f"must be {what} >= {number(low)}, got {got}"
    return f"must be {what} <= {number(high)}, got {got}"  # type: ignore[arg-type]


def check_count(shape: ShapeInfo, count: int, noun: str) -> str | None:
    """Size limits of a list (noun "items") or map (noun "entries")."""
    return _bounds(shape, count, noun, f"got {count}")


_SINGULAR = {"characters long": "character long", "items": "item", "entries": "entry"}


def _bounds(shape: ShapeInfo, size: int, unit: str, got: str) -> str | None:
    low = int(shape.min) if shape.min else 0
    high = int(shape.max) if shape.max is not None else None
    if size >= low and (high is None or size <= high):
        return None
    if high is not None and low:
        if low == high:
            return f"must be exactly {low} {_unit(unit, low)}, {got}"
        return f"must be {low}-{high} {unit}, {got}"
    if high is not None:
        return f"must be at most {high} {_unit(unit, high)}, {got}"
    return f"must be at least {low} {_unit(unit, low)}, {got}"


def _unit(unit: str, count: int) -> str:
    return _SINGULAR.get(unit, unit) if count == 1 else unit
