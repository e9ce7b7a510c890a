"""The typed surface as a user's type checker sees it: generated from botocore's model and committed as
generated; pyright clean on the project, its stacks and examples and README's first example; and
catching each mistake of tests/typing/bad_usage.py, that mistake and no other."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from botocore import xform_name
from pulumi_sagemaker._codegen import ROOT, generate, stale
from pulumi_sagemaker.hosting import INPUT_KEYS
from pulumi_sagemaker.shapes import input_shape

PYRIGHT = Path(sys.executable).with_name("pyright")
TYPING = Path(__file__).parent / "typing"
BAD, GOOD = TYPING / "bad_usage.py", TYPING / "good_usage.py"
# `# error: <rule>; fix: <written> -> <meant>` on the line pyright reports.
MARKER = re.compile(r"#\s*error:\s*(\w+);\s*fix:\s*(.+?)\s*->\s*(.+?)\s*$")
# What README's first example assumes (as tests/test_examples.py gives it when running it).
README_PREAMBLE = """\
import json
from typing import reveal_type

import pulumi_aws as aws

role = aws.iam.Role("execution", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
"""
JOB_OPTIONS = ["wait_for", "wait_timeout_seconds", "stream_logs", "region"]


def test_the_committed_generated_files_are_what_the_generator_writes():
    files = generate()
    out_of_date = stale(files)
    diff = ""
    if out_of_date:
        path = ROOT / out_of_date[0]
        old = path.read_text().splitlines() if path.exists() else []
        diff = "\n".join(
            list(difflib.unified_diff(old, files[out_of_date[0]].splitlines(), lineterm=""))[:40]
        )
    assert out_of_date == [], (
        "run scripts/generate_types and review the diff (a botocore upgrade, a kind's outputs, an "
        f"option?):\n{diff}"
    )


def readme_first_example() -> str:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"## A first example\n\n```python\n(.*?)```", readme, re.S)
    assert found is not None, "README.md has lost its first example"
    return found.group(1)


def corrected(source: str) -> str:
    """bad_usage.py with every marked mistake fixed as its marker says."""
    lines = []
    for line in source.splitlines():
        marker = MARKER.search(line)
        if marker:
            code = line[: marker.start()]
            assert marker.group(2) in code, f"the fix does not apply: {line}"
            line = code.replace(marker.group(2), marker.group(3), 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One pyright run over everything these tests judge: {path: [its diagnostics]} and the files."""
    where = tmp_path_factory.mktemp("typing")
    readme = where / "readme_first_example.py"
    readme.write_text(README_PREAMBLE + readme_first_example() + "reveal_type(hosting.endpoint_url)\n")
    fixed = where / "bad_usage_corrected.py"
    fixed.write_text(corrected(BAD.read_text()))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pyright"]["include"]
    ran = subprocess.run(
        [str(PYRIGHT), "--outputjson", *project, str(BAD), str(GOOD), str(readme), str(fixed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(ran.stdout)
    assert report["summary"]["filesAnalyzed"] > 100, ran.stderr
    by_file: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        by_file.setdefault(diagnostic["file"], []).append(diagnostic)
    return {"by_file": by_file, "readme": readme, "fixed": fixed}


def errors(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in diagnostics
        if d["severity"] == "error"
    ]


def test_pyright_passes_on_the_project_its_stacks_examples_and_readmes_first_example(checked):
    found = [e for path, ds in checked["by_file"].items() if Path(path) != BAD for e in errors(ds)]
    assert found == []
    # README's example was read to its end, its names resolved (the reveal appended to it).
    readme = checked["by_file"][str(checked["readme"])]
    assert [d["message"] for d in readme] == ['Type of "hosting.endpoint_url" is "Output[str]"']


def test_pyright_reports_exactly_the_mistakes_of_bad_usage(checked):
    expected = {
        (number, marker.group(1))
        for number, line in enumerate(BAD.read_text().splitlines(), 1)
        if (marker := MARKER.search(line))
    }
    reported = {
        (d["range"]["start"]["line"] + 1, d.get("rule"))
        for d in checked["by_file"].get(str(BAD), [])
        if d["severity"] == "error"
    }
    assert len(expected) == 10
    assert reported == expected


def test_each_error_of_bad_usage_is_the_one_mistake_its_marker_names(checked):
    """With each marked line corrected, nothing is left to report: no error comes from anything else."""
    assert errors(checked["by_file"].get(str(checked["fixed"]), [])) == []


def revealed(checked: dict[str, Any], expression: str) -> str:
    for diagnostic in checked["by_file"][str(GOOD)]:
        prefix = f'Type of "{expression}" is "'
        if diagnostic["message"].startswith(prefix):
            return diagnostic["message"][len(prefix) : -1]
    raise AssertionError(f"no reveal_type({expression}) in {GOOD.name}")


def parameters(signature: str) -> list[str]:
    """The keyword-only parameter names of a revealed signature, in order."""
    keyword_only = signature.split("*, ", 1)[1]
    return re.findall(r"(?:^|, )(\w+): ", keyword_only)


def test_a_training_job_takes_every_api_member_typed_required_ones_first(checked):
    signature = revealed(checked, "sm.TrainingJob.__init__")
    shape = input_shape("CreateTrainingJob")
    required = [
        xform_name(m) for m in shape.members if m in shape.required_members and m != "TrainingJobName"
    ]
    optional = [xform_name(m) for m in shape.members if xform_name(m) not in required]
    assert parameters(signature) == [*required, *optional, *JOB_OPTIONS]
    assert (
        "resource_config: ResourceConfig | Awaitable[ResourceConfig] | Output[ResourceConfig] | None"
        in signature
    )
    assert "role_arn: str | Awaitable[str] | Output[str]," in signature  # required: no default
    assert "wait_for: Awaitable[Literal['Completed', 'InProgress']] |" in signature


def test_a_hosting_deployment_takes_its_inputs_typed(checked):
    signature = revealed(checked, "sm.HostingDeployment.__init__")
    assert set(parameters(signature)) == {*INPUT_KEYS, "wait_timeout_seconds", "region"}
    assert parameters(signature)[:2] == ["models", "production_variants"]  # the required ones
    assert "production_variants: Sequence[Input[HostingVariant]] |" in signature


def test_outputs_are_typed_and_every_resource_has_a_name(checked):
    assert revealed(checked, "tuning.best_training_job") == "Output[BestTrainingJob | None]"
    assert revealed(checked, "hosting.variants") == "Output[list[VariantSummary]]"
    assert revealed(checked, "job.name") == revealed(checked, "hosting.name") == "Output[str]"
