"""The demo stack (README's first command) through the offline rig, as a new user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pulumi_sagemaker.testing.demo import run_offline, stack_config

ROOT = Path(__file__).resolve().parents[1]


def test_local_stack_config_is_read_as_the_engine_gives_it():
    config = stack_config(ROOT, "local")
    assert config["aws:region"] == "us-east-1"
    assert config["sagemaker:endpointUrl"] == "http://127.0.0.1:4566"
    assert config["aws:endpoints"].startswith("[")  # structured values arrive JSON-encoded


def test_demo_program_trains_and_exports_chainable_outputs(local):
    outputs = run_offline(ROOT, "local", local)
    assert outputs["training_status"] == "Completed"
    assert outputs["model_artifacts"] == (
        f"s3://sagemaker-demo-local/jobs/{outputs['training_job_name']}/output/model.tar.gz"
    )


def test_demo_command_says_it_uses_the_offline_rig_and_prints_outputs():
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_sagemaker.testing", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},  # no Pulumi CLI on this PATH
    )
    assert done.returncode == 0, done.stderr
    assert "through the offline rig" in done.stdout
    assert "training_status: Completed" in done.stdout
