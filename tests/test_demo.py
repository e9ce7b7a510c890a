"""The demo stack (README's first command) through the offline rig, as a new user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pulumi_sagemaker.testing.demo import invoke, run_offline, stack_config

ROOT = Path(__file__).resolve().parents[1]


def test_local_stack_config_is_read_as_the_engine_gives_it():
    config = stack_config(ROOT, "local")
    assert config["aws:region"] == "us-east-1"
    assert config["sagemaker:endpointUrl"] == "http://127.0.0.1:4566"
    assert config["aws:endpoints"].startswith("[")  # structured values arrive JSON-encoded


def test_demo_program_trains_then_hosts_the_model_it_produced(local):
    outputs = run_offline(ROOT, "local", local)
    assert outputs["training_status"] == "Completed"
    assert outputs["model_artifacts"] == (
        f"s3://sagemaker-demo-local/jobs/{outputs['training_job_name']}/output/model.tar.gz"
    )
    assert outputs["endpoint_status"] == "InService"
    assert outputs["endpoint_url"] == (
        f"https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/{outputs['endpoint_name']}/invocations"
    )
    model = local.client().list_models()["Models"][0]["ModelName"]
    container = local.client().describe_model(ModelName=model)["PrimaryContainer"]
    assert container["ModelDataUrl"] == outputs["model_artifacts"]
    assert invoke(local, outputs["endpoint_name"])


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
    assert "endpoint_status: InService" in done.stdout
    assert "prediction: " in done.stdout
