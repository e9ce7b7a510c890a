"""What every job resource shares: its provider runs the generic job lifecycle for the resource's kind,
and its properties are the user's fields, our options and the kind's outputs (declared once, on the kind).

Provider classes live in the installed package so that dill pickles them by reference: never rename
or move one once released (existing Pulumi state names it).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi

from ..aws import Aws
from ..kinds import Kind
from ..lifecycle import JobLifecycle
from .base import SageMakerProvider, outputs_of
from .secrets import with_secret_values

__all__ = ["JobProvider", "job_props", "outputs_of"]


class JobProvider(SageMakerProvider):
    kind: ClassVar[Kind]

    def new_lifecycle(self, aws: Aws) -> JobLifecycle:
        return JobLifecycle(self.kind, aws)


def job_props(kind: Kind, resource_name: str, fields: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The property bag of a job resource. Outputs and the API's members are present (as None) so that
    Pulumi exposes each as an attribute, as the typed surface declares (`job.hyper_parameters` is there
    whether or not it was given, in whatever casing); `name_seed` makes generated names stable per
    stack."""
    props: dict[str, Any] = dict.fromkeys((*kind.input_keys, *kind.output_names))
    props.update(fields)
    props.update(options)
    props["name_seed"] = f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
    return with_secret_values(props)
