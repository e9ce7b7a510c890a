"""Call a dynamic provider's hooks in-process exactly as `pulumi.dynamic.__main__` calls them.

Each method mirrors the matching servicer method of the SDK's server: the same unpickling, the same
`__provider` bookkeeping, the same wire round trip of what goes in and what comes out, so a provider
that would break under the CLI (an int it did not expect to be a float, an unserialisable output,
`ReadResult(id, None)`) breaks here too.
"""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass
from typing import Any

import dill
from pulumi.dynamic import Config, ConfigureRequest, ResourceProvider
from pulumi.runtime._serialization import _deserialize

from . import _wire
from ._wire import PROVIDER_KEY
from .engine import Diff


def load_provider(provider_str: str) -> ResourceProvider:
    """Unpickle a `__provider` value (base64 dill) as the server does."""
    return _deserialize(lambda: dill.loads(base64.b64decode(provider_str)))


@dataclass
class Hooks:
    """One unpickled, configured provider and the `__provider` string it came from."""

    provider_str: str
    provider: ResourceProvider

    def check(
        self, olds: dict[str, Any], news: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        result = self.provider.check(_wire.fresh(olds), _wire.fresh(news))
        inputs = result.inputs
        inputs[PROVIDER_KEY] = news[PROVIDER_KEY]
        failures = [(f.property, f.reason) for f in result.failures]
        return _wire.round_trip(inputs, keep_unknowns=True), failures

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Diff:
        result = self.provider.diff(id_, _wire.fresh(olds), _wire.fresh(news))
        return Diff(
            changes=result.changes,
            replaces=list(result.replaces or []),
            delete_before_replace=bool(result.delete_before_replace),
        )

    def create(self, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        result = self.provider.create(_wire.fresh(props))
        outs = result.outs if result.outs is not None else {}
        outs[PROVIDER_KEY] = props[PROVIDER_KEY]
        if not isinstance(result.id, str) or not result.id:
            # The engine refuses an empty ID after a create (and the resource would be leaked).
            raise RuntimeError(f"provider returned an invalid ID from create: {result.id!r}")
        return result.id, _wire.round_trip(outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        result = self.provider.update(id_, _wire.fresh(olds), _wire.fresh(news))
        outs = result.outs if result.outs is not None else {}
        outs[PROVIDER_KEY] = news[PROVIDER_KEY]
        return _wire.round_trip(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.provider.delete(id_, _wire.fresh(props))

    def read(
        self, id_: str, props: dict[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any] | None]:
        result = self.provider.read(id_, _wire.fresh(props))
        outs: dict[str, Any] = result.outs  # type: ignore[assignment]  # None: a TypeError next, as in the server
        outs[PROVIDER_KEY] = props[PROVIDER_KEY]
        inputs = None
        if result.inputs is not None:
            inputs = dict(result.inputs)
            inputs[PROVIDER_KEY] = props[PROVIDER_KEY]
            inputs = _wire.round_trip(inputs)
        return result.id or None, _wire.round_trip(outs), inputs


class ProviderCache:
    """Providers unpickled and configured once per `__provider` string, like the server's cache.

    One cache lives for one deployment (one server process in real life), so `configure` runs once
    per provider per run.
    """

    def __init__(self, config: dict[str, Any], project: str) -> None:
        self._config = config
        self._project = project
        self._hooks: dict[str, Hooks] = {}
        self._lock = threading.Lock()

    def get(self, provider_str: str) -> Hooks:
        with self._lock:
            hooks = self._hooks.get(provider_str)
            if hooks is None:
                provider = load_provider(provider_str)
                provider.configure(
                    ConfigureRequest(Config(raw_config=dict(self._config), project_name=self._project))
                )
                hooks = self._hooks[provider_str] = Hooks(provider_str, provider)
            return hooks
