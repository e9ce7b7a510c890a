"""Where the providers find AWS: stack config first, then the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_POLL_INTERVAL_SECONDS = 10.0
# Adaptive retries: ten attempts in all (the first included) ride out a burst of throttling or 5xx
# without hiding an outage for long.
DEFAULT_MAX_ATTEMPTS = 10


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

    @classmethod
    def from_config(cls, config: _ConfigLike | Mapping[str, Any] | None) -> AwsSettings:
        """Read `aws:region`, `aws:profile`, `aws:accessKey`, `aws:secretKey` (as pulumi-aws does) and
        `sagemaker:endpointUrl`, `sagemaker:pollIntervalSeconds`, `sagemaker:maxAttempts` (ours); fall
        back to the environment.

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
        )

    @property
    def default_region(self) -> str | None:
        """The region calls go to when a resource names none, as far as config and environment tell."""
        return self.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")

    @property
    def console_region(self) -> str:
        return self.default_region or "us-east-1"
