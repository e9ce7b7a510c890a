"""Helpers for the platform stack tests: run an environment's stack through the offline rig.

The stack files (Pulumi.<stack>.yaml) are read as the engine hands them to the program; `overrides`
change structured keys by path ({"controller.credentials": "irsa"}) the way `pulumi config set --path`
would, so that variants are the real files plus a visible difference.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pulumi_sagemaker.testing import RunResult, run
from pulumi_sagemaker.testing.demo import Project, stack_config
from pulumi_sagemaker.testing.state import Declared

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "sagemaker-demo"
CLOUD_STACKS = ("dev", "staging", "prod")
STACKS = (*CLOUD_STACKS, "local")
ACCOUNT = "123456789012"  # the rig's account


@functools.cache
def program() -> Callable[[], None]:
    return Project.load(ROOT).program()


def config(stack: str, overrides: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The stack file's config, with `overrides` ("namespace:key.path" or "key.path") applied."""
    cfg = stack_config(ROOT, stack)
    for path, value in (overrides or {}).items():
        full = path if ":" in path.split(".")[0] else f"{PROJECT}:{path}"
        key, _, rest = full.partition(".")
        if not rest:
            if value is None:
                cfg.pop(key, None)
            else:
                cfg[key] = value if isinstance(value, str) else json.dumps(value)
            continue
        tree = json.loads(cfg.get(key, "{}"))
        node = tree
        *parents, leaf = rest.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = copy.deepcopy(value)
        cfg[key] = json.dumps(tree)
    return cfg


def preview(stack: str, overrides: Mapping[str, Any] | None = None, **extra: Any) -> RunResult:
    return run(
        program(), config={**config(stack, overrides), **extra}, preview=True, project=PROJECT, stack=stack
    )


def up(stack: str, overrides: Mapping[str, Any] | None = None, **extra: Any) -> RunResult:
    return run(program(), config={**config(stack, overrides), **extra}, project=PROJECT, stack=stack)


def of_type(result: RunResult, type_: str) -> list[Declared]:
    return [d for d in result.declared if d.type == type_]


def one(result: RunResult, type_: str, name: str | None = None) -> Declared:
    found = [d for d in of_type(result, type_) if name is None or d.name == name]
    assert len(found) == 1, f"expected one {type_} {name or ''}, found {[d.name for d in found]}"
    return found[0]


def children(result: RunResult, parent: Declared) -> list[Declared]:
    return [d for d in result.declared if d.parent == parent.urn]


POLICY_PROPERTIES = {
    "aws:iam/role:Role": ("assumeRolePolicy", "trust"),
    "aws:iam/rolePolicy:RolePolicy": ("policy", "permissions"),
    "aws:iam/policy:Policy": ("policy", "permissions"),
}


def policy_documents(result: RunResult) -> list[tuple[str, str, dict[str, Any]]]:
    """(resource name, "trust" | "permissions", parsed document) for every IAM document declared."""
    found = []
    for d in result.declared:
        if d.type in POLICY_PROPERTIES:
            prop, kind = POLICY_PROPERTIES[d.type]
            text = d.inputs.get(prop)
            assert isinstance(text, str), f"{d.name}.{prop} is not known: {text!r}"
            found.append((d.name, kind, json.loads(text)))
    return found


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    listed = document["Statement"]
    return listed if isinstance(listed, list) else [listed]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
