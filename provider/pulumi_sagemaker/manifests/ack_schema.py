"""ACK's spellings and the shapes of its CRDs, as data.

`ack_crds.json` is the `spec` schema of the ACK CRDs this package writes and reads (SageMaker's
TrainingJob, HyperParameterTuningJob, TransformJob, ProcessingJob, Model, EndpointConfig, Endpoint;
Application Auto Scaling's ScalableTarget and ScalingPolicy), reduced to property names, types and
required lists by `scripts/extract-ack-crds` from the controllers' `helm/crds` (sagemaker-controller
dc49707, applicationautoscaling-controller 495c0e8; Apache-2.0). Kubernetes prunes fields a CRD does not
declare without a word, so a converted document is checked against it field by field.

ACK spells a member as botocore's lowerCamelCase but for two rules (checked against every member of the
seven kinds): Arn/Id/Ids/Uri/Url/Kms/Ami are capitalised except as the first word (roleARN, s3URI,
kmsKeyID, securityGroupIDs), and a member named `Type` is `type_`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ..shapes import CAMEL, info, render
from .standins import holds_unknown

_INITIALISM = re.compile(r"(?<=[a-z0-9])(Arn|Ids|Id|Uri|Url|Kms|Ami)(?=[A-Z]|$)")


@cache
def ack_name(member: str) -> str:
    """An API member name (PascalCase) as ACK spells it."""
    if member == "Type":
        return "type_"
    return _INITIALISM.sub(
        lambda m: "IDs" if m.group(1) == "Ids" else m.group(1).upper(), render(member, CAMEL)
    )


def ack_key(key: str) -> str:
    """A lowerCamelCase key as ACK spells it (error paths of an ACK document)."""
    return ack_name(key[:1].upper() + key[1:]) if key[:1].islower() else key


@cache
def crds() -> dict[str, Any]:
    text = resources.files(__name__.rpartition(".")[0]).joinpath("ack_crds.json").read_text(encoding="utf-8")
    return json.loads(text)


def crd(api_version: str, kind: str) -> dict[str, Any] | None:
    return crds().get(f"{api_version}/{kind}")


def from_request(shape: str, request: Any) -> Any:
    """A PascalCase request (or part of one) of the SageMaker shape `shape`, spelled as ACK spells it: tag
    lists become [{key, value}], maps stay maps (their keys are user data)."""
    found = info(shape)
    if found.type == "structure" and isinstance(request, dict):
        out = {}
        for key, value in request.items():
            member = found.by_api.get(key)
            out[ack_name(key)] = from_request(member.shape, value) if member else value
        return out
    if found.type == "list" and isinstance(request, list):
        return [from_request(found.member, v) for v in request]  # type: ignore[arg-type]
    if found.type == "map" and isinstance(request, dict):
        return {k: from_request(found.value, v) for k, v in request.items()}  # type: ignore[arg-type]
    return request


def from_keys(request: Any) -> Any:
    """A PascalCase request of a service without maps of user data (Application Auto Scaling's), spelled
    as ACK spells it."""
    if isinstance(request, dict):
        return {ack_name(k): from_keys(v) for k, v in request.items()}
    if isinstance(request, list):
        return [from_keys(v) for v in request]
    return request


_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "map": (dict,),
    "array": (list,),
}


def mismatches(schema: dict[str, Any], value: Any, path: str = "spec") -> list[tuple[str, str]]:
    """(path, reason) for each place `value` does not fit `schema`: a field the CRD does not declare (it
    would be pruned), a value of another type, a required field missing."""
    kind = schema.get("type")
    if kind in ("any", "int-or-string", None):
        return []
    if holds_unknown(value) and not isinstance(value, dict | list):
        return []  # a value known later (an output, a placeholder kept as written) is not judged
    allowed = _TYPES.get(kind, ())
    # A bool is an int to Python, not to the CRD.
    if allowed and (not isinstance(value, allowed) or (kind != "boolean" and isinstance(value, bool))):
        return [(path, f"is {type(value).__name__}, the CRD has {kind}")]
    found: list[tuple[str, str]] = []
    if kind == "object" and "properties" in schema and isinstance(value, dict):
        props = schema["properties"]
        for key, item in value.items():
            if key not in props:
                found.append((f"{path}.{key}", "is not in the CRD (Kubernetes would drop it)"))
            else:
                found += mismatches(props[key], item, f"{path}.{key}")
        found += [
            (f"{path}.{r}", "is required by the CRD") for r in schema.get("required", ()) if r not in value
        ]
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            found += mismatches(schema["values"], item, f"{path}.{key}")
    elif kind == "array":
        for i, item in enumerate(value):
            found += mismatches(schema["items"], item, f"{path}[{i}]")
    return found
