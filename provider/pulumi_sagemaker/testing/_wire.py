"""Property bags on the wire: the same serialisation the engine and the dynamic-provider server use.

Everything a provider hook receives or returns crosses a `google.protobuf.Struct` in real life, which
turns every number into a float, drops `None` values and turns unknowns into a sentinel string. The
rig sends its property bags through the SDK's own `rpc.serialize_properties` / `deserialize_properties`
so that providers meet exactly the data they meet under the CLI.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc

PROVIDER_KEY = "__provider"


def _run_private_loop(props: dict[str, Any]) -> struct_pb2.Struct:
    # The server does exactly this (a throw-away loop per call); it keeps the caller's loop untouched.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(props, {}))
    finally:
        loop.close()


def to_struct(props: dict[str, Any]) -> struct_pb2.Struct:
    """Serialise a property bag as the SDK does before a gRPC call."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_private_loop(props)
    # A loop is already running on this thread (an async caller): a second loop cannot run here.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run_private_loop, props).result()


def from_struct(struct: struct_pb2.Struct, *, keep_unknowns: bool = False) -> dict[str, Any]:
    """Deserialise a property bag as the SDK does after a gRPC call."""
    return rpc.deserialize_properties(struct, keep_unknowns)


def round_trip(props: dict[str, Any], *, keep_unknowns: bool = False) -> dict[str, Any]:
    """What a property bag looks like after crossing the wire once (ints become floats, ...)."""
    return from_struct(to_struct(props), keep_unknowns=keep_unknowns)


def unwrap_secrets(value: Any) -> Any:
    """Remove every secret wrapper, deeply: the server answers Configure with acceptSecrets=False."""
    value = rpc.unwrap_rpc_secret(value)
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def split_secrets(props: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Plain values plus the names of the top-level properties that were (or contained) secrets."""
    plain = unwrap_secrets(props)
    secret = {k for k, v in props.items() if _contains_secret(v)}
    return plain, secret


def _contains_secret(value: Any) -> bool:
    if rpc.is_rpc_secret(value):
        return True
    if isinstance(value, dict):
        return any(_contains_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_secret(v) for v in value)
    return False


def wrap_secrets(props: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """Mark the named top-level properties secret again, as the engine does for outputs."""
    return {k: rpc.wrap_rpc_secret(v) if k in names else v for k, v in props.items()}


def fresh(props: dict[str, Any]) -> dict[str, Any]:
    # Each gRPC call hands the provider brand-new dicts; a hook that mutates its arguments must not
    # be able to corrupt the rig's state. And plain values: the engine strips every secret mark before
    # it calls a provider that does not accept secrets (the SDK's dynamic-provider server).
    return unwrap_secrets(copy.deepcopy(props))


def annotate(outs: dict[str, Any], ins: dict[str, Any]) -> dict[str, Any]:
    """The engine's annotateSecrets (provider_plugin.go) for a provider that does not accept secrets:
    an answer's property whose input of the same name held a secret is marked secret; where both are
    objects, key by key. What the provider marked itself stays marked. Returns `outs`, changed."""
    for key, given in ins.items():
        if key not in outs:
            continue
        found = outs[key]
        if _is_object(found) and _is_object(given):
            annotate(found, given)
        elif not rpc.is_rpc_secret(found) and _contains_secret(given):
            outs[key] = rpc.wrap_rpc_secret(found)
    return outs


def _is_object(value: Any) -> bool:
    return isinstance(value, dict) and not rpc.is_rpc_secret(value)
