"""A job's CloudWatch log events printed as they arrive, while `pulumi up` waits for the job.

SageMaker writes one stream per instance, named `<job>/<instance>...`, in the kind's group
(`/aws/sagemaker/TrainingJobs`, ...). The tail runs on a thread of its own, so a slow or throttled
Logs call never delays a status look, and it is drained once more after the job ends, so a failing
script's traceback is on screen next to the FailureReason. Streams are found with DescribeLogStreams
and read with GetLogEvents, as the SageMaker Python SDK's `logs=True` does (FilterLogEvents would do it
in one call, but its stream-prefix filter is not honoured by every implementation of the API).
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from ..aws import AwsUnreachable, error_code, error_message

Call = Callable[..., dict[str, Any]]
# How many of the last lines a failure message quotes.
KEPT_LINES = 20


class LogTail:
    def __init__(self, call: Call, group: str, job: str, say: Callable[[str], None], interval: float) -> None:
        self._call, self.group, self.prefix, self._say = call, group, f"{job}/", say
        self.interval = interval
        self.last_lines: collections.deque[str] = collections.deque(maxlen=KEPT_LINES)
        self._tokens: dict[str, str | None] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._broken = False
        self._lock = threading.Lock()  # one reader at a time: the thread, or the final drain

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"logs {self.prefix}", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        """Stop the thread, then read what is left once more."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._read()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._read()

    def _read(self) -> None:
        with self._lock:
            if self._broken:
                return
            try:
                for stream in self._streams():
                    self._read_stream(stream)
            except AwsUnreachable:
                return  # the next round tries again
            except ClientError as exc:
                if error_code(exc) == "ResourceNotFoundException":
                    return  # no group yet: the job has not written anything
                # Logs are a courtesy: a missing permission must not fail the `up`. Say it once.
                self._broken = True
                self._say(f"no logs shown ({error_code(exc)}: {error_message(exc)}); the wait goes on")

    def _streams(self) -> list[str]:
        names: list[str] = []
        params: dict[str, Any] = {"logGroupName": self.group, "logStreamNamePrefix": self.prefix}
        while True:
            answer = self._call("DescribeLogStreams", service="logs", **params)
            names += [s["logStreamName"] for s in answer.get("logStreams", [])]
            if not answer.get("nextToken"):
                return sorted(names)
            params["nextToken"] = answer["nextToken"]

    def _read_stream(self, stream: str) -> None:
        label = stream.removeprefix(self.prefix)
        while True:
            params: dict[str, Any] = {
                "logGroupName": self.group,
                "logStreamName": stream,
                "startFromHead": True,
            }
            token = self._tokens.get(stream)
            if token:
                params["nextToken"] = token
            answer = self._call("GetLogEvents", service="logs", **params)
            for event in answer.get("events", []):
                line = f"[{label}] {event.get('message', '').rstrip()}"
                self.last_lines.append(line)
                self._say(line)
            following = answer.get("nextForwardToken")
            # GetLogEvents answers the same token when there is nothing new.
            if not following or following == token:
                return
            self._tokens[stream] = following
