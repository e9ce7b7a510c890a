"""`Model`: a SageMaker model as a Pulumi resource of its own."""

from __future__ import annotations

from ..kinds import MODEL
from .base import outputs_of
from .create_only import CreateOnlyProvider
from .kind_resource import KindResource


class ModelProvider(CreateOnlyProvider):
    kind = MODEL


@outputs_of(MODEL)
class Model(KindResource, module="sagemaker", name="Model", provider=ModelProvider):
    """A SageMaker model: an inference image, its model artifacts and the role that serves them.

    Takes every member of CreateModel as a keyword argument (snake_case, the operators'
    lowerCamelCase, ACK's `executionRoleARN` / `modelDataURL`, or PascalCase): `primary_container` or
    `containers` (an inference pipeline, or `mode: MultiModel`), `execution_role_arn`, `vpc_config`,
    `enable_network_isolation`, `inference_execution_config`, `tags`. Validated against botocore's model
    of the API before any call.

    `model_name` is optional: without it the name is the resource name plus a digest of the spec. SageMaker
    cannot change a model, so any change but tags replaces it: the new model is created first (under a
    new name), the old one deleted once nothing in the program uses it. An explicit `model_name` must
    change with the spec. Feed `model_name` to an EndpointConfig's variants or a BatchTransformJob.
    `region` puts the model in a region other than the stack's `aws:region`.
    """
