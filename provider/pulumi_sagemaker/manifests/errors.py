"""What is wrong with a set of manifests: every problem, each placed in its file and document.

All problems are collected before anything is registered (so before any API call) and raised together,
in the order the files and documents were read: fixing one file at a time, a user sees them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A document: its file (or "<text>"), its number in the file (1-based), its kind and metadata.name."""

    source: str
    index: int
    kind: str | None = None
    name: str | None = None

    def __str__(self) -> str:
        place = f"{self.source}, document {self.index}" if self.index else self.source
        if self.kind or self.name:
            place += f" ({' '.join(p for p in (self.kind, repr(self.name) if self.name else None) if p)})"
        return place


@dataclass(frozen=True)
class Problem:
    """One problem: where, the field path as written in the YAML (`spec.resourceConfig.instanceCount`),
    and what is wrong and how to fix it."""

    where: Where
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.path}: {self.reason}" if self.path else f"{self.where}: {self.reason}"


class ManifestError(ValueError):
    """Raised with every problem found in the manifests, one per line."""

    def __init__(self, problems: Iterable[Problem], undone: str = "nothing was deployed") -> None:
        self.problems: list[Problem] = list(problems)
        self.undone = undone
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the manifests ({self.undone}):"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def __reduce__(self):  # type: ignore[override]
        return (type(self), (self.problems, self.undone))
