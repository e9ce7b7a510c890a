"""A Python type object (an `Output.type` of a kind) written as source, with the imports it needs."""

from __future__ import annotations

import builtins
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin


def source(tp: Any, imports: set[tuple[str, str]]) -> str:
    """`tp` as a type expression; names it needs from other modules are added to `imports`."""
    if tp is None or tp is type(None):
        return "None"
    if tp is Any:
        imports.add(("typing", "Any"))
        return "Any"
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return " | ".join(source(arg, imports) for arg in get_args(tp))
    if origin is Literal:
        imports.add(("typing", "Literal"))
        return f"Literal[{', '.join(repr(v) for v in get_args(tp))}]"
    if origin is not None:
        args = ", ".join(source(arg, imports) for arg in get_args(tp))
        return f"{source(origin, imports)}[{args}]"
    if isinstance(tp, type):
        if getattr(builtins, tp.__name__, None) is tp:
            return tp.__name__
        imports.add((tp.__module__, tp.__qualname__))
        return tp.__qualname__
    if isinstance(tp, typing.ForwardRef):
        raise ValueError(f"an output type must be a real type, not the string {tp.__forward_arg__!r}")
    raise ValueError(f"cannot write the type {tp!r} as source")
