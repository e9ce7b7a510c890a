"""The hosting kinds: models, endpoint configs and endpoints (HostingDeployment manages all three; the
standalone Model, EndpointConfig and Endpoint resources one each).

Models and endpoint configs have no status: they exist or not, and SageMaker cannot change them (a
change is a new one). An endpoint's statuses say when an operation on it is over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from .kind import Described, Kind, Output, Statuses, member, timestamp
from .models import model_rules
from .urls import runtime_url
from .variants import variant_rules


class VariantSummary(TypedDict):
    """A variant of an endpoint as DescribeEndpoint reports it (HostingDeployment's and Endpoint's
    `variants` output)."""

    variant_name: str
    current_instance_count: int | None
    desired_instance_count: int | None
    current_weight: float | None
    desired_weight: float | None


def variant_summaries(response: Mapping[str, Any]) -> list[VariantSummary]:
    """Each production variant's current and desired instance count and weight (DescribeEndpoint)."""
    return [
        {
            "variant_name": v["VariantName"],
            "current_instance_count": v.get("CurrentInstanceCount"),
            "desired_instance_count": v.get("DesiredInstanceCount"),
            "current_weight": v.get("CurrentWeight"),
            "desired_weight": v.get("DesiredWeight"),
        }
        for v in response.get("ProductionVariants") or []
    ]


def _variants(d: Described) -> list[VariantSummary]:
    return variant_summaries(d.response)


def _endpoint_url(d: Described) -> str:
    return runtime_url(d.region, d.response["EndpointName"])


MODEL = Kind(
    noun="Model",
    type_name="Model",
    outputs=(
        Output("arn", member("ModelArn"), str, "The model's ARN."),
        Output(
            "model_name",
            member("ModelName"),
            str,
            "The SageMaker name of the model (feeds an EndpointConfig's variants or a BatchTransformJob).",
        ),
        Output("creation_time", timestamp("CreationTime"), str, "When the model was created (ISO 8601)."),
    ),
    hooks=model_rules,
)

ENDPOINT_CONFIG = Kind(
    noun="EndpointConfig",
    type_name="EndpointConfig",
    outputs=(
        Output("arn", member("EndpointConfigArn"), str, "The endpoint config's ARN."),
        Output(
            "endpoint_config_name",
            member("EndpointConfigName"),
            str,
            "The SageMaker name of the endpoint config (feeds an Endpoint's endpoint_config_name).",
        ),
        Output("creation_time", timestamp("CreationTime"), str, "When the config was created (ISO 8601)."),
    ),
    hooks=variant_rules,
)

ENDPOINT = Kind(
    noun="Endpoint",
    type_name="Endpoint",
    statuses=Statuses(
        # Busy: each ends by itself (an update or a rollback runs its course).
        running=frozenset({"Creating", "Updating", "SystemUpdating", "RollingBack"}),
        succeeded=frozenset({"InService"}),
        # Settled but not serving as asked: an update can still be tried, or the endpoint deleted.
        failed=frozenset({"Failed", "UpdateRollbackFailed", "OutOfService"}),
        deleting=frozenset({"Deleting"}),
    ),
    outputs=(
        Output("arn", member("EndpointArn"), str, "The endpoint's ARN."),
        Output("endpoint_name", member("EndpointName"), str, "The SageMaker name of the endpoint."),
        Output(
            "endpoint_config_name",
            member("EndpointConfigName"),
            str,
            "The endpoint config serving now (another one than the input's is drift the next `up` repairs).",
        ),
        Output("status", member("EndpointStatus"), str, "EndpointStatus: InService, Updating, Failed, ..."),
        Output(
            "endpoint_url",
            _endpoint_url,
            str,
            "The HTTPS address the endpoint is invoked at (sagemaker-runtime's InvokeEndpoint).",
        ),
        Output("variants", _variants, list[VariantSummary], "Each variant's instance counts and weights."),
        Output("failure_reason", member("FailureReason"), str | None, "Why the endpoint failed, if it did."),
        Output("creation_time", timestamp("CreationTime"), str, "When the endpoint was created (ISO 8601)."),
    ),
)
