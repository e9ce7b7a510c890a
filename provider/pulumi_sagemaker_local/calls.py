"""A log of the requests the local SageMaker received, for tests to assert on."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    operation: str  # e.g. "CreateTrainingJob", "InvokeEndpoint"
    params: dict[str, Any]  # the request as sent (PascalCase members)
    time: float  # epoch seconds at receipt
    region: str | None = None  # the region the request was signed for (None: unsigned)


class CallLog:
    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def snapshot(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
