"""Secret inputs: from the program to the provider, and back into state still marked.

What the engine does (pulumi 3.272: pulumi/dynamic/__main__.py, the engine's provider_plugin.go): the
SDK's provider server answers Configure with `acceptSecrets=False`, so the engine strips the secret
mark off every value before a hook sees it; a hook cannot tell which of its inputs were secret. After a
hook, the engine marks secret again what it can: an answer's property whose name (recursively, where
both are objects) matches a secret input's. A name the provider changed (`hyperParameters` in,
`hyper_parameters` out; a list of `{name, value}` in, a map out) loses the mark, and the value would be
written to state in plain text. The engine reads every provider answer with KeepSecrets, though, so a
value the provider returns in the wire's secret form stays a secret.

So:
- the resource classes (program side, where Outputs know whether they are secret) send one more input,
  `__secrets`: the plaintext of every secret input, as a secret itself (state keeps it encrypted);
- the provider's hooks make those values the ones to redact while they run (`shapes.secrets`), and mark
  every value of their answers that holds one in the wire's secret form (`marked`), whatever its name.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator, Mapping
from typing import Any

import pulumi
from botocore.exceptions import ClientError
from pulumi.runtime import rpc

from ..shapes import Failure, Redactor, SpecError, leaves

SECRETS = "__secrets"


# -- program side ------------------------------------------------------------------------------------


def with_secret_values(props: dict[str, Any]) -> dict[str, Any]:
    """`props` plus `__secrets` when any input is an Output (one of them may be secret)."""
    found = list(_outputs({k: v for k, v in props.items() if not k.startswith("__")}))
    if found:
        props[SECRETS] = pulumi.Output.secret(asyncio.ensure_future(_secret_texts(found)))
    return props


def _outputs(value: Any) -> Iterator[pulumi.Output[Any]]:
    if isinstance(value, pulumi.Output):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _outputs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _outputs(item)


async def _secret_texts(outputs: list[pulumi.Output[Any]]) -> list[str]:
    texts: list[str] = []
    for output in outputs:
        if await output.is_secret():
            texts += leaves(await output.future())  # None while unknown in a preview
    return sorted(set(texts))


# -- provider side -----------------------------------------------------------------------------------


def secret_values(*bags: Mapping[str, Any] | None) -> list[str]:
    """The secret values the program sent with these property bags (plaintext: the engine unmarked them)."""
    found: list[str] = []
    for bag in bags:
        values = rpc.unwrap_rpc_secret((bag or {}).get(SECRETS))
        if isinstance(values, list):
            found += [v for v in values if isinstance(v, str)]
    return found


def marked(answer: dict[str, Any], redactor: Redactor, sent: Mapping[str, Any] | None) -> dict[str, Any]:
    """A hook's answer with every value holding a secret in the wire's secret form (and `__secrets`
    carried along, as a secret), so that state keeps it encrypted whatever its name."""
    out = {k: _mark(v, redactor) for k, v in answer.items()}
    if sent is not None and sent.get(SECRETS) is not None:
        out[SECRETS] = rpc.wrap_rpc_secret(rpc.unwrap_rpc_secret(sent[SECRETS]))
    return out


def _mark(value: Any, redactor: Redactor) -> Any:
    if not redactor or rpc.is_rpc_secret(value):
        return value
    if isinstance(value, dict):
        return {k: _mark(v, redactor) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v, redactor) for v in value]
    return rpc.wrap_rpc_secret(value) if redactor.holds(value) else value


def scrub(exc: BaseException, redactor: Redactor) -> None:
    """Clean, in place, the text of `exc` (its message, its notes) and of what it was raised from: a
    hook's exception reaches the user as the server's formatted traceback."""
    if not redactor:
        return
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, SpecError):
            current.failures = [Failure(f.path, redactor.text(f.reason)) for f in current.failures]
        if isinstance(current, ClientError):
            error: dict[str, Any] = dict(current.response.get("Error") or {})
            message = error.get("Message")
            if isinstance(message, str):
                error["Message"] = redactor.text(message)
                current.response["Error"] = error  # type: ignore[typeddict-item]
        current.args = tuple(redactor.text(a) if isinstance(a, str) else a for a in current.args)
        notes = getattr(current, "__notes__", None)
        if notes:
            current.__notes__ = [redactor.text(n) for n in notes]
        current = current.__cause__ or current.__context__


def unmarked(bag: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag without secret marks, as the engine sends it to a hook."""
    return copy.deepcopy({k: _unmark(v) for k, v in bag.items()})


def _unmark(value: Any) -> Any:
    value = rpc.unwrap_rpc_secret(value)
    if isinstance(value, dict):
        return {k: _unmark(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unmark(v) for v in value]
    return value
