"""The gRPC driver: the SDK's own dynamic-provider server, spoken to as the engine speaks to it."""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.testing.engine import UNKNOWN, ProviderError, ProviderServer, urn

from .rig_support import EchoProvider, calls

# `tests` is a package: the provider class pickles as tests.rig_support.echo.EchoProvider.
ROOT_DIR = Path(__file__).resolve().parent.parent
ECHO = "pulumi-python:dynamic/rig:Echo"


def server_env() -> dict[str, str]:
    # The server subprocess must import tests.rig_support: the provider is pickled by reference.
    path = os.pathsep.join(p for p in (str(ROOT_DIR), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path}


@pytest.fixture(scope="module")
def server() -> Iterator[ProviderServer]:
    with ProviderServer(env=server_env()) as srv:
        srv.configure({"demo:greeting": "hello", "aws:region": "eu-west-1"})
        yield srv


@pytest.fixture
def log(tmp_path: Path) -> str:
    return str(tmp_path / "calls.jsonl")


def news(log: str, label: str = "a", **props: Any) -> dict[str, Any]:
    return {
        "__provider": ProviderServer.provider_property(EchoProvider()),
        "log": log,
        "label": label,
        **props,
    }


def test_plugin_info_and_configure(server: ProviderServer) -> None:
    assert server.get_plugin_info()
    # The server refuses secrets: the engine then sends every secret in plaintext.
    assert server.accept_secrets is False


def test_provider_property_is_a_reference_not_bytecode() -> None:
    prop = ProviderServer.provider_property(EchoProvider())
    assert len(prop) < 200  # pickled by reference: module and class name only
    assert prop == ProviderServer.provider_property(EchoProvider())  # deterministic


def test_check_failures_come_back_as_property_and_reason(server: ProviderServer, log: str) -> None:
    inputs, failures = server.check(urn(ECHO, "a"), {}, news(log, value="bad"))
    assert failures == [("value", "must not be 'bad'")]
    assert inputs["size"] == 1.0  # the default check filled in


def test_numbers_arrive_as_floats(server: ProviderServer, log: str) -> None:
    inputs, failures = server.check(urn(ECHO, "a"), {}, news(log, value=3))
    assert not failures
    assert calls(log)[-1]["value_type"] == "float"
    id_, outs = server.create(urn(ECHO, "a"), inputs)
    assert outs["value"] == 3.0 and isinstance(outs["value"], float)
    assert outs["value_type"] == "float"
    server.delete(id_, urn(ECHO, "a"), outs)


def test_preview_unknown_arrives_as_unknown_in_check_and_diff(server: ProviderServer, log: str) -> None:
    inputs, failures = server.check(urn(ECHO, "a"), {}, news(log, value=UNKNOWN))
    assert not failures
    assert isinstance(inputs["value"], Unknown)
    assert calls(log)[-1] == {"op": "check", "label": "a", "value_type": "Unknown", "had_olds": False}

    olds = {**news(log, value=1.0), "serial": "a-1"}
    diff = server.diff("a-1", urn(ECHO, "a"), olds, news(log, value=UNKNOWN))
    assert diff.changes is True
    assert calls(log)[-1]["value_type"] == "Unknown"


def test_create_update_read_delete_round_trip(server: ProviderServer, log: str) -> None:
    u = urn(ECHO, "a")
    inputs, _ = server.check(u, {}, news(log, value=1))
    id_, outs = server.create(u, inputs)
    assert outs["serial"] == id_
    assert outs["greeting"] == "hello" and outs["region"] == "eu-west-1"  # configure saw the config
    assert "__provider" in outs  # the server stores the provider in the outputs

    diff = server.diff(id_, u, outs, {**inputs, "value": 2})
    assert (diff.changes, diff.replaces) == (True, [])
    diff = server.diff(id_, u, outs, {**inputs, "forces_new": "x"})
    assert diff.replaces == ["forces_new"]
    assert server.diff(id_, u, outs, inputs).changes is False

    outs = server.update(id_, u, outs, {**inputs, "value": 2})
    assert outs["value"] == 2.0 and outs["updates"] == 1.0

    read_id, read_outs, read_inputs = server.read(id_, u, outs)
    assert read_id == id_ and read_outs["value"] == 2.0 and read_inputs is None

    server.delete(id_, u, outs)
    assert server.read(id_, u, outs)[0] is None  # gone: refresh would drop it
    assert [c["op"] for c in calls(log)] == [
        "check",
        "create-started",
        "create",
        "diff",
        "diff",
        "diff",
        "update",
        "read",
        "delete",
        "read",
    ]


def test_provider_exception_first_line_is_the_message(server: ProviderServer, log: str) -> None:
    inputs, _ = server.check(urn(ECHO, "a"), {}, news(log, value=1, fail_on="create"))
    with pytest.raises(ProviderError) as info:
        server.create(urn(ECHO, "a"), inputs)
    err = info.value
    assert str(err) == "RuntimeError: boom: create refused"
    assert err.exception == "RuntimeError: boom: create refused\nsecond line with details"
    assert err.code == grpc.StatusCode.UNKNOWN
    assert err.details.startswith("Traceback (most recent call last):")


def test_missing_provider_property_is_refused_before_the_call(server: ProviderServer) -> None:
    with pytest.raises(ValueError, match="__provider"):
        server.check(urn(ECHO, "a"), {}, {"value": 1})


def test_kill_mid_create_then_restart(log: str) -> None:
    with ProviderServer(env=server_env()) as srv:
        srv.configure({})
        u = urn(ECHO, "slow")
        inputs, _ = srv.check(u, {}, news(log, "slow", value=1, sleep=60))
        first_pid = srv.pid
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(srv.create, u, inputs)
            deadline = time.monotonic() + 10
            while not any(c["op"] == "create-started" for c in calls(log)):
                assert time.monotonic() < deadline, "create never started"
                time.sleep(0.02)
            srv.kill()  # a crash mid-create: the engine would be left with a pending create
            with pytest.raises(ProviderError) as info:
                pending.result(timeout=10)
        assert info.value.code == grpc.StatusCode.UNAVAILABLE
        assert not any(c["op"] == "create" for c in calls(log))

        srv.restart()
        assert srv.pid != first_pid
        srv.configure({})
        inputs, _ = srv.check(u, {}, news(log, "slow", value=1))
        id_, outs = srv.create(u, inputs)
        assert outs["serial"] == id_
