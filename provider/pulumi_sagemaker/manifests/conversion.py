"""`to_ack`: the operator's manifests written as ACK's (`python -m pulumi_sagemaker.manifests to-ack`).

Placeholders no value fills are kept as written, so a converted file still goes through the tooling that
fills them (sed, envsubst, Helm).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .ack import AckDocument, convert
from .documents import Source
from .errors import ManifestError
from .loading import load

HEADER = (
    "# Converted to ACK (sagemaker.services.k8s.aws/v1alpha1) by pulumi-sagemaker's to-ack from {source}\n"
)


def to_ack(source: Source | list[Source], values: Mapping[str, Any] | None = None) -> list[AckDocument]:
    """The ACK documents `source`'s manifests stand for; a ManifestError with every problem otherwise."""
    loaded = load(source, values, keep_placeholders=True, pass_other_ack_kinds=True)
    if loaded.problems:
        raise ManifestError(loaded.problems, "nothing was written")
    documents, problems = convert(loaded)
    if problems:
        raise ManifestError(problems, "nothing was written")
    return documents


def dump(documents: list[AckDocument]) -> str:
    return yaml.safe_dump_all([d.body for d in documents], sort_keys=False, default_flow_style=False)


def write(
    source: str | os.PathLike[str], out: str | os.PathLike[str], values: Mapping[str, Any] | None = None
) -> list[Path]:
    """Convert every manifest under `source` and write the ACK documents to `out`, one file per source
    file at the same relative path. Returns the files written."""
    root = Path(source)
    documents = to_ack(root, values)
    by_file: dict[str, list[AckDocument]] = {}
    for document in documents:
        by_file.setdefault(document.origin.source.split(" (List item")[0], []).append(document)
    written = []
    for origin, found in by_file.items():
        relative = Path(origin).relative_to(root) if root.is_dir() else Path(Path(origin).name)
        target = Path(out) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shown = Path(root.name) / relative if root.is_dir() else relative
        target.write_text(HEADER.format(source=shown.as_posix()) + dump(found), encoding="utf-8")
        written.append(target)
    return written
