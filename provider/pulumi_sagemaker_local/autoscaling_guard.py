"""Application Auto Scaling's RegisterScalableTarget for SageMaker variants that do not exist.

moto registers any resource id; AWS refuses a variant of an endpoint that does not exist. Only
that request is looked at here (the rest of Application Auto Scaling is moto's).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from .endpoints import EndpointService
from .wsgi import StartResponse, WSGIEnviron, respond_json, signing_region

TARGET = "AnyScaleFrontendService.RegisterScalableTarget"


def refuse_missing_variants(
    endpoints_of: Callable[[str | None], EndpointService],
) -> Callable[[WSGIEnviron, StartResponse], list[bytes] | None]:
    def guard(environ: WSGIEnviron, start_response: StartResponse) -> list[bytes] | None:
        if environ.get("HTTP_X_AMZ_TARGET") != TARGET:
            return None
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)  # moto reads it when the target is fine
        try:
            request = json.loads(raw or b"{}")
        except ValueError:
            return None
        resource = str(request.get("ResourceId", ""))
        if request.get("ServiceNamespace") != "sagemaker" or not resource.startswith("endpoint/"):
            return None
        _, endpoint, _, variant = [*resource.split("/"), "", "", "", ""][:4]
        endpoints = endpoints_of(signing_region(environ))
        with endpoints.state.lock:
            found = endpoints.find(endpoint)
            names = {v["VariantName"] for v in found.variants} if found is not None else set()
        if variant in names:
            return None
        message = f"Unable to register scalable target for {resource}: " + (
            f"endpoint {endpoint} does not exist." if found is None else f"variant {variant} does not exist."
        )
        return respond_json(
            start_response,
            400,
            {"__type": "ValidationException", "message": message},
            "application/x-amz-json-1.1",
        )

    return guard
