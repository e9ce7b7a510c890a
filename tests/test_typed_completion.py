"""What an editor shows while a user types a resource, asked of pyright's language server (the engine of
VS Code's Pylance) as an editor asks it: the API's members as completions, each with its doc line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botocore import xform_name
from pulumi_sagemaker._codegen import ROOT
from pulumi_sagemaker._codegen.typeset import member_doc
from pulumi_sagemaker.kinds import JOB_KINDS
from pulumi_sagemaker.shapes import input_shape

from .lsp import LanguageServer

PREFIX = "import pulumi_sagemaker as sm\n"


@pytest.fixture(scope="module")
def editor() -> Iterator[LanguageServer]:
    server = LanguageServer(ROOT)
    yield server
    server.close()


def labels(result: dict | list) -> set[str]:
    items = result["items"] if isinstance(result, dict) else result
    return {item["label"] for item in items}


@pytest.mark.parametrize("kind", JOB_KINDS, ids=lambda k: k.type_name)
def test_completion_after_the_resource_name_lists_every_member_of_the_create_call(editor, kind):
    text = f'{PREFIX}sm.{kind.type_name}("x", '
    offered = labels(editor.at("completion", editor.open(f"{kind.type_name}_probe.py", text), text))
    members = {f"{xform_name(m)}=" for m in input_shape(kind.create).members}
    assert members - offered == set()
    assert {"wait_for=", "wait_timeout_seconds=", "region="} <= offered


def test_each_parameter_shows_its_doc_line_from_botocore_as_it_is_typed(editor):
    shape = input_shape("CreateTrainingJob")
    shown = {}
    for name, member in shape.members.items():
        key = xform_name(name)
        text = f'{PREFIX}sm.TrainingJob("x", {key}='
        help_ = editor.at("signatureHelp", editor.open(f"doc_{key}.py", text), text)
        active = help_["signatures"][0]["parameters"][help_["activeParameter"]]
        shown[key] = active["documentation"]["value"]
        assert shown[key] == f"{key}: {member_doc(member)}"
    assert shown["resource_config"].startswith("resource_config: The resources, including the ML compute")


def test_nested_keys_and_enum_values_are_offered_inside_a_dict(editor):
    text = f'{PREFIX}sm.TrainingJob("x", resource_config={{"'
    keys = labels(editor.at("completion", editor.open("nested_probe.py", text), text))
    assert {'"instance_type"', '"instance_count"', '"volume_size_in_gb"'} <= keys
    text = f'{PREFIX}sm.TrainingJob("x", resource_config={{"instance_type": "'
    values = labels(editor.at("completion", editor.open("enum_probe.py", text), text))
    assert '"ml.m5.xlarge"' in values  # instance types take any string, and offer the known ones
