"""Stack config is checked when the program starts: one error naming every bad key, its stack file
and an example, before any resource is registered."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.testing import ResourceError, run
from sagemaker_platform.schema import ConfigError, camel
from sagemaker_platform.settings import Settings, load

from .platform_support import PROJECT, ROOT, STACKS, config, program


def _load(stack: str, overrides: dict | None = None):
    return load(config(stack, overrides), stack=stack, project=PROJECT)


@pytest.mark.parametrize("stack", STACKS)
def test_every_stack_file_is_valid(stack: str) -> None:
    settings = _load(stack)
    assert settings.stack == stack and settings.region
    assert settings.guardrails.allowed_instance_types


def test_what_differs_between_environments_is_in_their_stack_files() -> None:
    dev, staging, prod, local = (_load(s) for s in STACKS)
    assert (dev.controller.mode, staging.controller.mode, prod.controller.mode, local.controller.mode) == (
        "helm",
        "managed",
        "helm",
        "none",
    )
    assert local.cluster is None and local.network is None
    assert dev.cluster.compute == "nodeGroup" and prod.cluster.compute == "autoMode"
    assert prod.controller.deletion_policy == "retain" and prod.guardrails.protect_hosting
    assert prod.guardrails.require_kms and not dev.guardrails.require_kms


def test_a_missing_key_is_one_error_naming_the_key_the_file_and_an_example() -> None:
    with pytest.raises(ConfigError) as info:
        _load("dev", {"cluster.version": None})
    assert str(info.value).splitlines() == [
        "invalid stack config in Pulumi.dev.yaml (1 problem):",
        "  - sagemaker-demo:cluster.version: missing (pin the Kubernetes version of a new cluster); "
        'for example: "1.35"',
    ]


def test_every_problem_is_listed_in_the_order_written_with_did_you_mean(monkeypatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)  # the region may come from the environment
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    bad = {
        "controller.mode": "helmm",
        "guardrails.maxTrainingRuntimeSeconds": "two hours",
        "guardrails.allowedInstanceType": ["ml.m5.large"],
        "aws:region": None,
    }
    with pytest.raises(ConfigError) as info:
        _load("dev", bad)
    lines = [p.line() for p in info.value.problems]
    assert info.value.stack_file == "Pulumi.dev.yaml"
    assert lines[0] == "aws:region: missing; for example: aws:region: us-west-2"
    assert lines[1].startswith("sagemaker-demo:controller.mode: 'helmm' is not one of managed, helm, none")
    assert "(did you mean 'helm'?)" in lines[1] and lines[1].endswith("for example: mode: helm")
    assert lines[2].startswith("sagemaker-demo:guardrails.maxTrainingRuntimeSeconds: must be a whole number")
    assert lines[3].startswith("sagemaker-demo:guardrails.allowedInstanceType: unknown key (did you mean")
    assert len(lines) == 4


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        ({"controller.chartVersion": None}, "controller.chartVersion", "pinned version"),
        ({"controller.chartVersion": "latest"}, "controller.chartVersion", "'latest' does not match"),
        ({"storage": {"kmsKeyArn": None}}, "storage.kmsKeyArn", "requireKms"),
        ({"cluster.adminRoleArns": ["platform-admin"]}, "cluster.adminRoleArns[0]", "is not an IAM role ARN"),
        ({"executionRole.dataPrefixes": ["*"]}, "executionRole.dataPrefixes[0]", "without wildcards"),
        ({"network.availabilityZones": ["us-west-2a"]}, "network.availabilityZones", "two distinct zones"),
        ({"workloads.hostingInstanceType": "ml.p4d.24xlarge"}, "workloads.hostingInstanceType", "not in"),
        ({"cluster": None}, "controller.mode", "needs a cluster"),
        ({"cluster.ciRoleArns": [], "cluster.adminRoleArns": []}, "cluster.ciRoleArns", "access entry"),
    ],
)
def test_malformed_or_inconsistent_keys_name_the_fix(overrides: dict, key: str, words: str) -> None:
    stack = "prod" if "storage" in overrides else "dev"
    with pytest.raises(ConfigError) as info:
        _load(stack, overrides)
    problems = {p.key: p for p in info.value.problems}
    assert f"{PROJECT}:{key}" in problems, str(info.value)
    assert words in problems[f"{PROJECT}:{key}"].reason


def test_a_bad_config_stops_the_program_before_any_resource_is_registered() -> None:
    with pytest.raises(ResourceError) as info:
        run(program(), config=config("dev", {"controller.mode": "helmm"}), project=PROJECT, stack="dev")
    assert isinstance(info.value.__cause__, ConfigError)
    assert info.value.message.startswith("ConfigError: invalid stack config in Pulumi.dev.yaml (1 problem)")
    assert info.value.operations == [] and len(info.value.state) == 0


def _keys(cls: type, prefix: str = "") -> list[str]:
    import dataclasses
    import typing

    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cls):
        if "example" not in f.metadata:
            continue
        key = f"{prefix}{camel(f.name)}"
        nested = [a for a in (hints[f.name], *typing.get_args(hints[f.name])) if dataclasses.is_dataclass(a)]
        found += _keys(nested[0], f"{key}.") if nested else [key]
    return found


def test_every_config_key_is_documented() -> None:
    text = (ROOT / "docs" / "platform.md").read_text()
    keys = _keys(Settings)
    assert len(keys) > 30
    undocumented = [k for k in keys if f"`{k}`" not in text]
    assert undocumented == []
