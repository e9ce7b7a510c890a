"""`from_manifests(..., via="cluster", provider=...)`: the manifests' ACK form applied to a cluster as
`kubernetes.apiextensions.CustomResource`s, for teams that keep ACK's controller doing the work (the
platform stack installs it). ACK documents of kinds this package does not deploy pass to it as they are.
"""

from __future__ import annotations

from typing import Any

import pulumi

from .ack import convert
from .deploy import Manifests, static_url
from .errors import ManifestError
from .loading import Loaded
from .specs import REGION_ANNOTATION


def apply(loaded: Loaded, provider: Any, opts: pulumi.ResourceOptions | None) -> Manifests:
    from pulumi_kubernetes.apiextensions import CustomResource

    documents, problems = convert(loaded)
    if problems:
        raise ManifestError(problems)
    options = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=provider))
    result = Manifests()
    region = pulumi.Config("aws").get("region")
    for document in documents:
        body = document.body
        resource = CustomResource(
            document.name,
            api_version=body["apiVersion"],
            kind=body["kind"],
            metadata=body.get("metadata"),
            spec=body.get("spec"),
            opts=options,
        )
        url = None
        if body["kind"] == "Endpoint":
            annotations = (body.get("metadata") or {}).get("annotations") or {}
            url = static_url(
                annotations.get(REGION_ANNOTATION, region), (body.get("spec") or {}).get("endpointName")
            )
        result.add(body["kind"], document.name, resource, url)
    return result
