"""`Echo`: a dynamic resource whose hooks record every call as a JSON line in the file named by `log`.

- check fails on `value == "bad"` and defaults `size` to 1;
- diff compares input keys only, replaces on `forces_new`, asks delete-before-replace when `dbr`;
- create/update write a marker file holding `value`; delete removes it; read reports the resource gone
  when the marker is missing and reads `value` back from it (drift);
- `fail_on` ("create", "update" or "delete") makes that hook raise; `sleep` slows create down;
- outputs echo the inputs plus `serial` (the id), the configured `greeting` and `region`, and the
  Python type name the hook saw for `value` (`value_type`).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

PROVIDER_KEY = "__provider"


def calls(log: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every recorded hook call, in order."""
    if not os.path.exists(log):
        return []
    with open(log) as f:
        return [json.loads(line) for line in f if line.strip()]


def _record(props: dict[str, Any], op: str, **extra: Any) -> None:
    path = props.get("log")
    if isinstance(path, str):
        with open(path, "a") as f:
            f.write(json.dumps({"op": op, "label": props.get("label"), **extra}) + "\n")


def _type(value: Any) -> str:
    return type(value).__name__


class EchoProvider(ResourceProvider):
    greeting: str | None = None
    region: str | None = None
    configured = 0

    def configure(self, req: ConfigureRequest) -> None:
        self.greeting = req.config.get("greeting")  # the project's namespace
        self.region = req.config.get("aws:region")
        self.configured += 1

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        _record(news, "check", value_type=_type(news.get("value")), had_olds=bool(olds))
        failures = []
        if news.get("value") == "bad":
            failures.append(CheckFailure("value", "must not be 'bad'"))
        inputs = dict(news)
        inputs.setdefault("size", 1)
        return CheckResult(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # olds are the previous OUTPUTS: compare the input keys only.
        changed = sorted(k for k in news if k != PROVIDER_KEY and olds.get(k) != news.get(k))
        _record(news, "diff", id=id_, changed=changed, value_type=_type(news.get("value")))
        return DiffResult(
            changes=bool(changed),
            replaces=[k for k in changed if k == "forces_new"],
            delete_before_replace=bool(news.get("dbr")),
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        _record(props, "create-started")
        if props.get("sleep"):
            time.sleep(props["sleep"])
        if props.get("fail_on") == "create":
            raise RuntimeError("boom: create refused\nsecond line with details")
        id_ = f"{props.get('label')}-{uuid.uuid4().hex[:8]}"
        marker = self._write_marker(props, id_)
        _record(props, "create", id=id_)
        return CreateResult(id_, self._outs(props, id_, marker, updates=0))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        _record(news, "update", id=id_)
        if news.get("fail_on") == "update":
            raise ValueError("update refused")
        marker = self._write_marker(news, id_)
        return UpdateResult(self._outs(news, id_, marker, updates=olds.get("updates", 0) + 1))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        _record(props, "delete", id=id_)
        if props.get("fail_on") == "delete":
            raise RuntimeError("delete refused")
        marker = props.get("marker")
        if marker and os.path.exists(marker):
            os.remove(marker)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        _record(props, "read", id=id_)
        marker = props.get("marker")
        if not marker or not os.path.exists(marker):
            return ReadResult(None, {})
        with open(marker) as f:
            value = json.load(f)
        return ReadResult(id_, {**props, "value": value})

    def _write_marker(self, props: dict[str, Any], id_: str) -> str | None:
        log = props.get("log")
        if not isinstance(log, str):
            return None
        marker = os.path.join(os.path.dirname(log), f"{id_}.marker")
        with open(marker, "w") as f:
            json.dump(props.get("value"), f)
        return marker

    def _outs(self, props: dict[str, Any], id_: str, marker: str | None, updates: Any) -> dict[str, Any]:
        outs = {k: v for k, v in props.items() if k != PROVIDER_KEY}
        outs.update(
            serial=id_,
            marker=marker,
            greeting=self.greeting,
            region=self.region,
            value_type=_type(props.get("value")),
            updates=updates,
            configured=self.configured,
        )
        return outs


class Echo(pulumi.dynamic.Resource, module="rig", name="Echo"):
    serial: pulumi.Output[str]
    value: pulumi.Output[Any]
    greeting: pulumi.Output[str | None]
    region: pulumi.Output[str | None]
    value_type: pulumi.Output[str]
    updates: pulumi.Output[float]
    configured: pulumi.Output[float]
    size: pulumi.Output[float]

    def __init__(
        self,
        name: str,
        *,
        log: pulumi.Input[str],
        value: pulumi.Input[Any],
        forces_new: pulumi.Input[Any] | None = None,
        fail_on: str | None = None,
        sleep: float | None = None,
        dbr: bool | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "label": name,
            "log": log,
            "value": value,
            "forces_new": forces_new,
            "fail_on": fail_on,
            "sleep": sleep,
            "dbr": dbr,
            # Declared so the program can read them; the provider computes them.
            "serial": None,
            "greeting": None,
            "region": None,
            "value_type": None,
            "updates": None,
            "configured": None,
            "size": None,
            "marker": None,
        }
        super().__init__(EchoProvider(), name, props, opts)
