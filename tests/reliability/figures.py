"""Counts the reliability suites report at the end of a run (faults injected, crash points, fuzz cases),
for docs/reliability.md: `scripts/test tests/reliability` prints them (and `-m soak` the long run's)."""

from __future__ import annotations

import threading
from collections import Counter


class Figures:
    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, name: str, count: int = 1) -> None:
        with self._lock:
            self._counts[name] += count

    def lines(self) -> list[str]:
        return [f"{name}: {count}" for name, count in sorted(self._counts.items())]


FIGURES = Figures()
