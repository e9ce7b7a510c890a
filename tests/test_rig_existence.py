"""Whole programs against the local SageMaker with its existence checks on: the rig mirrors the IAM roles,
S3 buckets and objects a stack declares with pulumi-aws into the local AWS (its IAM and S3), so a stack
that makes its own role and data passes and one that names what does not exist fails as on AWS."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import ResourceError, run
from pulumi_sagemaker.testing._mirror import Mirror

from .test_hosting_specs import XGBOOST

GHOST = "arn:aws:iam::123456789012:role/ghost"
FIX = "Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role."


def trust(service: str = "sagemaker.amazonaws.com") -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def hosting(role_arn: Any, model_data_url: Any) -> sm.HostingDeployment:
    return sm.HostingDeployment(
        "serving",
        models=[
            {
                "name": "xgb",
                "execution_role_arn": role_arn,
                "containers": [{"image": XGBOOST, "model_data_url": model_data_url}],
            }
        ],
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "xgb",
                "instance_type": "ml.m5.large",
                "initial_instance_count": 1,
            }
        ],
    )


def training(role_arn: Any, train_uri: Any, output_uri: Any, depends_on: Any = ()) -> sm.TrainingJob:
    return sm.TrainingJob(
        "mnist",
        role_arn=role_arn,
        algorithm_specification={"training_image": XGBOOST, "training_input_mode": "File"},
        input_data_config=[
            {
                "channel_name": "train",
                "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": train_uri}},
            }
        ],
        output_data_config={"s3_output_path": output_uri},
        resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        stopping_condition={"max_runtime_in_seconds": 3600},
        hyper_parameters={"num_round": "10", "objective": "multi:softmax", "num_class": "10"},
        opts=pulumi.ResourceOptions(depends_on=list(depends_on)),
    )


def failure(program: Any, local: Any) -> ResourceError:
    with pytest.raises(ResourceError) as failed:
        run(program, config=local.config)
    return failed.value


def test_a_stack_that_makes_its_own_role_bucket_and_model_data_is_served(local) -> None:
    def program() -> None:
        role = aws.iam.Role("execution", path="/service-role/", assume_role_policy=trust())
        bucket = aws.s3.Bucket("models")
        model = aws.s3.BucketObject("model", bucket=bucket.id, key="xgb/model.tar.gz", content="weights")
        url = pulumi.Output.all(bucket.bucket, model.key).apply(lambda a: f"s3://{a[0]}/{a[1]}")
        pulumi.export("status", hosting(role.arn, url).status)
        pulumi.export("role", role.arn)
        pulumi.export("url", url)

    result = run(program, config=local.config)
    assert result.outputs["status"] == "InService"
    assert result.outputs["role"] == "arn:aws:iam::123456789012:role/service-role/execution"
    found = local.client("iam").get_role(RoleName="execution")["Role"]
    assert found["Arn"] == result.outputs["role"], "mirrored at its path"
    assert found["AssumeRolePolicyDocument"] == json.loads(trust()), "with the trust policy declared"
    bucket, _, key = result.outputs["url"].removeprefix("s3://").partition("/")
    assert local.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read() == b"weights"
    assert run(program, config=local.config, state=result.state).ops("same")  # mirrored again: no error


def test_a_stack_that_names_a_missing_role_fails_naming_the_role_and_the_fix(local) -> None:
    local.put_object("s3://models-bucket/xgb/model.tar.gz")
    error = failure(lambda: hosting(GHOST, "s3://models-bucket/xgb/model.tar.gz"), local)
    assert f"Could not assume role {GHOST}. {FIX}" in str(error)
    assert local.client().list_models()["Models"] == [], "nothing made in SageMaker"


def test_a_role_the_stack_makes_for_another_service_is_not_assumed(local) -> None:
    def program() -> None:
        role = aws.iam.Role("lambda-only", assume_role_policy=trust("lambda.amazonaws.com"))
        hosting(role.arn, "s3://bucket-name/model.tar.gz")

    error = failure(program, local)
    assert f"Could not assume role arn:aws:iam::123456789012:role/lambda-only. {FIX}" in str(error)


def test_a_training_job_with_a_missing_role_fails_naming_the_role(local) -> None:
    error = failure(lambda: training(GHOST, "s3://bucket/mnist/train", "s3://bucket/jobs/"), local)
    message = str(error)
    assert "TrainingJob mnist-" in message and " Failed: ClientError: " in message
    assert (
        "Check if you have a trust relationship for 'sagemaker.amazonaws.com' to assume the role." in message
    )
    assert f"(role_arn: {GHOST})" in message, "SageMaker's reason does not say which role: the provider does"


def test_training_data_must_be_in_the_stacks_bucket_before_the_job_reads_it(local) -> None:
    """What a user meets on AWS: a job reading a new bucket's prefix is refused until data is uploaded
    there (here by the stack, which the job waits for)."""

    def program(upload: bool) -> Any:
        def declare() -> None:
            role = aws.iam.Role("execution", assume_role_policy=trust())
            bucket = aws.s3.Bucket("data")
            rows = []
            if upload:
                rows = [
                    aws.s3.BucketObject("rows", bucket=bucket.id, key="mnist/train/rows.csv", content="1,0")
                ]
            prefix = bucket.bucket.apply(lambda b: f"s3://{b}/mnist/train")
            output = bucket.bucket.apply(lambda b: f"s3://{b}/jobs/")
            job = training(role.arn, prefix, output, depends_on=rows)
            pulumi.export("status", job.status)
            pulumi.export("artifacts", job.model_artifacts)

        return declare

    def bucket_of(state: Any) -> str:
        (found,) = [r for r in state.resources.values() if r.type == "aws:s3/bucket:Bucket"]
        return found.outputs["bucket"]

    error = failure(program(upload=False), local)
    bucket = bucket_of(error.state)
    assert f'No S3 objects found under S3 URL "s3://{bucket}/mnist/train" given in input data source.' in str(
        error
    )
    result = run(program(upload=True), config=local.config, state=error.state)
    assert result.outputs["status"] == "Completed"
    assert result.outputs["artifacts"].startswith(f"s3://{bucket}/jobs/")


def test_an_object_uploaded_to_a_bucket_that_does_not_exist_fails(local) -> None:
    def program() -> None:
        aws.s3.BucketObject("orphan", bucket="no-such-bucket", key="a.csv", content="1")

    error = failure(program, local)
    assert "uploading s3://no-such-bucket/a.csv: the bucket no-such-bucket does not exist" in str(error)


def test_a_preview_mirrors_nothing(local) -> None:
    def program() -> None:
        aws.iam.Role("previewed", assume_role_policy=trust())
        aws.s3.Bucket("previewed", bucket="previewed-bucket")

    run(program, config=local.config, preview=True)
    assert "previewed" not in [r["RoleName"] for r in local.client("iam").list_roles()["Roles"]]
    assert "previewed-bucket" not in [b["Name"] for b in local.client("s3").list_buckets()["Buckets"]]


def test_without_iam_and_s3_endpoints_nothing_is_mirrored(local) -> None:
    def program() -> None:
        aws.iam.Role("elsewhere", assume_role_policy=trust())

    config = {k: v for k, v in local.config.items() if k != "aws:endpoints"}
    run(program, config=config)
    assert "elsewhere" not in [r["RoleName"] for r in local.client("iam").list_roles()["Roles"]]


def test_a_local_endpoint_that_does_not_answer_gets_nothing_and_fails_nothing(local) -> None:
    """A local stack's config whose server is not running: the rig's fakes never needed one."""

    def program() -> None:
        aws.iam.Role("nowhere", assume_role_policy=trust())
        aws.s3.Bucket("nowhere", bucket="nowhere-bucket")

    silent = "http://127.0.0.1:9"  # the discard port: nothing listens
    result = run(
        program, config={**local.config, "aws:endpoints": json.dumps([{"iam": silent, "s3": silent}])}
    )
    assert sorted(result.ops("create")) == ["nowhere", "nowhere"]


def test_only_endpoints_on_this_machine_are_mirrored_into() -> None:
    """The rig never makes anything in a real account, whatever `aws:endpoints` names."""
    endpoints = [
        {"iam": "https://iam.amazonaws.com", "s3": "http://127.0.0.1:4566", "sts": "http://localhost:1"}
    ]
    mirror = Mirror({"aws:endpoints": json.dumps(endpoints)})
    assert mirror.endpoints == {"s3": "http://127.0.0.1:4566", "sts": "http://localhost:1"}
