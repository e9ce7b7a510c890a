"""What every provider of this package shares: configuration, pickling, and hooks that delegate.

A provider's hooks are the same for every kind: each delegates to a lifecycle object (JobLifecycle,
HostingLifecycle) with the same six methods. Subclasses only say which lifecycle they run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from types import UnionType
from typing import Any, Protocol, TypeVar, Union, get_args, get_origin, is_typeddict

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..aws import Aws, AwsSettings
from ..kinds import Kind, Output
from ..lifecycle import OPERATOR_ENDPOINT, REGION, Diff
from ..shapes import Failure, Redactor, redacting
from . import server_threads
from .secrets import marked, scrub, secret_values, unmarked


class Lifecycle(Protocol):
    # Positional: each lifecycle names the id as what it is (a job's name, an endpoint's).
    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None, /
    ) -> tuple[dict[str, Any], list[Failure]]: ...
    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any], /) -> Diff: ...
    def create(self, props: Mapping[str, Any], /) -> tuple[str, dict[str, Any]]: ...
    def update(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], /) -> dict[str, Any]: ...
    def read(self, id_: str, props: Mapping[str, Any], /) -> tuple[str | None, dict[str, Any]]: ...
    def delete(self, id_: str, props: Mapping[str, Any], /) -> None: ...


def concurrency_limit(config: Any) -> int:
    """`sagemaker:maxConcurrentOperations`: how many hooks the provider server may run at once."""
    raw = config.get("sagemaker:maxConcurrentOperations") if config is not None else None
    try:
        return max(int(raw), 1) if raw not in (None, "") else server_threads.DEFAULT_LIMIT
    except (TypeError, ValueError):
        return server_threads.DEFAULT_LIMIT


class SageMakerProvider(ResourceProvider):
    def __init__(self) -> None:
        super().__init__()
        self._aws: Aws | None = None

    # Nothing of a configured provider is pickled: clients are not picklable, and the settings come
    # from the stack config each time the provider process starts.
    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._aws = None

    def configure(self, req: ConfigureRequest) -> None:
        self._aws = Aws(AwsSettings.from_config(req.config))
        # In the SDK's provider server, the first configure lets more than four hooks run at once.
        server_threads.widen(concurrency_limit(req.config))

    @property
    def aws(self) -> Aws:
        if self._aws is None:  # not configured (e.g. called directly): environment only
            self._aws = Aws(AwsSettings.from_config(None))
        return self._aws

    @property
    def lifecycle(self) -> Lifecycle:
        return self.new_lifecycle(self.aws)

    def lifecycle_for(self, *props: dict[str, Any]) -> Lifecycle:
        """The lifecycle for a resource in its region: the first of `props` to name one (new inputs, then
        the outputs, which record where the resource was created), else the stack's; at the SageMaker
        endpoint the first of `props` names (none: the stack's, even where an older one was named)."""
        region = next((p[REGION] for p in props if isinstance(p.get(REGION), str)), None)
        endpoint = props[0].get(OPERATOR_ENDPOINT) if props else None
        return self.new_lifecycle(self.aws.in_region(region).at_endpoint(endpoint))

    def new_lifecycle(self, aws: Aws) -> Lifecycle:
        raise NotImplementedError

    # Every hook runs with the secret values the program sent in force (see secrets.py): no reason,
    # progress line or error shows them, and every answer marks what holds them as a secret.

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, news = unmarked(olds), unmarked(news)
        with self._secrets(news) as redactor:
            inputs, failures = self.lifecycle.check(news, olds)
            reported = [CheckFailure(f.path, redactor.text(f.reason)) for f in failures]
            return CheckResult(marked(inputs, redactor, news), reported)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = unmarked(olds), unmarked(news)
        with self._secrets(olds, news):
            diff = self.lifecycle.diff(olds, news)
        # Replacements create the new resource before the old one goes: no gap in service.
        return DiffResult(changes=diff.changes, replaces=diff.replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        props = unmarked(props)
        with self._secrets(props) as redactor:
            name, outs = self.lifecycle_for(props).create(props)
            return CreateResult(name, marked(outs, redactor, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        olds, news = unmarked(olds), unmarked(news)
        with self._secrets(olds, news) as redactor:
            return UpdateResult(
                marked(self.lifecycle_for(news, olds).update(id_, olds, news), redactor, news)
            )

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        props = unmarked(props)
        with self._secrets(props) as redactor:
            found, outs = self.lifecycle_for(props).read(id_, props)
            return ReadResult(found, marked(outs, redactor, props) if found else outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        props = unmarked(props)
        with self._secrets(props):
            self.lifecycle_for(props).delete(id_, props)

    @contextlib.contextmanager
    def _secrets(self, *bags: dict[str, Any]) -> Iterator[Redactor]:
        """The secret values of `bags` in force while a hook runs; what it raises is cleaned of them."""
        with redacting(secret_values(*bags)) as redactor:
            try:
                yield redactor
            except Exception as exc:
                scrub(exc, redactor)
                raise


# A resource class, returned as it came by the decorator.
R = TypeVar("R", bound=type)


def outputs_of(source: Kind | Iterable[Output]) -> Any:
    """Class decorator: the resource's output attributes, typed, from their one declaration (a kind's
    outputs, or HostingDeployment's)."""
    outputs = source.outputs if isinstance(source, Kind) else tuple(source)

    def declare(cls: R) -> R:
        annotations = dict(getattr(cls, "__annotations__", {}))
        for output in outputs:
            annotations[output.name] = pulumi.Output[sdk_type(output.type)]  # type: ignore[misc]
        cls.__annotations__ = annotations
        return cls

    return declare


def sdk_type(tp: Any) -> Any:
    """An output's type as Pulumi's SDK is told it: the SDK translates an output's value by the resource's
    annotations and raises on a dict where a TypedDict is declared (it knows only its own output types),
    so a TypedDict is a plain dict here. Type checkers read the TypedDicts from the generated stubs."""
    if is_typeddict(tp):
        return dict[str, Any]
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, UnionType):
        return Union[tuple(sdk_type(a) for a in args)]  # noqa: UP007 (built from a tuple of types)
    if origin is list:
        return list[sdk_type(args[0])]  # type: ignore[misc]
    if origin is dict:
        return dict[args[0], sdk_type(args[1])]  # type: ignore[misc]
    return tp
