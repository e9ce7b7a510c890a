"""Errors a user reads in `pulumi up`: the first line says what happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def one_line(text: str | None) -> str | None:
    """A reason as one line (SageMaker's can span several): what a user reads first must hold it all."""
    return " ".join(text.split()) if text else text


def _rebuilt(cls: type[ProviderFailure], message: str, state: dict[str, Any]) -> ProviderFailure:
    failure = cls.__new__(cls)
    Exception.__init__(failure, message)
    failure.__dict__.update(state)
    return failure


class ProviderFailure(Exception):
    """Base of the failures this package raises on purpose (not bugs)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other arguments than their message: pickle (to another process, a test
        # worker) the message and attributes instead of calling __init__ again.
        return (_rebuilt, (type(self), str(self), dict(self.__dict__)))


class JobFailed(ProviderFailure):
    """The job ended Failed or Stopped: carries SageMaker's FailureReason and where the logs are."""

    def __init__(
        self,
        kind: str,
        name: str,
        status: str,
        reason: str | None,
        log_url: str | None,
        log_lines: Sequence[str] = (),
    ) -> None:
        self.kind, self.name, self.status, self.reason, self.log_url = kind, name, status, reason, log_url
        # Script-mode reasons span lines ("ExecuteUserScriptError:\nExitCode 1\nErrorMessage ..."): the
        # first line must carry all of it, and the log URL.
        first = f"{kind} {name} {status}: {one_line(reason) or 'SageMaker gave no FailureReason'}"
        if log_url:
            first += f" (logs: {log_url})"
        lines = [first]
        lines.append(
            "SageMaker never reuses a job name: the next `pulumi up` starts a new job"
            " (an explicit name must be changed first)."
        )
        if log_lines:
            lines.append(f"The last {len(log_lines)} log lines:")
            lines += [f"  {line}" for line in log_lines]
        super().__init__("\n".join(lines))


class AdoptionConflict(ProviderFailure):
    """A job with the requested name exists but was created from a different spec."""

    def __init__(self, kind: str, name: str, differences: list[str]) -> None:
        shown = "; ".join(differences[:5]) + (
            f" (and {len(differences) - 5} more)" if len(differences) > 5 else ""
        )
        super().__init__(
            f"{kind} {name} already exists in SageMaker with a different spec ({shown}). "
            f"Choose another name, or leave the name out to get a generated one."
        )


class NameTaken(ProviderFailure):
    """An explicitly named job exists, matches, but ended badly: SageMaker will not reuse the name."""

    def __init__(self, kind: str, name: str, status: str, reason: str | None) -> None:
        super().__init__(
            f"{kind} {name} already exists and is {status} ({reason or 'no FailureReason'}); SageMaker never "
            f"reuses a job name. Change the name (or leave it out for a generated one) to run the job again."
        )


class WaitTimeout(ProviderFailure):
    """Our own deadline passed (the engine's custom timeouts never reach a dynamic provider)."""

    def __init__(self, kind: str, name: str, status: str, waited: float, hint: str) -> None:
        super().__init__(
            f"{kind} {name} is still {status} after {waited:.0f}s, past its wait deadline. {hint}"
        )


class ApiRejected(ProviderFailure):
    """SageMaker refused a request; the message names the operation and SageMaker's reason."""

    def __init__(self, kind: str, name: str, operation: str, code: str | None, message: str) -> None:
        super().__init__(f"{kind} {name}: SageMaker rejected {operation} ({code or 'error'}): {message}")
