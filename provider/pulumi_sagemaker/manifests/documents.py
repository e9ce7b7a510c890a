"""Reading manifests: a file, a directory (recursively, `*.yaml` and `*.yml`, in a stable order), or YAML
text; several documents per file (`---`), and `kind: List` documents (kubectl's) opened into their items.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, Where

SUFFIXES = (".yaml", ".yml")


@dataclass
class Document:
    """One manifest. `body` is the document as YAML read it (placeholders not yet filled)."""

    where: Where
    body: dict[str, Any]

    @property
    def api_version(self) -> Any:
        return self.body.get("apiVersion")

    @property
    def kind(self) -> Any:
        return self.body.get("kind")

    @property
    def metadata(self) -> dict[str, Any]:
        metadata = self.body.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def name(self) -> Any:
        return self.metadata.get("name")

    @property
    def namespace(self) -> Any:
        return self.metadata.get("namespace")

    @property
    def spec(self) -> Any:
        return self.body.get("spec")


def is_text(source: str) -> bool:
    """YAML text rather than a path: it has a line break, or starts like a manifest does."""
    stripped = source.lstrip()
    return "\n" in source or stripped.startswith(("apiVersion", "kind", "---", "{"))


Source = str | os.PathLike[str]


def read(source: Source | list[Source] | tuple[Source, ...]) -> tuple[list[Document], list[Problem]]:
    """The documents of `source` (or of several, in the order given) and the problems met reading it
    (unreadable files, YAML syntax errors, documents that are not objects)."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for one in source if isinstance(source, list | tuple) else [source]:
        for label, text in _texts(one, problems):
            _parse(label, text, documents, problems)
    return documents, problems


def _texts(source: str | os.PathLike[str], problems: list[Problem]) -> Iterator[tuple[str, str]]:
    if isinstance(source, str) and is_text(source):
        yield "<text>", source
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        if not files:
            problems.append(Problem(Where(str(path), 0), "", "no *.yaml or *.yml files in this directory"))
        for file in files:
            yield from _file(file, problems)
    elif path.is_file():
        yield from _file(path, problems)
    else:
        problems.append(Problem(Where(str(path), 0), "", "no such file or directory"))


def _file(path: Path, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    try:
        yield str(path), path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(Where(str(path), 0), "", f"cannot be read: {exc}"))


def _parse(label: str, text: str, documents: list[Document], problems: list[Problem]) -> None:
    index = 0
    try:
        for body in yaml.safe_load_all(text):
            if body is None:
                continue  # an empty document (a trailing `---`, comments only)
            index += 1
            where = Where(label, index)
            if not isinstance(body, Mapping):
                problems.append(
                    Problem(where, "", f"is not an object (apiVersion, kind, metadata, spec): {body!r:.60}")
                )
                continue
            body = dict(body)
            if body.get("kind") == "List" and isinstance(body.get("items"), list):
                _items(where, body["items"], documents, problems)
                continue
            documents.append(Document(Where(label, index, _str(body.get("kind")), _name(body)), body))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problems.append(
            Problem(Where(label, index + 1), "", f"is not valid YAML: {line}{getattr(exc, 'problem', exc)}")
        )


def _items(where: Where, items: list[Any], documents: list[Document], problems: list[Problem]) -> None:
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            problems.append(Problem(where, f"items[{i}]", "is not an object"))
            continue
        item = dict(item)
        label = f"{where.source} (List item {i})"
        documents.append(Document(Where(label, where.index, _str(item.get("kind")), _name(item)), item))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _name(body: Mapping[str, Any]) -> str | None:
    metadata = body.get("metadata")
    return _str(metadata.get("name")) if isinstance(metadata, Mapping) else None
