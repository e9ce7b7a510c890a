"""The List* operations' shared semantics: filters, sort order and NextToken pagination."""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import shapes
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


@functools.cache
def documented_default(operation: str, member: str, fallback: str) -> str:
    """The default botocore's documentation states for a List* member ("The default is Name.").

    SageMaker's defaults differ per operation (ListTrainingJobs sorts Ascending, ListModels
    Descending, ListHyperParameterTuningJobs by Name); the model's docs are where they are written.
    """
    model = shapes.operation(operation)
    shape = model.input_shape if model is not None else None
    member_shape = shape.members.get(member) if shape is not None else None
    text = re.sub(r"<[^>]+>", "", member_shape.documentation if member_shape is not None else "")
    found = re.search(r"The default is (\w+)", text)
    return found.group(1) if found else fallback


def page(
    summaries: Iterable[dict[str, Any]],
    params: dict[str, Any],
    *,
    name_field: str,
    operation: str,
    status_field: str | None = None,
    sort_fields: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Filter, sort and cut one page of `summaries` (PascalCase dicts, times as epoch floats).

    `sort_fields` maps further SortBy values to summary fields (e.g. FinalObjectiveMetricValue).
    """
    items = list(summaries)
    contains = params.get("NameContains")
    if contains:
        items = [s for s in items if contains.lower() in s[name_field].lower()]
    if status_field and params.get("StatusEquals"):
        items = [s for s in items if s.get(status_field) == params["StatusEquals"]]
    # CreationTimeAfter is inclusive ("greater than or equal to", botocore's docs); the others strict.
    # Times are kept to the millisecond; half of one absorbs a float's round trip through a client.
    half = 0.0005
    bounds = (
        ("CreationTimeAfter", "CreationTime", lambda value, limit: value > limit - half),
        ("CreationTimeBefore", "CreationTime", lambda value, limit: value < limit - half),
        ("LastModifiedTimeAfter", "LastModifiedTime", lambda value, limit: value > limit + half),
        ("LastModifiedTimeBefore", "LastModifiedTime", lambda value, limit: value < limit - half),
    )
    for param, field_name, keep in bounds:
        limit = params.get(param)
        if limit is not None:
            items = [s for s in items if s.get(field_name) is not None and keep(s[field_name], limit)]
    sort_by = params.get("SortBy") or documented_default(operation, "SortBy", "CreationTime")
    sort_field = {"Name": name_field, "CreationTime": "CreationTime", "Status": status_field}
    sort_field.update(sort_fields or {})
    key = sort_field.get(sort_by) or "CreationTime"
    if sort_by in (sort_fields or {}):
        # AWS leaves out what has no value to sort by (e.g. jobs without an objective metric).
        items = [s for s in items if _get(s, key) is not None]
    order = params.get("SortOrder") or documented_default(operation, "SortOrder", "Descending")
    items.sort(key=lambda s: (_get(s, key) or 0, s[name_field]), reverse=order == "Descending")
    start = token_offset(params.get("NextToken"))
    size = params.get("MaxResults", _DEFAULT_MAX_RESULTS)
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, next_token(start + size) if more else None


def _get(summary: dict[str, Any], path: str) -> Any:
    """A summary's value at a dotted path ("FinalHyperParameterTuningJobObjectiveMetric.Value")."""
    value: Any = summary
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value
