"""The Pulumi resource class of a kind on the kind descriptor (the four jobs, Model, EndpointConfig).

Its properties are the user's fields (every API member in any casing, and our options such as
`wait_for` or `region`), the kind's outputs and a name seed (`job_props`); its provider runs the kind's
lifecycle. A subclass names its provider class and carries its docstring; its typed signature, every
parameter with its type and doc line, is in the generated stub beside it (`<module>.pyi`).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..lifecycle import REGION
from .create_only import CreateOnlyProvider
from .job_provider import JobProvider, job_props

KindProvider = type[JobProvider] | type[CreateOnlyProvider]


def options_of(provider: KindProvider) -> tuple[str, ...]:
    """Our options (not SageMaker's) a resource of `provider` takes by name, as its stub declares them.
    Each is a property even when not given, so that Pulumi makes it an attribute (`job.region`)."""
    if issubclass(provider, JobProvider):
        logs = ("stream_logs",) if provider.kind.log_group else ()
        return ("wait_for", "wait_timeout_seconds", *logs, REGION)
    return (REGION,)


class KindResource(pulumi.dynamic.Resource):
    # Set per subclass by `provider=` in its class statement. (Pulumi's SDK reads the output types off
    # each resource class's own annotations: this one, on the base, is not taken for an output.)
    _provider_class: KindProvider

    def __init_subclass__(cls, *, provider: KindProvider | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if provider is not None:
            cls._provider_class = provider

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None, **fields: Any) -> None:
        provider = self._provider_class()
        options = {name: fields.pop(name, None) for name in options_of(self._provider_class)}
        props = job_props(provider.kind, resource_name, fields, **options)
        super().__init__(provider, resource_name, props, opts)
