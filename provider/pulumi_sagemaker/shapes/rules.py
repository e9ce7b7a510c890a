"""Domain rules the service model cannot express, applied by member name and shape.

Each rule replaces the model's raw regular expression with a reason a user can act on; when a rule
passes, the model's own length and pattern checks still run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

from .checks import describe
from .keys import close_matches
from .model import SERVICE, ShapeInfo, info

Rule = Callable[[str], str | None]

# The model's RoleArn pattern allows `role` without a slash and a restricted alphabet; this is the shape
# of every role ARN IAM hands out (path and name after `role/`).
ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/\S+")
ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/SageMakerExecutionRole"

# S3 bucket naming rules (general purpose buckets): 3-63 characters of lowercase letters, digits, dots
# and hyphens, starting and ending with a letter or digit, no "..", not an IP address.
BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
IP_ADDRESS = re.compile(r"\d+\.\d+\.\d+\.\d+")
BUCKET_RULE = (
    "bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens, "
    "starting and ending with a letter or digit"
)
# How the model spells an S3 location: every string shape whose pattern starts like this is one
# (S3Uri, S3OutputPath, ModelDataUrl, DestinationS3Uri, CheckpointConfig.S3Uri, ...). Deciding by the
# model rather than by member name catches every such member and no other.
S3_PATTERN_PREFIXES = ("(https|s3)://", "(s3)://")

NAME_RULE = "letters, digits and hyphens, starting and ending with a letter or digit"
# A model pattern belongs to the SageMaker resource-name family if it accepts and refuses these.
_NAME_ACCEPTS = ("a", "Z9", "a-b", "a--b", "Abc-DEF-123")
_NAME_REFUSES = (
    "-a",
    "a-",
    "a_b",
    "a.b",
    "a b",
    "a/b",
    "a:b",
    "arn:aws:sagemaker:us-east-1:123456789012:x/a",
)


@cache
def rule_for(member: str | None, shape_name: str, service: str = SERVICE) -> Rule | None:
    """The domain rule for a string member (`member` is None for list items and map values)."""
    shape = info(shape_name, service)
    if shape.type != "string" or shape.enum:
        return None
    if member and member.endswith("RoleArn"):
        return check_role_arn
    if shape.pattern and shape.pattern.startswith(S3_PATTERN_PREFIXES):
        return check_s3_uri
    # By name (TrainingJobName, ModelName, VariantName, ContainerHostname, ...) and by pattern: only
    # members whose model pattern really is the resource-name family get the resource-name message.
    if member and member.lower().endswith("name") and is_resource_name(shape):
        return partial(check_name, shape)
    if shape_name == "TagKey":
        return check_tag_key
    return None


def check_tag_key(value: str) -> str | None:
    # AWS reserves the prefix for its own tags; SageMaker refuses such keys only at create time.
    if value.lower().startswith("aws:"):
        return f"{describe(value)} starts with 'aws:', a prefix AWS reserves for its own tags"
    return None


def check_role_arn(value: str) -> str | None:
    if ROLE_ARN.fullmatch(value):
        return None
    reason = f"must be an IAM role ARN like {ROLE_EXAMPLE}, got {describe(value)}"
    if not value.startswith("arn:") and value and "/" not in value and ":" not in value:
        reason += " (a role name? give the role's ARN)"
    elif value.startswith("arn:") and ":iam::" in value and ":role/" not in value:
        reason += " (an IAM ARN, but not of a role)"
    return reason


def check_s3_uri(value: str) -> str | None:
    if value.startswith("https://"):
        # The model allows https URLs of S3 objects (old examples point ModelDataUrl at
        # https://s3-REGION.amazonaws.com/bucket/key); the model's pattern judges them.
        return None
    if not value.startswith("s3://"):
        reason = f"must be an S3 URI like s3://bucket/prefix, got {describe(value)}"
        return reason + (" (write the scheme in lower case)" if value.lower().startswith("s3://") else "")
    bucket = value[len("s3://") :].split("/", 1)[0]
    if not bucket:
        return f"must name a bucket (s3://bucket/prefix), got {describe(value)}"
    if not BUCKET.fullmatch(bucket) or ".." in bucket or IP_ADDRESS.fullmatch(bucket):
        return f"{describe(bucket)} is not a valid S3 bucket name: {BUCKET_RULE}"
    return None


def is_resource_name(shape: ShapeInfo) -> bool:
    """Is this the `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` family of patterns (however the model spells it)?"""
    regex = shape.regex
    if regex is None:
        return False
    accepts = all(regex.fullmatch(s) for s in _NAME_ACCEPTS)
    return accepts and not any(regex.fullmatch(s) for s in _NAME_REFUSES)


def check_name(shape: ShapeInfo, value: str) -> str | None:
    high = int(shape.max) if shape.max is not None else None
    too_long = high is not None and len(value) > high
    if value and not too_long and shape.regex is not None and shape.regex.fullmatch(value):
        return None
    span = f"1-{high} characters" if high is not None else "characters"
    got = f"got {len(value)} characters" if too_long else f"got {describe(value)}"
    return f"must be {span} of {NAME_RULE}, {got}"


@cache
def sagemaker_regions() -> tuple[str, ...]:
    """The regions where the installed botocore knows a SageMaker endpoint, in every partition."""
    import botocore.session

    session = botocore.session.get_session()
    return tuple(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("sagemaker", partition_name=partition)
    )


def check_region(value: object) -> str | None:
    """A resource's own `region` (the operator manifests' `spec.region`): one SageMaker is offered in."""
    if isinstance(value, str) and value in sagemaker_regions():
        return None
    if not isinstance(value, str):
        return f"must be an AWS region name like us-west-2, got {describe(value)}"
    close = close_matches(value, sagemaker_regions())
    known = (
        f"did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"the regions botocore knows are: {', '.join(sagemaker_regions())}"
    )
    return (
        f"{describe(value)} is not a region SageMaker is offered in; {known} "
        "(a region newer than the installed botocore needs a newer botocore)"
    )
