"""Values the user marked secret, so that no message of ours shows them.

A dynamic provider cannot tell which inputs are secret: the SDK's provider server answers Configure with
`acceptSecrets=False`, so the engine strips every secret before it calls a hook (pulumi/dynamic/
__main__.py; the engine's provider_plugin.go). The program can tell: the resource classes send the
plaintext of every secret input in one more input, itself a secret (`__secrets`, see
resources/secrets.py). While a hook runs, those values are the ones in force here (a ContextVar: each
hook call runs on its own thread), and:
- `describe` (the shapes layer's rendering of a value in a reason) names a secret value without
  showing it ("a secret value"), so a failure names the field, never the value;
- `redact(text)` replaces every occurrence of a secret in text we print or raise (AWS's messages,
  FailureReasons, log lines, adoption conflicts), as written and as JSON or Python escape it: by
  substring for values of 4 characters or more, and only where quoted for shorter ones (a secret "1"
  must not turn "1-63 characters" into nonsense).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = "[secret]"
MIN_FREE_TEXT = 4  # shorter secrets are redacted only where they stand quoted


def leaves(value: Any) -> list[str]:
    """Every scalar in `value` as the text it is sent and shown as (booleans say nothing on their own)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, float):
        if not math.isfinite(value):
            return []
        return [str(int(value))] if value.is_integer() else [repr(value)]
    if isinstance(value, dict):  # the values: keys are names, and a message must still name the field
        return [text for v in value.values() for text in leaves(v)]
    if isinstance(value, list | tuple):
        return [text for v in value for text in leaves(v)]
    return [str(value)]


def spellings(value: str) -> set[str]:
    """`value` as it can stand in text: as written, and escaped as JSON and Python quote it (a job's log
    prints its hyperparameters as JSON, so a secret with a quote or an accent shows up escaped)."""
    return {
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        repr(value)[1:-1],
        ascii(value)[1:-1],
    }


@dataclass(frozen=True)
class Redactor:
    """The secret values of one hook call, and how text is cleaned of them."""

    values: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, values: Iterable[str]) -> Redactor:
        kept = frozenset(v for v in values if v)
        if not kept:
            return cls()
        alternatives = []
        every = {s for v in kept for s in spellings(v)}
        for value in sorted(every, key=len, reverse=True):  # the longest first: no half-redacted value
            escaped = re.escape(value)
            if len(value) >= MIN_FREE_TEXT:
                alternatives.append(escaped)
            else:
                alternatives.append(f"(?<=['\"]){escaped}(?=['\"])")
        return cls(kept, re.compile("|".join(alternatives)))

    def __bool__(self) -> bool:
        return bool(self.values)

    def holds(self, value: Any) -> bool:
        """Is `value` a secret, or does it contain one?"""
        if not self.values:
            return False
        texts = leaves(value)
        return any(t in self.values or self._contains(t) for t in texts)

    def _contains(self, text: str) -> bool:
        return any(len(v) >= MIN_FREE_TEXT and any(s in text for s in spellings(v)) for v in self.values)

    def text(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(PLACEHOLDER, text)


_NONE = Redactor()
_CURRENT: contextvars.ContextVar[Redactor | None] = contextvars.ContextVar("secret values", default=None)


def current() -> Redactor:
    """The secret values of the hook call running on this thread (none outside one)."""
    return _CURRENT.get() or _NONE


@contextlib.contextmanager
def redacting(values: Iterable[str]) -> Iterator[Redactor]:
    """Make `values` the secret ones for what runs inside (and restore what was before)."""
    redactor = Redactor.of(values)
    token = _CURRENT.set(redactor)
    try:
        yield redactor
    finally:
        _CURRENT.reset(token)


def is_secret(value: Any) -> bool:
    return current().holds(value)


def redact(text: str) -> str:
    return current().text(text)
