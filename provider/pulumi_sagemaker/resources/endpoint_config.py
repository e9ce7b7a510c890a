"""`EndpointConfig`: a SageMaker endpoint configuration as a Pulumi resource of its own."""

from __future__ import annotations

from ..aws import Aws
from ..kinds import ENDPOINT_CONFIG
from ..lifecycle import CreateOnlyLifecycle, endpoints_serving
from .base import outputs_of
from .create_only import CreateOnlyProvider
from .kind_resource import KindResource


class EndpointConfigProvider(CreateOnlyProvider):
    kind = ENDPOINT_CONFIG

    def new_lifecycle(self, aws: Aws) -> CreateOnlyLifecycle:
        # A config an Endpoint still serves is not deleted under it (see lifecycle/serving.py).
        return CreateOnlyLifecycle(self.kind, aws, in_use=endpoints_serving)


@outputs_of(ENDPOINT_CONFIG)
class EndpointConfig(
    KindResource, module="sagemaker", name="EndpointConfig", provider=EndpointConfigProvider
):
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
