"""LocalSageMaker: injected faults (throttling, 5xx, dropped connections) seen by a boto3 client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError
from pulumi_sagemaker_local import LocalSageMaker

from tests.existing import seed_emulator

ROLE = "arn:aws:iam::123456789012:role/sagemaker"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(check_existence=True) as local:
        yield local


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    server.reset()
    seed_emulator(server)
    return server


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def create_model(sm: Any, name: str) -> dict[str, Any]:
    return sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "img:1"})


def test_throttle(aws: LocalSageMaker, sm: Any) -> None:
    aws.inject_faults(1.0, kinds=["throttle"])
    with pytest.raises(ClientError) as excinfo:
        sm.list_models()
    error = excinfo.value.response
    assert (error["Error"]["Code"], error["Error"]["Message"]) == ("ThrottlingException", "Rate exceeded")
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert aws.faults_injected == 1
    aws.clear_faults()
    assert sm.list_models()["Models"] == []


def test_server_errors(aws: LocalSageMaker, sm: Any) -> None:
    aws.inject_faults(1.0, kinds=["5xx"], seed=7)
    statuses = set()
    for _ in range(12):
        with pytest.raises(ClientError) as excinfo:
            sm.list_models()
        response = excinfo.value.response
        statuses.add((response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]))
    assert statuses == {(500, "InternalFailure"), (503, "ServiceUnavailable")}


def test_dropped_connection(aws: LocalSageMaker, sm: Any) -> None:
    aws.inject_faults(1.0, kinds=["drop"], operations=["ListModels"])
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        sm.list_models()
    aws.clear_faults()
    assert sm.list_models()["Models"] == []  # the server survived it


def test_before_does_not_apply_the_operation(aws: LocalSageMaker, sm: Any) -> None:
    aws.inject_faults(1.0, kinds=["throttle"], operations=["CreateModel"], when="before")
    with pytest.raises(ClientError):
        create_model(sm, "m1")
    assert sm.list_models()["Models"] == []  # other operations are not faulted


@pytest.mark.parametrize("kind", ["5xx", "drop"])
def test_after_applies_the_create_then_fails_the_answer(aws: LocalSageMaker, sm: Any, kind: str) -> None:
    aws.inject_faults(1.0, kinds=[kind], operations=["CreateModel"], when="after")
    with pytest.raises((ClientError, ConnectionClosedError, EndpointConnectionError)):
        create_model(sm, "m1")
    aws.clear_faults()
    # The create happened: a client that retries it now meets the duplicate.
    assert sm.describe_model(ModelName="m1")["ModelName"] == "m1"
    with pytest.raises(ClientError) as excinfo:
        create_model(sm, "m1")
    assert excinfo.value.response["Error"]["Message"].startswith("Cannot create already existing model")
    assert [c.operation for c in aws.calls_to("CreateModel")] == ["CreateModel", "CreateModel"]


def test_rate_and_seed_are_reproducible(aws: LocalSageMaker, sm: Any) -> None:
    def outcomes() -> list[bool]:
        aws.inject_faults(0.5, kinds=["throttle"], seed=42)
        seen = []
        for _ in range(20):
            try:
                sm.list_models()
                seen.append(True)
            except ClientError:
                seen.append(False)
        aws.clear_faults()
        return seen

    first, second = outcomes(), outcomes()
    assert first == second
    assert 0 < first.count(False) < 20
    assert aws.faults_injected == 2 * first.count(False)


def test_invalid_fault_arguments(aws: LocalSageMaker) -> None:
    with pytest.raises(ValueError):
        aws.inject_faults(1.0, kinds=["meteor"])
    with pytest.raises(ValueError):
        aws.inject_faults(1.0, when="during")
    with pytest.raises(ValueError):
        aws.fail_training_job(at="Completed")
