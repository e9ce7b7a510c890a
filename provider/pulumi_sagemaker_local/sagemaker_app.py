"""The SageMaker control plane over the AWS JSON 1.1 protocol (`X-Amz-Target: SageMaker.<Op>`).

Each request is recorded, possibly faulted, validated against botocore's model, handed to
the service object that implements the operation (a method named like the operation in
snake_case), and its result is shaped by the operation's output shape.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

from . import lifecycle, shapes
from .calls import Call, CallLog
from .errors import ApiError
from .faults import Fault, FaultControl
from .regions import Regions
from .tags import refuse_reserved
from .wsgi import StartResponse, WSGIEnviron, drop_connection, respond_json, signing_region

_CONTENT_TYPE = "application/x-amz-json-1.1"
Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _error(start_response: StartResponse, error: ApiError) -> list[bytes]:
    payload = {"__type": error.code, "message": error.message}
    return respond_json(start_response, error.status, payload, _CONTENT_TYPE)


class SageMakerApp:
    def __init__(self, regions: Regions, calls: CallLog, faults: FaultControl) -> None:
        self.regions = regions
        self.calls = calls
        self.faults = faults

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        operation = environ.get("HTTP_X_AMZ_TARGET", "").partition(".")[2]
        try:
            params = self._body(environ)
        except ApiError as error:
            return _error(start_response, error)
        region = signing_region(environ)
        self.calls.record(Call(operation, params, lifecycle.now(), region))
        fault = self.faults.draw(operation)
        if fault is not None and fault.when == "before":
            return self._fault(fault, environ, start_response)
        status, payload = self._apply(self.regions.get(region).handlers, operation, params)
        if fault is not None:
            # when="after": the operation happened, the client just never hears about it.
            return self._fault(fault, environ, start_response)
        return respond_json(start_response, status, payload, _CONTENT_TYPE)

    @staticmethod
    def _body(environ: WSGIEnviron) -> dict[str, Any]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            params = json.loads(raw or b"{}")
        except ValueError:
            raise ApiError("SerializationException", "The request body is not valid JSON.") from None
        if not isinstance(params, dict):
            raise ApiError("SerializationException", "The request body must be a JSON object.")
        return params

    @staticmethod
    def _apply(
        handlers: dict[str, Handler], operation: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        model = shapes.operation(operation)
        handler = handlers.get(operation)
        try:
            if model is None or handler is None:
                implemented = ", ".join(sorted(handlers))
                raise ApiError(
                    "UnknownOperationException",
                    f"The local SageMaker does not implement the operation {operation or '(none)'}; "
                    f"it implements: {implemented}.",
                )
            request = shapes.decode_request(model, params)
            refuse_reserved(request.get("Tags"))
            result = handler(request)
            return 200, shapes.encode_response(model, result)
        except ApiError as error:
            return error.status, {"__type": error.code, "message": error.message}
        except Exception as exc:  # a bug here must reach the client as AWS would answer it
            traceback.print_exc(file=sys.stderr)
            return 500, {"__type": "InternalFailure", "message": f"{type(exc).__name__}: {exc}"}

    @staticmethod
    def _fault(fault: Fault, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        if fault.kind == "drop":
            return drop_connection(environ, start_response)
        return _error(start_response, ApiError(fault.code, fault.message, fault.status))
