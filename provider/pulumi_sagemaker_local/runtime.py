"""sagemaker-runtime InvokeEndpoint (REST JSON: `POST /endpoints/<name>/invocations`).

Answers only for an endpoint that serves traffic (InService, or while it is being updated
or rolled back), routes to a variant by its current weight (or the TargetVariant header),
and returns a deterministic canned prediction.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from . import lifecycle, moto_backends
from .calls import Call, CallLog
from .endpoints import SERVING, EndpointService
from .errors import ApiError
from .moto_backends import ACCOUNT
from .state import Endpoint, State
from .wsgi import StartResponse, WSGIEnviron, respond, respond_json, signing_region

if TYPE_CHECKING:
    from .regions import Regions

INVOKE_PATH = re.compile(r"/endpoints/([^/]+)/(invocations|async-invocations)")
_GOLDEN = (math.sqrt(5) - 1) / 2  # low-discrepancy sequence: spreads calls by weight, deterministically


def _digit(row: bytes | str) -> int:
    data = row.encode() if isinstance(row, str) else row
    return int(hashlib.sha256(data).hexdigest(), 16) % 10


def predict(body: bytes, content_type: str, accept: str | None) -> tuple[bytes, str]:
    """A canned answer: one digit per CSV row or JSON instance, stable for a given input."""
    if content_type.startswith("text/csv"):
        rows: list[Any] = [line for line in body.decode(errors="replace").splitlines() if line.strip()]
    elif "json" in content_type:
        try:
            data = json.loads(body or b"null")
        except ValueError:
            data = body.decode(errors="replace")
        instances = data.get("instances", [data]) if isinstance(data, dict) else data
        rows = [json.dumps(i, sort_keys=True) for i in instances] if isinstance(instances, list) else [data]
    else:
        rows = [body]
    digits = [_digit(row if isinstance(row, str | bytes) else json.dumps(row)) for row in rows] or [0]
    wanted = accept or content_type
    if wanted.startswith("text/csv"):
        return "\n".join(f"{d}.0" for d in digits).encode(), "text/csv"
    predictions = [{"predicted_label": float(d), "score": round(0.5 + d / 20, 3)} for d in digits]
    return json.dumps({"predictions": predictions}).encode(), "application/json"


def _error(start_response: StartResponse, error: ApiError) -> list[bytes]:
    # REST JSON errors: the code travels in a header, the message in the body.
    return respond_json(
        start_response,
        error.status,
        {"message": error.message},
        headers=[("x-amzn-ErrorType", error.code)],
    )


class RuntimeApp:
    def __init__(self, regions: Regions, calls: CallLog) -> None:
        self.regions = regions
        self.calls = calls

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        regional = self.regions.get(signing_region(environ))
        return _RegionalRuntime(regional.state, regional.endpoints, self.calls)(environ, start_response)


class _RegionalRuntime:
    """One request's answer, from the region it was signed for."""

    def __init__(self, state: State, endpoints: EndpointService, calls: CallLog) -> None:
        self.state = state
        self.endpoints = endpoints
        self.calls = calls

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        match = INVOKE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        name = unquote(match.group(1)) if match else ""
        if match and match.group(2) == "async-invocations":
            return self._invoke_async(name, environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        content_type = environ.get("CONTENT_TYPE") or "application/octet-stream"
        accept = environ.get("HTTP_ACCEPT")
        target = environ.get("HTTP_X_AMZN_SAGEMAKER_TARGET_VARIANT")
        params = {"EndpointName": name, "ContentType": content_type, "Accept": accept, "Body": body}
        if target:
            params["TargetVariant"] = target
        self.calls.record(Call("InvokeEndpoint", params, lifecycle.now(), signing_region(environ)))
        try:
            variant = self._route(name, target)
        except ApiError as error:
            return _error(start_response, error)
        answer, answer_type = predict(body, content_type, accept if accept and accept != "*/*" else None)
        return respond(
            start_response, 200, answer, answer_type, [("x-Amzn-Invoked-Production-Variant", variant)]
        )

    def _invoke_async(self, name: str, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        """InvokeEndpointAsync: 202 at once; the answer lands in the endpoint's S3 output path.

        The input is read from `X-Amzn-SageMaker-InputLocation` in moto's S3; a missing input puts an
        error object at the failure path (when the endpoint config has one), as SageMaker does.
        """
        location = environ.get("HTTP_X_AMZN_SAGEMAKER_INPUTLOCATION", "")
        content_type = environ.get("HTTP_X_AMZN_SAGEMAKER_CONTENT_TYPE") or "application/octet-stream"
        accept = environ.get("HTTP_X_AMZN_SAGEMAKER_ACCEPT")
        inference_id = environ.get("HTTP_X_AMZN_SAGEMAKER_INFERENCE_ID") or str(uuid.uuid4())
        params = {"EndpointName": name, "InputLocation": location, "ContentType": content_type}
        self.calls.record(Call("InvokeEndpointAsync", params, lifecycle.now(), signing_region(environ)))
        try:
            self._route(name, None)
            with self.state.lock:
                ep = self.endpoints.find(name)
                output = ((ep.extras.get("AsyncInferenceConfig") if ep else None) or {}).get("OutputConfig")
            if not output:
                raise ApiError(
                    "ValidationError", f"Endpoint {name} of account {ACCOUNT} is not an async endpoint."
                )
        except ApiError as error:
            return _error(start_response, error)
        out_uri = f"{output['S3OutputPath'].rstrip('/')}/{inference_id}.out"
        failure_path = output.get("S3FailurePath")
        failure_uri = f"{failure_path.rstrip('/')}/{inference_id}-error.out" if failure_path else None
        bucket, _, key = location.removeprefix("s3://").partition("/")
        body = moto_backends.get_object(self.state.region, bucket, key)
        if body is not None:
            answer, _ = predict(body, content_type, accept if accept and accept != "*/*" else None)
            out_bucket, _, out_key = out_uri.removeprefix("s3://").partition("/")
            moto_backends.put_object(self.state.region, out_bucket, out_key, answer)
        elif failure_uri is not None:
            fail_bucket, _, fail_key = failure_uri.removeprefix("s3://").partition("/")
            message = f"Failed to download the input from {location}: no such object".encode()
            moto_backends.put_object(self.state.region, fail_bucket, fail_key, message)
        headers = [("X-Amzn-SageMaker-OutputLocation", out_uri)]
        if failure_uri is not None:
            headers.append(("X-Amzn-SageMaker-FailureLocation", failure_uri))
        return respond_json(start_response, 202, {"InferenceId": inference_id}, headers=headers)

    def _route(self, name: str, target: str | None) -> str:
        with self.state.lock:
            ep = self.endpoints.find(name)
            if ep is None or ep.status not in SERVING:
                raise ApiError("ValidationError", f"Endpoint {name} of account {ACCOUNT} not found.")
            if target:
                if not any(v["VariantName"] == target for v in ep.variants):
                    raise ApiError(
                        "ValidationError",
                        f"Variant {target} of endpoint {name} of account {ACCOUNT} not found.",
                    )
                return target
            return self._weighted(ep)

    @staticmethod
    def _weighted(ep: Endpoint) -> str:
        live = [(v["VariantName"], v.get("CurrentWeight", 0.0)) for v in ep.variants]
        live = [(n, w) for n, w in live if w > 0]
        if not live:
            raise ApiError(
                "ValidationError", f"Endpoint {ep.name} has no production variant with a positive weight."
            )
        ep.served += 1
        point = (ep.served * _GOLDEN) % 1.0 * sum(w for _, w in live)
        for variant, weight in live:
            if point < weight:
                return variant
            point -= weight
        return live[-1][0]
