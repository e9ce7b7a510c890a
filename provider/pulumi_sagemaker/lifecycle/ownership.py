"""Who made a SageMaker resource: one tag on everything we create, read before anything is adopted.

Adoption is what makes a crashed or retried `pulumi up` safe (the next create finds what the last one
made, by name, instead of making a twin). Without an owner it is also how two stacks sharing an
explicit name silently take over each other's endpoint or job. So every resource we create carries
`pulumi-sagemaker:owner = <project>/<stack>/<resource>` (one tag: SageMaker allows 50, and the
user's get the other 49), and a create that finds a resource of its name adopts it only when the tag
is its own; another stack's, or none on an explicitly named resource (made outside Pulumi), is
refused unless the user says `adopt_existing=True`. A resource named by our digest of the stack and
resource carries no tag only if an older version of this provider made it: that is ours.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from ..shapes import Failure, is_unknown
from .errors import ProviderFailure

OWNER_TAG = "pulumi-sagemaker:owner"
ADOPT = "adopt_existing"
MAX_TAGS = 50  # per SageMaker resource
USER_TAGS = MAX_TAGS - 1  # one is the owner's
_VALUE_LIMIT = 256
# What a SageMaker tag value may hold ([\p{L}\p{Z}\p{N}_.:/=+\-@]*); anything else becomes "-".
_NOT_IN_VALUE = re.compile(r"[^\w .:/=+\-@]")


def owner_of(seed: Any) -> str | None:
    """The owner tag's value for a resource whose name seed is `<project>/<stack>/<resource>`."""
    if not isinstance(seed, str) or not seed:
        return None
    value = _NOT_IN_VALUE.sub("-", seed)
    if len(value) > _VALUE_LIMIT:
        value = f"{value[: _VALUE_LIMIT - 9]}-{hashlib.sha256(seed.encode()).hexdigest()[:8]}"
    return value


def with_owner(tags: Mapping[str, str] | None, owner: str | None) -> dict[str, str]:
    """The tags a resource we create carries: the user's and, when known, the owner's."""
    return {**(tags or {}), **({OWNER_TAG: owner} if owner else {})}


def check_tags(tags: Any, path: str) -> list[Failure]:
    """The user's tags leave room for the owner's, and do not set it themselves."""
    if not isinstance(tags, Mapping) or is_unknown(tags):
        return []
    failures = []
    if OWNER_TAG in tags:
        failures.append(
            Failure(f"{path}[{OWNER_TAG!r}]", "is set by the provider: it says who made the resource")
        )
    elif USER_TAGS < len(tags) <= MAX_TAGS:  # beyond 50 the shapes layer has said so
        reason = f"must be at most {USER_TAGS} tags ({MAX_TAGS} per resource, one is the owner's)"
        failures.append(Failure(path, f"{reason}, got {len(tags)}"))
    return failures


class NotOurs(ProviderFailure):
    """A resource of the requested name exists and another stack (or no Pulumi stack) made it."""

    def __init__(self, kind: str, name: str, found: str | None, owner: str | None) -> None:
        self.found, self.owner = found, owner
        whose = (
            f"belongs to {found} (its {OWNER_TAG} tag; this is {owner})"
            if found
            else f"was not made by a Pulumi stack (it has no {OWNER_TAG} tag)"
        )
        super().__init__(
            f"{kind} {name} already exists in SageMaker and {whose}: nothing was changed. Give this "
            f"resource another name, or set {ADOPT}=True to take it over deliberately (then remove it "
            "from the program or state that manages it now, or both will change it)."
        )


def refusal(
    kind: str, name: str, tags: Mapping[str, str], owner: str | None, explicit: bool, adopt: bool
) -> NotOurs | None:
    """Why a create may not adopt the resource it found (None: it may)."""
    found = tags.get(OWNER_TAG)
    if adopt or owner is None or found == owner:
        return None
    if found is None and not explicit:
        return None  # our digest's name, made before resources were tagged: ours
    return NotOurs(kind, name, found, owner)
