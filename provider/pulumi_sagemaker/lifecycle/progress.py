"""Progress a user can see while `pulumi up` waits.

Dynamic providers are not connected to the engine's log service (pulumi issue 6065): what they write
to stderr is what the CLI shows, so progress goes there, one line per change of state.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..shapes import secrets


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self._stream = stream
        # The secrets of the hook call making it: lines said from a log tail's own thread are cleaned too.
        self._redactor = secrets.current()
        self._start = time.monotonic()
        self._last: tuple[str, ...] | None = None

    def say(self, text: str) -> None:
        stream = self._stream or sys.stderr
        stream.write(self._redactor.text(f"[sagemaker] {self.label}: {text}") + "\n")
        stream.flush()

    def state(self, *parts: str | None, message: str | None = None) -> None:
        """Report a state once, when it differs from the last one reported."""
        key = tuple(p for p in parts if p)
        if key == self._last:
            return
        self._last = key
        elapsed = time.monotonic() - self._start
        suffix = f" - {message}" if message else ""
        self.say(f"{' / '.join(key)} ({elapsed:.0f}s){suffix}")
