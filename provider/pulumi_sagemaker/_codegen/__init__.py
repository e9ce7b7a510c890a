"""The typed surface, generated from botocore's model and the kind descriptors (a development tool: the
package never imports it).

`python -m pulumi_sagemaker._codegen` (`scripts/generate_types`) writes `pulumi_sagemaker/types.py`, a
`.pyi` stub beside each resource module and the pages of docs/reference/; `--check` says which would
change instead (tests/test_typed_surface.py runs it, so a botocore upgrade is a reviewable diff).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..shapes import service_model
from .reference import output_dicts, resource_page, types_page
from .render import stub, stub_path, types_module
from .surfaces import surfaces, types_used
from .typeset import TypeSet

ROOT = Path(__file__).resolve().parents[3]
TYPES_PATH = "provider/pulumi_sagemaker/types.py"
REFERENCE = "docs/reference"


def generate() -> dict[str, str]:
    """Every generated file's text, by its path relative to the repository."""
    types = TypeSet(service_model())
    found = surfaces(types)
    dicts, literals = types_used(types)
    outputs = output_dicts(found)
    linked = types.names | {o.__name__ for o in outputs}  # what the reference pages link
    files = {TYPES_PATH: types_module(dicts, literals)}
    for surface in found:
        files[f"provider/{stub_path(surface)}"] = stub(surface, types.names)
        files[f"{REFERENCE}/{surface.page}.md"] = resource_page(surface, linked)
    files[f"{REFERENCE}/types.md"] = types_page(dicts, literals, outputs, linked)
    return {path: _formatted(path, text) for path, text in files.items()}


def _formatted(path: str, text: str) -> str:
    """Python as ruff sorts and formats it (the project's settings), so CI's ruff passes on it as written."""
    if not path.endswith((".py", ".pyi")):
        return text
    for command in (["check", "--select", "I", "--fix-only", "--exit-zero"], ["format"]):
        text = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", path, "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def stale(files: dict[str, str]) -> list[str]:
    """The generated files whose committed text differs (or that are missing)."""
    return [p for p, text in files.items() if not (ROOT / p).exists() or (ROOT / p).read_text() != text]


def write(files: dict[str, str]) -> list[str]:
    changed = stale(files)
    for path in changed:
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(files[path])
    return changed
