"""LocalSageMaker(check_existence=True): execution roles and S3 data are looked up in moto's IAM and S3,
and what is missing is refused, or fails, at the point AWS refuses or fails it (aws-behaviour.md)."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, Timings

from tests.local_jobs import ROLE, emulator, error_of, training_definition, tuning_request, wait_until
from tests.test_local_processing import processing_request
from tests.test_local_training import job_request
from tests.test_local_transform import transform_request

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1"
MISSING = "arn:aws:iam::123456789012:role/missing"
TIMINGS = {"training_phase": 0.03, "transform_phase": 0.03, "processing_phase": 0.03, "endpoint_create": 0.05}
TIMINGS |= {"endpoint_update": 0.05, "rollback": 0.05, "stop": 0.03}


def cannot_assume(arn: str) -> str:
    return (
        f"Could not assume role {arn}. Please ensure that the role exists and allows principal "
        "'sagemaker.amazonaws.com' to assume the role."
    )


def no_objects(uri: str, role: str = ROLE) -> str:
    bucket = uri.removeprefix("s3://").split("/")[0]
    return (
        f'No S3 objects found under S3 URL "{uri}" given in input data source. Please ensure that the '
        "bucket exists in the selected region (us-east-1), that objects exist under that S3 prefix, and "
        f'that the role "{role}" has "s3:ListBucket" permissions on bucket "{bucket}".'
    )


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator(**TIMINGS)


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    """Nothing seeded but the role: each test makes what it finds."""
    server.reset()
    server.timings = Timings(**TIMINGS)
    server.check_existence = True
    server.create_role(ROLE)
    return server


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def refused(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        call()
    return error_of(excinfo)


def training_ended(sm: Any, name: str) -> dict[str, Any]:
    return wait_until(
        lambda: sm.describe_training_job(TrainingJobName=name),
        lambda d: d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"),
    )


def create_model(sm: Any, name: str = "xgb", role: str = ROLE, **container: Any) -> dict[str, Any]:
    return sm.create_model(
        ModelName=name, ExecutionRoleArn=role, PrimaryContainer={"Image": IMAGE, **container}
    )


def trust(principal: Any, effect: str = "Allow") -> str:
    statement = {"Effect": effect, "Principal": principal, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


# -- training ------------------------------------------------------------------------------------


def test_a_training_channel_with_no_objects_is_refused_at_create(aws: LocalSageMaker, sm: Any) -> None:
    assert refused(lambda: sm.create_training_job(**job_request("t"))) == (
        "ValidationException",
        no_objects("s3://bucket/train/"),
    )
    aws.client("s3").create_bucket(Bucket="bucket")  # the bucket alone is not enough
    assert refused(lambda: sm.create_training_job(**job_request("t")))[1] == no_objects("s3://bucket/train/")
    aws.put_object("s3://bucket/train/part-0.csv", b"1,2\n")
    sm.create_training_job(**job_request("t"))
    assert training_ended(sm, "t")["TrainingJobStatus"] == "Completed"


def test_a_manifest_channel_needs_its_manifest(aws: LocalSageMaker, sm: Any) -> None:
    source = {"S3DataType": "ManifestFile", "S3Uri": "s3://bucket/train.manifest"}
    channels = [{"ChannelName": "train", "DataSource": {"S3DataSource": source}}]
    aws.put_object("s3://bucket/train.manifest.d/a.csv")  # under the URL as a prefix: not the manifest
    request = job_request("m", InputDataConfig=channels)
    assert refused(lambda: sm.create_training_job(**request))[1] == no_objects("s3://bucket/train.manifest")
    aws.put_object("s3://bucket/train.manifest", b'[{"prefix": "s3://bucket/"}, "a.csv"]')
    sm.create_training_job(**request)


@pytest.mark.parametrize(
    "role_trust",
    [
        None,  # no such role
        trust({"Service": "ec2.amazonaws.com"}),  # trusts another service
        trust({"Service": "sagemaker.amazonaws.com"}, effect="Deny"),
    ],
    ids=["missing", "trusts-ec2", "denies-sagemaker"],
)
def test_a_training_job_whose_role_cannot_be_assumed_fails_before_downloading(
    aws: LocalSageMaker, sm: Any, role_trust: str | None
) -> None:
    if role_trust is not None:
        aws.client("iam").create_role(RoleName="missing", AssumeRolePolicyDocument=role_trust)
    aws.put_object("s3://bucket/train/a.csv")
    sm.create_training_job(**job_request("t", RoleArn=MISSING))  # accepted, as on AWS
    ended = training_ended(sm, "t")
    assert ended["TrainingJobStatus"] == "Failed"
    assert ended["FailureReason"] == (
        "ClientError: TrainingHostAgent Initialization failed:InvalidInputException: SageMaker is unable to "
        "perform: sts:AssumeRole on the role. Check if you have a trust relationship for "
        "'sagemaker.amazonaws.com' to assume the role."
    )
    assert [t["Status"] for t in ended["SecondaryStatusTransitions"]] == ["Starting", "Failed"]
    assert "TrainingStartTime" not in ended and "ModelArtifacts" not in ended


@pytest.mark.parametrize(
    "principal",
    [
        {"Service": ["ec2.amazonaws.com", "sagemaker.amazonaws.com"]},
        {"Service": "sagemaker.amazonaws.com"},
        "*",
    ],
)
def test_a_role_trusting_sagemaker_among_others_is_assumed(
    aws: LocalSageMaker, sm: Any, principal: Any
) -> None:
    aws.client("iam").create_role(RoleName="shared", AssumeRolePolicyDocument=trust(principal))
    aws.put_object("s3://bucket/train/a.csv")
    sm.create_training_job(**job_request("t", RoleArn="arn:aws:iam::123456789012:role/shared"))
    assert training_ended(sm, "t")["TrainingJobStatus"] == "Completed"


def test_the_role_arn_must_name_the_roles_path(aws: LocalSageMaker, sm: Any) -> None:
    """The SDK once dropped `service-role/` from a role's ARN: SageMaker could not assume it."""
    aws.create_role("arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole")
    aws.put_object("s3://bucket/train/a.csv")
    sm.create_training_job(
        **job_request("t", RoleArn="arn:aws:iam::123456789012:role/AmazonSageMaker-ExecutionRole")
    )
    assert training_ended(sm, "t")["TrainingJobStatus"] == "Failed"
    sm.create_training_job(
        **job_request(
            "u", RoleArn="arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole"
        )
    )
    assert training_ended(sm, "u")["TrainingJobStatus"] == "Completed"


def test_a_completed_job_uploads_the_model_its_artifacts_name(aws: LocalSageMaker, sm: Any) -> None:
    aws.put_object("s3://bucket/train/a.csv")
    sm.create_training_job(**job_request("t"))
    url = training_ended(sm, "t")["ModelArtifacts"]["S3ModelArtifacts"]
    assert url == "s3://bucket/output/t/output/model.tar.gz"
    body = aws.client("s3").get_object(Bucket="bucket", Key="output/t/output/model.tar.gz")["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(body))) as archive:
        assert archive.getnames() == ["model.json"]
    create_model(sm, ModelDataUrl=url)  # what a stack chaining the job to a model does


# -- tuning ----------------------------------------------------------------------------------------


def test_a_tuning_job_is_refused_for_a_definition_with_no_data(aws: LocalSageMaker, sm: Any) -> None:
    request = tuning_request("tune", jobs=2)
    assert refused(lambda: sm.create_hyper_parameter_tuning_job(**request)) == (
        "ValidationException",
        no_objects("s3://bucket/train/"),
    )


def test_a_tuning_job_whose_role_cannot_be_assumed_fails_with_its_training_jobs(
    aws: LocalSageMaker, sm: Any
) -> None:
    aws.put_object("s3://bucket/train/a.csv")
    request = {
        **tuning_request("tune", jobs=2),
        "TrainingJobDefinition": training_definition(RoleArn=MISSING),
    }
    sm.create_hyper_parameter_tuning_job(**request)
    ended = wait_until(
        lambda: sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tune"),
        lambda d: d["HyperParameterTuningJobStatus"] in ("Completed", "Failed", "Stopped"),
    )
    assert ended["HyperParameterTuningJobStatus"] == "Failed"
    children = sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="tune")
    reasons = {c["FailureReason"] for c in children["TrainingJobSummaries"]}
    assert len(reasons) == 1 and "sts:AssumeRole" in reasons.pop()


# -- processing and transform ----------------------------------------------------------------------


def test_a_processing_job_is_refused_for_a_role_it_cannot_assume_or_missing_input(
    aws: LocalSageMaker, sm: Any
) -> None:
    aws.put_object("s3://data/raw/a.csv")
    request = processing_request("p", RoleArn=MISSING)
    assert refused(lambda: sm.create_processing_job(**request)) == (
        "ValidationException",
        cannot_assume(MISSING),
    )
    aws.client("s3").delete_object(Bucket="data", Key="raw/a.csv")
    assert refused(lambda: sm.create_processing_job(**processing_request("p"))) == (
        "ValidationException",
        no_objects("s3://data/raw/"),
    )
    aws.put_object("s3://data/raw/a.csv")
    sm.create_processing_job(**processing_request("p"))


def test_a_transform_job_is_refused_for_its_models_role_or_missing_input(
    aws: LocalSageMaker, sm: Any
) -> None:
    aws.create_role(MISSING)
    create_model(sm, role=MISSING)
    aws.client("iam").delete_role(RoleName="missing")  # gone since the model was made
    assert refused(lambda: sm.create_transform_job(**transform_request("b"))) == (
        "ValidationException",
        cannot_assume(MISSING),
    )
    create_model(sm, "xgb-2")
    request = transform_request("b", ModelName="xgb-2")
    assert refused(lambda: sm.create_transform_job(**request)) == (
        "ValidationException",
        no_objects("s3://data/batch/in/"),
    )
    aws.put_object("s3://data/batch/in/a.csv", b"1,2\n")
    sm.create_transform_job(**request)


# -- models and endpoints --------------------------------------------------------------------------


def test_create_model_is_refused_for_a_role_it_cannot_assume(sm: Any) -> None:
    assert refused(lambda: create_model(sm, role=MISSING)) == ("ValidationException", cannot_assume(MISSING))
    assert sm.list_models()["Models"] == []


def test_create_model_is_refused_for_model_data_that_is_not_there(aws: LocalSageMaker, sm: Any) -> None:
    url = "s3://models/xgb/model.tar.gz"
    assert refused(lambda: create_model(sm, ModelDataUrl=url)) == (
        "ValidationException",
        f"Could not find model data at {url}.",
    )
    aws.put_object("s3://models/xgb/model.tar.gz.bak")  # a longer key is not the object
    assert refused(lambda: create_model(sm, ModelDataUrl=url))[1] == f"Could not find model data at {url}."
    aws.put_object(url)
    create_model(sm, ModelDataUrl=url)


def test_uncompressed_model_data_is_a_prefix_and_multi_model_data_is_not_looked_for(
    aws: LocalSageMaker, sm: Any
) -> None:
    source = {
        "S3DataSource": {"S3Uri": "s3://models/llm/", "S3DataType": "S3Prefix", "CompressionType": "None"}
    }
    assert refused(lambda: create_model(sm, ModelDataSource=source))[1] == (
        "Could not find model data at s3://models/llm/."
    )
    aws.put_object("s3://models/llm/config.json")
    create_model(sm, ModelDataSource=source)
    create_model(sm, "mme", ModelDataUrl="s3://models/many/", Mode="MultiModel")  # filled later


def test_an_endpoint_whose_model_data_is_gone_fails_and_an_update_to_it_rolls_back(
    aws: LocalSageMaker, sm: Any
) -> None:
    for name in ("a", "b"):
        aws.put_object(f"s3://models/{name}/model.tar.gz")
        create_model(sm, name, ModelDataUrl=f"s3://models/{name}/model.tar.gz")
        variant = {"VariantName": "AllTraffic", "ModelName": name, "InstanceType": "ml.m5.large"}
        sm.create_endpoint_config(
            EndpointConfigName=name, ProductionVariants=[{**variant, "InitialInstanceCount": 1}]
        )
    s3 = aws.client("s3")
    s3.delete_object(Bucket="models", Key="b/model.tar.gz")
    reason = (
        'Failed to download model data for container "container_1" from URL: "s3://models/b/model.tar.gz". '
        "Please ensure that there is an object located at the URL and that the role passed to CreateModel "
        "has permissions to download the object."
    )

    def settled(name: str) -> dict[str, Any]:
        return wait_until(
            lambda: sm.describe_endpoint(EndpointName=name),
            lambda d: d["EndpointStatus"] not in ("Creating", "Updating", "RollingBack"),
        )

    sm.create_endpoint(EndpointName="broken", EndpointConfigName="b")  # accepted: it fails later
    failed = settled("broken")
    assert (failed["EndpointStatus"], failed["FailureReason"]) == ("Failed", reason)

    sm.create_endpoint(EndpointName="ep", EndpointConfigName="a")
    assert settled("ep")["EndpointStatus"] == "InService"
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="b")
    rolled_back = settled("ep")
    assert rolled_back["EndpointStatus"] == "InService" and rolled_back["EndpointConfigName"] == "a"
    assert rolled_back["FailureReason"] == reason


# -- the switch --------------------------------------------------------------------------------------


def test_with_the_switch_off_nothing_is_looked_up(aws: LocalSageMaker, sm: Any) -> None:
    """The default for users: no role, no bucket, no object needed."""
    aws.check_existence = False
    sm.create_training_job(**job_request("t", RoleArn=MISSING))
    assert training_ended(sm, "t")["TrainingJobStatus"] == "Completed"
    create_model(sm, role=MISSING, ModelDataUrl="s3://nowhere/model.tar.gz")
    sm.create_transform_job(**transform_request("b"))
    sm.create_processing_job(**processing_request("p", RoleArn=MISSING))
    sm.create_hyper_parameter_tuning_job(
        **{**tuning_request("tune", jobs=1), "TrainingJobDefinition": training_definition(RoleArn=MISSING)}
    )
    sm.create_endpoint_config(
        EndpointConfigName="c",
        ProductionVariants=[
            {"VariantName": "v", "ModelName": "xgb", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}
        ],
    )
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="c")
    assert (
        wait_until(
            lambda: sm.describe_endpoint(EndpointName="ep"), lambda d: d["EndpointStatus"] != "Creating"
        )["EndpointStatus"]
        == "InService"
    )


def test_the_switch_is_off_by_default_and_changes_at_run_time(aws: LocalSageMaker, sm: Any) -> None:
    assert LocalSageMaker().check_existence is False
    aws.check_existence = False
    create_model(sm, "before", role=MISSING)
    aws.check_existence = True
    assert refused(lambda: create_model(sm, "after", role=MISSING))[1] == cannot_assume(MISSING)


def test_seeding_refuses_what_it_cannot_make(aws: LocalSageMaker) -> None:
    with pytest.raises(ValueError, match="not an IAM role ARN of moto's account"):
        aws.create_role("arn:aws:iam::111122223333:role/elsewhere")
    with pytest.raises(ValueError, match="not an S3 object URI"):
        aws.put_object("s3://bucket-only")
    with pytest.raises(ValueError, match="not a valid S3 bucket name"):
        aws.put_object("s3://b/m")
    aws.create_role(MISSING, trusted_service="ec2.amazonaws.com")
    aws.create_role(MISSING)  # replaces the trust policy
    trust_policy = aws.client("iam").get_role(RoleName="missing")["Role"]["AssumeRolePolicyDocument"]
    assert trust_policy["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}


def test_a_china_job_needs_a_role_and_data_of_its_partition(aws: LocalSageMaker) -> None:
    """IAM and S3 are one per partition: a role of `aws` does not exist for cn-north-1, nor its data."""
    china = aws.client(region_name="cn-north-1")
    china_role = "arn:aws-cn:iam::123456789012:role/sagemaker"
    assert refused(lambda: create_model(china, role=ROLE))[1] == cannot_assume(ROLE)
    aws.create_role(china_role)
    aws.put_object("s3://models/xgb/model.tar.gz")  # in the aws partition's S3
    assert (
        refused(lambda: create_model(china, role=china_role, ModelDataUrl="s3://models/xgb/model.tar.gz"))[1]
        == "Could not find model data at s3://models/xgb/model.tar.gz."
    )
    aws.put_object("s3://models-cn/xgb/model.tar.gz", region="cn-north-1")
    create_model(china, role=china_role, ModelDataUrl="s3://models-cn/xgb/model.tar.gz")
