"""One manifest, read: which resource it becomes, under which Pulumi name, with which arguments.

`spec` is passed to the resource as written (lowerCamelCase, ACK's `roleARN`, `{name, value}` lists):
the shapes layer maps every spelling onto botocore's model. What is not in `spec` comes from the metadata:
the Pulumi name is `metadata.name` (`<namespace>/<name>` with a namespace); for ACK, the region is the
`services.k8s.aws/region` annotation and `services.k8s.aws/deletion-policy: retain` keeps the SageMaker
resource when the Pulumi one is deleted, as the controller does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..shapes import normalise
from .catalog import ACK, Entry
from .documents import Document
from .errors import Problem, Where
from .standins import Verbatim

REGION_ANNOTATION = "services.k8s.aws/region"
DELETION_ANNOTATION = "services.k8s.aws/deletion-policy"
ADOPTION_ANNOTATION = "services.k8s.aws/adoption-policy"
TOP_LEVEL = frozenset({"apiVersion", "kind", "metadata", "spec", "status"})


@dataclass
class Planned:
    """A document that becomes a resource. `spec` is as written (placeholders filled); `extra` are the
    arguments we add (the ACK region, autoscaling attached from other documents)."""

    doc: Document
    entry: Entry
    name: str
    spec: dict[str, Any]
    body: dict[str, Any] = field(default_factory=dict)  # the whole document, placeholders filled
    extra: dict[str, Any] = field(default_factory=dict)
    region_path: str = "spec.region"
    retain: bool = False
    attached: set[int] = field(default_factory=set)  # the autoscaling attached to its variants (ids)

    @property
    def where(self) -> Where:
        return self.doc.where

    @property
    def props(self) -> dict[str, Any]:
        return {**self.spec, **self.extra}

    @property
    def region(self) -> Any:
        return self.extra.get("region", member(self.spec, "region"))

    @property
    def sagemaker_name(self) -> Any:
        """The SageMaker name the spec gives (None: generated)."""
        return member(self.spec, self.entry.name_key) if self.entry.name_key else None


@dataclass
class Attachment:
    """A document that attaches to another (autoscaling of endpoint variants)."""

    doc: Document
    entry: Entry
    spec: dict[str, Any]
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> Where:
        return self.doc.where


def member(raw: Any, key: str) -> Any:
    """The value of canonical `key` in `raw` (a mapping written in any casing), or None."""
    if not isinstance(raw, dict):
        return None
    wanted = normalise(key)
    return next((v for k, v in raw.items() if isinstance(k, str) and normalise(k) == wanted), None)


def key_of(raw: Any, key: str) -> str | None:
    if not isinstance(raw, dict):
        return None
    wanted = normalise(key)
    return next((k for k in raw if isinstance(k, str) and normalise(k) == wanted), None)


def read_document(
    doc: Document, body: dict[str, Any], entry: Entry
) -> tuple[Planned | Attachment | None, list[Problem]]:
    """`body` is the document with its placeholders filled."""
    where, problems = doc.where, []
    for key in body:
        if key not in TOP_LEVEL:
            problems.append(
                Problem(where, str(key), "is not a field of a manifest (apiVersion, kind, metadata, spec)")
            )
    metadata = body.get("metadata")
    if not isinstance(metadata, dict):
        return None, [*problems, Problem(where, "metadata", "is required: an object with a name")]
    name, namespace = _text(metadata.get("name")), _text(metadata.get("namespace"))
    if not isinstance(name, str) or not name:
        problems.append(Problem(where, "metadata.name", f"is required: the resource's name (got {name!r})"))
    if namespace is not None and not isinstance(namespace, str):
        problems.append(Problem(where, "metadata.namespace", f"must be text, got {namespace!r}"))
    spec = body.get("spec")
    if not isinstance(spec, dict):
        problems.append(Problem(where, "spec", f"is required: an object (got {spec!r:.40})"))
    if problems:
        return None, problems
    assert isinstance(spec, dict) and isinstance(name, str)
    if entry.resource is None:
        return Attachment(doc, entry, spec, body), []
    planned = Planned(doc, entry, f"{namespace}/{name}" if namespace else name, spec, body)
    if entry.flavour == ACK:
        problems += _ack_annotations(planned, metadata.get("annotations"))
        if entry.kind == "Endpoint":
            # ACK's controller sends every UpdateEndpoint with RetainAllVariantProperties: a new config
            # keeps the live instance counts and weights (autoscaling's). Deployed unchanged, it still does.
            planned.extra["retain_all_variant_properties"] = True
    return planned, problems


def _text(value: Any) -> Any:
    """A name kept as written (a placeholder, in a conversion) is the text it is written as."""
    return value.text if isinstance(value, Verbatim) else value


def _ack_annotations(planned: Planned, annotations: Any) -> list[Problem]:
    """The annotations ACK's controller acts on: region, deletion policy, and adoption (taking over a
    resource of that name someone else made: `adopt_existing`, which our creates otherwise refuse)."""
    if annotations is None:
        return []
    where = planned.where
    if not isinstance(annotations, dict):
        return [Problem(where, "metadata.annotations", "must be an object of names to text")]
    problems = []
    region = annotations.get(REGION_ANNOTATION)
    if region is not None:
        planned.extra["region"] = region
        planned.region_path = f"metadata.annotations.{REGION_ANNOTATION}"
    policy = annotations.get(DELETION_ANNOTATION)
    if policy not in (None, "delete", "retain"):
        problems.append(
            Problem(
                where,
                f"metadata.annotations.{DELETION_ANNOTATION}",
                f"must be delete or retain, got {policy!r}",
            )
        )
    planned.retain = policy == "retain"
    adoption = annotations.get(ADOPTION_ANNOTATION)
    if adoption in ("adopt", "adopt-or-create"):
        planned.extra["adopt_existing"] = True
    elif adoption is not None:
        problems.append(
            Problem(
                where,
                f"metadata.annotations.{ADOPTION_ANNOTATION}",
                f"must be adopt or adopt-or-create, got {adoption!r}",
            )
        )
    return problems
