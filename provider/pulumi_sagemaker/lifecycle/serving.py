"""Which endpoints serve an endpoint config, so that a config still served is not deleted under them.

SageMaker lets DeleteEndpointConfig delete a config an endpoint serves, and the endpoint keeps serving;
but its next UpdateEndpoint fails (it needs the config in use to roll back to), so the endpoint could
never change again. Pulumi deletes a replaced EndpointConfig once the run that replaced it is over, or
first thing in the next run if an Endpoint's switch away from it failed. So an Endpoint tags each config
it serves (`served-by:<endpoint>`); deleting a config that one of those endpoints still serves (or is
deploying) only marks it, and the endpoint deletes it once it has switched to another config.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from ..aws import is_not_found
from .tags import OWN_PREFIX, tags_of

Call = Callable[..., dict[str, Any]]

SERVED_BY = f"{OWN_PREFIX}served-by:"
DELETE_WHEN_UNUSED = f"{OWN_PREFIX}delete-when-unused"


def config_arn(endpoint_arn: str, config: str) -> str:
    """The ARN of an endpoint config in the endpoint's account and region (SageMaker lowercases names)."""
    return f"{endpoint_arn.rsplit(':', 1)[0]}:endpoint-config/{config.lower()}"


def mark_served(call: Call, arn: str, endpoint: str) -> None:
    call("AddTags", ResourceArn=arn, Tags=[{"Key": f"{SERVED_BY}{endpoint}", "Value": "true"}])


def endpoints_serving(call: Call, config: str, arn: str) -> list[str]:
    """The endpoints that tagged `config` and serve it, or are deploying it, now."""
    try:
        tags = tags_of(call, arn)
    except ClientError as exc:
        if is_not_found(exc):
            return []
        raise
    serving = []
    for endpoint in sorted(k.removeprefix(SERVED_BY) for k in tags if k.startswith(SERVED_BY)):
        try:
            described = call("DescribeEndpoint", EndpointName=endpoint)
        except ClientError as exc:
            if is_not_found(exc):
                continue
            raise
        pending = (described.get("PendingDeploymentSummary") or {}).get("EndpointConfigName")
        if config in (described.get("EndpointConfigName"), pending):
            serving.append(endpoint)
    return serving


def defer_delete(call: Call, arn: str) -> None:
    call("AddTags", ResourceArn=arn, Tags=[{"Key": DELETE_WHEN_UNUSED, "Value": "true"}])


def release(call: Call, config: str, arn: str) -> bool:
    """After an endpoint switched away from `config`: delete it if its delete was deferred and no endpoint
    serves it any more. True when it was deleted."""
    try:
        deferred = DELETE_WHEN_UNUSED in tags_of(call, arn)
    except ClientError as exc:
        if is_not_found(exc):
            return False
        raise
    if not deferred or endpoints_serving(call, config, arn):
        return False
    try:
        call("DeleteEndpointConfig", EndpointConfigName=config)
    except ClientError as exc:
        if not is_not_found(exc):
            raise
    return True
