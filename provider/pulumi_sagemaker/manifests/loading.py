"""From manifests to checked plans: read, recognise, fill placeholders, attach autoscaling, check, link.

Nothing here registers a resource or calls AWS; every problem of every document is collected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import autoscaling, checking, links, placeholders
from .catalog import ACK, GROUPS, find, is_ours
from .documents import Document, Source, read
from .errors import Problem
from .specs import Attachment, Planned, read_document

ACK_GROUP = next(g for g, (_, flavour) in GROUPS.items() if flavour == ACK)


@dataclass
class Loaded:
    planned: list[Planned] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    targets: list[autoscaling.Target] = field(default_factory=list)
    # Autoscaling of endpoints no manifest here deploys (a conversion writes it; a deployment refuses it).
    elsewhere: list[autoscaling.Target] = field(default_factory=list)
    links: list[links.Link] = field(default_factory=list)
    # ACK documents of kinds this package does not deploy, kept for the controller (via="cluster").
    passthrough: list[tuple[Document, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load(
    source: Source | list[Source],
    values: Mapping[str, Any] | None = None,
    *,
    config: Callable[[str], Any] | None = None,
    skip_unknown: bool = False,
    keep_placeholders: bool = False,
    pass_other_ack_kinds: bool = False,
) -> Loaded:
    documents, problems = read(source)
    loaded = Loaded(problems=problems)
    lookup = placeholders.lookup_in(values, config)
    bare = [k for k in values or () if isinstance(k, str)]
    for doc in documents:
        entry, why = find(doc.api_version, doc.kind)
        group = doc.api_version.rpartition("/")[0] if isinstance(doc.api_version, str) else ""
        if entry is None:
            if skip_unknown and not is_ours(group):
                continue
            body, _ = placeholders.fill(doc.body, lookup, bare, keep=True)
            if (
                pass_other_ack_kinds
                and group == ACK_GROUP
                and isinstance(doc.kind, str)
                and "version" not in (why or "")
            ):
                loaded.passthrough.append((doc, body))
                continue
            path = "kind" if group in GROUPS and why and why.startswith("kind") else "apiVersion"
            problems.append(Problem(doc.where, path, why or "is not known"))
            continue
        # A field holding an unfilled placeholder is kept as written, not judged: its one problem is that.
        body, unfilled = placeholders.fill(doc.body, lookup, bare, keep=True)
        if not keep_placeholders:
            problems += [_unfilled(doc, u) for u in unfilled]
        read_one, found = read_document(doc, body, entry)
        problems += found
        if isinstance(read_one, Planned):
            loaded.planned.append(read_one)
        elif isinstance(read_one, Attachment):
            loaded.attachments.append(read_one)
    _duplicates(loaded, problems)
    loaded.targets = autoscaling.targets(loaded.attachments, problems)
    autoscaling.attach(
        loaded.targets, loaded.planned, problems, loaded.elsewhere if keep_placeholders else None
    )
    for planned in loaded.planned:
        problems += checking.check(planned)
    loaded.links = links.find(loaded.planned, problems)
    problems.sort(key=lambda p: (p.where.source, p.where.index))
    return loaded


def _unfilled(doc: Document, unfilled: placeholders.Unfilled) -> Problem:
    name = unfilled.name
    how = f"values={{{name!r}: ...}}"
    if placeholders.stack_config_key(name):
        how += f" to from_manifests, or `pulumi config set sagemaker:values.{name} <value>`"
    else:
        how += " to from_manifests"
    return Problem(
        doc.where, unfilled.path, f"placeholder {unfilled.text} is not filled: give it a value with {how}"
    )


def _duplicates(loaded: Loaded, problems: list[Problem]) -> None:
    seen: dict[tuple[str, str], Any] = {}
    for item in (*loaded.planned, *loaded.attachments):
        kind = item.entry.resource or item.entry.kind
        name = item.name if isinstance(item, Planned) else str(item.doc.name)
        earlier = seen.setdefault((kind, name), item.where)
        if earlier is not item.where:
            problems.append(
                Problem(
                    item.where,
                    "metadata.name",
                    f"a second {item.entry.kind} named {name!r} (also {earlier}): names are unique per kind",
                )
            )
