"""LocalSageMaker's deployment guardrails: UpdateEndpoint's DeploymentConfig judged against the fleet,
traffic shifted in steps with their baking periods, and CloudWatch alarms that roll an update back
(aws-behaviour.md: "Deployment guardrails"). Before, all of it was stored and ignored."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, Timings

from tests.existing import seed_emulator
from tests.test_local_hosting import create_config, deploy, describe, error_of, in_service, wait_until

TIMINGS = {"endpoint_create": 0.05, "endpoint_update": 0.05, "rollback": 0.05, "endpoint_delete": 0.05}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=Timings(**TIMINGS), check_existence=True) as local:
        yield local


@pytest.fixture
def aws(server: LocalSageMaker) -> Iterator[LocalSageMaker]:
    server.reset()
    seed_emulator(server)
    server.timings = Timings(**TIMINGS, deployment_wait_scale=0.001)
    yield server
    server.rollback_reasons = True


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def blue_green(
    routing: str = "ALL_AT_ONCE", size: dict[str, Any] | None = None, **more: Any
) -> dict[str, Any]:
    traffic: dict[str, Any] = {"Type": routing, "WaitIntervalInSeconds": more.pop("wait", 100)}
    if size is not None:
        traffic["CanarySize" if routing == "CANARY" else "LinearStepSize"] = size
    policy = {
        "TrafficRoutingConfiguration": traffic,
        "TerminationWaitInSeconds": more.pop("termination", 100),
    }
    return {"BlueGreenUpdatePolicy": policy, **more}


def percent(value: int) -> dict[str, Any]:
    return {"Type": "CAPACITY_PERCENT", "Value": value}


def instances(value: int) -> dict[str, Any]:
    return {"Type": "INSTANCE_COUNT", "Value": value}


def refused(sm: Any, config: dict[str, Any], to: str = "config-2") -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        sm.update_endpoint(EndpointName="ep", EndpointConfigName=to, DeploymentConfig=config)
    return error_of(excinfo)


# -- what is refused before anything changes --------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            blue_green("CANARY", percent(60)),
            "CanarySize 60 (CAPACITY_PERCENT) is 60% of the 4 instance(s) of variant AllTraffic: it must be "
            "at most 50% of the variant's instance count.",
        ),
        (
            blue_green("CANARY", instances(3)),
            "CanarySize 3 (INSTANCE_COUNT) is 75% of the 4 instance(s) of variant AllTraffic: it must be "
            "at most 50% of the variant's instance count.",
        ),
        (
            blue_green("LINEAR", percent(5)),
            "LinearStepSize 5 (CAPACITY_PERCENT) is 5% of the 4 instance(s) of variant AllTraffic: it must "
            "be 10-50% of the variant's instance count.",
        ),
        (
            blue_green("LINEAR", instances(3)),
            "LinearStepSize 3 (INSTANCE_COUNT) is 75% of the 4 instance(s) of variant AllTraffic: it must "
            "be 10-50% of the variant's instance count.",
        ),
        (
            blue_green("CANARY"),
            "CanarySize must be specified when the traffic routing Type is CANARY.",
        ),
        (
            {
                "RollingUpdatePolicy": {"MaximumBatchSize": percent(80), "WaitIntervalInSeconds": 60},
            },
            "MaximumBatchSize 80 (CAPACITY_PERCENT) is 80% of the 4 instance(s) of variant AllTraffic: it "
            "must be 5-50% of the variant's instance count.",
        ),
        (
            {
                **blue_green(),
                "RollingUpdatePolicy": {"MaximumBatchSize": percent(25), "WaitIntervalInSeconds": 60},
            },
            "Only one update policy can be specified in DeploymentConfig: BlueGreenUpdatePolicy or "
            "RollingUpdatePolicy.",
        ),
    ],
    ids=["canary-60%", "canary-3-of-4", "linear-5%", "linear-3-of-4", "canary-no-size", "rolling-80%", "two"],
)
def test_sizes_and_policies_are_judged_against_the_new_fleet(
    sm: Any, config: dict[str, Any], message: str
) -> None:
    deploy(sm)
    create_config(sm, "config-2", [("AllTraffic", 1.0, 4)])
    assert refused(sm, config) == ("ValidationException", message)
    assert describe(sm)["EndpointStatus"] == "InService", "nothing started"
    # The limit itself is allowed: a canary of half the fleet.
    sm.update_endpoint(
        EndpointName="ep", EndpointConfigName="config-2", DeploymentConfig=blue_green("CANARY", instances(2))
    )


def test_a_guarded_deployment_keeps_the_variant_names(sm: Any) -> None:
    deploy(sm, [("Blue", 1.0, 2)])
    create_config(sm, "config-2", [("Green", 1.0, 2)])
    assert refused(sm, blue_green("LINEAR", percent(50))) == (
        "ValidationException",
        "A deployment with a BlueGreenUpdatePolicy needs the new endpoint configuration to have the same "
        'variant names as the current one: "config-1" has [Blue], "config-2" has [Green].',
    )
    # Without an update policy (SageMaker's default deployment) variants may change, as for an A/B test.
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")
    assert in_service(sm)["EndpointConfigName"] == "config-2"


def test_the_deployment_config_of_a_create_is_judged_too(sm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        deploy(sm, [("AllTraffic", 1.0, 1)], DeploymentConfig=blue_green("CANARY", instances(1)))
    assert error_of(excinfo)[1].startswith("CanarySize 1 (INSTANCE_COUNT) is 100% of the 1 instance(s)")


# -- traffic shifts in steps, each with its baking period -------------------------------------


def stages_seen(sm: Any) -> tuple[list[tuple[str, str]], float]:
    """The new fleet's (status, message) through an update, and how long the update took."""
    started = time.monotonic()
    seen: list[tuple[str, str]] = []
    while True:
        described = describe(sm)
        if described["EndpointStatus"] != "Updating":
            return seen, time.monotonic() - started
        pending = described["PendingDeploymentSummary"]["ProductionVariants"][0]["VariantStatus"][0]
        step = (pending["Status"], pending.get("StatusMessage", ""))
        if not seen or seen[-1] != step:
            seen.append(step)
        time.sleep(0.01)


def test_a_canary_bakes_then_the_rest_shifts_then_the_old_fleet_waits_out_its_termination(
    aws: LocalSageMaker, sm: Any
) -> None:
    deploy(sm, [("AllTraffic", 1.0, 4)])
    create_config(sm, "config-2", [("AllTraffic", 1.0, 4)])
    aws.timings.deployment_wait_scale = 0.002  # 100 s of baking last 0.2 s
    config = blue_green("CANARY", instances(1), wait=100, termination=50)
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2", DeploymentConfig=config)
    seen, took = stages_seen(sm)
    assert [status for status, _ in seen] == ["Updating", "Baking", "Baking", "Baking"]
    assert [message for _, message in seen[1:]] == [
        "Step 1 of 2: 25% of traffic on the new fleet, baking",
        "Step 2 of 2: 100% of traffic on the new fleet, baking",
        "All traffic on the new fleet: final baking period before the old fleet is terminated",
    ]
    assert took >= 0.05 + 0.2 + 0.2 + 0.1 - 0.02, "provisioning, two bakes and the termination wait"
    done = describe(sm)
    assert (done["EndpointStatus"], done["EndpointConfigName"]) == ("InService", "config-2")
    assert done["LastDeploymentConfig"] == config


def test_linear_steps_each_bake(aws: LocalSageMaker, sm: Any) -> None:
    deploy(sm, [("AllTraffic", 1.0, 4)])
    create_config(sm, "config-2", [("AllTraffic", 1.0, 4)])
    aws.timings.deployment_wait_scale = 0.002
    sm.update_endpoint(
        EndpointName="ep",
        EndpointConfigName="config-2",
        DeploymentConfig=blue_green("LINEAR", percent(25), wait=100, termination=0),
    )
    seen, took = stages_seen(sm)
    assert [message for _, message in seen[1:]] == [
        *(f"Step {i} of 4: {25 * i}% of traffic on the new fleet, baking" for i in range(1, 5)),
    ], "the final baking period lasts 0 s: never seen"
    assert took >= 0.05 + 4 * 0.2 - 0.02


# -- auto-rollback on CloudWatch alarms ---------------------------------------------------------


def alarm(aws: LocalSageMaker, name: str = "endpoint-5xx", state: str | None = None) -> None:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/SageMaker",
        MetricName="Invocation5XXErrors",
        Dimensions=[{"Name": "EndpointName", "Value": "ep"}, {"Name": "VariantName", "Value": "AllTraffic"}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    if state is not None:
        cloudwatch.set_alarm_state(AlarmName=name, StateValue=state, StateReason="test")


def guarded(sm: Any, **more: Any) -> None:
    deploy(sm, [("AllTraffic", 1.0, 2)])
    create_config(sm, "config-2", [("AllTraffic", 1.0, 2)])
    config = blue_green(
        "CANARY", instances(1), AutoRollbackConfiguration={"Alarms": [{"AlarmName": "endpoint-5xx"}]}, **more
    )
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2", DeploymentConfig=config)


def test_an_alarm_in_alarm_while_baking_rolls_the_update_back(aws: LocalSageMaker, sm: Any) -> None:
    alarm(aws, state="OK")
    # Baking and RollingBack last as long as the timings say when the endpoint is looked at (read
    # lazily): long ones hold each until it has been seen, however slowly a loaded machine polls.
    aws.timings.deployment_wait_scale = 1.0  # the canary bakes 100 s
    aws.timings.rollback = 3600.0
    cloudwatch = aws.client("cloudwatch")
    guarded(sm)
    wait_until(
        lambda: describe(sm),
        lambda d: (
            d["PendingDeploymentSummary"]["ProductionVariants"][0]["VariantStatus"][0]["Status"] == "Baking"
        ),
    )
    cloudwatch.set_alarm_state(AlarmName="endpoint-5xx", StateValue="ALARM", StateReason="5xx")
    statuses = [describe(sm)["EndpointStatus"]]
    aws.timings.rollback = 0.0
    done = in_service(sm)
    assert statuses == ["RollingBack"]
    assert done["EndpointConfigName"] == "config-1", "back on the config it served before"
    assert done["FailureReason"].startswith(
        "The deployment was rolled back: CloudWatch alarm endpoint-5xx went into ALARM state during the "
        "baking period (Step 1 of 2: 50% of traffic on the new fleet"
    )


def test_an_alarm_that_fired_and_cleared_unseen_still_rolls_back(aws: LocalSageMaker, sm: Any) -> None:
    alarm(aws, state="OK")
    aws.timings.deployment_wait_scale = 0.005
    guarded(sm)
    time.sleep(0.1)  # provisioned: baking, and nobody looks
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName="endpoint-5xx", StateValue="ALARM", StateReason="5xx")
    cloudwatch.set_alarm_state(AlarmName="endpoint-5xx", StateValue="OK", StateReason="recovered")
    assert in_service(sm)["EndpointConfigName"] == "config-1"


def test_alarms_that_stay_ok_let_the_deployment_finish(aws: LocalSageMaker, sm: Any) -> None:
    alarm(aws, state="OK")
    guarded(sm)
    done = in_service(sm)
    assert (done["EndpointConfigName"], done.get("FailureReason")) == ("config-2", None)


def test_an_alarm_already_firing_rolls_back_at_the_first_step(aws: LocalSageMaker, sm: Any) -> None:
    alarm(aws, state="ALARM")
    guarded(sm)
    assert in_service(sm)["EndpointConfigName"] == "config-1"


def test_rollback_reasons_can_be_left_empty_as_aws_sometimes_does(aws: LocalSageMaker, sm: Any) -> None:
    aws.rollback_reasons = False
    alarm(aws, state="ALARM")
    guarded(sm)
    done = in_service(sm)
    assert done["EndpointConfigName"] == "config-1" and "FailureReason" not in done
    # An injected failure too.
    create_config(sm, "config-3", [("AllTraffic", 1.0, 1)])
    aws.fail_endpoint_update("ep")
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-3")
    done = in_service(sm)
    assert done["EndpointConfigName"] == "config-1" and "FailureReason" not in done
