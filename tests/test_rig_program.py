"""The program runner: a Pulumi program under mocks with its real dynamic providers, run after run."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.testing.engine import urn
from pulumi_sagemaker.testing.program import ResourceError, State, refresh, run

from .rig_support import Echo, calls

ECHO = "pulumi-python:dynamic/rig:Echo"


@pytest.fixture
def log(tmp_path: Path) -> str:
    return str(tmp_path / "calls.jsonl")


def ops(log: str, *kinds: str) -> list[str]:
    """The provider's recorded calls as "op:label", optionally only some kinds."""
    return [f"{c['op']}:{c['label']}" for c in calls(log) if not kinds or c["op"] in kinds]


def pair(
    log: str, value: Any = 1, forces_new: Any = "v1", with_b: bool = True, **b_opts: Any
) -> Callable[[], None]:
    """a, and b fed by a's `serial` output (a dependency chain through outputs)."""

    def program() -> None:
        a = Echo("a", log=log, value=value, forces_new=forces_new)
        pulumi.export("a_serial", a.serial)
        pulumi.export("a_value", a.value)
        if with_b:
            b = Echo("b", log=log, value=a.serial, **b_opts)
            pulumi.export("b_value", b.value)

    return program


def test_create_then_update_then_replace_then_delete(log: str) -> None:
    first = run(pair(log))
    assert first.operations == [("create", "a"), ("create", "b")]
    # Chained: b's input is a's output, and the stack outputs are resolved values.
    assert first.outputs["b_value"] == first.outputs["a_serial"] == first.state.get("a").id
    assert first.outputs["a_value"] == 1.0
    assert first.state.get("a").inputs["size"] == 1.0  # the checked inputs are stored
    assert first.state.get("a").urn == urn(ECHO, "a")

    second = run(pair(log, value=2), state=first.state)
    assert second.operations == [("update", "a"), ("same", "b")]
    assert second.state.get("a").outputs["updates"] == 1.0
    assert second.outputs["a_serial"] == first.outputs["a_serial"]

    third = run(pair(log, value=2, forces_new="v2"), state=second.state)
    # Create-before-delete: the replacement (and b's update) first, the old a deleted last.
    assert third.operations == [("replace", "a"), ("update", "b"), ("delete", "a")]
    assert third.outputs["a_serial"] != second.outputs["a_serial"]
    assert third.outputs["b_value"] == third.outputs["a_serial"]
    deleted = [c["id"] for c in calls(log) if c["op"] == "delete"]
    assert deleted == [second.outputs["a_serial"]]

    fourth = run(pair(log, value=2, forces_new="v2", with_b=False), state=third.state)
    assert fourth.operations == [("same", "a"), ("delete", "b")]
    assert fourth.state.names() == ["a"]
    assert "b_value" not in fourth.outputs

    assert run(lambda: None, state=fourth.state).operations == [("delete", "a")]


def test_delete_before_replace(log: str) -> None:
    first = run(pair(log, with_b=False))
    second = run(
        lambda: Echo("a", log=log, value=1, forces_new="v2", dbr=True),
        state=first.state,
    )
    assert second.operations == [("delete", "a"), ("replace", "a")]
    assert ops(log, "delete", "create")[-2:] == ["delete:a", "create:a"]


def test_preview_calls_only_check_and_diff(log: str) -> None:
    preview = run(pair(log), preview=True)
    assert preview.operations == [("create", "a"), ("create", "b")]
    assert isinstance(preview.outputs["a_serial"], Unknown)  # computed by create: unknown
    assert preview.outputs["a_value"] == 1.0  # an input: known
    assert len(preview.state) == 0
    assert set(ops(log)) == {"check:a", "check:b"}
    assert [c["value_type"] for c in calls(log) if c["label"] == "b"] == ["Unknown"]

    first = run(pair(log))
    before = len(calls(log))
    preview = run(pair(log, value=5, forces_new="v2"), state=first.state, preview=True)
    assert preview.operations == [("replace", "a"), ("update", "b"), ("delete", "a")]
    assert {c["op"] for c in calls(log)[before:]} == {"check", "diff"}
    assert preview.state == first.state  # a preview changes nothing


def test_failing_create_keeps_earlier_resources_and_the_next_run_continues(log: str) -> None:
    with pytest.raises(ResourceError) as info:
        run(pair(log, fail_on="create"))
    err = info.value
    assert err.urn == urn(ECHO, "b")
    assert err.message == "boom: create refused"  # the first line of the provider's message
    assert str(err) == f"{urn(ECHO, 'b')}: boom: create refused"
    assert isinstance(err.__cause__, RuntimeError)
    assert err.state.names() == ["a"]  # created before the failure: kept, as the checkpoint would

    fixed = run(pair(log), state=err.state)
    assert fixed.operations == [("same", "a"), ("create", "b")]
    assert ops(log, "create") == ["create:a", "create:b"]


def test_check_failure_names_the_resource_and_property(log: str) -> None:
    with pytest.raises(ResourceError) as info:
        run(lambda: Echo("a", log=log, value="bad"))
    assert info.value.urn == urn(ECHO, "a")
    assert info.value.failures == [("value", "must not be 'bad'")]
    assert "value: must not be 'bad'" in str(info.value)
    assert ops(log, "create-started") == []


def test_a_failing_run_does_not_poison_the_next_ones(log: str) -> None:
    def broken() -> None:
        Echo("a", log=log, value=1)
        raise ValueError("program bug\nmore detail")

    with pytest.raises(ResourceError, match=r"ValueError: program bug$") as info:
        run(broken)
    assert info.value.urn.endswith("::pulumi:pulumi:Stack::demo-local")
    state = info.value.state
    for i in range(3):
        result = run(pair(log, value=i, with_b=False), state=state)
        state = result.state
        assert result.outputs["a_value"] == float(i)
    assert len(state) == 1


def test_failing_update_keeps_the_old_state(log: str) -> None:
    first = run(pair(log, with_b=False))

    def program() -> None:
        Echo("a", log=log, value=2, forces_new="v1", fail_on="update")

    with pytest.raises(ResourceError, match="update refused"):
        run(program, state=first.state)
    with pytest.raises(ResourceError) as info:
        run(program, state=first.state)
    assert info.value.state.get("a") == first.state.get("a")


def test_config_reaches_configure_and_pulumi_config(log: str) -> None:
    def program() -> None:
        a = Echo("a", log=log, value=1)
        config = pulumi.Config()
        pulumi.export("size", config.require_int("size"))
        pulumi.export("region", pulumi.Config("aws").require("region"))
        pulumi.export("greeting", a.greeting)
        pulumi.export("provider_region", a.region)
        pulumi.export("configured", a.configured)

    result = run(program, config={"greeting": "hello", "demo:size": 3, "aws:region": "eu-west-1"})
    assert result.outputs == {
        "size": 3.0,  # stack outputs crossed the wire: numbers are floats
        "region": "eu-west-1",
        "greeting": "hello",
        "provider_region": "eu-west-1",
        "configured": 1.0,
    }
    # Nothing leaks into the next run.
    assert run(lambda: pulumi.export("g", pulumi.Config().get("greeting"))).outputs == {}


def test_refresh_drops_what_is_gone_and_reads_drift(log: str) -> None:
    first = run(pair(log))
    os.remove(first.state.get("b").outputs["marker"])  # b deleted behind Pulumi's back
    with open(first.state.get("a").outputs["marker"], "w") as f:
        f.write("42")  # a drifted
    refreshed = refresh(first.state)
    assert refreshed.operations == [("read", "a"), ("read", "b"), ("delete", "b")]
    assert refreshed.state.names() == ["a"]
    assert refreshed.state.get("a").outputs["value"] == 42.0
    # The next run recreates b.
    assert run(pair(log), state=refreshed.state).operations[-1] == ("create", "b")


def test_state_is_picklable_and_reusable(log: str) -> None:
    first = run(pair(log))
    state = pickle.loads(pickle.dumps(first.state))
    assert isinstance(state, State)
    assert run(pair(log), state=state).operations == [("same", "a"), ("same", "b")]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pulumi_aws's own, at import
def test_plain_resources_and_invokes_get_plausible_fakes() -> None:
    import pulumi_aws as aws

    def program() -> None:
        identity = aws.get_caller_identity()
        bucket = aws.s3.Bucket("data")
        role = aws.iam.Role("runner", assume_role_policy="{}")
        queue = aws.sqs.Queue("jobs")
        pulumi.export("account", identity.account_id)
        pulumi.export("region", aws.get_region().region)
        pulumi.export("bucket", bucket.bucket)
        pulumi.export("arn", bucket.arn)
        pulumi.export("role_arn", role.arn)
        pulumi.export("queue_arn", queue.arn)
        pulumi.export("secret", pulumi.Output.secret("shh"))

    result = run(program, config={"aws:region": "eu-west-1"})
    bucket = result.outputs["bucket"]
    assert re.fullmatch(r"data-[0-9a-f]{7}", bucket), "auto-named as pulumi-aws names an unnamed bucket"
    assert result.outputs == {
        "account": "123456789012",
        "region": "eu-west-1",
        "bucket": bucket,
        "arn": f"arn:aws:s3:::{bucket}",
        "role_arn": "arn:aws:iam::123456789012:role/runner",
        "queue_arn": "arn:aws:sqs:eu-west-1:123456789012:queue/jobs",
        "secret": "shh",
    }
    assert result.secret_outputs == {"secret"}
    assert sorted(result.operations) == [("create", "data"), ("create", "jobs"), ("create", "runner")]
    again = run(program, config={"aws:region": "eu-west-1"}, state=result.state)
    assert {op for op, _ in again.operations} == {"same"}


def test_old_half_of_a_replacement_left_by_a_failed_run_is_deleted_first(log: str) -> None:
    first = run(pair(log))
    with pytest.raises(ResourceError) as info:
        run(pair(log, forces_new="v2", fail_on="update"), state=first.state)
    state = info.value.state
    assert state.get("a").id != first.state.get("a").id  # the replacement exists...
    assert [r.id for r in state.pending_deletes] == [first.state.get("a").id]  # ...the old one too
    assert state.get("b") == first.state.get("b")

    fixed = run(pair(log, forces_new="v2"), state=state)
    assert fixed.operations[0] == ("delete", "a")
    assert fixed.state.pending_deletes == []
    assert [c["id"] for c in calls(log) if c["op"] == "delete"] == [first.state.get("a").id]


def test_resource_options_ignore_changes_and_retain_on_delete(log: str) -> None:
    def program(value: int) -> Callable[[], None]:
        opts = pulumi.ResourceOptions(ignore_changes=["value"], retain_on_delete=True)
        return lambda: Echo("a", log=log, value=value, opts=opts)

    first = run(program(1))
    assert run(program(2), state=first.state).operations == [("same", "a")]
    assert run(lambda: None, state=first.state).operations == [("delete", "a")]
    assert ops(log, "delete") == []  # retained: dropped from the state, not deleted
