"""The CI workflows (.github/workflows/): linted by three linters that run offline (zizmor's security
audits, the GitHub workflow JSON schema, actionlint), and shaped as the platform needs them: a preview
with the policy pack per environment on pull requests, `up` on merge with prod behind its GitHub
environment, AWS credentials through OIDC only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .platform_support import CLOUD_STACKS, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def _steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, job, step


def _lint(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "command",
    [
        ("zizmor", "--offline", "--no-progress", ".github/workflows"),
        ("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *[str(w) for w in WORKFLOWS]),
        ("actionlint", *[str(w) for w in WORKFLOWS]),
    ],
    ids=["zizmor", "check-jsonschema", "actionlint"],
)
def test_workflows_pass_the_linters(command: tuple[str, ...]) -> None:
    assert WORKFLOWS
    done = _lint(str(BIN / command[0]), *command[1:])
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_flags_long_lived_keys_unpinned_actions_and_injection(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    (bad / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
        "      - uses: aws-actions/configure-aws-credentials@v4\n"
        "        with: {aws-access-key-id: AKIAEXAMPLE, aws-region: us-east-1}\n"
    )
    done = _lint(
        str(BIN / "zizmor"),
        "--offline",
        "--no-progress",
        "--format",
        "json",
        ".github/workflows",
        cwd=tmp_path,
    )
    found = {f["ident"] for f in json.loads(done.stdout)}
    assert done.returncode != 0
    assert {"template-injection", "dangerous-triggers", "artipacked"} <= found


def test_no_workflow_uses_long_lived_aws_keys_and_every_aws_login_is_oidc() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text()
        assert "aws-access-key-id" not in text and "aws-secret-access-key" not in text
        assert "secrets.AWS_" not in text
        for _, job, step in _steps(yaml.safe_load(text)):
            if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@"):
                assert step["with"]["role-to-assume"].startswith("${{ vars.")
                assert job["permissions"]["id-token"] == "write"


def test_every_action_is_pinned_to_a_commit() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        for _, _, step in _steps(data):
            if "uses" in step:
                assert PINNED.match(step["uses"]), (workflow.name, step["uses"])
        for job in data["jobs"].values():
            assert "uses" not in job or job["uses"].startswith("$/.github/workflows/")


def test_pull_requests_preview_every_cloud_environment_with_the_policy_pack_and_a_comment() -> None:
    preview = _load("preview.yml")
    assert set(preview[True]) == {"pull_request"}  # YAML reads the `on` key as True
    (job,) = preview["jobs"].values()
    stack_files = {p.name.split(".")[1] for p in ROOT.glob("Pulumi.*.yaml")} - {"local"}
    assert set(job["strategy"]["matrix"]["stack"]) == stack_files == set(CLOUD_STACKS)
    assert job["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "write"}
    (pulumi,) = [s for _, _, s in _steps(preview) if s.get("uses", "").startswith("pulumi/actions@")]
    assert pulumi["with"]["command"] == "preview" and pulumi["with"]["diff"] is True
    assert pulumi["with"]["comment-on-pr"] is True and pulumi["with"]["policyPacks"] == "policy"
    assert pulumi["with"]["policyPackConfigs"].endswith("policy-config.json")


def test_merges_deploy_dev_then_staging_then_prod_each_in_its_github_environment() -> None:
    deploy, up = _load("deploy.yml"), _load("up.yml")
    assert deploy[True]["push"] == {"branches": ["main"]}
    jobs = deploy["jobs"]
    assert [jobs[s]["with"]["stack"] for s in CLOUD_STACKS] == list(CLOUD_STACKS)
    assert jobs["staging"]["needs"] == "dev" and jobs["prod"]["needs"] == "staging"
    assert all("inherit" not in str(job.get("secrets")) for job in jobs.values())
    assert deploy["concurrency"]["cancel-in-progress"] is False
    (job,) = up["jobs"].values()
    assert job["environment"] == "${{ inputs.stack }}"  # prod's reviewers gate this job
    (pulumi,) = [s for _, _, s in _steps(up) if s.get("uses", "").startswith("pulumi/actions@")]
    assert pulumi["with"]["command"] == "up" and pulumi["with"]["policyPacks"] == "policy"


@pytest.mark.parametrize("stack", CLOUD_STACKS)
def test_the_policy_config_step_works_for_every_environment(stack: str) -> None:
    done = _lint(sys.executable, "policy/config_for.py", f"Pulumi.{stack}.yaml")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sagemaker-instance-types"]["allowedInstanceTypes"]
