"""Where the providers find AWS: stack config first, then the environment.

Endpoint overrides are per service. `sagemaker:endpointUrl` (or a resource's own `sageMakerEndpoint`,
the operator's, e.g. a PrivateLink endpoint) is SageMaker's alone: a VPC endpoint for SageMaker does
not answer Application Auto Scaling or CloudWatch Logs. Those come from `aws:endpoints`, pulumi-aws's
own per-service list, so a stack that points pulumi-aws somewhere points us there too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_POLL_INTERVAL_SECONDS = 10.0
# Adaptive retries: ten attempts in all (the first included) ride out a burst of throttling or 5xx
# without hiding an outage for long.
DEFAULT_MAX_ATTEMPTS = 10


# The services whose calls go to `sagemaker:endpointUrl`.
SAGEMAKER_SERVICES = frozenset({"sagemaker", "sagemaker-runtime"})
# boto3's service name -> the keys pulumi-aws's `aws:endpoints` knows it by.
ENDPOINT_KEYS = {
    "sagemaker": ("sagemaker",),
    "application-autoscaling": ("applicationautoscaling", "appautoscaling"),
    "logs": ("cloudwatchlogs", "logs"),
    "sts": ("sts",),
    "iam": ("iam",),
    "s3": ("s3",),
}


class _ConfigLike(Protocol):
    def get(self, key: str) -> Any: ...


@dataclass(frozen=True)
class AwsSettings:
    """Everything needed to build boto3 clients; plain data, so it pickles and compares."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    poll_interval: float = DEFAULT_POLL_INTERVAL_SECONDS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    # Other services' endpoints, from `aws:endpoints`: (boto3 service name, URL) pairs.
    service_endpoints: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_config(cls, config: _ConfigLike | Mapping[str, Any] | None) -> AwsSettings:
        """Read `aws:region`, `aws:profile`, `aws:accessKey`, `aws:secretKey`, `aws:endpoints` (as
        pulumi-aws does) and `sagemaker:endpointUrl`, `sagemaker:pollIntervalSeconds`,
        `sagemaker:maxAttempts` (ours); fall back to the environment.

        boto3 itself honours AWS_REGION / AWS_PROFILE / AWS_ENDPOINT_URL[_SAGEMAKER], so an unset value is
        left as None rather than copied from the environment here.
        """

        def get(key: str) -> str | None:
            if config is None:
                return None
            value = config.get(key)
            return None if value in (None, "") else str(value)

        poll = get("sagemaker:pollIntervalSeconds") or os.environ.get("PULUMI_SAGEMAKER_POLL_INTERVAL")
        return cls(
            region=get("aws:region"),
            profile=get("aws:profile"),
            endpoint_url=get("sagemaker:endpointUrl") or os.environ.get("PULUMI_SAGEMAKER_ENDPOINT_URL"),
            access_key=get("aws:accessKey"),
            secret_key=get("aws:secretKey"),
            poll_interval=float(poll) if poll else DEFAULT_POLL_INTERVAL_SECONDS,
            max_attempts=int(get("sagemaker:maxAttempts") or DEFAULT_MAX_ATTEMPTS),
            service_endpoints=_service_endpoints(get("aws:endpoints")),
        )

    def endpoint_for(self, service: str) -> str | None:
        """The URL calls to `service` go to (None: boto3's own resolution, AWS_ENDPOINT_URL_* included)."""
        if service in SAGEMAKER_SERVICES and self.endpoint_url:
            return self.endpoint_url
        return dict(self.service_endpoints).get(service)

    @property
    def default_region(self) -> str | None:
        """The region calls go to when a resource names none, as far as config and environment tell."""
        return self.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")

    @property
    def console_region(self) -> str:
        return self.default_region or "us-east-1"


def _service_endpoints(raw: str | None) -> tuple[tuple[str, str], ...]:
    """pulumi-aws's `aws:endpoints` (a list of {service: url} objects, as the CLI stores it: JSON text)."""
    if not raw:
        return ()
    try:
        entries = json.loads(raw)
    except ValueError:
        return ()
    merged: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict):
            merged.update({str(k).lower(): v for k, v in entry.items() if isinstance(v, str) and v})
    found = []
    for service, keys in ENDPOINT_KEYS.items():
        url = next((merged[k] for k in keys if k in merged), None)
        if url:
            found.append((service, url))
    return tuple(found)
