"""The List* operations' shared semantics: filters, sort order and NextToken pagination."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from .errors import validation

_DEFAULT_MAX_RESULTS = 10  # SageMaker's default page size for List* operations


def next_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def token_offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, KeyError, TypeError):
        raise validation("Invalid pagination token.") from None
    if not isinstance(offset, int) or offset < 0:
        raise validation("Invalid pagination token.")
    return offset


def page(
    summaries: Iterable[dict[str, Any]],
    params: dict[str, Any],
    *,
    name_field: str,
    status_field: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Filter, sort and cut one page of `summaries` (PascalCase dicts, times as epoch floats)."""
    items = list(summaries)
    contains = params.get("NameContains")
    if contains:
        items = [s for s in items if contains.lower() in s[name_field].lower()]
    if status_field and params.get("StatusEquals"):
        items = [s for s in items if s.get(status_field) == params["StatusEquals"]]
    bounds = (
        ("CreationTimeAfter", "CreationTime", 1),
        ("CreationTimeBefore", "CreationTime", -1),
        ("LastModifiedTimeAfter", "LastModifiedTime", 1),
        ("LastModifiedTimeBefore", "LastModifiedTime", -1),
    )
    for param, field_name, sign in bounds:
        limit = params.get(param)
        if limit is not None:
            items = [s for s in items if s.get(field_name) is not None and (s[field_name] - limit) * sign > 0]
    sort_field = {"Name": name_field, "CreationTime": "CreationTime", "Status": status_field}.get(
        params.get("SortBy", "CreationTime")
    )
    items.sort(
        key=lambda s: (s.get(sort_field or "CreationTime") or 0, s[name_field]),
        reverse=params.get("SortOrder", "Descending") == "Descending",
    )
    start = token_offset(params.get("NextToken"))
    size = params.get("MaxResults", _DEFAULT_MAX_RESULTS)
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, next_token(start + size) if more else None
