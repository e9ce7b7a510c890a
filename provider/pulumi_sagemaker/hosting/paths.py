"""Property paths spelled the way the user wrote them (`production_variants[1].model_name`,
`productionVariants[1].modelName`), for failures raised by our own rules rather than the shapes layer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def normalise(key: str) -> str:
    """The form spellings are compared in: lower case, without `_` and `-` (as the shapes layer does)."""
    return key.lower().replace("_", "").replace("-", "")


def camel(key: str) -> str:
    first, *rest = key.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def is_camel(raw: Any) -> bool:
    """Does this user-written object spell its keys in lowerCamelCase (an operator manifest)?"""
    if not isinstance(raw, Mapping):
        return False
    keys = [k for k in raw if isinstance(k, str)]
    return any(k[:1].islower() and any(c.isupper() for c in k) for k in keys) and not any(
        "_" in k for k in keys
    )


def spell(raw: Any, key: str, camel_style: bool = False) -> str:
    """How the user spells the canonical `key` in `raw`: their own key if present, else in their style."""
    if isinstance(raw, Mapping):
        wanted = normalise(key)
        for k in raw:
            if isinstance(k, str) and normalise(k) == wanted:
                return k
    return camel(key) if camel_style or is_camel(raw) else key


def join(path: str, key: str) -> str:
    if not key:
        return path
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


def find_key(raw: Mapping[str, Any], key: str) -> str | None:
    """The user's key for canonical `key` in `raw`, or None when absent."""
    wanted = normalise(key)
    return next((k for k in raw if isinstance(k, str) and normalise(k) == wanted), None)
