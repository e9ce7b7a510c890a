"""Faults on the provider's own boto3 clients, for the services the local SageMaker hands to moto
(Application Auto Scaling, CloudWatch Logs) and for SageMaker too when a test wants one mechanism.

botocore emits `before-send.<service>.<Operation>` just before it sends a request; a handler that
returns a response (or raises a connection error) stands in for the network. It is the same point
botocore's own retry logic sits behind, so the provider meets a fault exactly as it would from AWS:
retried with backoff, and raised only once every attempt has failed. Kinds:

- throttle: 400 ThrottlingException, Rate exceeded;
- 5xx: 500 InternalFailure or 503 ServiceUnavailable;
- drop: the connection closes before an answer;
- slow: the answer comes, late (a lagging front end);
- with when="after", the request is sent and applied first, then the answer is replaced: a lost answer;
  with when="random", each fault is one or the other.

The clients are the process's shared ones (`Aws.client`), so this works wherever the providers run in
the test's process (direct hook calls and the program rig), not in a separate provider server.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError
from botocore.httpsession import URLLib3Session
from pulumi_sagemaker.aws import Aws

KINDS = ("throttle", "5xx", "drop", "slow")
SLOW_SECONDS = 0.05
# What botocore calls each service in its event names (service_id, hyphenized).
SERVICE_IDS = {
    "sagemaker": "sagemaker",
    "application-autoscaling": "application-auto-scaling",
    "logs": "cloudwatch-logs",
}


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterable[bytes]:
        yield self._data


def _answer(url: str, status: int, code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fault-injected"}
    return AWSResponse(url, status, headers, _Body(body))


class ClientFaults:
    """Inject faults into `services` calls of `aws`'s clients while the context is open."""

    def __init__(
        self,
        aws: Aws,
        services: Sequence[str],
        rate: float,
        *,
        kinds: Sequence[str] = KINDS,
        operations: Iterable[str] | None = None,
        when: str = "before",
        seed: int = 0,
        limit: int | None = None,
    ) -> None:
        assert set(kinds) <= set(KINDS) and when in ("before", "after", "random")
        self.aws, self.services, self.rate, self.kinds, self.when = (
            aws,
            list(services),
            rate,
            list(kinds),
            when,
        )
        self.operations = frozenset(operations) if operations is not None else None
        self.limit = limit  # at most this many faults in all (None: no limit)
        self.injected: Counter[str] = Counter()  # "<Operation>:<kind>"
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._http = URLLib3Session()

    def _handler(self, request: Any, event_name: str, **_: Any) -> AWSResponse | None:
        operation = event_name.rsplit(".", 1)[-1]
        if self.operations is not None and operation not in self.operations:
            return None
        with self._lock:
            if self._rng.random() >= self.rate or (self.limit is not None and self.total >= self.limit):
                return None
            kind = self._rng.choice(self.kinds)
            unavailable = self._rng.random() < 0.5
            after = self.when == "after" or (self.when == "random" and self._rng.random() < 0.5)
            self.injected[f"{operation}:{kind}"] += 1
        if kind == "slow":
            time.sleep(SLOW_SECONDS)
            return None
        if after:
            self._http.send(request)  # applied; what comes back is lost or replaced
        if kind == "drop":
            raise ConnectionClosedError(endpoint_url=request.url)
        if kind == "throttle":
            return _answer(request.url, 400, "ThrottlingException", "Rate exceeded")
        if unavailable:
            return _answer(request.url, 503, "ServiceUnavailable", "Service is unavailable. Try again later.")
        return _answer(request.url, 500, "InternalFailure", "An internal error occurred. Try again.")

    @property
    def total(self) -> int:
        return sum(self.injected.values())

    def __enter__(self) -> ClientFaults:
        for service in self.services:
            self.aws.client(service).meta.events.register(
                f"before-send.{SERVICE_IDS[service]}", self._handler, unique_id=f"faults-{id(self)}"
            )
        return self

    def __exit__(self, *_: Any) -> None:
        for service in self.services:
            self.aws.client(service).meta.events.unregister(
                f"before-send.{SERVICE_IDS[service]}", unique_id=f"faults-{id(self)}"
            )
