"""Small WSGI helpers shared by the local applications: JSON answers and dropped connections."""

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
