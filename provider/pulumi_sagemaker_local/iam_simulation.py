"""IAM SimulatePrincipalPolicy for roles, which moto 5.2.5 answers with a 500 page.

The SageMaker Python SDK v3 calls it on the execution role before every job (actions alone), and
before it stages a job's code, for `s3:PutObject` on its default bucket (falling back to the
job's output bucket when that is denied). This evaluates the role's inline and attached policies
(from moto's IAM) for each action and resource: a statement applies when its Action (or
NotAction) and its Resource (or NotResource) match, with IAM's `*` and `?` wildcards; a matching
Deny denies explicitly, a matching Allow allows, nothing matching is an implicit deny. Without
ResourceArns the resource is `*`, as IAM defaults it: a statement scoped to particular resources
does not apply then.
Conditions and policy variables are not evaluated.
"""

from __future__ import annotations

import io
import json
import re
import urllib.parse
import uuid
from typing import Any
from xml.sax.saxutils import escape

from . import moto_backends
from .wsgi import StartResponse, WSGIEnviron, respond

_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"


def _members(form: dict[str, list[str]], name: str) -> list[str]:
    numbered = sorted(
        (int(key.rsplit(".", 1)[1]), values[0])
        for key, values in form.items()
        if key.startswith(f"{name}.member.")
    )
    return [value for _, value in numbered]


def statements(document: str) -> list[dict[str, Any]]:
    try:
        parsed = json.loads(document)
    except ValueError:
        parsed = json.loads(urllib.parse.unquote(document))
    found = parsed.get("Statement", [])
    return found if isinstance(found, list) else [found]


def _listed(patterns: Any) -> list[str]:
    return [str(p) for p in (patterns if isinstance(patterns, list) else [patterns])]


def _wildcard(pattern: str) -> re.Pattern[str]:
    # IAM's ARN wildcards: `*` any run of characters, `?` one; everything else literal (no [] classes).
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.S)


def _matches_action(patterns: Any, action: str) -> bool:
    # Action names are case-insensitive in IAM.
    return any(_wildcard(p.lower()).fullmatch(action.lower()) for p in _listed(patterns))


def _matches_resource(patterns: Any, resource: str) -> bool:
    return any(_wildcard(p).fullmatch(resource) for p in _listed(patterns))


def _applies(statement: dict[str, Any], action: str, resource: str) -> bool:
    if "Action" in statement:
        action_hit = _matches_action(statement["Action"], action)
    else:
        action_hit = "NotAction" in statement and not _matches_action(statement["NotAction"], action)
    if "Resource" in statement:
        resource_hit = _matches_resource(statement["Resource"], resource)
    else:
        excluded = statement.get("NotResource")
        resource_hit = excluded is not None and not _matches_resource(excluded, resource)
    return action_hit and resource_hit


def decide(documents: list[str], action: str, resource: str = "*") -> str:
    """allowed | explicitDeny | implicitDeny, as IAM's EvalDecision spells them."""
    allowed = False
    for document in documents:
        for statement in statements(document):
            if not _applies(statement, action, resource):
                continue
            if statement.get("Effect") == "Deny":
                return "explicitDeny"
            allowed = allowed or statement.get("Effect") == "Allow"
    return "allowed" if allowed else "implicitDeny"


def _error(start_response: StartResponse, status: int, code: str, message: str) -> list[bytes]:
    body = (
        f'<ErrorResponse xmlns="{_NAMESPACE}"><Error><Type>Sender</Type><Code>{code}</Code>'
        f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
    )
    return respond(start_response, status, body.encode(), "text/xml")


def simulate(form: dict[str, list[str]], start_response: StartResponse) -> list[bytes]:
    source = (form.get("PolicySourceArn") or [""])[0]
    kind, _, path = source.partition(":role/") if ":role/" in source else ("", "", "")
    partition = source.split(":")[1] if source.count(":") >= 5 else "aws"
    found = moto_backends.role(path.rsplit("/", 1)[-1], partition) if kind else None
    if found is None:
        return _error(start_response, 404, "NoSuchEntity", f"The role with ARN {source} cannot be found.")
    _, documents = found
    resources = _members(form, "ResourceArns") or ["*"]
    results = "".join(
        f"<member><EvalActionName>{escape(action)}</EvalActionName>"
        f"<EvalResourceName>{escape(resource)}</EvalResourceName>"
        f"<EvalDecision>{decide(documents, action, resource)}</EvalDecision>"
        "<MatchedStatements/><MissingContextValues/></member>"
        for action in _members(form, "ActionNames")
        for resource in resources
    )
    body = (
        f'<SimulatePrincipalPolicyResponse xmlns="{_NAMESPACE}"><SimulatePrincipalPolicyResult>'
        f"<IsTruncated>false</IsTruncated><EvaluationResults>{results}</EvaluationResults>"
        f"</SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId>"
        "</ResponseMetadata></SimulatePrincipalPolicyResponse>"
    )
    return respond(start_response, 200, body.encode(), "text/xml")


def intercept(environ: WSGIEnviron, start_response: StartResponse) -> list[bytes] | None:
    """Answer an IAM SimulatePrincipalPolicy request; None (body left readable) for anything else."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(raw)  # moto reads it again when this is not ours
    form = urllib.parse.parse_qs(raw.decode(errors="replace"))
    if (form.get("Action") or [""])[0] != "SimulatePrincipalPolicy":
        return None
    return simulate(form, start_response)
