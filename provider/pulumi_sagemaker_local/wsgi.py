"""Small WSGI helpers shared by the local applications: JSON answers, dropped connections, SigV4 scopes."""

from __future__ import annotations

import contextlib
import json
import socket
import uuid
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

WSGIEnviron = dict[str, Any]
StartResponse = Any


def respond(
    start_response: StartResponse,
    status: int,
    body: bytes,
    content_type: str,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    phrase = HTTPStatus(status).phrase
    all_headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", str(uuid.uuid4())),
        *headers,
    ]
    start_response(f"{status} {phrase}", all_headers)
    return [body]


def respond_json(
    start_response: StartResponse,
    status: int,
    payload: Any,
    content_type: str = "application/json",
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    return respond(start_response, status, json.dumps(payload).encode(), content_type, headers)


def drop_connection(environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
    """Close the connection without an answer, as a dead load balancer would.

    The socket is shut down before any byte of the response is written; werkzeug then fails
    to write the (empty) response and treats it as a connection the client dropped.
    """
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    start_response("500 Internal Server Error", [("Content-Length", "0"), ("Connection", "close")])
    return [b""]


def credential_scope(environ: WSGIEnviron) -> tuple[str, str] | None:
    """(region, service) a request is SigV4-signed for, from its Authorization header, or None."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    try:
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        return scope[2], scope[3]
    except IndexError:
        return None


def signing_region(environ: WSGIEnviron) -> str | None:
    scope = credential_scope(environ)
    return scope[0] if scope else None
