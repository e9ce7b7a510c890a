"""`Endpoint`: a SageMaker endpoint serving an endpoint config, as a Pulumi resource of its own."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..aws import Aws
from ..hosting import EndpointLifecycle
from ..kinds import ENDPOINT
from .base import SageMakerProvider, outputs_of
from .job_provider import job_props


class EndpointProvider(SageMakerProvider):
    """Never rename or move this class: Pulumi state refers to it by its import path."""

    kind = ENDPOINT

    def new_lifecycle(self, aws: Aws) -> EndpointLifecycle:
        return EndpointLifecycle(aws)


@outputs_of(ENDPOINT)
class Endpoint(pulumi.dynamic.Resource, module="sagemaker", name="Endpoint"):
    """A live HTTPS SageMaker endpoint serving `endpoint_config_name` (an EndpointConfig's output, or the
    name of one made elsewhere).

    A new `endpoint_config_name` is switched to in place with UpdateEndpoint: the old config serves until
    the new one does, under the endpoint's `deployment_config` (blue/green all at once, canary or linear
    traffic shifting, rolling batches, auto-rollback alarms), so traffic never stops; a rollback fails the
    update with SageMaker's FailureReason and the endpoint keeps serving the old config.
    `retain_all_variant_properties` (with `exclude_retained_variant_properties`) keeps the live instance
    counts and weights through a switch, as UpdateEndpoint does. `autoscaling` maps variant names to
    `{min_capacity, max_capacity, policies}` (target tracking, as for a HostingDeployment variant). Tags
    change in place; only a new explicit `endpoint_name` or `region` replaces the endpoint.

    `pulumi up` returns once the endpoint is InService (`wait_timeout_seconds` bounds each operation,
    default 3600). A create that ends Failed deletes the failed endpoint and says why.
    """

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        endpoint_config_name: pulumi.Input[str] | None = None,
        autoscaling: pulumi.Input[dict[str, Any]] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        region: pulumi.Input[str] | None = None,
        **fields: Any,
    ) -> None:
        props = job_props(
            ENDPOINT,
            resource_name,
            fields,
            endpoint_config_name=endpoint_config_name,
            autoscaling=autoscaling,
            wait_timeout_seconds=wait_timeout_seconds,
            region=region,
        )
        super().__init__(EndpointProvider(), resource_name, props, opts)
