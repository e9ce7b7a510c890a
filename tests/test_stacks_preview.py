"""`pulumi preview` needs no SageMaker access: CI previews every environment with a read-only role, and
our providers make no AWS call in check or diff. Proven here for the dev stack, on a first preview and
on the preview of a change to a deployed stack, against a local SageMaker that records every request."""

from __future__ import annotations

from collections import Counter

from pulumi_sagemaker.aws import CALL_COUNTS
from pulumi_sagemaker.testing import run

from .platform_support import PROJECT, config, preview, program, up


def _pointed_at(local) -> dict[str, str]:
    return {k: v for k, v in local.config.items() if k != "aws:region"}  # keep dev's region


def test_a_preview_of_the_dev_stack_makes_no_sagemaker_call(local) -> None:
    local.clear_calls()
    before = Counter(CALL_COUNTS)
    result = preview("dev", **_pointed_at(local))
    assert ("create", "mnist") in result.operations and ("create", "mnist-endpoint") in result.operations
    assert local.calls == []
    assert Counter(CALL_COUNTS) == before


def test_previewing_a_change_to_the_deployed_dev_stack_makes_no_sagemaker_call(local) -> None:
    deployed = up("dev", **_pointed_at(local))
    assert local.calls_to("CreateEndpoint")  # the same config does reach SageMaker on `up`
    local.clear_calls()
    before = Counter(CALL_COUNTS)
    changed = {**config("dev", {"workloads.hostingInstanceType": "ml.m5.xlarge"}), **_pointed_at(local)}
    result = run(program(), config=changed, state=deployed.state, preview=True, project=PROJECT, stack="dev")
    assert ("update", "mnist-endpoint") in result.operations or (
        "replace",
        "mnist-endpoint",
    ) in result.operations
    assert ("same", "mnist") in result.operations
    assert local.calls == []
    assert Counter(CALL_COUNTS) == before
