"""The generator's data agrees with the code it describes: every resource has a stub that mirrors its
module, the options and HostingDeployment's keys are the ones the lifecycles read, and botocore's HTML
becomes one readable line."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys

import pulumi
import pulumi_sagemaker as sm
import pytest
from botocore import xform_name
from pulumi_sagemaker._codegen import ROOT
from pulumi_sagemaker._codegen.doclines import MAX_CHARS, doc_line
from pulumi_sagemaker._codegen.render import stub, stub_path
from pulumi_sagemaker._codegen.surfaces import REGION_OPTION, kind_surface, surfaces
from pulumi_sagemaker._codegen.typeset import TypeSet
from pulumi_sagemaker.hosting import INPUT_KEYS, scaling
from pulumi_sagemaker.kinds import ENDPOINT, ENDPOINT_CONFIG, MODEL
from pulumi_sagemaker.resources import SageMakerProvider
from pulumi_sagemaker.shapes import input_shape
from pulumi_sagemaker.shapes.model import info, service_model


def generated() -> tuple[TypeSet, list]:
    types = TypeSet(service_model())
    return types, surfaces(types)


def test_every_resource_the_package_exports_has_a_typed_surface():
    exported = {
        name
        for name in sm.__all__
        if isinstance(getattr(sm, name), type) and issubclass(getattr(sm, name), pulumi.dynamic.Resource)
    }
    _, found = generated()
    assert {s.resource.__name__ for s in found} == exported


def test_each_stub_declares_what_its_module_defines_and_the_options_its_class_takes():
    """A stub replaces its module for type checkers: a class of the module missing from it would vanish
    for them, an option the class takes would be refused."""
    _, found = generated()
    for surface in found:
        module = importlib.import_module(surface.resource.__module__)
        defined = {
            n for n, v in vars(module).items() if inspect.isclass(v) and v.__module__ == module.__name__
        }
        tree = ast.parse((ROOT / "provider" / stub_path(surface)).read_text())
        stubbed = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
        assert stubbed == defined, module.__name__
        named = [
            p.name
            for p in inspect.signature(surface.resource.__init__).parameters.values()
            if p.kind is p.KEYWORD_ONLY
        ]
        params = [p.name for p in surface.params]
        assert set(named) <= set(params), f"{surface.resource.__name__} takes {named}"


def test_hosting_deployments_parameters_are_the_keys_its_checks_read():
    types, found = generated()
    (hosting,) = [s for s in found if s.resource is sm.HostingDeployment]
    assert {p.name for p in hosting.params} == {*INPUT_KEYS, "wait_timeout_seconds", "region"}
    keys = {name: {f.name for f in types.dicts[name].fields} for name in types.dicts}
    assert keys["VariantAutoscaling"] == set(scaling._TOP)
    assert keys["TargetTrackingPolicy"] == set(scaling._POLICY_ORDER)
    custom = info("CustomizedMetricSpecification", scaling.SERVICE)
    assert keys["CustomizedMetric"] == {m.snake for m in custom.members}
    assert "model_name" not in keys["HostingModel"] and "tags" not in keys["HostingModel"]


def test_importing_the_package_imports_neither_the_generated_types_nor_the_generator():
    probe = "import sys, pulumi_sagemaker; print(sorted(m for m in sys.modules if 'sagemaker.' in m))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "pulumi_sagemaker.types" not in loaded and "_codegen" not in loaded


def test_a_doc_line_is_the_first_sentence_of_botocores_html_as_text():
    assert doc_line("<p>The name of the job. It must be unique.</p>") == "The name of the job."
    assert doc_line("<p>Choose <code>True</code>. Else not.</p>") == "Choose True."
    assert doc_line("<p>The name of the endpoint.The name must be unique.</p>") == "The name of the endpoint."
    assert (
        doc_line("Use a prefix, e.g. <code>s3://b/</code>, for all.")
        == "Use a prefix, e.g. s3://b/, for all."
    )
    assert doc_line('A &lt;b&gt; and a \\ and a """ here.') == "A <b> and a / and a ''' here."
    long = doc_line("word " * 100)
    assert len(long) <= MAX_CHARS + 3 and long.endswith("...")
    assert doc_line(None) == ""


def test_each_resources_hand_written_page_links_its_generated_reference():
    _, found = generated()
    for surface in found:
        page = (ROOT / "docs" / f"{surface.page}.md").read_text()
        assert f"(reference/{surface.page}.md)" in page, surface.page
        assert (ROOT / "docs" / "reference" / f"{surface.page}.md").exists()


@pytest.mark.parametrize("kind", [MODEL, ENDPOINT_CONFIG, ENDPOINT], ids=lambda k: k.type_name)
def test_a_resource_on_any_other_kind_is_one_line_in_surfaces(kind):
    """Issue 8's Model, EndpointConfig and Endpoint: their typed surface needs no code of their own."""
    provider = type(f"{kind.type_name}Provider", (SageMakerProvider,), {"kind": kind})
    resource = type(kind.type_name, (pulumi.dynamic.Resource,), {"__doc__": f"A {kind.noun}."})
    resource.__module__ = provider.__module__ = f"pulumi_sagemaker.resources.{kind.noun.lower()}"
    types = TypeSet(service_model())
    surface = kind_surface(types, resource, provider, lambda _: (REGION_OPTION,))
    shape = input_shape(kind.create)
    assert [p.name for p in surface.params] == [
        *(xform_name(m) for m in shape.members if m in shape.required_members and m != kind.name_member),
        *(xform_name(m) for m in shape.members if m not in shape.required_members or m == kind.name_member),
        "region",
    ]
    assert {"name", "region"} <= {a.name for a in surface.attributes}
    tree = ast.parse(stub(surface, types.names))
    assert [node.name for node in tree.body if isinstance(node, ast.ClassDef)] == [
        provider.__name__,
        resource.__name__,
    ]
