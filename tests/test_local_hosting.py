"""LocalSageMaker: models, endpoint configs, endpoints, InvokeEndpoint and tags via boto3."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, Timings

from tests.existing import seed_emulator

ROLE = "arn:aws:iam::123456789012:role/sagemaker"
ARN = "arn:aws:sagemaker:us-east-1:123456789012"
FAST = Timings(endpoint_create=0.1, endpoint_update=0.15, endpoint_delete=0.05, rollback=0.1)
CSV_784 = ",".join(["0.5"] * 784)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=Timings(**vars(FAST)), check_existence=True) as local:
        yield local


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    server.reset()
    seed_emulator(server)
    server.timings = Timings(**vars(FAST))
    return server


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


@pytest.fixture
def runtime(aws: LocalSageMaker) -> Any:
    return aws.client("sagemaker-runtime")


def wait_until(
    fetch: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool], timeout: float = 5.0
):
    deadline = time.monotonic() + timeout
    while True:
        answer = fetch()
        if done(answer):
            return answer
        assert time.monotonic() < deadline, f"timed out; last answer: {answer}"
        time.sleep(0.01)


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def create_model(sm: Any, name: str = "model-a") -> None:
    sm.create_model(
        ModelName=name,
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1",
            "ModelDataUrl": "s3://bucket/model.tar.gz",
        },
    )


def create_config(sm: Any, name: str, variants: list[tuple[str, float, int]], model: str = "model-a") -> None:
    sm.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=[
            {
                "VariantName": variant,
                "ModelName": model,
                "InstanceType": "ml.g5.xlarge",  # not among moto's 66 instance types
                "InitialInstanceCount": count,
                "InitialVariantWeight": weight,
            }
            for variant, weight, count in variants
        ],
    )


def describe(sm: Any, name: str = "ep") -> dict[str, Any]:
    return sm.describe_endpoint(EndpointName=name)


def in_service(sm: Any, name: str = "ep") -> dict[str, Any]:
    return wait_until(
        lambda: describe(sm, name),
        lambda a: a["EndpointStatus"] not in ("Creating", "Updating", "RollingBack"),
    )


def deploy(sm: Any, variants: list[tuple[str, float, int]] | None = None, **kwargs: Any) -> dict[str, Any]:
    create_model(sm)
    create_config(sm, "config-1", variants or [("AllTraffic", 1.0, 1)])
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1", **kwargs)
    return in_service(sm)


def invoke(runtime: Any, name: str = "ep", **kwargs: Any) -> dict[str, Any]:
    return runtime.invoke_endpoint(EndpointName=name, ContentType="text/csv", Body=CSV_784, **kwargs)


def test_model_and_config_records(sm: Any) -> None:
    create_model(sm)
    model = sm.describe_model(ModelName="model-a")
    assert model["ModelArn"] == f"{ARN}:model/model-a"
    assert model["PrimaryContainer"]["ModelDataUrl"] == "s3://bucket/model.tar.gz"
    create_config(sm, "config-1", [("AllTraffic", 0.0, 2)])
    config = sm.describe_endpoint_config(EndpointConfigName="config-1")
    assert config["ProductionVariants"][0]["InstanceType"] == "ml.g5.xlarge"
    assert config["ProductionVariants"][0]["InitialVariantWeight"] == 0.0
    assert [m["ModelName"] for m in sm.list_models()["Models"]] == ["model-a"]
    assert [c["EndpointConfigName"] for c in sm.list_endpoint_configs()["EndpointConfigs"]] == ["config-1"]
    sm.delete_endpoint_config(EndpointConfigName="config-1")
    sm.delete_model(ModelName="model-a")
    assert sm.list_models()["Models"] == []


def test_duplicates_and_missing_references_answer_as_aws(sm: Any) -> None:
    create_model(sm)
    with pytest.raises(ClientError) as excinfo:
        create_model(sm)
    assert error_of(excinfo) == (
        "ValidationException",
        f'Cannot create already existing model "{ARN}:model/model-a".',
    )
    create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])
    with pytest.raises(ClientError) as excinfo:
        create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])
    assert error_of(excinfo) == (
        "ValidationException",
        f'Cannot create already existing endpoint configuration "{ARN}:endpoint-config/config-1".',
    )
    with pytest.raises(ClientError) as excinfo:
        create_config(sm, "config-2", [("AllTraffic", 1.0, 1)], model="ghost")
    assert error_of(excinfo) == ("ValidationException", f'Could not find model "{ARN}:model/ghost".')
    with pytest.raises(ClientError) as excinfo:
        sm.create_endpoint(EndpointName="ep", EndpointConfigName="nope")
    assert error_of(excinfo) == (
        "ValidationException",
        f'Could not find endpoint configuration "{ARN}:endpoint-config/nope".',
    )
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    with pytest.raises(ClientError) as excinfo:
        sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    assert error_of(excinfo) == (
        "ValidationException",
        f'Cannot create already existing endpoint "{ARN}:endpoint/ep".',
    )
    with pytest.raises(ClientError) as excinfo:
        sm.delete_model(ModelName="ghost")
    assert error_of(excinfo) == ("ValidationException", f'Could not find model "{ARN}:model/ghost".')
    with pytest.raises(ClientError) as excinfo:
        sm.delete_endpoint_config(EndpointConfigName="ghost")
    assert error_of(excinfo)[1] == f'Could not find endpoint configuration "{ARN}:endpoint-config/ghost".'
    with pytest.raises(ClientError) as excinfo:
        sm.describe_endpoint(EndpointName="ghost")
    assert error_of(excinfo) == ("ValidationException", f'Could not find endpoint "{ARN}:endpoint/ghost".')


def test_a_model_needs_one_primary_container_or_containers(sm: Any) -> None:
    container = {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"}
    for kind, extra in [
        ("none", {}),
        ("empty", {"Containers": []}),
        ("both", {"PrimaryContainer": container, "Containers": [container]}),
        ("primary-and-empty", {"PrimaryContainer": container, "Containers": []}),
    ]:
        with pytest.raises(ClientError) as excinfo:
            sm.create_model(ModelName=f"model-{kind}", ExecutionRoleArn=ROLE, **extra)
        assert error_of(excinfo)[0] == "ValidationException", kind
    assert sm.list_models()["Models"] == []
    sm.create_model(ModelName="pipeline", ExecutionRoleArn=ROLE, Containers=[container, container])


def test_bad_instance_type_is_rejected(sm: Any) -> None:
    create_model(sm)
    with pytest.raises(ClientError) as excinfo:
        sm.create_endpoint_config(
            EndpointConfigName="c",
            ProductionVariants=[{"VariantName": "v", "ModelName": "model-a", "InstanceType": "ml.t1.huge"}],
        )
    code, message = error_of(excinfo)
    assert code == "ValidationException"
    assert (
        "Value 'ml.t1.huge' at 'productionVariants.1.member.instanceType' failed to satisfy constraint"
        in message
    )


def test_create_goes_creating_then_in_service(aws: LocalSageMaker, sm: Any, runtime: Any) -> None:
    aws.timings.endpoint_create = 0.5  # room for the calls made while Creating, even on a busy machine
    create_model(sm)
    create_config(sm, "config-1", [("A", 2.0, 1), ("B", 0.0, 3)])
    deployment = {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}
        }
    }
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1", DeploymentConfig=deployment)
    creating = describe(sm)
    assert creating["EndpointStatus"] == "Creating"
    assert "ProductionVariants" not in creating
    with pytest.raises(ClientError) as excinfo:
        invoke(runtime)
    assert error_of(excinfo) == ("ValidationError", "Endpoint ep of account 123456789012 not found.")
    ready = in_service(sm)
    assert ready["EndpointStatus"] == "InService"
    assert ready["LastDeploymentConfig"] == deployment
    variants = {v["VariantName"]: v for v in ready["ProductionVariants"]}
    assert (variants["A"]["CurrentWeight"], variants["A"]["DesiredWeight"]) == (2.0, 2.0)
    assert (variants["B"]["CurrentWeight"], variants["B"]["DesiredWeight"]) == (0.0, 0.0)
    assert (variants["B"]["CurrentInstanceCount"], variants["B"]["DesiredInstanceCount"]) == (3, 3)
    assert variants["A"]["DeployedImages"][0]["SpecifiedImage"].endswith("xgboost:1")
    answer = invoke(runtime)
    assert answer["InvokedProductionVariant"] == "A"  # B has weight 0
    assert answer["ContentType"] == "text/csv"
    assert answer["Body"].read().decode() in {f"{d}.0" for d in range(10)}
    assert invoke(runtime, TargetVariant="B")["InvokedProductionVariant"] == "B"
    assert [e["EndpointName"] for e in sm.list_endpoints(StatusEquals="InService")["Endpoints"]] == ["ep"]


def test_invoke_routes_by_weight_and_fails_for_missing_endpoint(sm: Any, runtime: Any) -> None:
    deploy(sm, [("Big", 3.0, 1), ("Small", 1.0, 1)])
    counts = Counter(invoke(runtime)["InvokedProductionVariant"] for _ in range(40))
    assert counts["Big"] + counts["Small"] == 40
    assert 24 <= counts["Big"] <= 36
    with pytest.raises(ClientError) as excinfo:
        invoke(runtime, name="missing")
    assert error_of(excinfo) == ("ValidationError", "Endpoint missing of account 123456789012 not found.")


def test_update_while_creating_is_rejected(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.endpoint_create = 5.0
    create_model(sm)
    create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])
    create_config(sm, "config-2", [("AllTraffic", 1.0, 2)])
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    with pytest.raises(ClientError) as excinfo:
        sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    assert error_of(excinfo) == (
        "ValidationException",
        f'Cannot update in-progress endpoint "{ARN}:endpoint/ep".',
    )
    with pytest.raises(ClientError) as excinfo:
        sm.delete_endpoint(EndpointName="ep")
    assert error_of(excinfo)[0] == "ValidationException"


def test_update_serves_during_updating_then_switches_config(
    aws: LocalSageMaker, sm: Any, runtime: Any
) -> None:
    deploy(sm, [("Blue", 1.0, 1)])
    create_config(sm, "config-2", [("Green", 1.0, 2)])
    aws.timings.endpoint_update = 0.4
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    updating = describe(sm)
    assert updating["EndpointStatus"] == "Updating"
    assert updating["EndpointConfigName"] == "config-1"
    assert updating["PendingDeploymentSummary"]["EndpointConfigName"] == "config-2"
    assert updating["PendingDeploymentSummary"]["ProductionVariants"][0]["VariantName"] == "Green"
    assert invoke(runtime)["InvokedProductionVariant"] == "Blue"  # still serving while Updating
    with pytest.raises(ClientError) as excinfo:
        sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    assert error_of(excinfo)[1] == f'Cannot update in-progress endpoint "{ARN}:endpoint/ep".'
    with pytest.raises(ClientError):
        sm.delete_endpoint(EndpointName="ep")
    done = in_service(sm)
    assert done["EndpointStatus"] == "InService"
    assert done["EndpointConfigName"] == "config-2"
    assert "PendingDeploymentSummary" not in done
    assert [(v["VariantName"], v["CurrentInstanceCount"]) for v in done["ProductionVariants"]] == [
        ("Green", 2)
    ]
    assert invoke(runtime)["InvokedProductionVariant"] == "Green"


def test_failed_update_rolls_back_to_the_old_config(aws: LocalSageMaker, sm: Any, runtime: Any) -> None:
    deploy(sm, [("Blue", 1.0, 1)])
    create_config(sm, "config-2", [("Green", 1.0, 1)])
    aws.fail_endpoint_update("ep", reason="health check failed")
    # Statuses last as long as the timings say when the endpoint is looked at (they are read lazily):
    # RollingBack is held until it has been seen, however slowly a loaded machine polls.
    aws.timings.endpoint_update, aws.timings.rollback = 0.3, 3600.0
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    statuses = []

    def fetch() -> dict[str, Any]:
        answer = describe(sm)
        if not statuses or statuses[-1] != answer["EndpointStatus"]:
            statuses.append(answer["EndpointStatus"])
        if answer["EndpointStatus"] == "RollingBack":
            aws.timings.rollback = 0.0
        return answer

    final = wait_until(fetch, lambda a: a["EndpointStatus"] == "InService")
    assert statuses == ["Updating", "RollingBack", "InService"]
    assert final["EndpointConfigName"] == "config-1"
    assert final["FailureReason"] == "health check failed"
    assert [v["VariantName"] for v in final["ProductionVariants"]] == ["Blue"]
    assert invoke(runtime)["InvokedProductionVariant"] == "Blue"
    # One-shot: the next update goes through.
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    assert in_service(sm)["EndpointConfigName"] == "config-2"


def test_weights_and_capacities_change_only_what_is_sent(aws: LocalSageMaker, sm: Any) -> None:
    deploy(sm, [("A", 1.0, 2), ("B", 1.0, 3)])
    aws.timings.endpoint_update = 0.3
    sm.update_endpoint_weights_and_capacities(
        EndpointName="ep", DesiredWeightsAndCapacities=[{"VariantName": "A", "DesiredWeight": 0.5}]
    )
    updating = describe(sm)
    assert updating["EndpointStatus"] == "Updating"
    a = next(v for v in updating["ProductionVariants"] if v["VariantName"] == "A")
    assert (a["CurrentWeight"], a["DesiredWeight"]) == (1.0, 0.5)
    done = {v["VariantName"]: v for v in in_service(sm)["ProductionVariants"]}
    assert (done["A"]["CurrentWeight"], done["A"]["DesiredWeight"]) == (0.5, 0.5)
    assert (done["A"]["CurrentInstanceCount"], done["A"]["DesiredInstanceCount"]) == (2, 2)  # kept
    assert (done["B"]["CurrentWeight"], done["B"]["CurrentInstanceCount"]) == (1.0, 3)
    sm.update_endpoint_weights_and_capacities(
        EndpointName="ep", DesiredWeightsAndCapacities=[{"VariantName": "B", "DesiredInstanceCount": 5}]
    )
    done = {v["VariantName"]: v for v in in_service(sm)["ProductionVariants"]}
    assert (done["B"]["CurrentWeight"], done["B"]["CurrentInstanceCount"]) == (1.0, 5)
    with pytest.raises(ClientError) as excinfo:
        sm.update_endpoint_weights_and_capacities(
            EndpointName="ep", DesiredWeightsAndCapacities=[{"VariantName": "Z", "DesiredWeight": 1.0}]
        )
    assert error_of(excinfo)[0] == "ValidationException"


def test_retain_all_variant_properties(sm: Any) -> None:
    deploy(sm, [("A", 1.0, 1)])
    sm.update_endpoint_weights_and_capacities(
        EndpointName="ep", DesiredWeightsAndCapacities=[{"VariantName": "A", "DesiredInstanceCount": 4}]
    )
    in_service(sm)
    create_config(sm, "config-2", [("A", 1.0, 1)])
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2", RetainAllVariantProperties=True)
    (variant,) = in_service(sm)["ProductionVariants"]
    assert variant["CurrentInstanceCount"] == 4
    create_config(sm, "config-3", [("A", 1.0, 1)])
    sm.update_endpoint(
        EndpointName="ep",
        EndpointConfigName="config-3",
        RetainAllVariantProperties=True,
        ExcludeRetainedVariantProperties=[{"VariantPropertyType": "DesiredInstanceCount"}],
    )
    (variant,) = in_service(sm)["ProductionVariants"]
    assert variant["CurrentInstanceCount"] == 1


def test_create_failure_and_delete(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_endpoint_create(reason="container did not start")
    create_model(sm)
    create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])
    sm.create_endpoint(
        EndpointName="ep", EndpointConfigName="config-1", Tags=[{"Key": "team", "Value": "ml"}]
    )
    failed = in_service(sm)
    assert (failed["EndpointStatus"], failed["FailureReason"]) == ("Failed", "container did not start")
    with pytest.raises(ClientError) as excinfo:
        sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    assert error_of(excinfo)[0] == "ValidationException"
    sm.delete_endpoint(EndpointName="ep")
    assert describe(sm)["EndpointStatus"] == "Deleting"
    with pytest.raises(ClientError) as excinfo:
        wait_until(lambda: describe(sm), lambda a: False)
    assert error_of(excinfo) == ("ValidationException", f'Could not find endpoint "{ARN}:endpoint/ep".')
    assert sm.list_endpoints()["Endpoints"] == []
    # The name is free again, and the failure injection was consumed.
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    assert in_service(sm)["EndpointStatus"] == "InService"
    assert sm.list_tags(ResourceArn=f"{ARN}:endpoint/ep")["Tags"] == []


def test_tags_add_list_delete(sm: Any) -> None:
    create_model(sm)
    arn = f"{ARN}:model/model-a"
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "dev"}])
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "ml"},
        {"Key": "env", "Value": "prod"},
    ]
    sm.delete_tags(ResourceArn=arn, TagKeys=["team", "absent"])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    for call in (
        lambda: sm.list_tags(ResourceArn=f"{ARN}:endpoint/ghost"),
        lambda: sm.add_tags(ResourceArn=f"{ARN}:training-job/ghost", Tags=[{"Key": "k", "Value": "v"}]),
        lambda: sm.delete_tags(ResourceArn=f"{ARN}:model/ghost", TagKeys=["k"]),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo)[0] == "ValidationException"
        assert "not found" in error_of(excinfo)[1]
