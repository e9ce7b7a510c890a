"""What the containers of a job print, phase by phase: the text of its CloudWatch log events.

Pure text, modelled on what SageMaker's own containers print (the training toolkit, a model
server and the batch transform agent's `[sagemaker logs]` lines). A failed job ends its main
stream with a Python traceback whose last line is the failure's detail, which is what a user
reads first next to the FailureReason.
"""

from __future__ import annotations

import json
import time
from typing import Any

# FailureReason starts with a category SageMaker adds; the container itself printed the rest.
_CATEGORIES = ("AlgorithmError: ", "ClientError: ", "InternalServerError: ", "CapacityError: ")


def failure_detail(reason: str) -> str:
    for category in _CATEGORIES:
        if reason.startswith(category):
            return reason[len(category) :]
    return reason


def stamp(at: float) -> str:
    """The toolkit's timestamp: '2026-12-01 19:43:00,123' (UTC)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(at)) + f",{int(at * 1000) % 1000:03d}"


def iso(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)) + f".{int(at * 1000) % 1000:03d}"


def traceback(reason: str, script: str) -> list[str]:
    return [
        "Traceback (most recent call last):",
        f'  File "{script}", line 58, in <module>',
        "    main(parse_args())",
        f'  File "{script}", line 51, in main',
        "    run(args)",
        failure_detail(reason),
    ]


def _toolkit(at: float, level: str, message: str) -> str:
    return f"{stamp(at)} sagemaker-training-toolkit {level:<8} {message}"


# -- training ------------------------------------------------------------------------------


def training_started(request: dict[str, Any], host: str, hosts: list[str], job: str, at: float) -> list[str]:
    env = {
        "current_host": host,
        "hosts": hosts,
        "hyperparameters": request.get("HyperParameters", {}),
        "job_name": job,
        "channel_input_dirs": {
            c["ChannelName"]: f"/opt/ml/input/data/{c['ChannelName']}"
            for c in request.get("InputDataConfig", [])
        },
        "model_dir": "/opt/ml/model",
    }
    return [
        _toolkit(at, "INFO", "No GPUs detected (normal if no gpus installed)"),
        _toolkit(at, "INFO", "Invoking user script"),
        "Training Env:",
        json.dumps(env, sort_keys=True),
    ]


def training_metrics(metrics: list[tuple[str, float]]) -> list[str]:
    # One `<name>=<value>` line per metric: what a MetricDefinitions regex such as
    # "validation:accuracy=([0-9.]+)" picks up.
    return [f"{name}={value}" for name, value in metrics]


def training_succeeded(at: float) -> list[str]:
    return [_toolkit(at, "INFO", "Reporting training SUCCESS")]


def training_stopped(at: float) -> list[str]:
    return [_toolkit(at, "INFO", "Received SIGTERM: the training job is being stopped")]


def training_failed(reason: str, at: float) -> list[str]:
    return [_toolkit(at, "ERROR", "Reporting training FAILURE"), *traceback(reason, "/opt/ml/code/train.py")]


# -- processing ----------------------------------------------------------------------------


def processing_started(request: dict[str, Any], host: str, hosts: list[str]) -> list[str]:
    inputs = [i["InputName"] for i in request.get("ProcessingInputs", [])]
    outputs = [o["OutputName"] for o in (request.get("ProcessingOutputConfig") or {}).get("Outputs", [])]
    image = request["AppSpecification"]["ImageUri"]
    command = request["AppSpecification"].get("ContainerEntrypoint", [])
    arguments = request["AppSpecification"].get("ContainerArguments", [])
    position = f"{hosts.index(host) + 1} of {len(hosts)}"
    return [
        f"Starting {' '.join([*command, *arguments]) or image} on {host} ({position})",
        f"Inputs: {', '.join(inputs) or '(none)'}",
        f"Outputs: {', '.join(outputs) or '(none)'}",
    ]


def processing_succeeded(request: dict[str, Any]) -> list[str]:
    outputs = (request.get("ProcessingOutputConfig") or {}).get("Outputs", [])
    return [f"Processing complete: {len(outputs)} output(s) written"]


def processing_failed(reason: str) -> list[str]:
    return traceback(reason, "/opt/ml/processing/input/code/processing.py")


# -- batch transform -----------------------------------------------------------------------


def model_server_started(model: str, at: float) -> list[str]:
    return [
        f"{stamp(at)} [INFO] Starting the model server for model {model}",
        f"{stamp(at)} [INFO] Listening at: http://0.0.0.0:8080",
    ]


def model_server_answered(sizes: list[int], at: float) -> list[str]:
    return [f'{stamp(at)} [INFO] "POST /invocations HTTP/1.1" 200 {size}' for size in sizes]


def transform_agent_started(request: dict[str, Any], at: float) -> list[str]:
    strategy = {"MultiRecord": "MULTI_RECORD", "SingleRecord": "SINGLE_RECORD"}.get(
        request.get("BatchStrategy", "MultiRecord"), "MULTI_RECORD"
    )
    return [
        f"{iso(at)}:[sagemaker logs]: MaxConcurrentTransforms={request.get('MaxConcurrentTransforms', 1)}, "
        f"MaxPayloadInMB={request.get('MaxPayloadInMB', 6)}, BatchStrategy={strategy}"
    ]


def transform_agent_failed(objects: list[str], reason: str, at: float) -> list[str]:
    lines = []
    for name in objects or ["(input)"]:
        prefix = f"{iso(at)}:[sagemaker logs]: {name}:"
        lines += [f"{prefix} ClientError: 400", f"{prefix} Message:", f"{prefix} {failure_detail(reason)}"]
    return lines


def transform_failed(reason: str) -> list[str]:
    return traceback(reason, "/opt/program/predictor.py")
