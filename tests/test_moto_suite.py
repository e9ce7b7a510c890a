"""A peer's suite: moto's own SageMaker tests (from the sdist of the pinned moto) against the local SageMaker.

They run in moto's server mode (TEST_SERVER_MODE=true; moto's `mock_aws` then sends every call to
TEST_SERVER_MODE_ENDPOINT and resets through `POST /moto-api/reset`), for the resource kinds the
local SageMaker serves. Every test passes except those listed in EXCLUDED, each with why: they
test moto's own quirks rather than AWS's behaviour. The list is checked both ways, so a test that
starts passing (or a new failure) shows up here.

scripts/setup downloads the sdist into .cache/ (`pip download moto==<pinned> --no-binary :all:`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import moto
import pytest
from pulumi_sagemaker_local import LocalSageMaker

ROOT = Path(__file__).resolve().parent.parent
SDIST = ROOT / ".cache" / f"moto-{moto.__version__}.tar.gz"
FILES = ("training", "endpoint", "models", "processing", "transform", "hyper_parameter_tuning_job")

ROLE = (
    "passes as the execution role something AWS refuses (a SageMaker ARN such as x-x/foobar, not an IAM role)"
)
ARN_CASE = "expects the name's case kept in the ARN; SageMaker lowercases names in ARNs (aws-behaviour.md)"
MESSAGE = "expects moto's wording of a validation message (a Python list repr of the enum, other paths)"
NOT_FOUND = (
    "expects moto's not-found wording; AWS answers 'Requested resource not found.' (training) and "
    "'Could not find requested job with name X' (transform), as the ACK controller matches them"
)
INSTANT = "expects Stopped right after Stop; SageMaker goes through Stopping first"
S3_AND_NAMES = (
    "passes S3 URIs ('input', a bare bucket name) and a model name ('blah_model') AWS's patterns refuse"
)
PLACEHOLDERS = "sends the boto3 docs' placeholders ('string' as numbers and S3 URIs), which AWS refuses"
NO_DEFINITION = "creates a tuning job without a TrainingJobDefinition, which AWS refuses"
NOT_IMPLEMENTED = (
    "DeleteHyperParameterTuningJob is not implemented by the local SageMaker (it says so, loudly)"
)

EXCLUDED: dict[str, str] = {
    "training::test_create_training_job": ARN_CASE,
    "training::test_list_training_jobs": ROLE,
    "training::test_list_training_jobs_multiple": ROLE,
    "training::test_list_training_jobs_should_validate_input": MESSAGE,
    "training::test_list_training_jobs_with_name_filters": ROLE,
    "training::test_list_training_jobs_paginated": ROLE,
    "training::test_list_training_jobs_paginated_with_target_in_middle": ROLE,
    "training::test_list_training_jobs_paginated_with_fragmented_targets": ROLE,
    "training::test_add_tags_to_training_job": ROLE,
    "training::test_delete_tags_from_training_job": ROLE,
    "training::test_describe_unknown_training_job": NOT_FOUND,
    "endpoint::test_create_endpoint_config": ARN_CASE,
    "endpoint::test_create_endpoint_config_serverless": ARN_CASE,
    "endpoint::test_create_endpoint_config_async": ARN_CASE,
    "endpoint::test_delete_endpoint_config": ARN_CASE,
    "endpoint::test_create_endpoint_invalid_instance_type": MESSAGE,
    "endpoint::test_create_endpoint_invalid_memory_size": MESSAGE,
    "endpoint::test_create_endpoint": ARN_CASE,
    "endpoint::test_delete_endpoint": ARN_CASE,
    "endpoint::test_add_tags_endpoint": ARN_CASE,
    "endpoint::test_delete_tags_endpoint": ARN_CASE,
    "endpoint::test_list_tags_endpoint": ARN_CASE,
    **{
        f"endpoint::test_update_endpoint_weights_and_capacities_{case}": ARN_CASE
        for case in (
            "one_variant",
            "two_variants",
            "should_throw_clienterror_no_variant",
            "should_throw_clienterror_no_endpoint",
            "should_throw_clienterror_nonunique_variant",
        )
    },
    "endpoint::test_list_endpoints": ARN_CASE,
    "endpoint::test_list_endpoints_filters": ARN_CASE,
    "endpoint::test_list_endpoint_configs": ARN_CASE,
    "endpoint::test_list_endpoint_configs_filters": ARN_CASE,
    "models::test_describe_model": ROLE,
    "models::test_create_model": ROLE,
    "models::test_delete_model": ROLE,
    "models::test_list_models": ROLE,
    "models::test_list_models_multiple": ROLE,
    "models::test_add_tags_to_model": ROLE,
    "models::test_delete_tags_from_model": ROLE,
    "processing::test_create_processing_job": ARN_CASE,
    "processing::test_list_processing_jobs": ARN_CASE,
    "processing::test_list_processing_jobs_multiple": ROLE,
    "processing::test_list_processing_jobs_should_validate_input": MESSAGE,
    "processing::test_list_processing_jobs_with_name_filters": ROLE,
    "processing::test_list_processing_jobs_paginated": ROLE,
    "processing::test_list_processing_jobs_paginated_with_target_in_middle": ROLE,
    "processing::test_list_processing_jobs_paginated_with_fragmented_targets": ROLE,
    "processing::test_stop_processing_job": INSTANT,
    "transform::test_create_transform_job": S3_AND_NAMES,
    "transform::test_list_transform_jobs": S3_AND_NAMES,
    "transform::test_list_transform_jobs_multiple": S3_AND_NAMES,
    "transform::test_list_transform_jobs_should_validate_input": MESSAGE,
    "transform::test_list_transform_jobs_with_name_filters": S3_AND_NAMES,
    "transform::test_list_transform_jobs_paginated": S3_AND_NAMES,
    "transform::test_list_transform_jobs_paginated_with_target_in_middle": S3_AND_NAMES,
    "transform::test_list_transform_jobs_paginated_with_fragmented_targets": S3_AND_NAMES,
    "transform::test_add_tags_to_transform_job": S3_AND_NAMES,
    "transform::test_delete_tags_from_transform_job": S3_AND_NAMES,
    "transform::test_describe_unknown_transform_job": NOT_FOUND,
    "hyper_parameter_tuning_job::test_create_hyper_parameter_tuning_job": PLACEHOLDERS,
    "hyper_parameter_tuning_job::test_describe_hyper_parameter_tuning_job_defaults": NO_DEFINITION,
    "hyper_parameter_tuning_job::test_describe_hyper_parameter_tuning_job": PLACEHOLDERS,
    "hyper_parameter_tuning_job::test_list_hyper_parameter_tuning_jobs": NO_DEFINITION,
    "hyper_parameter_tuning_job::test_list_hyper_parameter_tuning_jobs_filters": NO_DEFINITION,
    "hyper_parameter_tuning_job::test_delete_hyper_parameter_tuning_job": NOT_IMPLEMENTED,
    "hyper_parameter_tuning_job::test_tag_hyper_parameter_tuning_job": NO_DEFINITION,
}


def _extract(target: Path) -> None:
    """moto's tests package (its __init__, conftest, markers) and the SageMaker tests, nothing else."""
    wanted = {"__init__.py", "conftest.py", "markers.py"}
    prefix = f"moto-{moto.__version__}/tests/"
    with tarfile.open(SDIST) as archive:
        for member in archive.getmembers():
            relative = member.name.removeprefix(prefix)
            if member.name.startswith(prefix) and (
                relative in wanted or relative.startswith("test_sagemaker/")
            ):
                member.name = f"tests/{relative}"
                archive.extract(member, target, filter="data")


@pytest.mark.skipif(not SDIST.exists(), reason=f"moto's sdist is not in {SDIST.parent}: run scripts/setup")
def test_motos_sagemaker_suite_passes_but_for_its_own_quirks(tmp_path: Path) -> None:
    _extract(tmp_path)
    report = tmp_path / "report.xml"
    files = [f"tests/test_sagemaker/test_sagemaker_{name}.py" for name in FILES]
    with LocalSageMaker() as local:
        env = {**os.environ, "TEST_SERVER_MODE": "true", "TEST_SERVER_MODE_ENDPOINT": local.endpoint_url}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                f"--junitxml={report}",
                *files,
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    results = {}
    for case in ElementTree.parse(report).iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1].removeprefix("test_sagemaker_")
        failed = case.find("failure") is not None or case.find("error") is not None
        results[f"{module}::{case.get('name')}"] = "failed" if failed else "passed"
    assert len(results) > len(EXCLUDED), done.stdout[-2000:]
    failing = {name for name, outcome in results.items() if outcome == "failed"}
    assert failing - set(EXCLUDED) == set(), f"new failures:\n{done.stdout[-5000:]}"
    assert set(EXCLUDED) - failing == set(), (
        "excluded tests that now pass (or are gone): drop them from EXCLUDED"
    )
    assert all(reason.strip() for reason in EXCLUDED.values())
