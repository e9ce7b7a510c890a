"""Options of ours (not SageMaker's): found in any casing, like every input, and checked.

`waitFor` in an operator-style spec means `wait_for`; ignoring it would leave `pulumi up` waiting for
hours for a job the user asked not to wait for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..shapes import Failure, is_unknown, normalise


def find_option(news: Mapping[str, Any], key: str, failures: list[Failure]) -> tuple[str, Any]:
    """(the key the user wrote, its value) for option `key` in any casing; (key, None) when absent.
    Given twice in two spellings is a failure."""
    wanted = normalise(key)
    found = [
        (k, v) for k, v in news.items() if isinstance(k, str) and normalise(k) == wanted and v is not None
    ]
    for k, _ in found[1:]:
        failures.append(Failure(k, f"given twice (also as {found[0][0]!r})"))
    return found[0] if found else (key, None)


def check_timeout(value: Any, path: str, failures: list[Failure]) -> Any:
    """A number of seconds > 0 (as a float: the engine sends floats anyway), or unknown in a preview."""
    if value is None or is_unknown(value):
        return value
    # NaN would mean "never time out" (every comparison with it is false), infinity the same in words.
    finite = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not finite or value <= 0:
        failures.append(Failure(path, f"must be a finite number of seconds > 0, got {value!r}"))
        return value
    return float(value)


def check_flag(value: Any, path: str, failures: list[Failure]) -> Any:
    """True or False (or unknown in a preview)."""
    if value is None or is_unknown(value) or isinstance(value, bool):
        return value
    failures.append(Failure(path, f"must be true or false, got {value!r}"))
    return value
