"""Autoscaling documents, attached to the endpoint variants they target.

The operator's HostingAutoscalingPolicy names `resourceId: [{endpointName, variantName}]`; ACK's
ScalableTarget and ScalingPolicy name `resourceID: endpoint/<endpoint>/variant/<variant>`. Each becomes
the `autoscaling` block of that variant: of a HostingDeployment's production variant, or in a standalone
Endpoint's `autoscaling` (by variant name). The endpoint is found among these manifests by its SageMaker
name (`spec.endpointName`) or, for a HostingDeployment, its metadata.name; one that names an endpoint no
manifest here deploys is an error (pulumi-aws's appautoscaling.Target and Policy autoscale the others).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from ..hosting import scaling
from ..shapes import normalise
from .catalog import OPERATOR
from .errors import Problem, Where
from .specs import Attachment, Planned, key_of, member

DIMENSION, NAMESPACE = scaling.DIMENSION, scaling.NAMESPACE
_RESOURCE_ID = re.compile(r"endpoint/(?P<endpoint>[^/]+)/variant/(?P<variant>[^/]+)")
# Fields of each document, as the operator's Go types and ACK's CRDs name them (lowerCamelCase).
HAP_FIELDS = (
    "region",
    "minCapacity",
    "maxCapacity",
    "scalableDimension",
    "policyName",
    "policyType",
    "resourceId",
    "serviceNamespace",
    "suspendedState",
    "sageMakerEndpoint",
    "targetTrackingScalingPolicyConfiguration",
)
TARGET_FIELDS = (
    "maxCapacity",
    "minCapacity",
    "resourceID",
    "roleARN",
    "roleRef",
    "scalableDimension",
    "serviceNamespace",
    "suspendedState",
)
POLICY_FIELDS = (
    "policyName",
    "policyType",
    "resourceID",
    "scalableDimension",
    "serviceNamespace",
    "stepScalingPolicyConfiguration",
    "targetTrackingScalingPolicyConfiguration",
)
UNSUPPORTED = {
    "sagemakerendpoint": "applies to SageMaker's calls; autoscaling calls go to Application Auto Scaling "
    "(where `aws:endpoints` sends them): remove it",
    "rolearn": "is not taken: Application Auto Scaling uses its service-linked role for SageMaker; remove it",
    "roleref": "is not taken: Application Auto Scaling uses its service-linked role for SageMaker; remove it",
    "stepscalingpolicyconfiguration": "step scaling is not supported here (target tracking is); use "
    'targetTrackingScalingPolicyConfiguration, or let ACK\'s controller apply it (via="cluster")',
}


@dataclass
class Target:
    """The autoscaling one variant gets, and where it came from."""

    endpoint: str
    variant: str
    where: Where
    path: str  # of the endpoint/variant reference, as written
    region: Any = None
    bounds: dict[str, Any] = field(default_factory=dict)  # minCapacity, maxCapacity, suspendedState
    policies: list[dict[str, Any]] = field(default_factory=list)
    has_bounds: bool = False

    def block(self) -> dict[str, Any]:
        return {**self.bounds, **({"policies": self.policies} if self.policies else {})}


def _check_fields(attachment: Attachment, known: tuple[str, ...], problems: list[Problem]) -> bool:
    ok = True
    allowed = {normalise(k) for k in known}
    for key in attachment.spec:
        n = normalise(str(key))
        if n in UNSUPPORTED and attachment.spec[key] is not None:
            problems.append(Problem(attachment.where, f"spec.{key}", UNSUPPORTED[n]))
            ok = False
        elif n not in allowed:
            problems.append(
                Problem(
                    attachment.where, f"spec.{key}", f"unknown field; the fields here are: {', '.join(known)}"
                )
            )
            ok = False
    return ok


def _check_constants(attachment: Attachment, problems: list[Problem]) -> bool:
    spec, ok = attachment.spec, True
    for key, wanted in (("serviceNamespace", NAMESPACE), ("scalableDimension", DIMENSION)):
        value = member(spec, key)
        if value is not None and value != wanted:
            written = key_of(spec, key)
            problems.append(
                Problem(
                    attachment.where,
                    f"spec.{written}",
                    f"must be {wanted!r} for a SageMaker variant, got {value!r}",
                )
            )
            ok = False
    policy_type = member(spec, "policyType")
    if policy_type not in (None, "TargetTrackingScaling"):
        reason = (
            UNSUPPORTED["stepscalingpolicyconfiguration"]
            if policy_type == "StepScaling"
            else f"must be TargetTrackingScaling, got {policy_type!r}"
        )
        problems.append(Problem(attachment.where, f"spec.{key_of(spec, 'policyType')}", reason))
        ok = False
    return ok


def _policy(spec: dict[str, Any]) -> dict[str, Any] | None:
    config_key = key_of(spec, "targetTrackingScalingPolicyConfiguration")
    if config_key is None:
        return None
    policy: dict[str, Any] = {config_key: spec[config_key]}
    name_key = key_of(spec, "policyName")
    if name_key is not None:
        policy[name_key] = spec[name_key]
    return policy


def _bounds(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        key_of(spec, k): spec[key_of(spec, k)]  # type: ignore[index]
        for k in ("minCapacity", "maxCapacity", "suspendedState")
        if key_of(spec, k) is not None
    }


def _validate(
    target: Target, policy_spec: dict[str, Any] | None, problems: list[Problem], where: Where
) -> bool:
    """The block through the autoscaling checks, its failures placed on the document's own fields."""
    block = {**target.bounds, **({"policies": [policy_spec]} if policy_spec else {})}
    if not target.has_bounds:
        block.setdefault("minCapacity", 1)
        block.setdefault("maxCapacity", 1)
    _, failures = scaling.canonicalize(block, "spec")
    for failure in failures:
        problems.append(Problem(where, _written_path(failure.path, policy_spec), failure.reason))
    return not failures


def _written_path(path: str, policy: dict[str, Any] | None) -> str:
    """`spec.policies[0].targetValue` (the checks see one flattened policy) as the document has it."""
    if not path.startswith("spec.policies[0]") or policy is None:
        return path
    rest = path.removeprefix("spec.policies[0]").lstrip(".")
    config = (
        key_of(policy, "targetTrackingScalingPolicyConfiguration")
        or "targetTrackingScalingPolicyConfiguration"
    )
    head, _, inner = rest.partition(".")
    if normalise(head) == normalise(config):
        rest = inner  # the checks kept the document's own nesting: it is not to be added twice
    if not rest:
        return f"spec.{config}"
    if normalise(rest) == "policyname":
        return f"spec.{key_of(policy, 'policyName') or rest}"
    if normalise(rest) == "predefinedmetrictype":
        return f"spec.{config}.predefinedMetricSpecification.{rest}"
    return f"spec.{config}.{rest}"


def targets(attachments: list[Attachment], problems: list[Problem]) -> list[Target]:
    """Each attachment's variants and the autoscaling they get, checked."""
    found: list[Target] = []
    by_id: dict[tuple[str, str], Target] = {}
    policies: list[tuple[Attachment, str, str, str, dict[str, Any]]] = []
    for attachment in attachments:
        kind, spec = attachment.entry.kind, attachment.spec
        if attachment.entry.flavour == OPERATOR:
            if not (_check_fields(attachment, HAP_FIELDS, problems) & _check_constants(attachment, problems)):
                continue
            found += _hap(attachment, problems)
        elif kind == "ScalableTarget":
            if not (
                _check_fields(attachment, TARGET_FIELDS, problems) & _check_constants(attachment, problems)
            ):
                continue
            ref = _resource_id(attachment, problems)
            if ref is None:
                continue
            target = Target(
                *ref, attachment.where, f"spec.{key_of(spec, 'resourceID')}", bounds=_bounds(spec)
            )
            target.has_bounds = True
            if _validate(target, None, problems, attachment.where):
                if (target.endpoint, target.variant) in by_id:
                    problems.append(
                        Problem(
                            attachment.where,
                            target.path,
                            "registers a variant another ScalableTarget here registers",
                        )
                    )
                    continue
                by_id[(target.endpoint, target.variant)] = target
                found.append(target)
        else:  # ScalingPolicy
            if not (
                _check_fields(attachment, POLICY_FIELDS, problems) & _check_constants(attachment, problems)
            ):
                continue
            ref = _resource_id(attachment, problems)
            if ref is not None:
                policies.append((attachment, *ref, f"spec.{key_of(spec, 'resourceID')}", _policy(spec) or {}))
    for attachment, endpoint, variant, path, policy in policies:
        target = by_id.get((endpoint, variant))
        if target is None:
            problems.append(
                Problem(
                    attachment.where,
                    path,
                    f"no ScalableTarget in these manifests registers endpoint/{endpoint}/variant/{variant}: "
                    "add one "
                    "(its minCapacity and maxCapacity bound what this policy scales)",
                )
            )
            continue
        check = Target(endpoint, variant, attachment.where, path, bounds=target.bounds, has_bounds=True)
        if policy and _validate(check, policy, problems, attachment.where):
            target.policies.append(policy)
    return found


def _hap(attachment: Attachment, problems: list[Problem]) -> list[Target]:
    spec, where = attachment.spec, attachment.where
    ids_key = key_of(spec, "resourceId") or "resourceId"
    ids = member(spec, "resourceId")
    if not isinstance(ids, list) or not ids:
        problems.append(
            Problem(where, f"spec.{ids_key}", "is required: a list of {endpointName, variantName}")
        )
        return []
    policy = _policy(spec)
    bounds = _bounds(spec)
    found = []
    for i, item in enumerate(ids):
        path = f"spec.{ids_key}[{i}]"
        endpoint, variant = member(item, "endpointName"), member(item, "variantName")
        if not isinstance(endpoint, str) or not isinstance(variant, str):
            problems.append(Problem(where, path, "must be an object with an endpointName and a variantName"))
            continue
        unknown = [k for k in item if normalise(str(k)) not in ("endpointname", "variantname")]
        if unknown:
            problems += [
                Problem(where, f"{path}.{k}", "unknown field; the fields here are: endpointName, variantName")
                for k in unknown
            ]
            continue
        target = Target(endpoint, variant, where, path, member(spec, "region"), dict(bounds), [], True)
        if policy:
            target.policies.append(copy.deepcopy(policy))
        found.append(target)
    if found and not _validate(found[0], policy, problems, where):
        return []
    return found


def _resource_id(attachment: Attachment, problems: list[Problem]) -> tuple[str, str] | None:
    spec = attachment.spec
    key = key_of(spec, "resourceID") or "resourceID"
    value = member(spec, "resourceID")
    match = _RESOURCE_ID.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        problems.append(
            Problem(
                attachment.where,
                f"spec.{key}",
                "must be endpoint/<endpoint name>/variant/<variant name> (a SageMaker variant), got "
                f"{value!r}",
            )
        )
        return None
    return match["endpoint"], match["variant"]


# -- attaching --------------------------------------------------------------------------------------


def endpoint_names(planned: Planned) -> set[str]:
    """The names an autoscaling document may know this resource's endpoint by."""
    resource = planned.entry.resource
    names = set()
    explicit = member(planned.spec, "endpointName")
    if isinstance(explicit, str):
        names.add(explicit)
    if resource == "HostingDeployment":
        names.add(planned.doc.name)
    return names


def attach(
    found: list[Target],
    planned: list[Planned],
    problems: list[Problem],
    elsewhere: list[Target] | None = None,
) -> None:
    """Each target onto the variant of the endpoint it names. One that names an endpoint no manifest here
    deploys goes to `elsewhere` when given (a conversion: ACK's documents name any endpoint), else it is a
    problem."""
    endpoints = {}
    for p in planned:
        if p.entry.resource in ("HostingDeployment", "Endpoint"):
            for name in endpoint_names(p):
                endpoints.setdefault(name, p)
    attached: dict[tuple[int, str], Target] = {}
    for target in found:
        owner = endpoints.get(target.endpoint)
        if owner is None and elsewhere is not None:
            elsewhere.append(target)
            continue
        if owner is None:
            known = ", ".join(sorted(endpoints)) or "none"
            problems.append(
                Problem(
                    target.where,
                    target.path,
                    f"names endpoint {target.endpoint!r}, which none of these manifests deploys (their "
                    "endpoints: "
                    f"{known}); autoscale an endpoint made elsewhere with pulumi-aws's "
                    "appautoscaling.Target and "
                    "Policy",
                )
            )
            continue
        region = owner.region
        if target.region is not None and region is not None and target.region != region:
            problems.append(
                Problem(
                    target.where, "spec.region", f"is {target.region!r}, but {owner.where} is in {region!r}"
                )
            )
            continue
        earlier = attached.get((id(owner), target.variant))
        if earlier is not None:
            if earlier.bounds != target.bounds:
                problems.append(
                    Problem(
                        target.where,
                        target.path,
                        f"bounds variant {target.variant!r} of {target.endpoint!r} otherwise than "
                        f"{earlier.where} "
                        "does (one minCapacity, maxCapacity and suspendedState per variant)",
                    )
                )
            else:
                _place(owner, target.variant, earlier.policies + target.policies, earlier, problems)
                earlier.policies = earlier.policies + target.policies
            continue
        if _place(owner, target.variant, target.policies, target, problems):
            attached[(id(owner), target.variant)] = target


def _place(
    owner: Planned, variant: str, policies: list[dict[str, Any]], target: Target, problems: list[Problem]
) -> bool:
    block = {**target.bounds, **({"policies": policies} if policies else {})}
    if owner.entry.resource == "Endpoint":
        owner.extra.setdefault("autoscaling", {})[variant] = block
        return True
    variants_key = key_of(owner.spec, "productionVariants")
    variants = owner.spec.get(variants_key) if variants_key else None
    # By position: an item that is no object (reported by the deployment's check) names no variant.
    names = [member(v, "variantName") for v in variants] if isinstance(variants, list) else []
    if variant not in names:
        shown = ", ".join(repr(n) for n in names if n) or "none"
        problems.append(
            Problem(
                target.where,
                target.path,
                f"{owner.where} has no production variant {variant!r} (its variants: {shown})",
            )
        )
        return False
    index = names.index(variant)
    assert variants_key is not None
    spec = copy.deepcopy(owner.spec)
    chosen = spec[variants_key][index]
    if key_of(chosen, "autoscaling") is not None and id(target) not in owner.attached:
        problems.append(
            Problem(
                target.where,
                target.path,
                f"variant {variant!r} of {owner.where} has an autoscaling block of its own already",
            )
        )
        return False
    chosen["autoscaling"] = block
    owner.spec = spec
    owner.attached.add(id(target))
    return True
