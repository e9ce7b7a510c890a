"""What the spec layer reports: one `Failure` per problem, collected, never raised one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Failure(NamedTuple):
    """One problem with the user's input.

    `path` spells the property the way the user wrote it (`resource_config.instance_count`,
    `inputDataConfig[0].dataSource.s3DataSource.s3Uri`); `reason` says what is wrong and what is allowed.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class SpecError(Exception):
    """Raised by callers that want an exception; carries every failure, one per line in `str()`."""

    def __init__(self, failures: Iterable[Failure]) -> None:
        self.failures: list[Failure] = list(failures)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.failures)

    def __reduce__(self):  # type: ignore[override]
        # Exceptions pickle through their args (here the joined text): keep the failures instead.
        return (type(self), (self.failures,))
