"""A resource's own `region`: where it lives when that is not the stack's `aws:region`.

Operator manifests carry `spec.region` (required there), so a manifest's spec deploys unchanged with it;
in Python it is the same per-resource region pulumi-aws 7 offers. Moving a resource to another region
replaces it; naming the region it is in already (the stack's) changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec import Failure, is_unknown
from ..spec.keys import normalise
from ..spec.rules import check_region

REGION = "region"
# The original operator's `spec.sageMakerEndpoint` (a custom SageMaker API URL for one resource).
OPERATOR_ENDPOINT = "sage_maker_endpoint"
OPERATOR_ENDPOINT_REASON = (
    "is not taken per resource here: every call of a stack goes to one place, set with "
    "`pulumi config set sagemaker:endpointUrl <url>` (remove it from the spec)"
)


def find_region(news: Mapping[str, Any]) -> tuple[str | None, Any]:
    """The key the user wrote for `region` (any casing) and its value, or (None, None)."""
    for key, value in news.items():
        if isinstance(key, str) and normalise(key) == REGION:
            return key, value
    return None, None


def refuse_operator_endpoint(news: Mapping[str, Any]) -> list[Failure]:
    """An operator's `sageMakerEndpoint`, refused with the way to get the same."""
    return [
        Failure(key, OPERATOR_ENDPOINT_REASON)
        for key, value in news.items()
        if isinstance(key, str) and normalise(key) == normalise(OPERATOR_ENDPOINT) and value is not None
    ]


def check_region_option(news: Mapping[str, Any]) -> tuple[Any, list[Failure]]:
    """The canonical value of `region` (None when not given) and what is wrong with it (and with an
    operator's `sageMakerEndpoint`)."""
    failures = refuse_operator_endpoint(news)
    key, value = find_region(news)
    if key is None or value is None or is_unknown(value):
        return value, failures
    reason = check_region(value)
    return value, failures + ([Failure(key, reason)] if reason else [])


def region_moved(olds: Mapping[str, Any], news: Mapping[str, Any], default: str | None) -> bool:
    """Does the resource move to another region? `olds` (the outputs) record where it is; `news` name a
    region or leave it to the stack's, `default`. Unknown in a preview: it may move. When neither says
    (a region that only a profile sets), nothing tells of a move."""
    new = news.get(REGION)
    if is_unknown(new):
        return True
    old, new = olds.get(REGION) or default, new or default
    return old is not None and new is not None and old != new
