"""Mistakes a user makes, each of which the typed surface must catch before any `pulumi preview`.

Not a test module: tests/test_typed_surface.py runs pyright over this file and asserts that it reports
exactly the errors marked `# error: <pyright rule>` on their lines, and nothing anywhere else; and that
with each marked line corrected (`fix: <what is written> -> <what is meant>`) it reports none at all, so
each error is the one mistake marked.
"""

import pulumi
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import OutputDataConfig, ResourceLimits

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
OUTPUT: OutputDataConfig = {"s3_output_path": "s3://bucket/jobs/"}

# Each marker stays on the line pyright reports: ruff's formatter would move it.
# fmt: off

# A misspelt argument.
sm.TrainingJob(
    "misspelt",
    role_arn=ROLE,
    output_data_config=OUTPUT,
    hyper_parameter={"num_round": "10"},  # error: reportCallIssue; fix: hyper_parameter= -> hyper_parameters=
)

# A string for an integer.
sm.TrainingJob(
    "string-for-an-integer",
    role_arn=ROLE,
    output_data_config=OUTPUT,
    resource_config={"instance_type": "ml.m5.xlarge", "instance_count": "1"},  # error: reportArgumentType; fix: "1" -> 1
)

# A wrong nested type: a list where the API takes one structure.
sm.TrainingJob(
    "wrong-nested-type",
    role_arn=ROLE,
    output_data_config=OUTPUT,
    stopping_condition=[{"max_runtime_in_seconds": 3600}],  # error: reportArgumentType; fix: [{"max_runtime_in_seconds": 3600}] -> {"max_runtime_in_seconds": 3600}
)

# A misspelt key inside a nested shape.
sm.TrainingJob(
    "misspelt-nested-key",
    role_arn=ROLE,
    output_data_config={"s3_output_pth": "s3://bucket/jobs/"},  # error: reportArgumentType; fix: _pth -> _path
)

# A value outside a closed enum.
sm.TrainingJob(
    "enum-typo",
    role_arn=ROLE,
    output_data_config=OUTPUT,
    algorithm_specification={"training_image": IMAGE, "training_input_mode": "Fille"},  # error: reportArgumentType; fix: Fille -> File
)

# A member the API requires, left out.
sm.TrainingJob("no-role", output_data_config=OUTPUT)  # error: reportCallIssue; fix: "no-role", -> "no-role", role_arn=ROLE,

# An option of ours with a value it does not take.
sm.TrainingJob(
    "bad-option",
    role_arn=ROLE,
    output_data_config=OUTPUT,
    wait_for="Done",  # error: reportArgumentType; fix: Done -> InProgress
)

# A string for an integer in a dict annotated with its type, as a user builds one to share.
limits: ResourceLimits = {"max_number_of_training_jobs": 20, "max_parallel_training_jobs": "4"}  # error: reportAssignmentType; fix: "4" -> 4
sm.HyperparameterTuningJob(
    "tuning", hyper_parameter_tuning_job_config={"strategy": "Bayesian", "resource_limits": limits}
)

# `name` is an output (the SageMaker name), not the endpoint's name.
hosting = sm.HostingDeployment(
    "hosting",
    models=[{"name": "xgb", "execution_role_arn": ROLE, "containers": [{"image": IMAGE}]}],
    production_variants=[{"variant_name": "AllTraffic", "model_name": "xgb"}],
    name="my-endpoint",  # error: reportCallIssue; fix: name= -> endpoint_name=
)

# An output that does not exist.
pulumi.export("url", hosting.endpoint_uri)  # error: reportAttributeAccessIssue; fix: _uri -> _url
