"""Issue 11: what SageMaker refuses at create time and botocore's model lets through is checked by the
provider too, so `pulumi preview` names the property instead of `pulumi up` failing on the API. Each
case is also sent as it is to the local SageMaker, which refuses it as AWS does: the two agree."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.kinds import TRAINING_JOB, TUNING_JOB
from pulumi_sagemaker.lifecycle import JobLifecycle
from pulumi_sagemaker.shapes import to_request

from .. import training_inputs as training
from .. import tuning_inputs as tuning
from ..test_hosting_specs import python_spec, variant

RC = "resource_config"
SC = "stopping_condition"
CASES = {
    "instance count 0": (
        training.python_spec(
            resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 0, "volume_size_in_gb": 5}
        ),
        f"{RC}.instance_count",
    ),
    "instance groups with an instance type": (
        training.python_spec(
            resource_config={
                "instance_type": "ml.m5.xlarge",
                "volume_size_in_gb": 5,
                "instance_groups": [
                    {"instance_type": "ml.m5.xlarge", "instance_count": 1, "instance_group_name": "a"}
                ],
            }
        ),
        f"{RC}.instance_groups",
    ),
    "an EBS-only instance without a volume": (
        training.python_spec(resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 1}),
        f"{RC}.volume_size_in_gb",
    ),
    "an image and an algorithm": (
        training.python_spec(
            algorithm_specification={
                "training_image": training.XGBOOST,
                "algorithm_name": "xgb",
                "training_input_mode": "File",
            }
        ),
        "algorithm_specification",
    ),
    "neither image nor algorithm": (
        training.python_spec(algorithm_specification={"training_input_mode": "File"}),
        "algorithm_specification",
    ),
    "a runtime beyond 28 days": (
        training.python_spec(stopping_condition={"max_runtime_in_seconds": 29 * 86400}),
        f"{SC}.max_runtime_in_seconds",
    ),
    "a spot wait without spot": (
        training.python_spec(
            stopping_condition={"max_runtime_in_seconds": 3600, "max_wait_time_in_seconds": 7200}
        ),
        f"{SC}.max_wait_time_in_seconds",
    ),
    "spot without a wait": (
        training.python_spec(enable_managed_spot_training=True),
        f"{SC}.max_wait_time_in_seconds",
    ),
    "a spot wait shorter than the runtime": (
        training.python_spec(
            enable_managed_spot_training=True,
            stopping_condition={"max_runtime_in_seconds": 3600, "max_wait_time_in_seconds": 60},
        ),
        f"{SC}.max_wait_time_in_seconds",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_training_job_sagemaker_would_refuse_fails_check_at_its_path_and_the_local_sagemaker_agrees(
    local, case
):
    spec, path = CASES[case]
    job = JobLifecycle(TRAINING_JOB, Aws(AwsSettings(region="us-east-1")))
    inputs, failures = job.check(spec)
    assert [f.path for f in failures] == [path]
    api = {k: v for k, v in inputs.items() if k in job.api_keys}  # less our options (wait_for, ...)
    request = to_request("CreateTrainingJob", {**api, "training_job_name": "refused"})
    with pytest.raises(ClientError) as refused:
        local.client().create_training_job(**request)
    assert refused.value.response["Error"]["Code"] == "ValidationException"


def test_each_tuning_definition_gets_the_training_rules():
    job = JobLifecycle(TUNING_JOB, Aws(AwsSettings(region="us-east-1")))
    definition = tuning.definition(
        resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 0, "volume_size_in_gb": 5}
    )
    _, failures = job.check(tuning.python_spec(training_job_definition=definition))
    assert [f.path for f in failures] == ["training_job_definition.resource_config.instance_count"]


def test_serverless_memory_in_steps_of_1024_and_no_managed_instance_scaling_on_a_model_variant():
    serverless = {
        "variant_name": "AllTraffic",
        "model_name": "xgboost-model",
        "serverless_config": {"memory_size_in_mb": 1500, "max_concurrency": 1},
    }
    managed = variant(
        managed_instance_scaling={"status": "ENABLED", "min_instance_count": 1, "max_instance_count": 2}
    )
    _, failures = check_inputs(python_spec(production_variants=[serverless]))
    assert [f.path for f in failures] == ["production_variants[0].serverless_config.memory_size_in_mb"]
    _, failures = check_inputs(python_spec(production_variants=[managed]))
    assert [f.path for f in failures] == ["production_variants[0].managed_instance_scaling"]
