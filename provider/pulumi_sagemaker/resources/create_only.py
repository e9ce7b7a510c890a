"""What the resources of kinds SageMaker never changes share (Model, EndpointConfig): a provider that
runs the create-only lifecycle for the resource's kind.

Never rename or move a provider class once released: Pulumi state refers to it by its import path.
"""

from __future__ import annotations

from typing import ClassVar

from ..aws import Aws
from ..kinds import Kind
from ..lifecycle import CreateOnlyLifecycle
from .base import SageMakerProvider


class CreateOnlyProvider(SageMakerProvider):
    kind: ClassVar[Kind]

    def new_lifecycle(self, aws: Aws) -> CreateOnlyLifecycle:
        return CreateOnlyLifecycle(self.kind, aws)
