"""Every page of a listing, made through the caller's own call path.

botocore's paginators call a client directly, past `Aws.call` (counting, retries, the wording of a
failure for its resource, the test rig's injected faults), so the loop is ours; what it loops on (the
member that carries the token, the one that holds the results) is botocore's paginator data for the
operation, read from the same files botocore reads, not typed here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .calls import Call


@dataclass(frozen=True)
class Pagination:
    input_token: str
    output_token: str
    result_key: str


def pages(
    call: Call, operation: str, *, service: str = "sagemaker", **params: Any
) -> Iterator[dict[str, Any]]:
    """Each answer of `operation`, the next page asked for only when the one before has been used (stop
    iterating, and no further call is made)."""
    how = pagination(service, operation)
    params = dict(params)
    while True:
        answer = call(operation, **params)
        yield answer
        token = answer.get(how.output_token)
        if not token:
            return
        params[how.input_token] = token


def items(
    call: Call, operation: str, *, service: str = "sagemaker", **params: Any
) -> Iterator[dict[str, Any]]:
    """The results of every page of `operation` (its paginator's result member), in order."""
    key = pagination(service, operation).result_key
    for answer in pages(call, operation, service=service, **params):
        yield from answer.get(key) or []


@cache
def pagination(service: str, operation: str) -> Pagination:
    """How `operation` pages, from botocore's paginator data."""
    config = _paginators(service).get(operation)
    if config is None:
        raise LookupError(f"{service} {operation} does not page (botocore has no paginator for it)")
    token_in, token_out, result = config["input_token"], config["output_token"], config["result_key"]
    if not all(isinstance(v, str) for v in (token_in, token_out, result)):
        # Some operations page on several tokens (S3's ListObjectVersions): none this package lists.
        raise LookupError(f"{service} {operation} pages on several tokens; only one is supported")
    return Pagination(token_in, token_out, result)


@cache
def _paginators(service: str) -> dict[str, Any]:
    """botocore's paginators-1.json of `service`, loaded when a listing is first made (checks and diffs
    never list)."""
    import botocore.loaders

    loader = botocore.loaders.create_loader(os.environ.get("AWS_DATA_PATH"))
    return loader.load_service_model(service, "paginators-1")["pagination"]
