"""Preview values: the engine's Unknowns pass through the shapes layer untouched and unvalidated."""

from __future__ import annotations

import sys
from typing import Any

# The engine's wire sentinel for an unknown value (pulumi.runtime.rpc.UNKNOWN). A dynamic provider can
# see it as a plain string when a value is unknown during preview.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_unknown(value: Any) -> bool:
    """True for a `pulumi.output.Unknown` instance or the rpc UNKNOWN sentinel string."""
    if isinstance(value, str):
        return value == UNKNOWN_SENTINEL
    # Looked up through sys.modules rather than imported: the shapes layer must stay cheap to import, and
    # if pulumi.output was never imported, no Unknown instance can exist.
    output = sys.modules.get("pulumi.output")
    return output is not None and isinstance(value, output.Unknown)


def contains_unknown(value: Any) -> bool:
    """True if `value` is unknown or holds an unknown anywhere in its dicts and lists."""
    if is_unknown(value):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return False
