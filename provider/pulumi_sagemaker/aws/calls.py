"""The one place every AWS call goes through: clients built lazily, retries, a count of calls, and
errors that read the same for every call (resource, operation, AWS's code and message, what to do)."""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

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

    def call(
        self, operation: str, service: str = "sagemaker", *, for_resource: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """Call `operation` (API spelling, e.g. "DescribeTrainingJob") and count it.

        `for_resource` names what the call is for ("TrainingJob mnist-3f2a9c1e"): a failure that
        outlives the retries is raised as `AwsError` (a ClientError, so `is_not_found` and the other
        tests still apply) or `AwsUnreachable`, whose first line reads the same for every call."""
        client = self.client(service)
        with _COUNT_LOCK:
            CALL_COUNTS[f"{service}:{operation}"] += 1
        try:
            return getattr(client, xform_name(operation))(**params)
        except ClientError as exc:
            raise AwsError(cast(dict[str, Any], exc.response), operation, service, for_resource) from None
        except (HTTPClientError, BotocoreConnectionError) as exc:
            raise AwsUnreachable(
                _subject(for_resource, service, operation)
                + f" got no answer from {client.meta.endpoint_url} after {self.settings.max_attempts} "
                f"attempts ({exc}). {RETRYABLE_ADVICE}",
                operation,
                service,
                for_resource,
            ) from exc

    def caller(self, for_resource: str) -> Call:
        """`call` for one resource: what a module that makes calls on its behalf is handed."""
        return functools.partial(self.call, for_resource=for_resource)


Call = Callable[..., dict[str, Any]]

SERVICE_NAMES = {
    "sagemaker": "SageMaker",
    "application-autoscaling": "Application Auto Scaling",
    "logs": "CloudWatch Logs",
    "iam": "IAM",
    "s3": "S3",
    "sts": "STS",
}
RETRYABLE_ADVICE = (
    "Nothing is lost: run `pulumi up` again; it finds whatever was created by its name "
    "(`pulumi config set sagemaker:maxAttempts <n>` retries longer)."
)


@functools.cache
def retryable_codes() -> tuple[frozenset[str], frozenset[str]]:
    """What botocore's own retry logic counts as throttling and as transient (its data, not a copy).
    Read at the first error: botocore.retries pulls in botocore.utils, most of a cold start's import.
    (Private attributes: botocore's stubs leave them out.)"""
    from botocore.retries.standard import ThrottledRetryableChecker, TransientRetryableChecker

    throttling = frozenset(ThrottledRetryableChecker._THROTTLED_ERROR_CODES)  # type: ignore[attr-defined]
    transient = frozenset(TransientRetryableChecker._TRANSIENT_ERROR_CODES)  # type: ignore[attr-defined]
    return throttling, transient


def _subject(for_resource: str | None, service: str, operation: str) -> str:
    name = SERVICE_NAMES.get(service, service)
    return f"{for_resource}: {name} {operation}" if for_resource else f"{name} {operation}"


class AwsError(ClientError):
    """An AWS error answer that outlived the retries. Its first line: the resource, the operation, AWS's
    code and message, and what to do. A ClientError still (code and message in `response`)."""

    def __init__(
        self,
        response: Any,  # botocore's error answer, as ClientError takes it
        operation: str,
        service: str = "sagemaker",
        for_resource: str | None = None,
    ) -> None:
        super().__init__(cast(Any, response), operation)
        self.operation, self.service, self.for_resource = operation, service, for_resource

    @property
    def code(self) -> str | None:
        return self.response.get("Error", {}).get("Code")

    @property
    def aws_message(self) -> str:
        return self.response.get("Error", {}).get("Message") or ""

    @property
    def status(self) -> int | None:
        return self.response.get("ResponseMetadata", {}).get("HTTPStatusCode")

    @property
    def retryable(self) -> bool:
        throttling, transient = retryable_codes()
        return self.code in throttling or self.code in transient or (self.status or 0) >= 500

    def __str__(self) -> str:
        subject = _subject(self.for_resource, self.service, self.operation)
        answer = f"({self.code or 'error'}: {' '.join(self.aws_message.split()) or 'no message'})"
        attempts = self.response.get("ResponseMetadata", {}).get("RetryAttempts")
        tries = f" after {attempts + 1} attempts" if attempts else ""
        if self.code in retryable_codes()[0]:
            return f"{subject} was throttled{tries} {answer}. {RETRYABLE_ADVICE}"
        if self.retryable:
            return f"{subject} failed on AWS's side{tries} {answer}. {RETRYABLE_ADVICE}"
        return f"{subject} was refused {answer}. {_advice(self.code, self.service, self.operation)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (AwsError, (self.response, self.operation, self.service, self.for_resource))


def _advice(code: str | None, service: str, operation: str) -> str:
    if code and ("AccessDenied" in code or code in ("UnauthorizedOperation", "UnrecognizedClientException")):
        return f"Allow {service}:{operation} to the credentials Pulumi runs with, then run `pulumi up` again."
    if code in ("ResourceLimitExceeded", "ServiceQuotaExceededException"):
        return (
            "An account quota is reached: free capacity or ask for more (Service Quotas), "
            "then run `pulumi up` again."
        )
    return "Fix what AWS names, then run `pulumi up` again."


def _config(max_attempts: int) -> Any:
    import botocore.config

    # Adaptive mode retries throttling, 5xx and dropped connections with backoff and client-side rate
    # limiting; total_max_attempts counts the first attempt too (max_attempts would not).
    return botocore.config.Config(
        retries={"mode": "adaptive", "total_max_attempts": max_attempts}, connect_timeout=10, read_timeout=70
    )


class AwsUnreachable(Exception):
    """No answer from AWS after every retry (dropped connections, timeouts)."""

    def __init__(
        self, message: str, operation: str = "", service: str = "sagemaker", for_resource: str | None = None
    ) -> None:
        super().__init__(message)
        self.operation, self.service, self.for_resource = operation, service, for_resource

    def __reduce__(self) -> tuple[Any, ...]:
        return (AwsUnreachable, (str(self), self.operation, self.service, self.for_resource))


# What a caller catches to handle "this call failed" (either way) as one.
AWS_FAILURES = (AwsError, AwsUnreachable)


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
