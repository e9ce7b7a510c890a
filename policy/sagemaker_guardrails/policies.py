"""The pack's policies. Each is a ResourceValidationPolicy whose `validate` can be called directly with a
ResourceValidationArgs (tests do); per-environment settings come from the policy config (config_for.py
derives it from the stack file's `guardrails`), and an environment turns a rule off with its enforcement
level `disabled`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import (
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from . import iam, resources
from .resources import nodes


def _kind_rule(table: Mapping[str, Any]):
    """Run a check only on the pulumi-sagemaker kinds listed in `table` (others: not applicable)."""

    def wrap(check):
        def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
            kind = resources.kind(args.resource_type)
            if kind not in table:
                return
            for message in check(kind, args):
                report(message, None)

        return validate

    return wrap


@_kind_rule(resources.KMS)
def _kms(kind: str, args: ResourceValidationArgs) -> Iterator[str]:
    for anchor, key in resources.KMS[kind]:
        for where in resources.missing(args.props, anchor, key):
            yield f"{kind} {args.name}: {where} is not set; this environment encrypts volumes and outputs"


@_kind_rule(resources.NETWORK_UNITS)
def _network(kind: str, args: ResourceValidationArgs) -> Iterator[str]:
    require = args.get_config().get("require", "vpcOrIsolation")
    for anchor in resources.NETWORK_UNITS[kind]:
        for where, unit in nodes(args.props, anchor):
            in_vpc = resources.present(unit, ("vpc_config", "subnets"))
            isolated = any(v is True for _, v in nodes(unit, ("enable_network_isolation",)))
            ok = {"vpc": in_vpc, "isolation": isolated, "vpcOrIsolation": in_vpc or isolated}[require]
            if not ok:
                wanted = {"vpc": "vpc_config", "isolation": "enable_network_isolation: true"}.get(
                    require, "vpc_config or enable_network_isolation: true"
                )
                yield f"{kind} {args.name}: {where} needs {wanted} in this environment"


@_kind_rule(resources.INSTANCE_TYPES)
def _instance_types(kind: str, args: ResourceValidationArgs) -> Iterator[str]:
    allowed = list(args.get_config().get("allowedInstanceTypes") or [])
    for path in resources.INSTANCE_TYPES[kind]:
        for where, value in nodes(args.props, path):
            if value not in allowed:
                yield f"{kind} {args.name}: {where} {value!r} is not allowed (allowed: {', '.join(allowed)})"


@_kind_rule(resources.TRAINING_RUNTIME)
def _training_runtime(kind: str, args: ResourceValidationArgs) -> Iterator[str]:
    limit = args.get_config().get("maxRuntimeInSeconds")
    for path in resources.TRAINING_RUNTIME[kind]:
        found = list(nodes(args.props, path))
        if not found and path[0] == "stopping_condition":  # a tuning job has one of two definitions
            yield f"{kind} {args.name}: {'.'.join(path)} is not set (at most {limit} s here)"
        for where, value in found:
            if limit is not None and float(value) > float(limit):
                yield f"{kind} {args.name}: {where} is {value:g} s, more than the {limit} s allowed here"


def _protected_hosting(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if resources.kind(args.resource_type) == resources.HOSTING and not args.opts.protect:
        report(f"HostingDeployment {args.name} must be protected here (ResourceOptions(protect=True))", None)


def _no_full_access(args: ResourceValidationArgs, report: ReportViolation) -> None:
    path = iam.ATTACHMENTS.get(args.resource_type)
    for where, arn in nodes(args.props, path) if path else []:
        if isinstance(arn, str) and arn.endswith(f"/{iam.FULL_ACCESS}"):
            report(
                f"{args.resource_type.rsplit(':', 1)[1]} {args.name}: {where} attaches {iam.FULL_ACCESS}",
                None,
            )


def _no_wildcards(args: ResourceValidationArgs, report: ReportViolation) -> None:
    path = iam.DOCUMENTS.get(args.resource_type)
    for where, document in nodes(args.props, path) if path else []:
        for grant in iam.wildcard_grants(document):
            report(f"{args.name}: {where}: {grant}; name the buckets and roles", None)


KMS_ENCRYPTION = ResourceValidationPolicy(
    name="sagemaker-kms-encryption",
    description="SageMaker volumes and outputs are encrypted with a customer KMS key.",
    validate=_kms,
)
NETWORK = ResourceValidationPolicy(
    name="sagemaker-network",
    description="SageMaker jobs and models run in a VPC, or with network isolation, as the environment says.",
    validate=_network,
    config_schema=PolicyConfigSchema(
        properties={"require": {"type": "string", "enum": ["vpc", "isolation", "vpcOrIsolation"]}},
        required=["require"],
    ),
)
INSTANCE_TYPES = ResourceValidationPolicy(
    name="sagemaker-instance-types",
    description="SageMaker instance types come from the environment's allowlist.",
    validate=_instance_types,
    config_schema=PolicyConfigSchema(
        properties={"allowedInstanceTypes": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
        required=["allowedInstanceTypes"],
    ),
)
TRAINING_RUNTIME = ResourceValidationPolicy(
    name="sagemaker-max-training-runtime",
    description="Training and tuning jobs stop within the environment's maximum runtime.",
    validate=_training_runtime,
    config_schema=PolicyConfigSchema(
        properties={"maxRuntimeInSeconds": {"type": "integer", "minimum": 1}},
        required=["maxRuntimeInSeconds"],
    ),
)
PROTECTED_HOSTING = ResourceValidationPolicy(
    name="sagemaker-protect-hosting",
    description="Hosting deployments are protected from deletion and replacement.",
    validate=_protected_hosting,
)
NO_FULL_ACCESS = ResourceValidationPolicy(
    name="iam-no-sagemaker-full-access",
    description="No role, user or group is given AmazonSageMakerFullAccess: grant what the workload needs.",
    validate=_no_full_access,
)
NO_WILDCARDS = ResourceValidationPolicy(
    name="iam-no-wildcard-s3-or-passrole",
    description="IAM policies grant S3 and iam:PassRole on named buckets, prefixes and roles, never on '*'.",
    validate=_no_wildcards,
)

POLICIES = [
    KMS_ENCRYPTION,
    NETWORK,
    INSTANCE_TYPES,
    TRAINING_RUNTIME,
    PROTECTED_HOSTING,
    NO_FULL_ACCESS,
    NO_WILDCARDS,
]
