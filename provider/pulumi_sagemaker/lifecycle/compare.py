"""Does an existing SageMaker resource match the spec we would create it from?"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..shapes import describe, is_secret


def spec_differences(wanted: Any, actual: Any, path: str = "") -> list[str]:
    """Places where `actual` (canonical form of a Describe answer) contradicts `wanted`.

    Only what was asked for is compared: SageMaker fills in defaults the user never wrote.
    """
    if isinstance(wanted, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path or 'spec'} is {describe(actual)} there"]
        found: list[str] = []
        for key, value in wanted.items():
            if value is None:
                continue
            found += spec_differences(value, actual.get(key), f"{path}.{key}" if path else key)
        return found
    if isinstance(wanted, list):
        if not isinstance(actual, list) or len(actual) != len(wanted):
            count = len(actual) if isinstance(actual, list) else 0
            return [f"{path} has {count} entries there, {len(wanted)} here"]
        found = []
        for i, (w, a) in enumerate(zip(wanted, actual, strict=True)):
            found += spec_differences(w, a, f"{path}[{i}]")
        return found
    if wanted == actual:
        return []
    if is_secret(wanted) or is_secret(actual):
        # A field that holds a secret is named, and neither value shown (the old one is a secret too,
        # though this run may not know it).
        return [f"{path} differs (it holds a secret)"]
    return [f"{path} is {describe(actual)} there, {describe(wanted)} here"]


EMPTY = (None, {}, [])


def same_member(old: Any, new: Any) -> bool:
    """Equal as SageMaker sees them: an empty map or list is the member left out."""
    return old == new or (old in EMPTY and new in EMPTY)
