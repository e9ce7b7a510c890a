"""Checked plans registered as this package's resources, and what `from_manifests` returns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pulumi

from ..kinds import runtime_url
from . import links
from .loading import Loaded


class Manifests(Mapping[str, Mapping[str, Any]]):
    """The resources made from manifests, by kind as the manifests spell it, then by Pulumi name
    (`metadata.name`, or `<namespace>/<name>`): `deployed["TrainingJob"]["xgboost-mnist"].model_artifacts`.
    """

    def __init__(self) -> None:
        self._by_kind: dict[str, dict[str, Any]] = {}
        self._urls: dict[str, Any] = {}

    def add(self, kind: str, name: str, resource: Any, url: Any = None) -> None:
        self._by_kind.setdefault(kind, {})[name] = resource
        if url is not None:
            self._urls[name] = url

    def __getitem__(self, kind: str) -> Mapping[str, Any]:
        return self._by_kind[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_kind)

    def __len__(self) -> int:
        return len(self._by_kind)

    @property
    def resources(self) -> list[Any]:
        return [r for by_name in self._by_kind.values() for r in by_name.values()]

    @property
    def endpoint_urls(self) -> dict[str, Any]:
        """Every endpoint's invocation URL, by the Pulumi name of what deploys it (a HostingDeployment, an
        Endpoint): `pulumi.export("endpoint_urls", deployed.endpoint_urls)`."""
        return dict(self._urls)


def resource_classes() -> dict[str, type]:
    from .. import resources

    return {
        name: getattr(resources, name)
        for name in (
            "TrainingJob",
            "HyperparameterTuningJob",
            "BatchTransformJob",
            "ProcessingJob",
            "HostingDeployment",
            "Model",
            "EndpointConfig",
            "Endpoint",
        )
    }


def register(loaded: Loaded, opts: pulumi.ResourceOptions | None) -> Manifests:
    classes = resource_classes()
    made: dict[int, Any] = {}
    result = Manifests()
    for planned in links.order(loaded.planned, loaded.links):
        props = _copy(planned.props)
        for link in loaded.links:
            if link.source is planned:
                target = made[id(link.target)]
                output = links.NAME_OUTPUT[str(link.target.entry.resource)]
                links.set_field(props, link.path, getattr(target, output))
        options = opts
        if planned.retain:
            options = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(retain_on_delete=True))
        resource = classes[planned.entry.resource](planned.name, options, **props)  # type: ignore[index]
        made[id(planned)] = resource
        url = resource.endpoint_url if planned.entry.resource in ("HostingDeployment", "Endpoint") else None
        result.add(planned.doc.kind, planned.name, resource, url)
    return result


def _copy(value: Any) -> Any:
    """A deep copy of plain data that keeps outputs as they are (they cannot be copied)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def static_url(region: Any, endpoint: Any) -> Any:
    """The invocation URL of an endpoint named in a manifest (for resources a controller makes)."""
    if isinstance(region, str) and isinstance(endpoint, str):
        return runtime_url(region, endpoint)
    return None
