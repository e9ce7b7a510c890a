"""Each document's spec checked as its resource will check it, before anything is registered.

The resource's own provider runs `check` (the engine runs the very same later), so a manifest gets the
errors a Python program would, with paths as the YAML writes them (`spec.` first; for ACK documents a
missing member spelled as ACK spells it, `roleARN`). One mistake of widely copied demos gets an error of
its own: one list item written as two (`- name: val_acc` / `- regex: ...`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..hosting import camel
from .ack_schema import ack_key
from .catalog import ACK
from .errors import Problem
from .specs import Planned
from .standins import StandIns

_ITEM_MEMBER = re.compile(r"^(?P<list>.*)\[(?P<index>\d+)\]\.(?P<member>[^.\[\]]+)$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_CAMEL_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b")


@cache
def providers() -> dict[str, type]:
    from .. import resources

    return {
        "TrainingJob": resources.TrainingJobProvider,
        "HyperparameterTuningJob": resources.HyperparameterTuningJobProvider,
        "BatchTransformJob": resources.BatchTransformJobProvider,
        "ProcessingJob": resources.ProcessingJobProvider,
        "HostingDeployment": resources.HostingDeploymentProvider,
        "Model": resources.ModelProvider,
        "EndpointConfig": resources.EndpointConfigProvider,
        "Endpoint": resources.EndpointProvider,
    }


def check(planned: Planned) -> list[Problem]:
    provider = providers()[planned.entry.resource]()  # type: ignore[index]
    result = provider.check({}, StandIns().hide(planned.props))
    failures = [(f.property, f.reason) for f in result.failures]
    problems, failures = _split_items(planned, failures)
    for path, reason in failures:
        problems.append(Problem(planned.where, _written(planned, path), _respelled(planned, reason)))
    return problems


def _written(planned: Planned, path: str) -> str:
    if path == "region" or path.startswith("region"):
        return planned.region_path if "region" in planned.extra else f"spec.{path}"
    if not path:
        return "spec"
    path = _camel_top(planned.spec, path)
    if planned.entry.flavour == ACK:
        path = _ack_path(planned.spec, path)
    return f"spec.{path}"


def _camel_top(raw: Any, path: str) -> str:
    """A manifest is lowerCamelCase, but a spec whose keys are one word each (`models`, `region`) shows the
    check no casing: a top-level member the user did not write is spelt as the manifest would spell it."""
    top = _STEP.match(path)
    key = top.group(1) if top else None
    if key and "_" in key and not (isinstance(raw, dict) and key in raw):
        return camel(key) + path[len(key) :]
    return path


def _ack_path(raw: Any, path: str) -> str:
    """A path the shapes layer spelt in lowerCamelCase, with the members the user did not write (a missing
    required one, say) spelt as ACK spells them."""
    out, node = "", raw
    for key, index in _STEP.findall(path):
        if index:
            out += f"[{index}]"
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
            continue
        if isinstance(node, dict) and key in node:
            node = node[key]
        else:
            key, node = ack_key(key), None
        out = f"{out}.{key}" if out else key
    return out


def _respelled(planned: Planned, reason: str) -> str:
    if planned.entry.flavour != ACK:
        return reason
    return _CAMEL_WORD.sub(lambda m: ack_key(m.group(0)), reason)


def _at(raw: Any, path: str) -> Any:
    node = raw
    for key, index in _STEP.findall(path):
        if index:
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
    return node


def _split_items(
    planned: Planned, failures: list[tuple[str, str]]
) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Two consecutive list items each missing what the other has alone: one item written as two."""
    missing: dict[str, dict[int, list[str]]] = {}
    for path, reason in failures:
        match = _ITEM_MEMBER.match(path)
        if reason == "is required" and match:
            missing.setdefault(match["list"], {}).setdefault(int(match["index"]), []).append(match["member"])
    problems: list[Problem] = []
    merged: set[str] = set()
    for list_path, items in missing.items():
        raw = _at(planned.spec, list_path)
        for i in sorted(items):
            if i + 1 not in items or not isinstance(raw, list) or i + 1 >= len(raw):
                continue
            first, second = raw[i], raw[i + 1]
            if not (isinstance(first, dict) and isinstance(second, dict)) or set(first) & set(second):
                continue
            lacks = {m.lower() for m in items[i] + items[i + 1]}
            if not lacks <= {k.lower() for k in (*first, *second)}:
                continue
            merged |= {f"{list_path}[{n}].{m}" for n in (i, i + 1) for m in items[n]}
            keys = [*first, *second]
            one, rest = keys[0], ", ".join(f"`{k}: ...`" for k in keys[1:])
            problems.append(
                Problem(
                    planned.where,
                    f"spec.{list_path}[{i}]",
                    f"one item written as two: [{i}] has only {', '.join(first)}, [{i + 1}] only "
                    f"{', '.join(second)}; write them as one item, `- {one}: ...` with {rest} on the next "
                    "line, "
                    "indented under it (without a dash)",
                )
            )
    return problems, [(p, r) for p, r in failures if p not in merged]
