"""Kill the provider at one of its mutating AWS calls, in the test's process.

botocore emits `before-call.<service>.<Operation>` once per API call (its retries happen inside) and
`after-call...` once the answer is in. Raising `ProviderDied` (a BaseException: no handler of the
provider's catches one, so no clean-up or answer follows) from the first is a death with the call not
applied; from the second, a death once the call was applied and its answer lost. The program rig then
records the operation as pending, as the engine records one whose provider never answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.testing import ProviderDied

MUTATING = re.compile(r"(Create|Update|Delete|Stop|Add|Put|Register|Deregister)[A-Z]")
SERVICES = {"sagemaker": "sagemaker", "application-autoscaling": "application-auto-scaling"}


class Crash:
    """Count the provider's mutating calls; with `at`, die at the at-th (1-based), or with `on`, at the
    first call of that operation; `when` before it is applied, or after."""

    def __init__(
        self, config: dict[str, str], at: int | None = None, when: str = "after", on: str | None = None
    ) -> None:
        assert when in ("before", "after")
        self.aws = Aws(AwsSettings.from_config(config))
        self.at, self.when, self.on = at, when, on
        self.calls: list[str] = []  # the mutating calls made (up to the fatal one)
        self.died = False

    def _before(self, event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        if not MUTATING.match(operation) or self.died:
            return
        self.calls.append(operation)
        if self.on == operation and self.at is None:
            self.at = len(self.calls)
        if self.when == "before" and len(self.calls) == self.at:
            self.died = True
            raise ProviderDied(f"killed before {operation}")

    def _after(self, event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        if (
            self.when == "after"
            and not self.died
            and MUTATING.match(operation)
            and len(self.calls) == self.at
        ):
            self.died = True
            raise ProviderDied(f"killed after {operation}: applied, its answer lost")

    def __enter__(self) -> Crash:
        for service, service_id in SERVICES.items():
            events = self.aws.client(service).meta.events
            events.register(f"before-call.{service_id}", self._before, unique_id=f"crash-b-{id(self)}")
            events.register(f"after-call.{service_id}", self._after, unique_id=f"crash-a-{id(self)}")
        return self

    def __exit__(self, *_: Any) -> None:
        for service, service_id in SERVICES.items():
            events = self.aws.client(service).meta.events
            events.unregister(f"before-call.{service_id}", unique_id=f"crash-b-{id(self)}")
            events.unregister(f"after-call.{service_id}", unique_id=f"crash-a-{id(self)}")


def mutating_calls(config: dict[str, str], action: Any) -> Sequence[str]:
    """The mutating calls `action` makes, in order (nobody dies)."""
    with Crash(config) as crash:
        action()
    return list(crash.calls)
