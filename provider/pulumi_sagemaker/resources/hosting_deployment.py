"""`HostingDeployment`: SageMaker models, an endpoint config and an endpoint as one Pulumi resource."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..aws import Aws
from ..hosting import INPUT_KEYS, OUTPUT_KEYS, OUTPUTS, HostingLifecycle
from .base import SageMakerProvider, outputs_of
from .secrets import with_secret_values


class HostingDeploymentProvider(SageMakerProvider):
    """Never rename or move this class: Pulumi state refers to it by its import path."""

    def new_lifecycle(self, aws: Aws) -> HostingLifecycle:
        return HostingLifecycle(aws)


@outputs_of(OUTPUTS)
class HostingDeployment(pulumi.dynamic.Resource, module="sagemaker", name="HostingDeployment"):
    """SageMaker models, an endpoint config and a live HTTPS endpoint, created, updated and deleted together.

    `models` are SageMaker models (CreateModel's members) with a `name` the `production_variants` refer
    to in their `model_name`; a variant may carry an `autoscaling` block (min_capacity, max_capacity,
    target-tracking `policies`). `kms_key_id`, `data_capture_config`, `async_inference_config` and
    `deployment_config` (blue/green all-at-once, canary or linear; rolling; auto-rollback alarms) are as
    in the SageMaker API. Arguments take snake_case, lowerCamelCase (operator manifests) or PascalCase,
    and are validated against botocore's model of the API before any call.

    `pulumi up` returns once the endpoint is InService. An update takes the least disruptive path:
    weights and instance counts change in place; anything else rolls a new endpoint config out with
    SageMaker's deployment while the endpoint keeps serving, then deletes the configs and models no
    longer used. Counts set by autoscaling are kept unless the spec changes them. An update SageMaker
    rolls back fails with its FailureReason and leaves the previous config serving. Only a new explicit
    `endpoint_name` or `region` replaces the resource. `wait_timeout_seconds` bounds each operation
    (default 3600). `region` puts the deployment in a region other than the stack's `aws:region`.
    """

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        models: pulumi.Input[list[Any]] | None = None,
        production_variants: pulumi.Input[list[Any]] | None = None,
        endpoint_name: pulumi.Input[str] | None = None,
        kms_key_id: pulumi.Input[str] | None = None,
        data_capture_config: pulumi.Input[dict[str, Any]] | None = None,
        async_inference_config: pulumi.Input[dict[str, Any]] | None = None,
        deployment_config: pulumi.Input[dict[str, Any]] | None = None,
        tags: pulumi.Input[dict[str, str]] | None = None,
        wait_timeout_seconds: pulumi.Input[float] | None = None,
        region: pulumi.Input[str] | None = None,
        **fields: Any,
    ) -> None:
        # Every input and output is a property, None when not given: Pulumi makes an attribute of each
        # (`deployment.retain_all_variant_properties` is there as the stub says, given or not).
        props: dict[str, Any] = dict.fromkeys((*INPUT_KEYS, *OUTPUT_KEYS))
        props.update(
            models=models,
            production_variants=production_variants,
            endpoint_name=endpoint_name,
            kms_key_id=kms_key_id,
            data_capture_config=data_capture_config,
            async_inference_config=async_inference_config,
            deployment_config=deployment_config,
            tags=tags,
            wait_timeout_seconds=wait_timeout_seconds,
            region=region,
        )
        # Other spellings (productionVariants=..., as in an operator manifest) are checked like the rest;
        # giving one member twice is reported by check.
        props.update(fields)
        props["name_seed"] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
        super().__init__(HostingDeploymentProvider(), resource_name, with_secret_values(props), opts)
