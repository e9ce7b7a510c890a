"""More than four hooks at a time in the Pulumi SDK's dynamic-provider server.

The SDK serves every dynamic resource of a stack from one process, `python -m pulumi.dynamic`, whose
gRPC server runs on `ThreadPoolExecutor(max_workers=4)` (pulumi/dynamic/__main__.py, unchanged since
2019). A hook that waits for a training job or an endpoint rollout holds one of those four threads
for the whole wait, so a fifth resource's calls, even its checks, queue behind it: sixteen creates of
T take 4 x T.

Our hooks run inside that process, on one of those threads. The first time a provider of ours is
configured there, it raises the pool's limit to `limit` (an upper bound stays) and starts threads for
the calls already queued. How the pool is found, and why this is the soundest of the ways there are:
- the worker thread runs `concurrent.futures.thread._worker` with a weak reference to its executor as
  an argument (CPython's ThreadPoolExecutor since 3.8): the executor serving *this* call, not any
  other pool of the process, and found without scanning the heap (gc.get_objects) or patching the
  SDK's module before it runs (impossible: our code loads after the server started);
- `_max_workers` and `_adjust_thread_count()` are the executor's own mechanism for growing: raising
  the first and calling the second is what `submit` does, nothing is replaced.
Both are CPython internals. When either is missing (a Python or Pulumi upgrade changed them), the
provider keeps working at four and says so in one stderr line; tests/test_server_threads.py then fails
naming the versions.
"""

from __future__ import annotations

import sys
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import TextIO

SERVER_MODULE = "pulumi.dynamic.__main__"
DEFAULT_LIMIT = 32

_lock = threading.Lock()
_done = False


def in_provider_server() -> bool:
    """Is this process the SDK's dynamic-provider server (`python -m pulumi.dynamic`)?"""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == SERVER_MODULE


def widen(limit: int = DEFAULT_LIMIT, stream: TextIO | None = None) -> int | None:
    """Raise the server's thread limit to `limit`, once per process. Returns the limit now in force
    (None outside the provider server, or when the pool could not be found)."""
    global _done
    if not in_provider_server():
        return None
    with _lock:
        if _done:
            executor = _executor_of(threading.current_thread())
            return getattr(executor, "_max_workers", None)
        _done = True
        executor = _executor_of(threading.current_thread())
        if executor is None or not _growable(executor):
            _say_stuck(stream)
            return None
        if executor._max_workers < limit:
            executor._max_workers = limit
            # Calls queued before this one ran get their threads now (submit would only start one).
            for _ in range(executor._work_queue.qsize()):
                executor._adjust_thread_count()
        return executor._max_workers


def _executor_of(thread: threading.Thread) -> ThreadPoolExecutor | None:
    for argument in getattr(thread, "_args", ()) or ():
        if isinstance(argument, weakref.ref):
            found = argument()
            if isinstance(found, ThreadPoolExecutor):
                return found
    return None


def _growable(executor: ThreadPoolExecutor) -> bool:
    return (
        isinstance(getattr(executor, "_max_workers", None), int)
        and callable(getattr(executor, "_adjust_thread_count", None))
        and hasattr(getattr(executor, "_work_queue", None), "qsize")
    )


def _say_stuck(stream: TextIO | None) -> None:
    from importlib.metadata import version

    (stream or sys.stderr).write(
        "[sagemaker] the provider server's thread pool could not be widened "
        f"(Python {sys.version.split()[0]}, pulumi {version('pulumi')}): at most 4 hooks run at once, "
        "so long waits queue behind each other (see docs/performance.md)\n"
    )
