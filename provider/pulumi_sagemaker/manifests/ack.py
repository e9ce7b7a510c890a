"""The operator's manifests as ACK's: what `to-ack` writes and `via="cluster"` applies.

Each operator document's spec is taken to canonical form by its resource's own check, then written as
the API request it stands for in ACK's spelling (`ack_schema.from_request`): `{name, value}` lists become
maps, `roleArn` becomes `roleARN`, an objective's `type` becomes `type_`. ACK requires SageMaker names;
where the operator generated one, the document's metadata.name is the name. `spec.region` becomes the
`services.k8s.aws/region` annotation.

A HostingDeployment becomes what it makes: a Model per model, an EndpointConfig and an Endpoint, named
as HostingDeployment names them (a digest of each spec in the name, so converting an edited manifest
gives new names, and the Endpoint switches to the new config: what ACK users must do by hand, since
ACK refuses edits of models and configs). Its autoscaling (a HostingAutoscalingPolicy's) becomes a
ScalableTarget and a ScalingPolicy per policy. ACK documents pass through as they are.

Every document written is checked against ACK's CRD, field by field: Kubernetes would silently drop a
field ACK's controller does not have (its generator ignores some of botocore's).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ..hosting import build_plan, scaling
from ..kinds import ENDPOINT_CONFIG, MODEL, PROCESSING_JOB, TRAINING_JOB, TRANSFORM_JOB, TUNING_JOB, Kind
from ..lifecycle import OPERATOR_ENDPOINT
from ..shapes import input_shape, to_request
from . import checking, links
from .ack_schema import crd, from_keys, from_request, mismatches
from .catalog import ACK, AUTOSCALING, GROUPS, OPERATOR
from .errors import Problem, Where
from .loading import Loaded
from .specs import REGION_ANNOTATION, Planned, member
from .standins import StandIns

ACK_VERSION = next(f"{g}/{v}" for g, (v, flavour) in GROUPS.items() if flavour == ACK)
AUTOSCALING_VERSION = next(f"{g}/{v}" for g, (v, flavour) in GROUPS.items() if flavour == AUTOSCALING)
KINDS: dict[str, tuple[Kind, str]] = {  # our resource -> its kind, ACK's kind name
    "TrainingJob": (TRAINING_JOB, "TrainingJob"),
    "HyperparameterTuningJob": (TUNING_JOB, "HyperParameterTuningJob"),
    "BatchTransformJob": (TRANSFORM_JOB, "TransformJob"),
    "ProcessingJob": (PROCESSING_JOB, "ProcessingJob"),
    "Model": (MODEL, "Model"),
    "EndpointConfig": (ENDPOINT_CONFIG, "EndpointConfig"),
}


@dataclass
class AckDocument:
    """A document to write or apply, and the document it came from."""

    origin: Where
    body: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.body["kind"]

    @property
    def name(self) -> str:
        metadata = self.body.get("metadata") or {}
        namespace, name = metadata.get("namespace"), metadata.get("name")
        return f"{namespace}/{name}" if namespace else str(name)


def sagemaker_name(k8s_name: str, limit: int) -> str:
    """A SageMaker name for a document the operator generated one for: its metadata.name (dots are not
    allowed), cut to the kind's limit with a digest when longer."""
    name = re.sub(r"[^a-zA-Z0-9-]+", "-", k8s_name).strip("-") or "resource"
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(k8s_name.encode()).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('-')}-{digest}"


def k8s_name(name: str) -> str:
    """A metadata.name for a SageMaker name (Kubernetes names are lower case)."""
    return re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip("-.") or "resource"


def convert(loaded: Loaded, stand_ins: StandIns | None = None) -> tuple[list[AckDocument], list[Problem]]:
    """Every document of `loaded` in ACK's form, and what could not be converted. Values known later
    (outputs, placeholders kept as written) stand in as Unknowns and come back in the documents."""
    stand_ins = stand_ins or StandIns()
    problems: list[Problem] = []
    names = {id(p): _name_of(p) for p in loaded.planned}
    documents: list[AckDocument] = []
    for planned in loaded.planned:
        if planned.entry.flavour == ACK:
            documents.append(AckDocument(planned.where, planned.body))
        elif planned.entry.resource == "HostingDeployment":
            documents += _hosting(planned, stand_ins, problems)
        else:
            documents += _resource(planned, loaded, names, stand_ins, problems)
    for attachment in loaded.attachments:
        if attachment.entry.flavour == AUTOSCALING:
            documents.append(AckDocument(attachment.where, attachment.body))
    for target in loaded.elsewhere:
        if any(a.where == target.where and a.entry.flavour == AUTOSCALING for a in loaded.attachments):
            continue  # ACK's own documents, passed through above
        block, _ = scaling.canonicalize(stand_ins.hide(target.block()), "")
        documents += _autoscaling_docs(
            target.where, None, target.region, target.endpoint, target.variant, block
        )
    documents += [AckDocument(doc.where, body) for doc, body in loaded.passthrough]
    for document in documents:
        problems += _check(document)
    return [AckDocument(d.origin, stand_ins.restore(d.body)) for d in documents], problems


def _name_of(planned: Planned) -> str | None:
    """The SageMaker name a document's ACK form carries."""
    given = planned.sagemaker_name
    if isinstance(given, str) or planned.entry.resource not in KINDS:
        return given if isinstance(given, str) else None
    kind, _ = KINDS[planned.entry.resource]  # type: ignore[index]
    return sagemaker_name(str(planned.doc.name), kind.name_limit)


def _metadata(planned: Planned, name: str | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name or planned.doc.name}
    if planned.doc.namespace:
        metadata["namespace"] = planned.doc.namespace
    region = planned.region
    if region is not None:
        metadata["annotations"] = {REGION_ANNOTATION: region}
    return metadata


def _canonical(planned: Planned, stand_ins: StandIns) -> dict[str, Any]:
    provider = checking.providers()[str(planned.entry.resource)]()
    return provider.check({}, stand_ins.hide(planned.props)).inputs


def _refuse_endpoint(planned: Planned, problems: list[Problem]) -> bool:
    if member(planned.spec, OPERATOR_ENDPOINT) is None:
        return False
    key = next(k for k in planned.spec if k.lower() == "sagemakerendpoint")
    problems.append(
        Problem(
            planned.where,
            f"spec.{key}",
            "has no ACK equivalent per resource: ACK's controller sends every call to the chart's "
            "aws.endpoint_url; remove it here and set that",
        )
    )
    return True


def _resource(
    planned: Planned,
    loaded: Loaded,
    names: dict[int, str | None],
    stand_ins: StandIns,
    problems: list[Problem],
) -> list[AckDocument]:
    if _refuse_endpoint(planned, problems):
        return []
    kind, ack_kind = KINDS[str(planned.entry.resource)]
    canonical = _canonical(planned, stand_ins)
    inputs = {kind.name_key: names[id(planned)]}
    inputs.update((k, v) for k, v in canonical.items() if k in kind.input_keys and k != kind.name_key)
    request = to_request(kind.create, inputs)
    spec = from_request(input_shape(kind.create).name, request)
    for link in loaded.links:
        if link.source is planned:
            _set_written(spec, link, names[id(link.target)])
    body = {"apiVersion": ACK_VERSION, "kind": ack_kind, "metadata": _metadata(planned), "spec": spec}
    return [AckDocument(planned.where, body)]


def _set_written(spec: dict[str, Any], link: links.Link, name: str | None) -> None:
    """The linked field (written in the operator's spelling) in the ACK spec, set to the target's name:
    both spellings are lowerCamelCase for these members (modelName, endpointConfigName, ...)."""
    node: Any = spec
    for step in link.path[:-1]:
        node = node[step] if isinstance(step, int) else node.get(step)
        if node is None:
            return
    if isinstance(node, dict) and name is not None:
        node[link.path[-1]] = name


def _hosting(planned: Planned, stand_ins: StandIns, problems: list[Problem]) -> list[AckDocument]:
    if _refuse_endpoint(planned, problems):
        return []
    inputs = _canonical(planned, stand_ins)
    if inputs.get("exclude_retained_variant_properties"):
        key = next(k for k in planned.spec if k.lower() == "excluderetainedvariantproperties")
        problems.append(
            Problem(
                planned.where,
                f"spec.{key}",
                "has no ACK equivalent: ACK's controller retains every variant property on each "
                "UpdateEndpoint; remove it (or keep deploying the HostingDeployment)",
            )
        )
        return []
    endpoint = member(planned.spec, "endpointName") or sagemaker_name(str(planned.doc.name), 63)
    plan = build_plan(inputs, endpoint)
    tags = [{"Key": k, "Value": v} for k, v in (inputs.get("tags") or {}).items()]

    def document(kind: str, shape: str, request: dict[str, Any], name: str) -> AckDocument:
        spec = from_request(shape, {**request, **({"Tags": tags} if tags else {})})
        body = {
            "apiVersion": ACK_VERSION,
            "kind": kind,
            "metadata": _metadata(planned, k8s_name(name)),
            "spec": spec,
        }
        return AckDocument(planned.where, body)

    found = [
        document("Model", input_shape("CreateModel").name, m.request, m.name) for m in plan.models.values()
    ]
    found.append(
        document(
            "EndpointConfig", input_shape("CreateEndpointConfig").name, plan.config_request, plan.config_name
        )
    )
    request: dict[str, Any] = {"EndpointName": endpoint, "EndpointConfigName": plan.config_name}
    if inputs.get("deployment_config"):
        request.update(to_request("UpdateEndpoint", {"deployment_config": inputs["deployment_config"]}))
    found.append(document("Endpoint", input_shape("CreateEndpoint").name, request, endpoint))
    for variant, block in sorted(plan.autoscaling.items()):
        found += _autoscaling_docs(
            planned.where, planned.doc.namespace, planned.region, endpoint, variant, block
        )
    return found


def _autoscaling_docs(
    where: Where, namespace: Any, region: Any, endpoint: str, variant: str, block: dict[str, Any]
) -> list[AckDocument]:
    """A variant's autoscaling as a ScalableTarget and a ScalingPolicy per policy."""

    def document(kind: str, name: str, spec: dict[str, Any]) -> AckDocument:
        metadata: dict[str, Any] = {"name": k8s_name(name)}
        if namespace:
            metadata["namespace"] = namespace
        if region is not None:
            metadata["annotations"] = {REGION_ANNOTATION: region}
        return AckDocument(
            where, {"apiVersion": AUTOSCALING_VERSION, "kind": kind, "metadata": metadata, "spec": spec}
        )

    found = [
        document(
            "ScalableTarget",
            f"{endpoint}-{variant}",
            from_keys(scaling.target_request(endpoint, variant, block)),
        )
    ]
    for request in scaling.policy_requests(endpoint, variant, block):
        found.append(
            document("ScalingPolicy", f"{endpoint}-{variant}-{request['PolicyName']}", from_keys(request))
        )
    return found


def _check(document: AckDocument) -> list[Problem]:
    """The document against ACK's CRD of its kind (unknown kinds pass: the controller judges them)."""
    schema = crd(document.body.get("apiVersion", ""), document.kind)
    if schema is None:
        return []
    return [
        Problem(
            document.origin,
            f"{path} (in ACK's {document.kind} {document.name!r})",
            f"{reason}: ACK's controller does not take it",
        )
        for path, reason in mismatches(schema, document.body.get("spec") or {})
    ]


def operator_documents(loaded: Loaded) -> bool:
    return any(p.entry.flavour == OPERATOR for p in loaded.planned)
