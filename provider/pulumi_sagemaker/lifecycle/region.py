"""A resource's own `region`, and its own SageMaker API endpoint: where it lives and how it is reached
when that is not the stack's `aws:region` and `sagemaker:endpointUrl`.

Operator manifests carry `spec.region` (required there), so a manifest's spec deploys unchanged with it;
in Python it is the same per-resource region pulumi-aws 7 offers. Moving a resource to another region
replaces it; naming the region it is in already (the stack's) changes nothing. Their optional
`spec.sageMakerEndpoint` (a PrivateLink VPC endpoint, say) sends that resource's SageMaker calls there,
and only its SageMaker calls; changing it moves no resource.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..shapes import Failure, check_region, is_unknown, normalise

REGION = "region"
# The original operator's `spec.sageMakerEndpoint` (a custom SageMaker API URL for one resource).
OPERATOR_ENDPOINT = "sage_maker_endpoint"
# The operator's CRDs: `+kubebuilder:validation:Pattern="^(https|http)://.*$"`.
_URL = re.compile(r"https?://[^\s/]+.*")


def find_region(news: Mapping[str, Any]) -> tuple[str | None, Any]:
    """The key the user wrote for `region` (any casing) and its value, or (None, None)."""
    for key, value in news.items():
        if isinstance(key, str) and normalise(key) == REGION:
            return key, value
    return None, None


def check_endpoint_option(news: Mapping[str, Any]) -> tuple[Any, list[Failure]]:
    """The value of `sage_maker_endpoint` (None when not given) and what is wrong with it."""
    wanted = normalise(OPERATOR_ENDPOINT)
    found = [
        (k, v) for k, v in news.items() if isinstance(k, str) and normalise(k) == wanted and v is not None
    ]
    if not found:
        return None, []
    key, value = found[0]
    failures = [Failure(k, f"given twice (also as {key!r})") for k, _ in found[1:]]
    if not is_unknown(value) and not (isinstance(value, str) and _URL.fullmatch(value)):
        failures.append(
            Failure(
                key,
                f"must be the http(s):// URL of a SageMaker API endpoint (a VPC endpoint's), got {value!r}",
            )
        )
    return value, failures


def check_region_option(news: Mapping[str, Any]) -> tuple[Any, list[Failure]]:
    """The canonical value of `region` (None when not given) and what is wrong with it."""
    key, value = find_region(news)
    if key is None or value is None or is_unknown(value):
        return value, []
    reason = check_region(value)
    return value, [Failure(key, reason)] if reason else []


def region_moved(olds: Mapping[str, Any], news: Mapping[str, Any], default: str | None) -> bool:
    """Does the resource move to another region? `olds` (the outputs) record where it is; `news` name a
    region or leave it to the stack's, `default`. Unknown in a preview: it may move. When neither says
    (a region that only a profile sets), nothing tells of a move."""
    new = news.get(REGION)
    if is_unknown(new):
        return True
    old, new = olds.get(REGION) or default, new or default
    return old is not None and new is not None and old != new
