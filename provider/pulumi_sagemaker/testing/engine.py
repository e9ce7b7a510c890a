"""Drive the SDK's own dynamic-provider server over gRPC, the way the Pulumi engine drives it.

`ProviderServer` starts `python -u -m pulumi.dynamic` (the very process the CLI starts for every
Python dynamic resource), reads the port from its first stdout line and speaks the ResourceProvider
protocol to it: GetPluginInfo, Configure, Check, Diff, Create, Update, Read, Delete. Property bags
cross the wire through the SDK's serialisation, so numbers arrive as floats, unknowns arrive as
`pulumi.output.Unknown` in Check/Diff, and hook exceptions come back as gRPC errors carrying the
provider's traceback (see `ProviderError`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import grpc
import pulumi.output
from google.protobuf import empty_pb2
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from . import _wire

__all__ = ["UNKNOWN", "Diff", "ProviderError", "ProviderServer", "urn"]

UNKNOWN: Any = pulumi.output.UNKNOWN
"""Put this in `news` for a property a preview cannot know yet. It is serialised as the rpc unknown
sentinel; the server deserialises Check/Diff inputs with keep_unknowns, so the hook sees a
`pulumi.output.Unknown` instance (Create/Update/Read/Delete would see the property dropped)."""

# A frame line of a Python traceback; what follows the last one is the exception itself.
_FRAME = re.compile(r"^  File \"")


def urn(type_token: str, name: str, project: str = "demo", stack: str = "local") -> str:
    """The URN the engine gives a top-level resource (no parent other than the stack)."""
    return f"urn:pulumi:{stack}::{project}::{type_token}::{name}"


class ProviderError(Exception):
    """A hook failed in the provider server (or the server could not be reached).

    Rendering, decided for what a user needs first:
    - `details`: the full gRPC details as the engine receives them (the server puts the whole Python
      traceback there, chained exceptions included);
    - `exception`: the raised exception as Python prints it last, `"ExcType: message"` with every
      line of a multi-line message;
    - `message` (and `str(err)`): the first line of `exception` — the line a user reads first, which
      is why providers must put the actionable text on the first line of their messages;
    - `code`: the gRPC status (UNKNOWN for a hook exception, UNAVAILABLE when the server died).
    """

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        self.code = code
        self.details = details
        self.exception = _last_exception(details) or f"{code.name}: {details}".strip()
        self.message = self.exception.splitlines()[0] if self.exception else code.name
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ProviderError, (self.code, self.details))


def _last_exception(details: str) -> str:
    """The exception block at the end of a formatted traceback, or "" if `details` is not one."""
    lines = details.rstrip("\n").splitlines()
    last_frame = max((i for i, line in enumerate(lines) if _FRAME.match(line)), default=None)
    if last_frame is None:
        return ""
    rest = lines[last_frame + 1 :]
    # Skip the frame's source line and any caret/underline lines: they are indented, the exception
    # line is not.
    while rest and rest[0].startswith("    "):
        rest = rest[1:]
    return "\n".join(rest).strip()


@dataclass
class Diff:
    """What the server answered to Diff."""

    changes: bool | None  # None: DIFF_UNKNOWN (the engine then compares old and new inputs itself)
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    stables: list[str] = field(default_factory=list)


class ProviderServer:
    """One `python -u -m pulumi.dynamic` process and a gRPC channel to it.

    `env` is added to (and overrides) the current environment; PULUMI_PROJECT, PULUMI_STACK and
    PULUMI_CONFIG are set as the CLI sets them unless given. The provider classes must be importable
    in the server process (set PYTHONPATH in `env` for test-only packages). `call_timeout` bounds every
    call so that a hung hook fails a test instead of hanging it (the engine itself sets no deadline).
    """

    def __init__(
        self,
        *,
        env: Mapping[str, str] | None = None,
        python: str = sys.executable,
        cwd: str | None = None,
        call_timeout: float | None = 120.0,
        start_timeout: float = 30.0,
    ) -> None:
        self._env = dict(env or {})
        self._python = python
        self._cwd = cwd
        self.call_timeout = call_timeout
        self.start_timeout = start_timeout
        self.accept_secrets: bool | None = None
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self._stub: provider_pb2_grpc.ResourceProviderStub | None = None
        self._stdout: IO[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    # -- process ---------------------------------------------------------------------------------

    def start(self) -> ProviderServer:
        if self._proc is not None:
            raise RuntimeError("provider server already started")
        env = dict(os.environ)
        env.setdefault("PULUMI_PROJECT", "demo")
        env.setdefault("PULUMI_STACK", "local")
        env.setdefault("PULUMI_CONFIG", "{}")
        env.update(self._env)
        # Files, not pipes: nobody has to drain them, so a provider that prints a lot cannot block.
        self._stdout = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in stop()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in stop()
        # The argument is the engine address; the dynamic server never dials it.
        self._proc = subprocess.Popen(
            [self._python, "-u", "-m", "pulumi.dynamic", "127.0.0.1:1"],
            stdout=self._stdout,
            stderr=self._stderr,
            env=env,
            cwd=self._cwd,
        )
        try:
            self.port = self._read_port()
            self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}", options=_GRPC_CHANNEL_OPTIONS)
            grpc.channel_ready_future(self._channel).result(timeout=self.start_timeout)
        except BaseException:
            self.stop()
            raise
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        return self

    def _read_port(self) -> int:
        assert self._proc is not None and self._stdout is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            self._stdout.seek(0)
            first = self._stdout.readline()
            if first.endswith(b"\n"):
                return int(first.decode().strip())
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"provider server exited with {self._proc.returncode} before printing its port:\n"
                    + self.stderr_text()
                )
            time.sleep(0.01)
        raise TimeoutError(f"provider server printed no port within {self.start_timeout}s")

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def kill(self) -> None:
        """SIGKILL the server, as a crash would: calls in flight fail with UNAVAILABLE."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGKILL)
            self._proc.wait()

    def stop(self) -> None:
        if self._channel is not None:
            self._channel.close()
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
            self._proc.wait()
        for f in (self._stdout, self._stderr):
            if f is not None:
                f.close()
        self._proc = self._channel = self._stub = self._stdout = self._stderr = None
        self.port = None
        self.accept_secrets = None

    def restart(self) -> ProviderServer:
        """A new server process (the engine would call Configure again before anything else)."""
        self.stop()
        return self.start()

    def stderr_text(self) -> str:
        """What the server wrote to stderr so far (provider prints, warnings)."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def __enter__(self) -> ProviderServer:
        return self.start() if self._proc is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- protocol --------------------------------------------------------------------------------

    @staticmethod
    def provider_property(provider: ResourceProvider) -> str:
        """The `__provider` value exactly as `pulumi.dynamic.Resource.__init__` computes it."""
        return serialize_provider(provider)

    def _call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        if self._stub is None:
            raise RuntimeError("provider server is not started")
        try:
            return getattr(self._stub, method)(request, timeout=timeout or self.call_timeout)
        except grpc.RpcError as exc:
            raise ProviderError(exc.code(), exc.details() or "") from None

    def get_plugin_info(self) -> str:
        return self._call("GetPluginInfo", empty_pb2.Empty()).version

    def configure(self, config: Mapping[str, str]) -> None:
        """Configure as the engine configures a dynamic provider: every stack config key, namespace kept.

        The engine sends both the legacy `variables` map and `args`; the server reads only `args`
        (and unwraps secrets in it). Its answer, acceptSecrets=False, is kept in `accept_secrets`.
        """
        values = dict(config)
        request = provider_pb2.ConfigureRequest(
            variables={k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()},
            args=_wire.to_struct(values),
            acceptSecrets=True,
            acceptResources=True,
        )
        response = self._call("Configure", request)
        self.accept_secrets = response.acceptSecrets

    def check(
        self, urn: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> tuple[dict, list[tuple[str, str]]]:
        """(checked inputs, failures as (property, reason)); inputs keep unknowns."""
        _require_provider(news)
        request = provider_pb2.CheckRequest(urn=urn, olds=_wire.to_struct(olds), news=_wire.to_struct(news))
        response = self._call("Check", request)
        inputs = _wire.from_struct(response.inputs, keep_unknowns=True)
        return inputs, [(f.property, f.reason) for f in response.failures]

    def diff(self, id: str, urn: str, olds: dict[str, Any], news: dict[str, Any]) -> Diff:
        """`olds` are the previous OUTPUTS, as the engine sends them."""
        _require_provider(news)
        request = provider_pb2.DiffRequest(
            id=id, urn=urn, olds=_wire.to_struct(olds), news=_wire.to_struct(news)
        )
        response = self._call("Diff", request)
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return Diff(
            changes=changes,
            replaces=list(response.replaces),
            delete_before_replace=response.deleteBeforeReplace,
            stables=list(response.stables),
        )

    def create(self, urn: str, props: dict[str, Any], *, timeout: float | None = None) -> tuple[str, dict]:
        _require_provider(props)
        request = provider_pb2.CreateRequest(urn=urn, properties=_wire.to_struct(props), timeout=timeout or 0)
        response = self._call("Create", request, timeout)
        return response.id, _wire.from_struct(response.properties)

    def update(
        self, id: str, urn: str, olds: dict[str, Any], news: dict[str, Any], *, timeout: float | None = None
    ) -> dict:
        _require_provider(news)
        request = provider_pb2.UpdateRequest(
            id=id, urn=urn, olds=_wire.to_struct(olds), news=_wire.to_struct(news), timeout=timeout or 0
        )
        return _wire.from_struct(self._call("Update", request, timeout).properties)

    def read(
        self, id: str, urn: str, props: dict[str, Any], inputs: dict[str, Any] | None = None
    ) -> tuple[str | None, dict, dict | None]:
        """(id or None when the resource is gone, outputs, inputs if the provider returned some)."""
        _require_provider(props, inputs or {})
        request = provider_pb2.ReadRequest(
            id=id,
            urn=urn,
            properties=_wire.to_struct(props),
            inputs=_wire.to_struct(inputs) if inputs is not None else None,
        )
        response = self._call("Read", request)
        new_inputs = _wire.from_struct(response.inputs) if response.HasField("inputs") else None
        return response.id or None, _wire.from_struct(response.properties), new_inputs

    def delete(self, id: str, urn: str, props: dict[str, Any], *, timeout: float | None = None) -> None:
        _require_provider(props)
        request = provider_pb2.DeleteRequest(
            id=id, urn=urn, properties=_wire.to_struct(props), timeout=timeout or 0
        )
        self._call("Delete", request, timeout)


def _require_provider(*bags: dict[str, Any]) -> None:
    # The server looks the provider up in these bags; without it the caller would only see a KeyError
    # traceback from inside the server.
    if not any(_wire.PROVIDER_KEY in bag for bag in bags):
        raise ValueError(
            f"{_wire.PROVIDER_KEY!r} missing: add ProviderServer.provider_property(provider) to the props"
        )
