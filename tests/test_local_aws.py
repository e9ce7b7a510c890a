"""LocalSageMaker: the other services (moto) on the same URL, reset, and the /_local control API."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker

from tests.existing import seed_emulator
from tests.local_jobs import wait_until
from tests.test_local_processing import processing_request

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(region="eu-west-1", check_existence=True) as local:
        yield local


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    server.reset()
    seed_emulator(server)
    return server


def post(aws: LocalSageMaker, path: str, payload: Any = None, method: str = "POST") -> Any:
    data = json.dumps(payload).encode() if payload is not None else b""
    request = urllib.request.Request(aws.endpoint_url + path, data=data, method=method)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read() or b"null")


def test_config_points_at_the_server(aws: LocalSageMaker) -> None:
    assert aws.endpoint_url.startswith("http://127.0.0.1:")
    assert aws.config == {
        "aws:region": "eu-west-1",
        "aws:accessKey": "testing",
        "aws:secretKey": "testing",
        # Every other service, as pulumi-aws's `aws:endpoints` (JSON, as the CLI stores it).
        "aws:endpoints": json.dumps(
            [{s: aws.endpoint_url for s in ("applicationautoscaling", "cloudwatchlogs", "iam", "s3", "sts")}]
        ),
        "sagemaker:endpointUrl": aws.endpoint_url,
        "sagemaker:pollIntervalSeconds": "0.02",
    }


def test_moto_answers_iam_s3_sts_logs_and_autoscaling(aws: LocalSageMaker) -> None:
    assert aws.client("sts").get_caller_identity()["Account"] == "123456789012"
    iam = aws.client("iam")
    role = iam.create_role(RoleName="sm", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
    assert iam.get_role(RoleName="sm")["Role"]["Arn"] == role["Arn"]
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="answers", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_object(Bucket="answers", Key="train/x.csv", Body=b"1,2")
    assert s3.get_object(Bucket="answers", Key="train/x.csv")["Body"].read() == b"1,2"
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="/aws/sagemaker/TrainingJobs")
    assert logs.describe_log_groups()["logGroups"][0]["logGroupName"] == "/aws/sagemaker/TrainingJobs"
    scaling = aws.client("application-autoscaling")
    sm = aws.client()  # a SageMaker variant must exist to be registered (test_local_strictness)
    sm.create_model(ModelName="m", ExecutionRoleArn=role["Arn"], PrimaryContainer={"Image": "i"})
    variant = {
        "VariantName": "AllTraffic",
        "ModelName": "m",
        "InstanceType": "ml.m5.large",
        "InitialInstanceCount": 1,
    }
    sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[variant])
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="c")
    aws.clear_calls()
    scaling.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/ep/variant/AllTraffic",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        MinCapacity=1,
        MaxCapacity=4,
    )
    targets = scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert [t["MaxCapacity"] for t in targets] == [4]
    assert aws.calls == []  # none of that reached the SageMaker application


def test_moto_api_reset_and_reset_wipe_state(aws: LocalSageMaker) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="gone", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert post(aws, "/moto-api/reset") == {"status": "ok"}
    assert s3.list_buckets()["Buckets"] == []
    sm = aws.client()
    with pytest.raises(ClientError, match="Could not assume role"):  # the seeded role went with it
        sm.create_model(
            ModelName="m",
            ExecutionRoleArn="arn:aws:iam::123456789012:role/r",
            PrimaryContainer={"Image": "i"},
        )
    seed_emulator(aws)
    sm.create_model(
        ModelName="m", ExecutionRoleArn="arn:aws:iam::123456789012:role/r", PrimaryContainer={"Image": "i"}
    )
    s3.create_bucket(Bucket="gone", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    aws.inject_faults(0.0)
    aws.reset()
    assert s3.list_buckets()["Buckets"] == []
    assert sm.list_models()["Models"] == []
    assert [c.operation for c in aws.calls] == ["ListModels"]


def test_control_api(aws: LocalSageMaker) -> None:
    sm = aws.client()
    post(aws, "/_local/faults", {"rate": 1.0, "kinds": ["throttle"], "operations": ["ListModels"]})
    with pytest.raises(ClientError) as excinfo:
        sm.list_models()
    assert excinfo.value.response["Error"]["Code"] == "ThrottlingException"
    assert post(aws, "/_local/faults", method="DELETE")["faults_injected"] == 1
    assert sm.list_models()["Models"] == []
    assert post(aws, "/_local/timings", {"endpoint_create": 0.05})["endpoint_create"] == 0.05
    assert aws.timings.endpoint_create == 0.05
    post(aws, "/_local/failures/endpoint-create", {"name": "ep*", "reason": "boom"})
    assert aws._state.failures.endpoint_create[0].reason == "boom"
    assert [c["operation"] for c in post(aws, "/_local/calls", method="GET")] == ["ListModels", "ListModels"]
    post(aws, "/_local/reset")
    assert aws.calls == []


def test_unknown_sagemaker_operation_is_a_client_error(aws: LocalSageMaker) -> None:
    with pytest.raises(ClientError) as excinfo:
        aws.client().list_pipelines()
    assert excinfo.value.response["Error"]["Code"] == "UnknownOperationException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # Said loudly, with what it does implement.
    message = excinfo.value.response["Error"]["Message"]
    assert message.startswith(
        "The local SageMaker does not implement the operation ListPipelines; it implements:"
    )
    assert "CreateHyperParameterTuningJob" in message and "UpdateEndpoint" in message


def test_moto_api_reset_wipes_sagemaker_too(aws: LocalSageMaker) -> None:
    sm = aws.client()
    sm.create_model(
        ModelName="m", ExecutionRoleArn="arn:aws:iam::123456789012:role/r", PrimaryContainer={"Image": "i"}
    )
    assert post(aws, "/moto-api/reset") == {"status": "ok"}
    assert sm.list_models()["Models"] == []


def test_simulate_principal_policy_evaluates_the_roles_policies(aws: LocalSageMaker) -> None:
    iam = aws.client("iam")
    iam.create_role(RoleName="runner", AssumeRolePolicyDocument=json.dumps(TRUST))
    allow = {"Effect": "Allow", "Action": ["sagemaker:Create*", "s3:GetObject"], "Resource": "*"}
    deny = {"Effect": "Deny", "Action": "sagemaker:CreateEndpoint", "Resource": "*"}
    document = {"Version": "2012-10-17", "Statement": [allow, deny]}
    iam.put_role_policy(RoleName="runner", PolicyName="jobs", PolicyDocument=json.dumps(document))
    logs_policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}],
    }
    arn = iam.create_policy(PolicyName="logs", PolicyDocument=json.dumps(logs_policy))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="runner", PolicyArn=arn)
    role_arn = iam.get_role(RoleName="runner")["Role"]["Arn"]
    actions = [
        "sagemaker:CreateTrainingJob",
        "sagemaker:CreateEndpoint",
        "logs:PutLogEvents",
        "ec2:RunInstances",
    ]
    results = iam.simulate_principal_policy(PolicySourceArn=role_arn, ActionNames=actions)[
        "EvaluationResults"
    ]
    assert [(r["EvalActionName"], r["EvalDecision"]) for r in results] == [
        ("sagemaker:CreateTrainingJob", "allowed"),
        ("sagemaker:CreateEndpoint", "explicitDeny"),
        ("logs:PutLogEvents", "allowed"),
        ("ec2:RunInstances", "implicitDeny"),
    ]
    with pytest.raises(ClientError) as excinfo:
        iam.simulate_principal_policy(
            PolicySourceArn="arn:aws:iam::123456789012:role/ghost", ActionNames=["s3:GetObject"]
        )
    assert excinfo.value.response["Error"]["Code"] == "NoSuchEntity"
    assert iam.get_role(RoleName="runner")["Role"]["RoleName"] == "runner"  # other IAM calls still reach moto


def test_simulate_principal_policy_evaluates_resources(aws: LocalSageMaker) -> None:
    # The SDK v3 asks whether the role may put objects into its default bucket and stages a job's
    # code in the output bucket when it may not: a role scoped to its own bucket must be told no.
    iam = aws.client("iam")
    iam.create_role(RoleName="scoped", AssumeRolePolicyDocument=json.dumps(TRUST))
    statements = [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::data/in-?/*"]},
        {"Effect": "Deny", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::data/*"},
        {"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*"},
    ]
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    iam.put_role_policy(RoleName="scoped", PolicyName="data", PolicyDocument=document)
    role_arn = iam.get_role(RoleName="scoped")["Role"]["Arn"]

    def decisions(actions: list[str], resources: list[str] | None = None) -> list[tuple[str, str, str]]:
        extra = {"ResourceArns": resources} if resources else {}
        answer = iam.simulate_principal_policy(PolicySourceArn=role_arn, ActionNames=actions, **extra)
        results = answer["EvaluationResults"]
        return [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"]) for r in results]

    data = ["arn:aws:s3:::data/x", "arn:aws:s3:::data/in-1/y"]
    assert decisions(["s3:PutObject", "s3:GetObject"], data) == [
        ("s3:PutObject", "arn:aws:s3:::data/x", "allowed"),
        ("s3:PutObject", "arn:aws:s3:::data/in-1/y", "allowed"),
        ("s3:GetObject", "arn:aws:s3:::data/x", "implicitDeny"),
        ("s3:GetObject", "arn:aws:s3:::data/in-1/y", "allowed"),
    ]
    assert decisions(["s3:PutObject"], ["arn:aws:s3:::sagemaker-us-east-1-123456789012/*"]) == [
        ("s3:PutObject", "arn:aws:s3:::sagemaker-us-east-1-123456789012/*", "explicitDeny"),
    ]
    # No ResourceArns: IAM simulates `*`, which only `"Resource": "*"` statements cover.
    assert decisions(["sagemaker:CreateTrainingJob", "s3:GetObject"]) == [
        ("sagemaker:CreateTrainingJob", "*", "allowed"),
        ("s3:GetObject", "*", "implicitDeny"),
    ]


def test_control_api_injects_job_failures_and_output(aws: LocalSageMaker) -> None:
    post(aws, "/_local/timings", {"processing_phase": 0.02})
    post(aws, "/_local/job-output", {"name": "prep", "lines": ["hello from the CLI"]})
    post(
        aws,
        "/_local/failures/processing",
        {"name": "prep", "reason": "AlgorithmError: x", "exit_message": "bye"},
    )
    sm = aws.client()
    sm.create_processing_job(**processing_request("prep"))
    job = wait_until(
        lambda: sm.describe_processing_job(ProcessingJobName="prep"),
        lambda a: a["ProcessingJobStatus"] == "Failed",
    )
    assert (job["FailureReason"], job["ExitMessage"]) == ("AlgorithmError: x", "bye")
    logs = aws.client("logs")
    stream = logs.describe_log_streams(logGroupName="/aws/sagemaker/ProcessingJobs")["logStreams"][0]
    first = logs.get_log_events(
        logGroupName="/aws/sagemaker/ProcessingJobs",
        logStreamName=stream["logStreamName"],
        startFromHead=True,
    )
    assert first["events"][0]["message"] == "hello from the CLI"
    for route in ("tuning", "transform"):
        post(aws, f"/_local/failures/{route}", {"name": f"{route}-job", "reason": "boom"})
    assert [r.pattern for r in aws._state.failures.tuning + aws._state.failures.transform] == [
        "tuning-job",
        "transform-job",
    ]
