"""`/_local/...`: a small HTTP control API, so a server run from the CLI can be steered too.

POST   /_local/reset                        wipe SageMaker state, faults, calls and moto
POST   /_local/faults                       {"rate", "kinds"?, "operations"?, "when"?, "seed"?}
DELETE /_local/faults
POST   /_local/failures/training            {"name"?, "reason"?, "at"?}
POST   /_local/failures/tuning              {"name"?, "reason"?}
POST   /_local/failures/transform           {"name"?, "reason"?}
POST   /_local/failures/processing          {"name"?, "reason"?, "exit_message"?}
POST   /_local/job-output                   {"name"?, "lines"}: the next matching job prints these lines
POST   /_local/failures/endpoint-create     {"name"?, "reason"?}
POST   /_local/failures/endpoint-update     {"name"?, "reason"?}
GET    /_local/calls                        [{"operation", "time"}]
GET    /_local/timings, POST /_local/timings {"training_phase": 0.5, "transform_phase": ..., ...}
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from .wsgi import StartResponse, WSGIEnviron, respond_json

if TYPE_CHECKING:
    from .local_sagemaker import LocalSageMaker


class ControlApp:
    def __init__(self, local: LocalSageMaker) -> None:
        self.local = local

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "").removeprefix("/_local/").strip("/")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
            result = self._dispatch(method, path, body)
        except (ValueError, TypeError, KeyError) as exc:
            return respond_json(start_response, 400, {"error": str(exc)})
        if result is None:
            return respond_json(
                start_response, 404, {"error": f"no such control route: {method} /_local/{path}"}
            )
        return respond_json(start_response, 200, result)

    def _dispatch(self, method: str, path: str, body: dict[str, Any]) -> Any:
        local = self.local
        if (method, path) == ("POST", "reset"):
            local.reset()
            return {"status": "ok"}
        if (method, path) == ("POST", "faults"):
            rate = body.pop("rate")
            local.inject_faults(float(rate), **body)
            return {"status": "ok"}
        if (method, path) == ("DELETE", "faults"):
            local.clear_faults()
            return {"status": "ok", "faults_injected": local.faults_injected}
        failures = {
            "failures/training": local.fail_training_job,
            "failures/tuning": local.fail_tuning_job,
            "failures/transform": local.fail_transform_job,
            "failures/processing": local.fail_processing_job,
            "job-output": local.job_output,
            "failures/endpoint-create": local.fail_endpoint_create,
            "failures/endpoint-update": local.fail_endpoint_update,
        }
        if method == "POST" and path in failures:
            failures[path](**body)
            return {"status": "ok"}
        if (method, path) == ("GET", "calls"):
            return [{"operation": c.operation, "time": c.time} for c in local.calls]
        if path == "timings" and method in ("GET", "POST"):
            for key, value in body.items():
                if key not in {f.name for f in dataclasses.fields(local.timings)}:
                    raise ValueError(f"unknown timing {key!r}")
                setattr(local.timings, key, float(value))
            return dataclasses.asdict(local.timings)
        return None
