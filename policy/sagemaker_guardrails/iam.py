"""IAM documents as pulumi-aws resources carry them, and the two IAM rules of the pack."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator, Mapping
from typing import Any

FULL_ACCESS = "AmazonSageMakerFullAccess"

# Where pulumi-aws resources carry identity-policy documents (JSON strings), camelCase as sent.
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "aws:iam/rolePolicy:RolePolicy": ("policy",),
    "aws:iam/policy:Policy": ("policy",),
    "aws:iam/userPolicy:UserPolicy": ("policy",),
    "aws:iam/groupPolicy:GroupPolicy": ("policy",),
    "aws:iam/role:Role": ("inlinePolicies", "*", "policy"),
}
# Where they carry managed-policy ARNs.
ATTACHMENTS: dict[str, tuple[str, ...]] = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ("policyArn",),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ("policyArn",),
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ("policyArn",),
    "aws:iam/policyAttachment:PolicyAttachment": ("policyArn",),
    "aws:iam/role:Role": ("managedPolicyArns", "*"),
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ("policyArns", "*"),
}
GUARDED_ACTIONS = ("s3:*", "iam:PassRole")


def statements(document: Any) -> list[Mapping[str, Any]]:
    parsed = json.loads(document) if isinstance(document, str) else document
    listed = parsed.get("Statement", []) if isinstance(parsed, Mapping) else []
    return [listed] if isinstance(listed, Mapping) else list(listed)


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value or [])


def _may_match(pattern: str, guarded: str) -> bool:
    """Could the action `pattern` (IAM wildcards allowed) grant an action that `guarded` covers?"""
    pattern, guarded = pattern.lower(), guarded.lower()
    return fnmatch.fnmatchcase(guarded, pattern) or fnmatch.fnmatchcase(pattern, guarded)


def is_wildcard_resource(resource: str, action: str) -> bool:
    """A resource that names no particular bucket (s3) or role (iam:PassRole)."""
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) < 6:
        return "*" in resource
    name = parts[5]
    if action.startswith("s3"):
        return name.startswith("*")  # arn:aws:s3:::* or :::*/...: any bucket
    return parts[4] in ("*", "") or name in ("*", "role/*") or name.startswith("*")


def wildcard_grants(document: Any) -> Iterator[str]:
    """Describe each Allow statement granting S3 or iam:PassRole on a wildcard resource."""
    for i, statement in enumerate(statements(document)):
        if statement.get("Effect") != "Allow":
            continue
        sid = statement.get("Sid") or f"#{i}"
        actions = _as_list(statement.get("Action"))
        if "NotAction" in statement:
            actions = ["*"]
        for guarded in GUARDED_ACTIONS:
            granted = [a for a in actions if _may_match(a, guarded)]
            if not granted:
                continue
            if "NotResource" in statement:
                yield f"statement {sid} grants {', '.join(granted)} on NotResource (every other resource)"
                continue
            wild = [r for r in _as_list(statement.get("Resource")) if is_wildcard_resource(r, guarded)]
            if wild:
                yield f"statement {sid} grants {', '.join(granted)} on {', '.join(wild)}"
