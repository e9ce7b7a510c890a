"""The one place every AWS call goes through: clients built lazily, retries, and a count of calls."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from .settings import AwsSettings

# Every call made in this process, by "service:Operation"; benchmarks and tests read it.
CALL_COUNTS: Counter[str] = Counter()
_COUNT_LOCK = threading.Lock()


# boto3 clients are thread-safe and costly to build (about a second each: the service model is loaded
# and endpoints resolved), so one per settings and service serves the whole process.
_CLIENTS: dict[tuple[AwsSettings, str], Any] = {}
_CLIENTS_LOCK = threading.Lock()


class Aws:
    """boto3 clients for one set of settings. Holds no client when pickled (they are not picklable)."""

    def __init__(self, settings: AwsSettings) -> None:
        self.settings = settings

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"])

    @property
    def region(self) -> str:
        """The region calls go to: the configured one, else what boto3 resolves (environment, profile)."""
        return self.settings.region or self.client("sagemaker").meta.region_name

    def in_region(self, region: str | None) -> Aws:
        """These settings in `region` (a resource's own), or these very ones when it is None or the same."""
        if not region or region == self.settings.region:
            return self
        return Aws(dataclasses.replace(self.settings, region=region))

    def at_endpoint(self, url: str | None) -> Aws:
        """These settings with SageMaker's calls sent to `url` (a resource's own `sageMakerEndpoint`), or
        these very ones when it is None or the same. Other services' calls go where they went."""
        if not url or url == self.settings.endpoint_url:
            return self
        return Aws(dataclasses.replace(self.settings, endpoint_url=url))

    def client(self, service: str) -> Any:
        key = (self.settings, service)
        with _CLIENTS_LOCK:
            if key not in _CLIENTS:
                _CLIENTS[key] = self._session().client(
                    service,
                    endpoint_url=self.settings.endpoint_for(service),
                    config=_config(self.settings.max_attempts),
                )
            return _CLIENTS[key]

    def _session(self) -> Any:
        # boto3 (and s3transfer with it) is imported when the first client is built, not with the
        # package: a preview that makes no call never pays for it.
        import boto3

        s = self.settings
        if s.access_key and s.secret_key:
            return boto3.Session(
                aws_access_key_id=s.access_key, aws_secret_access_key=s.secret_key, region_name=s.region
            )
        return boto3.Session(profile_name=s.profile, region_name=s.region)

    def call(self, operation: str, service: str = "sagemaker", **params: Any) -> dict[str, Any]:
        """Call `operation` (API spelling, e.g. "DescribeTrainingJob") and count it."""
        client = self.client(service)
        with _COUNT_LOCK:
            CALL_COUNTS[f"{service}:{operation}"] += 1
        try:
            return getattr(client, xform_name(operation))(**params)
        except (HTTPClientError, BotocoreConnectionError) as exc:
            raise AwsUnreachable(
                f"{operation} got no answer from {client.meta.endpoint_url} after "
                f"{self.settings.max_attempts} attempts ({exc}). Nothing is lost: run `pulumi up` again; "
                f"it finds whatever SageMaker created by its name."
            ) from exc


def _config(max_attempts: int) -> Any:
    import botocore.config

    # Adaptive mode retries throttling, 5xx and dropped connections with backoff and client-side rate
    # limiting; total_max_attempts counts the first attempt too (max_attempts would not).
    return botocore.config.Config(
        retries={"mode": "adaptive", "total_max_attempts": max_attempts}, connect_timeout=10, read_timeout=70
    )


class AwsUnreachable(Exception):
    """No answer from AWS after every retry (dropped connections, timeouts)."""


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a ClientError ("ValidationException", "ResourceInUse"...), else None."""
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Code")
    return None


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Message") or str(exc)
    return str(exc)


def is_not_found(exc: BaseException) -> bool:
    """SageMaker answers a describe of a missing resource with ValidationException or ResourceNotFound."""
    code = error_code(exc)
    if code == "ResourceNotFound":
        return True
    message = error_message(exc).lower()
    return code == "ValidationException" and ("not found" in message or "could not find" in message)


def is_already_exists(exc: BaseException) -> bool:
    code = error_code(exc)
    if code == "ResourceInUse":
        return True
    return code == "ValidationException" and "already exist" in error_message(exc).lower()
