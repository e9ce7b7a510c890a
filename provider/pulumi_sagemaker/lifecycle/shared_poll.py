"""One List call for many waits: when several resources of one kind wait in the same process and region,
the status each needs is read from one List answer (the summaries carry it) instead of a Describe each.

A wait still Describes its resource on its first look (that gives the full answer, and the creation time
the List is filtered by), and again only when a summary shows a change the kind says needs one (its
status, by default): so 16 concurrent waits cost about what one costs, plus one Describe per change.
With one wait alone, a Describe is cheaper than a List, and nothing here is used.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from itertools import islice
from typing import Any

from ..aws import pages
from ..kinds import Kind

Call = Callable[..., dict[str, Any]]
Describe = Callable[[], dict[str, Any] | None]  # None: gone (an endpoint being deleted)
# How many pages of summaries a round reads at most before Describing the waits it did not find.
MAX_PAGES = 5
# CreationTimeAfter is inclusive on AWS; a second of slack covers clocks and rounding anyway.
SLACK_SECONDS = 1.0


class SharedList:
    """The latest List answer of one kind in one place (settings and region), shared by its waits."""

    def __init__(self, call: Call, kind: Kind) -> None:
        self._call, self.kind = call, kind
        self._lock = threading.Lock()
        self._waiting: dict[str, Any] = {}  # name -> its creation time
        self._round_at = -1.0
        self._summaries: dict[str, dict[str, Any]] = {}

    @property
    def waits(self) -> int:
        return len(self._waiting)

    def register(self, name: str, created: Any) -> None:
        with self._lock:
            self._waiting[name] = created

    def unregister(self, name: str) -> None:
        with self._lock:
            self._waiting.pop(name, None)

    def summary(self, name: str, newer_than: float) -> dict[str, Any] | None:
        """`name`'s summary from a List made after `newer_than` (monotonic time): the last round's when
        it is recent enough, else a new round. None: not in the answer (Describe it instead)."""
        with self._lock:
            if self._round_at <= newer_than:
                self._summaries = self._list()
                self._round_at = time.monotonic()
            return self._summaries.get(name)

    def _list(self) -> dict[str, dict[str, Any]]:
        assert self.kind.list is not None and self.kind.summaries is not None
        member, _ = self.kind.summaries
        name_member = self.kind.name_member
        params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 100}
        oldest = _oldest(self._waiting.values())
        if oldest is not None:
            params["CreationTimeAfter"] = oldest - dt.timedelta(seconds=SLACK_SECONDS)
        found: dict[str, dict[str, Any]] = {}
        # Pages are asked for one at a time: once every waiting job is found, no further call is made.
        for answer in islice(pages(self._call, self.kind.list, **params), MAX_PAGES):
            found.update({s[name_member]: s for s in answer.get(member, [])})
            if set(self._waiting) <= set(found):
                break
        return found


def _oldest(times: Any) -> dt.datetime | None:
    known = [t for t in times if isinstance(t, dt.datetime)]
    return min(known) if known else None


_SHARED: dict[tuple[Any, str], SharedList] = {}
_SHARED_LOCK = threading.Lock()


def shared_list(key: Any, call: Call, kind: Kind) -> SharedList:
    """The one SharedList of `kind` for `key` (the settings a client is built from, region included)."""
    with _SHARED_LOCK:
        found = _SHARED.get((key, kind.noun))
        if found is None:
            found = _SHARED[(key, kind.noun)] = SharedList(call, kind)
        return found


class Looker:
    """The look of one wait: a Describe, or the shared List's summary when other waits share it.

    Use as a context manager around the wait, so that the wait is counted only while it lasts."""

    def __init__(
        self, shared: SharedList | None, name: str, describe: Describe, describe_on: tuple[str, ...]
    ) -> None:
        self.shared, self.name, self._describe = shared, name, describe
        self.describe_on = describe_on
        self._last: dict[str, Any] | None = None
        self._looked_at = -1.0

    def __enter__(self) -> Looker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shared is not None:
            self.shared.unregister(self.name)

    def __call__(self) -> dict[str, Any] | None:
        started = time.monotonic()
        try:
            return self._look()
        finally:
            self._looked_at = started

    def _look(self) -> dict[str, Any] | None:
        shared, last = self.shared, self._last
        if shared is None or last is None or shared.waits < 2:
            return self._full()
        summary = shared.summary(self.name, self._looked_at)
        if summary is None or any(summary.get(k) != last.get(k) for k in self.describe_on):
            return self._full()
        # Nothing that needs a Describe changed: the last full answer, with what the summary says now.
        return {**last, **{k: v for k, v in summary.items() if k in last or k in self.describe_on}}

    def _full(self) -> dict[str, Any] | None:
        answer = self._describe()
        self._last = answer
        if self.shared is not None and answer:
            self.shared.register(self.name, answer.get("CreationTime"))
        return answer
