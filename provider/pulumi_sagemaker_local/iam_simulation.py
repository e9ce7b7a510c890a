"""IAM SimulatePrincipalPolicy for roles, which moto 5.2.5 answers with a 500 page.

The SageMaker Python SDK v3 calls it on the execution role before every job. This evaluates the
role's inline and attached policies (from moto's IAM) for each action name: an Allow statement
whose Action matches allows it, a matching Deny denies it explicitly, nothing matching is an
implicit deny. Resources and conditions are not evaluated (every statement counts as if its
Resource matched), which is enough to tell a role that may run SageMaker jobs from one that may not.
"""

from __future__ import annotations

import fnmatch
import io
import json
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
    statements = parsed.get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def _matches(patterns: Any, action: str) -> bool:
    listed = patterns if isinstance(patterns, list) else [patterns]
    return any(fnmatch.fnmatch(action.lower(), str(p).lower()) for p in listed)


def decide(documents: list[str], action: str) -> str:
    """allowed | explicitDeny | implicitDeny, as IAM's EvalDecision spells them."""
    allowed = False
    for document in documents:
        for statement in statements(document):
            if "Action" in statement:
                hit = _matches(statement["Action"], action)
            else:
                hit = "NotAction" in statement and not _matches(statement["NotAction"], action)
            if hit and statement.get("Effect") == "Deny":
                return "explicitDeny"
            allowed = allowed or (hit and statement.get("Effect") == "Allow")
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
        f"<EvalDecision>{decide(documents, action)}</EvalDecision>"
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
