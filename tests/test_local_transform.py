"""LocalSageMaker: batch transform jobs through boto3, with their outputs written to moto's S3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker

from tests.local_jobs import IMAGE, ROLE, emulator, error_of, fresh, wait_until


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator()


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    local = fresh(server)
    local.client().create_model(ModelName="xgb", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
    return local


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def transform_request(name: str, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TransformJobName": name,
        "ModelName": "xgb",
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/batch/in/"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": "s3://data/batch/out", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
    }
    request.update(overrides)
    return request


def ended(sm: Any, name: str) -> dict[str, Any]:
    return wait_until(
        lambda: sm.describe_transform_job(TransformJobName=name),
        lambda a: a["TransformJobStatus"] in ("Completed", "Failed", "Stopped"),
    )


def test_runs_to_completion_and_writes_one_output_per_input(aws: LocalSageMaker, sm: Any) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="data")
    s3.put_object(Bucket="data", Key="batch/in/a.csv", Body=b"1,2\n3,4\n5,6\n")
    s3.put_object(Bucket="data", Key="batch/in/part/b.csv", Body=b"7,8\n")
    s3.put_object(Bucket="data", Key="batch/other.csv", Body=b"not an input")
    sm.create_transform_job(**transform_request("batch"))
    first = sm.describe_transform_job(TransformJobName="batch")
    assert first["TransformJobStatus"] == "InProgress"
    final = ended(sm, "batch")
    assert final["TransformJobStatus"] == "Completed"
    assert final["TransformStartTime"] < final["TransformEndTime"]
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="data", Prefix="batch/out/")["Contents"])
    assert keys == ["batch/out/a.csv.out", "batch/out/part/b.csv.out"]
    predictions = s3.get_object(Bucket="data", Key="batch/out/a.csv.out")["Body"].read().decode()
    assert len(predictions.splitlines()) == 3  # one per input line


def test_describe_fills_in_what_aws_fills_in(sm: Any) -> None:
    sm.create_transform_job(**transform_request("filled"))
    described = sm.describe_transform_job(TransformJobName="filled")
    assert described["ModelName"] == "xgb"
    assert described["TransformJobArn"] == "arn:aws:sagemaker:us-east-1:123456789012:transform-job/filled"
    assert described["BatchStrategy"] == "MultiRecord"
    assert described["TransformInput"]["CompressionType"] == "None"
    assert described["TransformOutput"]["KmsKeyId"] == ""
    assert described["DataProcessing"] == {"InputFilter": "$", "OutputFilter": "$", "JoinSource": "None"}


def test_without_inputs_it_completes_and_writes_nothing(aws: LocalSageMaker, sm: Any) -> None:
    """With the existence checks off (a user's default): on AWS the job is refused (test_local_existence)."""
    aws.reset()
    aws.check_existence = False
    aws.client("s3").create_bucket(Bucket="data")
    sm.create_model(ModelName="xgb", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
    sm.create_transform_job(**transform_request("empty"))
    assert ended(sm, "empty")["TransformJobStatus"] == "Completed"
    assert "Contents" not in aws.client("s3").list_objects_v2(Bucket="data")


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("s3://data/in", ["out/a.csv.out", "out/part/b.csv.out"]),
        ("s3://data/in/", ["out/a.csv.out", "out/part/b.csv.out"]),
        ("s3://data/in/a", ["out/a.csv.out"]),
    ],
)
def test_outputs_are_named_below_the_input_folder(
    aws: LocalSageMaker, sm: Any, uri: str, expected: list[str]
) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="data")
    s3.put_object(Bucket="data", Key="in/a.csv", Body=b"1\n")
    s3.put_object(Bucket="data", Key="in/part/b.csv", Body=b"2\n")
    source = {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}}
    output = {"S3OutputPath": "s3://data/out"}
    sm.create_transform_job(
        **transform_request("named", TransformInput={"DataSource": source}, TransformOutput=output)
    )
    ended(sm, "named")
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket="data", Prefix="out/")["Contents"]) == expected


def test_manifest_lists_the_inputs(aws: LocalSageMaker, sm: Any) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="data")
    s3.put_object(Bucket="data", Key="set/x.csv", Body=b"1\n")
    s3.put_object(Bucket="data", Key="set/y.csv", Body=b"2\n")
    s3.put_object(Bucket="data", Key="manifest.json", Body=b'[{"prefix": "s3://data/set/"}, "y.csv"]')
    source = {"S3DataSource": {"S3DataType": "ManifestFile", "S3Uri": "s3://data/manifest.json"}}
    sm.create_transform_job(**transform_request("manifest", TransformInput={"DataSource": source}))
    ended(sm, "manifest")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="data", Prefix="batch/out/")["Contents"]]
    assert keys == ["batch/out/y.csv.out"]


def test_injected_failure(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_transform_job(name="bad*", reason="ClientError: the model server crashed")
    sm.create_transform_job(**transform_request("bad-1"))
    final = ended(sm, "bad-1")
    assert (final["TransformJobStatus"], final["FailureReason"]) == (
        "Failed",
        "ClientError: the model server crashed",
    )
    listed = sm.list_transform_jobs(StatusEquals="Failed")["TransformJobSummaries"]
    assert [(s["TransformJobName"], s["FailureReason"]) for s in listed] == [
        ("bad-1", final["FailureReason"])
    ]
    sm.create_transform_job(**transform_request("bad-2"))
    assert ended(sm, "bad-2")["TransformJobStatus"] == "Completed"


def test_stop(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.transform_phase = 5.0
    sm.create_transform_job(**transform_request("halt"))
    sm.stop_transform_job(TransformJobName="halt")
    assert sm.describe_transform_job(TransformJobName="halt")["TransformJobStatus"] == "Stopping"
    assert ended(sm, "halt")["TransformJobStatus"] == "Stopped"
    with pytest.raises(ClientError) as excinfo:
        sm.stop_transform_job(TransformJobName="halt")
    assert error_of(excinfo) == (
        "ValidationException",
        "The request was rejected because the transform job is in status Stopped.",
    )


def test_refusals_as_aws_words_them(sm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sm.create_transform_job(**transform_request("nomodel", ModelName="ghost"))
    assert error_of(excinfo) == (
        "ValidationException",
        'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/ghost".',
    )
    with pytest.raises(ClientError) as excinfo:
        sm.describe_transform_job(TransformJobName="nobody")
    assert error_of(excinfo) == ("ValidationException", "Could not find requested job with name nobody")
    sm.create_transform_job(**transform_request("twice"))
    with pytest.raises(ClientError) as excinfo:
        sm.create_transform_job(**transform_request("twice"))
    assert error_of(excinfo)[0] == "ResourceInUse"


def test_list_sorts_newest_first_and_paginates(sm: Any) -> None:
    for i in range(3):
        sm.create_transform_job(**transform_request(f"list-{i}"))
    # ListTransformJobs: CreationTime, Descending by default (botocore's docs).
    names = [s["TransformJobName"] for s in sm.list_transform_jobs()["TransformJobSummaries"]]
    assert names == ["list-2", "list-1", "list-0"]
    page = sm.list_transform_jobs(MaxResults=2, SortBy="Name", SortOrder="Ascending")
    assert [s["TransformJobName"] for s in page["TransformJobSummaries"]] == ["list-0", "list-1"]
    rest = sm.list_transform_jobs(
        MaxResults=2, SortBy="Name", SortOrder="Ascending", NextToken=page["NextToken"]
    )
    assert [s["TransformJobName"] for s in rest["TransformJobSummaries"]] == ["list-2"]
