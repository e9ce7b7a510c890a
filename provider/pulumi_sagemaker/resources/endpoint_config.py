"""`EndpointConfig`: a SageMaker endpoint configuration as a Pulumi resource of its own."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from ..aws import Aws
from ..kinds import ENDPOINT_CONFIG
from ..lifecycle.create_only import CreateOnlyLifecycle
from ..lifecycle.serving import endpoints_serving
from .base import outputs_of
from .create_only import CreateOnlyProvider
from .job_provider import job_props


class EndpointConfigProvider(CreateOnlyProvider):
    kind = ENDPOINT_CONFIG

    def new_lifecycle(self, aws: Aws) -> CreateOnlyLifecycle:
        # A config an Endpoint still serves is not deleted under it (see lifecycle/serving.py).
        return CreateOnlyLifecycle(self.kind, aws, in_use=endpoints_serving)


@outputs_of(ENDPOINT_CONFIG)
class EndpointConfig(pulumi.dynamic.Resource, module="sagemaker", name="EndpointConfig"):
    """A SageMaker endpoint configuration: the production variants an endpoint serves (model, instance
    type and count or serverless capacity, weight), with data capture, async inference, shadow
    variants, KMS key and VPC as the API has them.

    Takes every member of CreateEndpointConfig as a keyword argument (snake_case, the operators'
    lowerCamelCase, or PascalCase); `production_variants[].model_name` is a SageMaker model's name (a
    Model's `model_name` output). Each variant needs an instance type with a count, or a serverless
    config; names are unique. Validated before any call.

    `endpoint_config_name` is optional (generated from the resource name and a digest of the spec).
    SageMaker cannot change a config, so any change but tags replaces it, new before old: an Endpoint
    using it switches to the new one with UpdateEndpoint and keeps serving, and the old config is
    deleted after. An explicit `endpoint_config_name` must change with the spec.
    """

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        region: pulumi.Input[str] | None = None,
        **fields: Any,
    ) -> None:
        props = job_props(ENDPOINT_CONFIG, resource_name, fields, region=region)
        super().__init__(EndpointConfigProvider(), resource_name, props, opts)
