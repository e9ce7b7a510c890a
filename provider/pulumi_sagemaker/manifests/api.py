"""`from_manifests`: the one call a program makes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .deploy import Manifests, register
from .documents import Source
from .errors import ManifestError
from .loading import load
from .placeholders import stack_config

VIA = ("sagemaker", "cluster")


def from_manifests(
    path_or_text: Source | list[Source],
    *,
    values: Mapping[str, Any] | None = None,
    opts: pulumi.ResourceOptions | None = None,
    skip_unknown: bool = False,
    via: str = "sagemaker",
    provider: Any = None,
) -> Manifests:
    """Deploy SageMaker Operator (v1) and ACK (v1alpha1) manifests as they are written.

    `path_or_text` is a file, a directory (read recursively: `*.yaml`, `*.yml`, in path order), YAML
    text, or a list of these; one or more documents each. `values` fill the placeholders manifests
    keep (`<ACCOUNT_ID>`,
    `{ROLE_ARN}`, `$VAR`, `${VAR}`, the AWS blog's bare SAGEMAKER_EXECUTION_ROLE_ARN and BUCKET_NAME, and
    any bare word `values` names); a value may be an output (`role.arn`). Stack config fills the rest:
    `pulumi config set sagemaker:values.ROLE_ARN arn:...`. Documents of other API groups are errors
    unless `skip_unknown=True`. `opts` apply to every resource.

    Every problem of every document (an unknown kind, a missing or misspelt field, an unfilled placeholder,
    a variant naming a model that is not there...) is raised at once as a ManifestError, each naming the
    file, the document, its kind and name, and the field as written, before anything is registered.

    With `via="cluster"` the manifests' ACK form is applied as `kubernetes.apiextensions.CustomResource`s
    with `provider` (the platform stack's cluster): the ACK controller does the work.

    Returns the resources by kind (as the manifests spell it) and name: `deployed["TrainingJob"]["mnist"]`;
    `deployed.endpoint_urls` maps every endpoint's name to its URL.
    """
    if via not in VIA:
        raise ValueError(f'via must be "sagemaker" or "cluster", got {via!r}')
    if via == "cluster" and provider is None:
        raise ValueError('via="cluster" needs provider=: the kubernetes.Provider of the cluster ACK runs on')
    loaded = load(
        path_or_text,
        values,
        config=stack_config,
        skip_unknown=skip_unknown,
        pass_other_ack_kinds=via == "cluster",
    )
    if loaded.problems:
        raise ManifestError(loaded.problems)
    if via == "cluster":
        from .cluster import apply

        return apply(loaded, provider, opts)
    return register(loaded, opts)
