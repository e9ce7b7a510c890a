"""Existence checks (`LocalSageMaker(check_existence=True)`): what SageMaker looks up in IAM and S3.

SageMaker assumes the execution role a job or model names, and reads the S3 data it is given. With
the switch on, the local SageMaker looks them up in moto's IAM and S3 (same process) and answers as
AWS does (aws-behaviour.md), at the point AWS answers:

- CreateTrainingJob / CreateTransformJob / CreateProcessingJob / CreateHyperParameterTuningJob: an S3
  input with no objects under its prefix (a manifest that does not exist) is refused at once with
  `No S3 objects found under S3 URL "<url>" given in input data source. ...`;
- CreateModel, CreateTransformJob (the model's role) and CreateProcessingJob: a role that does not
  exist, or does not trust sagemaker.amazonaws.com, is refused at once with `Could not assume role
  <arn>. ...`; a training job (a tuning job's too) is accepted and goes Failed when its instances
  start, with a ClientError saying SageMaker is unable to assume the role;
- CreateModel: model data that is not there is refused with `Could not find model data at <url>.`;
  data gone by the time an endpoint deploys the model fails the endpoint (or rolls its update back)
  with `Failed to download model data for container ...`.

Each function returns the refusals (or the failure reason) for one request; semantics.refuse raises.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from . import moto_backends
from .iam_simulation import statements
from .state import partition

SAGEMAKER = "sagemaker.amazonaws.com"

TRAINING_ROLE_FAILURE = (
    "ClientError: TrainingHostAgent Initialization failed:InvalidInputException: SageMaker is unable to "
    "perform: sts:AssumeRole on the role. Check if you have a trust relationship for "
    f"'{SAGEMAKER}' to assume the role."
)


def role_refusal(arn: str) -> str:
    return (
        f"Could not assume role {arn}. Please ensure that the role exists and allows principal "
        f"'{SAGEMAKER}' to assume the role."
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _trusts_sagemaker(statement: dict[str, Any]) -> bool:
    actions = _listed(statement.get("Action", []))
    if not any(fnmatch.fnmatch("sts:assumerole", str(a).lower()) for a in actions):
        return False
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    return SAGEMAKER in _listed(principal.get("Service", [])) or "*" in _listed(principal.get("AWS", []))


def assumable(arn: str, region: str) -> bool:
    """The role exists in this account and the region's partition (at the ARN's path) and its trust
    policy lets SageMaker in."""
    head, _, rest = arn.partition(":role/")
    fields = head.split(":")
    if not rest or len(fields) != 5 or fields[4] != moto_backends.ACCOUNT or fields[1] != partition(region):
        return False
    path, _, name = rest.rpartition("/")
    found = moto_backends.role_trust(name, fields[1])
    if found is None or found[0] != (f"/{path}/" if path else "/"):
        return False
    effects = {s.get("Effect") for s in statements(found[1]) if _trusts_sagemaker(s)}
    return "Allow" in effects and "Deny" not in effects


def split_s3_uri(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def _has_objects(region: str, uri: str, data_type: str) -> bool:
    bucket, key = split_s3_uri(uri)
    if data_type == "S3Prefix":
        return bool(moto_backends.list_keys(region, bucket, key))
    return moto_backends.object_exists(region, bucket, key)  # ManifestFile, AugmentedManifestFile


def _no_objects(uri: str, region: str, role: str) -> str:
    bucket, _ = split_s3_uri(uri)
    return (
        f'No S3 objects found under S3 URL "{uri}" given in input data source. Please ensure that the '
        f"bucket exists in the selected region ({region}), that objects exist under that S3 prefix, and "
        f'that the role "{role}" has "s3:ListBucket" permissions on bucket "{bucket}".'
    )


def _inputs(region: str, role: str, sources: Iterator[dict[str, Any]]) -> list[str]:
    return [
        _no_objects(source["S3Uri"], region, role)
        for source in sources
        if not _has_objects(region, source["S3Uri"], source.get("S3DataType", "S3Prefix"))
    ]


def _channels(request: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for channel in request.get("InputDataConfig") or []:
        source = (channel.get("DataSource") or {}).get("S3DataSource")
        if source:
            yield source


def training(request: dict[str, Any], region: str) -> list[str]:
    """CreateTrainingJob, or one training job definition of a tuning job: its S3 channels."""
    return _inputs(region, request.get("RoleArn", ""), _channels(request))


def tuning(request: dict[str, Any], region: str) -> list[str]:
    definitions = request.get("TrainingJobDefinitions") or [request.get("TrainingJobDefinition") or {}]
    return [problem for definition in definitions for problem in training(definition, region)]


def processing(request: dict[str, Any], region: str) -> list[str]:
    role = request.get("RoleArn", "")
    if not assumable(role, region):
        return [role_refusal(role)]
    sources = (i["S3Input"] for i in request.get("ProcessingInputs") or [] if i.get("S3Input"))
    return _inputs(region, role, sources)


def transform(request: dict[str, Any], model: dict[str, Any], region: str) -> list[str]:
    """CreateTransformJob: the role is its model's."""
    role = model.get("ExecutionRoleArn", "")
    if not assumable(role, region):
        return [role_refusal(role)]
    source = request["TransformInput"]["DataSource"].get("S3DataSource")
    return _inputs(region, role, iter([source] if source else []))


def _model_data(container: dict[str, Any]) -> tuple[str, str] | None:
    """(S3 URL, S3Prefix | S3Object) of a container's model data, if it has some to find."""
    if container.get("Mode") == "MultiModel":  # a prefix models are added to later: may be empty
        return None
    source = (container.get("ModelDataSource") or {}).get("S3DataSource")
    if source:
        return source["S3Uri"], source.get("S3DataType", "S3Object")
    url = container.get("ModelDataUrl")
    return (url, "S3Prefix" if url.endswith("/") else "S3Object") if url else None


def _containers(model: dict[str, Any]) -> list[dict[str, Any]]:
    if model.get("PrimaryContainer"):
        return [model["PrimaryContainer"]]
    return list(model.get("Containers") or [])


def model(request: dict[str, Any], region: str) -> list[str]:
    """CreateModel: the role, then each container's model data."""
    role = request.get("ExecutionRoleArn", "")
    if not assumable(role, region):
        return [role_refusal(role)]
    problems = []
    for container in _containers(request):
        data = _model_data(container)
        if data is not None and not _has_objects(region, data[0], data[1]):
            problems.append(f"Could not find model data at {data[0]}.")
    return problems


def deployment_failure(model_request: dict[str, Any], region: str) -> str | None:
    """Why an endpoint deploying this model fails: its model data gone since CreateModel."""
    for index, container in enumerate(_containers(model_request), 1):
        data = _model_data(container)
        if data is not None and not _has_objects(region, data[0], data[1]):
            return (
                f'Failed to download model data for container "container_{index}" from URL: "{data[0]}". '
                "Please ensure that there is an object located at the URL and that the role passed to "
                "CreateModel has permissions to download the object."
            )
    return None
