"""The platform stacks for real: the Pulumi CLI (Automation API) against an AWS account. Opt-in: these
machines have neither (docs/platform.md, "Trying it on AWS").

- PULUMI_SAGEMAKER_PLATFORM_TESTS=1, the Pulumi CLI on PATH, AWS credentials, and a Pulumi.dev.yaml whose
  role ARNs name your account: `pulumi preview` of dev with the policy pack (no SageMaker call, no
  mandatory violation).
- PULUMI_SAGEMAKER_PLATFORM_UP=1 as well: `pulumi up` of dev (an EKS cluster, the ACK controller, a
  training job and an endpoint: about 30 minutes, and it costs money), the controller's CRDs checked with
  kubectl, then `pulumi destroy`.
State goes to a local file backend in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .platform_support import ROOT

CLI = shutil.which("pulumi")
needs_cli_and_aws = pytest.mark.skipif(
    not (os.environ.get("PULUMI_SAGEMAKER_PLATFORM_TESTS") == "1" and CLI),
    reason="opt-in: set PULUMI_SAGEMAKER_PLATFORM_TESTS=1 with the Pulumi CLI on PATH and AWS credentials "
    "(neither exists on this project's build machines)",
)
needs_up = pytest.mark.skipif(
    os.environ.get("PULUMI_SAGEMAKER_PLATFORM_UP") != "1",
    reason="opt-in: set PULUMI_SAGEMAKER_PLATFORM_UP=1 too (creates an EKS cluster and SageMaker resources: "
    "about 30 minutes, and it costs money)",
)


def _stack(tmp_path: Path, name: str = "dev"):
    from pulumi import automation as auto

    opts = auto.LocalWorkspaceOptions(
        env_vars={"PULUMI_BACKEND_URL": tmp_path.as_uri(), "PULUMI_CONFIG_PASSPHRASE": ""}
    )
    return auto.create_or_select_stack(stack_name=name, work_dir=str(ROOT), opts=opts)


def _policy_config(tmp_path: Path, stack: str) -> str:
    path = tmp_path / f"policy-{stack}.json"
    done = subprocess.run(
        [sys.executable, "policy/config_for.py", f"Pulumi.{stack}.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    path.write_text(done.stdout)
    return str(path)


@pytest.mark.aws
@pytest.mark.cli
@needs_cli_and_aws
def test_preview_of_dev_with_the_policy_pack(tmp_path: Path) -> None:
    stack = _stack(tmp_path)
    preview = stack.preview(
        diff=True, policy_packs=[str(ROOT / "policy")], policy_pack_configs=[_policy_config(tmp_path, "dev")]
    )
    assert preview.change_summary.get("create", 0) > 20
    assert "mandatory" not in preview.stdout.lower()


@pytest.mark.aws
@pytest.mark.cli
@needs_cli_and_aws
@needs_up
def test_up_of_dev_installs_the_controller_and_runs_the_demo_then_destroys(tmp_path: Path) -> None:
    stack = _stack(tmp_path)
    try:
        up = stack.up(
            on_output=print,
            policy_packs=[str(ROOT / "policy")],
            policy_pack_configs=[_policy_config(tmp_path, "dev")],
        )
        assert up.outputs["training_status"].value == "Completed"
        assert up.outputs["endpoint_status"].value == "InService"
        kubeconfig = tmp_path / "kubeconfig"
        kubeconfig.write_text(up.outputs["kubeconfig"].value)
        crds = subprocess.run(
            ["kubectl", "--kubeconfig", str(kubeconfig), "get", "crd", "-o", "json"],
            capture_output=True,
            text=True,
            check=True,
        )
        names = {item["metadata"]["name"] for item in json.loads(crds.stdout)["items"]}
        assert "trainingjobs.sagemaker.services.k8s.aws" in names
    finally:
        stack.destroy(on_output=print)
