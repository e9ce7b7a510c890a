"""What the shapes layer reports: one `Failure` per problem, collected, never raised one at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

_TOP = re.compile(r"[^.\[]*")


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


def in_written_order(failures: Iterable[Failure], written: Iterable[object]) -> list[Failure]:
    """`failures` in the order the user wrote the top-level fields they are about (`written`: the keys
    as given), so that the first line of an error is the same in every process and run; failures about
    the whole resource (no path) first, those about a field the user did not write (a required one)
    last. Within one field, the order the checks found them in (the shapes layer walks in written order).
    """
    position = {str(key): i for i, key in reversed(list(enumerate(written)))}
    end = len(position)

    def rank(failure: Failure) -> int:
        if not failure.path:
            return -1
        if failure.path in position:  # a top-level key with a dot or a bracket of its own
            return position[failure.path]
        top = _TOP.match(failure.path)
        return position.get(top.group(0) if top else failure.path, end)

    return sorted(failures, key=rank)
