"""The few places where a kind really differs from the generic lifecycle, each a plain function.

Every hook has a default that suits most kinds, so a kind names only the ones it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..shapes import Failure

# The caller's way into SageMaker: `call("DescribeTrainingJob", TrainingJobName=...)`.
Call = Callable[..., dict[str, Any]]
Response = Mapping[str, Any]


def no_rules(inputs: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Failure]:
    return []


def no_deadline(inputs: Mapping[str, Any]) -> float | None:
    return None


def no_extra(call: Call, response: Response, previous: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def failure_reason(response: Response) -> str | None:
    return response.get("FailureReason")


def no_report(response: Response) -> tuple[tuple[str, ...], str | None]:
    return (), None


@dataclass(frozen=True)
class KindHooks:
    # Check-time rules botocore's model cannot express: (canonical inputs, inputs as the user wrote
    # them) -> failures with the user's property paths. Never raises; never judges an Unknown.
    rules: Callable[[Mapping[str, Any], Mapping[str, Any]], list[Failure]] = no_rules
    # Our default wait deadline in seconds from the canonical inputs (None: wait as long as it runs).
    default_deadline: Callable[[Mapping[str, Any]], float | None] = no_deadline
    # Outputs that need another call (a tuning job's best training job's model): called when the
    # outputs are read; `previous` are the outputs state holds, so an answer already known is reused.
    extra: Callable[[Call, Response, Mapping[str, Any]], dict[str, Any]] = no_extra
    # Why it ended badly, for the error's first line.
    why: Callable[[Response], str | None] = failure_reason
    # What a progress line shows beyond the status: (parts that make a new line when they change,
    # a detail shown with them).
    report: Callable[[Response], tuple[tuple[str, ...], str | None]] = no_report
    # What an in-place update sends when the user removes an updatable member (canonical form of the
    # Update call's member), e.g. a removed profiler_config is {"disable_profiler": True}.
    removed: Mapping[str, Any] | None = None
    # When several waits of the kind share one List call: summary members (besides the status) whose
    # change calls for a Describe of the resource (the rest of its progress is read off the summary).
    describe_on: tuple[str, ...] = ()


DEFAULT_HOOKS = KindHooks()
