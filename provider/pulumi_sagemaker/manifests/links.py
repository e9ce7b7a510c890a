"""Documents that refer to each other by SageMaker name, linked by Pulumi outputs.

A TransformJob's `modelName`, an EndpointConfig variant's `modelName`, an Endpoint's `endpointConfigName`
and a tuning job's warm-start parents name other SageMaker resources. When one of these manifests
deploys the resource named, the field becomes that resource's output: Pulumi creates it first (a
generated name flows through), and a replacement reaches what uses it. The operator's Model and
EndpointConfig have no name field (the operator generated one): they are referred to by metadata.name,
which the operator could not do (its own tests looked the generated name up by hand). A name no
manifest here deploys is left as it is: a resource made elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..shapes import normalise
from .errors import Problem
from .specs import Planned

# (resource, path to the referring field ("*": every list item), the resource it names)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("BatchTransformJob", ("modelName",), "Model"),
    ("EndpointConfig", ("productionVariants", "*", "modelName"), "Model"),
    ("EndpointConfig", ("shadowProductionVariants", "*", "modelName"), "Model"),
    ("Endpoint", ("endpointConfigName",), "EndpointConfig"),
    (
        "HyperparameterTuningJob",
        ("warmStartConfig", "parentHyperParameterTuningJobs", "*", "hyperParameterTuningJobName"),
        "HyperparameterTuningJob",
    ),
)
# The output of each resource that holds its SageMaker name.
NAME_OUTPUT = {
    "Model": "model_name",
    "EndpointConfig": "endpoint_config_name",
    "HyperparameterTuningJob": "hyper_parameter_tuning_job_name",
}


@dataclass(frozen=True)
class Link:
    source: Planned
    path: tuple[str | int, ...]  # of the field in the source's spec, keys as written
    target: Planned

    @property
    def written(self) -> str:
        out = "spec"
        for step in self.path:
            out += f"[{step}]" if isinstance(step, int) else f".{step}"
        return out


def names(planned: Planned) -> set[str]:
    """The names other documents may refer to this one by."""
    found = set()
    if isinstance(planned.sagemaker_name, str):
        found.add(planned.sagemaker_name)
    if planned.entry.name_key is None and isinstance(planned.doc.name, str):
        found.add(planned.doc.name)
    return found


def find(planned: list[Planned], problems: list[Problem]) -> list[Link]:
    index: dict[tuple[str, str], Planned] = {}
    for p in planned:
        for name in names(p):
            index.setdefault((p.entry.resource, name), p)  # type: ignore[arg-type]
    links = []
    for source in planned:
        for resource, pattern, target_type in REFERENCES:
            if source.entry.resource != resource:
                continue
            for path, value in _fields(source.spec, pattern, ()):
                target = index.get((target_type, value)) if isinstance(value, str) else None
                if target is None or target is source:
                    continue
                link = Link(source, path, target)
                if _regions_differ(source, target):
                    problems.append(
                        Problem(
                            source.where,
                            link.written,
                            f"names {target_type} {value!r} ({target.where}), which is in {target.region!r}, "
                            f"but this is in {source.region!r}: SageMaker resources refer to each other "
                            "within one region",
                        )
                    )
                    continue
                links.append(link)
    return links


def _regions_differ(source: Planned, target: Planned) -> bool:
    a, b = source.region, target.region
    return isinstance(a, str) and isinstance(b, str) and a != b


def _fields(node: Any, pattern: tuple[str, ...], path: tuple[str | int, ...]) -> list[tuple[tuple, Any]]:
    if not pattern:
        return [(path, node)]
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if not isinstance(node, list):
            return []
        return [f for i, item in enumerate(node) for f in _fields(item, rest, (*path, i))]
    if not isinstance(node, dict):
        return []
    key = next((k for k in node if isinstance(k, str) and normalise(k) == normalise(step)), None)
    return _fields(node[key], rest, (*path, key)) if key is not None else []


def order(planned: list[Planned], links: list[Link]) -> list[Planned]:
    """Every document after those it refers to (they are in the manifests, so no cycle SageMaker allows)."""
    needs: dict[int, list[Planned]] = {}
    for link in links:
        needs.setdefault(id(link.source), []).append(link.target)
    done: list[Planned] = []
    seen: set[int] = set()

    def visit(p: Planned) -> None:
        if id(p) in seen:
            return
        seen.add(id(p))
        for target in needs.get(id(p), ()):
            visit(target)
        done.append(p)

    for p in planned:
        visit(p)
    return done


def set_field(spec: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = spec
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
