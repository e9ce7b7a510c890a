"""docs/internals.md's rule, checked on the code: each layer of pulumi_sagemaker is a package with one door
(its `__init__`), and code in another layer imports only what that door exports (its `__all__`)."""

from __future__ import annotations

import ast
import importlib
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi_sagemaker._codegen import ROOT
from pulumi_sagemaker._codegen.render import door

PACKAGE = ROOT / "provider" / "pulumi_sagemaker"


def _module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    """`pulumi_sagemaker.hosting` for anything inside it; the top-level package is a layer of its own."""
    return ".".join(module.split(".")[:2])


def _cross_layer_imports() -> Iterator[tuple[str, str, list[str]]]:
    """(where, imported module, names) for each import from another layer, in .py files and stubs."""
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.pyi")]):
        module = _module_of(path)
        package = module if path.stem == "__init__" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            elif (node.module or "").startswith("pulumi_sagemaker."):
                target = node.module or ""
            else:
                continue
            if _layer(target) != _layer(module):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", target, [a.name for a in node.names]


def test_the_walk_finds_the_imports_between_layers():
    # The rule's tests below pass vacuously if the walk finds nothing.
    found = {(where.split(":")[0], _layer(target)) for where, target, _ in _cross_layer_imports()}
    assert ("provider/pulumi_sagemaker/hosting/inputs.py", "pulumi_sagemaker.lifecycle") in found
    assert ("provider/pulumi_sagemaker/resources/tuning_job.pyi", "pulumi_sagemaker.kinds") in found


def test_no_layer_imports_another_layers_inner_modules():
    inner = [
        f"{where}: from {target} import ..."
        for where, target, _ in _cross_layer_imports()
        if _layer(target) != target
    ]
    assert not inner, "import these from the layer's package (add them to its __init__):\n" + "\n".join(inner)


def test_what_one_layer_imports_from_another_is_in_that_layers_all():
    missing = []
    for where, target, names in _cross_layer_imports():
        door_module = importlib.import_module(target)
        exported = getattr(door_module, "__all__", None)
        for name in names:
            value = getattr(door_module, name, None)
            if target == "pulumi_sagemaker" and isinstance(value, types.ModuleType):
                continue  # `from .. import hosting`: the layer's package itself
            if exported is None and value is not None:
                continue  # a plain module (pulumi_sagemaker.types): all it defines is its export
            if name not in (exported or ()):
                missing.append(f"{where}: {name} is not in {target}.__all__")
    assert not missing, "\n".join(missing)


def test_the_generator_writes_a_stubs_import_from_the_layer_and_refuses_what_it_does_not_export():
    assert door("pulumi_sagemaker.kinds.tuning_job", "BestTrainingJob") == "pulumi_sagemaker.kinds"
    assert door("pulumi_sagemaker.types", "ResourceConfig") == "pulumi_sagemaker.types"
    with pytest.raises(ValueError, match="does not export"):
        door("pulumi_sagemaker.kinds.tuning_job", "_best")


@pytest.mark.parametrize(
    "layer", ["shapes", "aws", "kinds", "lifecycle", "hosting", "resources", "manifests", "testing"]
)
def test_docs_internals_lists_everything_a_layer_exports(layer):
    text = (ROOT / "docs" / "internals.md").read_text()
    exported = importlib.import_module(f"pulumi_sagemaker.{layer}").__all__
    assert not [name for name in exported if f"`{name}`" not in text and f"`{name}(" not in text]
