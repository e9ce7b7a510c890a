"""Tags of one SageMaker resource: read, changed in place, made exactly what the spec says.

`call(operation, **params)` is the caller's way into SageMaker (`Aws.call`, or a rollout's call that
words refusals for its resource).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..aws import items

Call = Callable[..., dict[str, Any]]


def tags_of(call: Call, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in items(call, "ListTags", ResourceArn=arn, MaxResults=100)}


def retag(call: Call, arn: str, old: Mapping[str, str], new: Mapping[str, str]) -> None:
    """From `old` to `new`: DeleteTags for the keys gone, AddTags for the keys added or changed."""
    removed = sorted(set(old) - set(new))
    added = {k: v for k, v in new.items() if old.get(k) != v}
    if removed:
        call("DeleteTags", ResourceArn=arn, TagKeys=removed)
    if added:
        call("AddTags", ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in added.items()])


# Tags this package keeps on resources for its own bookkeeping (serving.py): never the user's to remove.
OWN_PREFIX = "pulumi-sagemaker:"


def reconcile(call: Call, arn: str, wanted: Mapping[str, str]) -> None:
    """Make the user's tags exactly `wanted`, whatever they are now (an adopted or reused resource)."""
    found = tags_of(call, arn)
    own = {k: v for k, v in found.items() if k.startswith(OWN_PREFIX)}
    retag(call, arn, found, {**own, **wanted})
