"""The full lifecycle of every kind as whole programs, step by step, with what the local SageMaker must
hold after each step (listed from SageMaker itself, never read from state). The fault and crash
suites run these under faults and deaths; a step may be re-run, as a user re-runs `pulumi up`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pulumi_sagemaker as sm
from pulumi_sagemaker.testing import LocalSageMaker, ResourceError, State, refresh, run

from .. import tuning_inputs
from ..job_cases import CASES, Case
from ..test_hosting_specs import autoscaled, python_spec, variant

Program = Callable[[], None]
Expect = Callable[[LocalSageMaker, State], None]
ACTIVE = {"InProgress", "Stopping"}


@dataclass(frozen=True)
class Step:
    name: str  # create, in-place, rollout, replace, run, tags, refresh, delete
    program: Program | None  # None: a refresh
    expect: Expect
    before: Callable[[LocalSageMaker], None] = lambda local: None  # e.g. jobs that run long enough


@dataclass(frozen=True)
class Lifecycle:
    id: str
    steps: tuple[Step, ...]
    prepare: Callable[[LocalSageMaker], None] = lambda local: None
    # The mutating steps the crash suite kills the provider in (all but refresh).
    crashable: tuple[str, ...] = field(default=())


# -- jobs --------------------------------------------------------------------------------------------


def job_program(case: Case, spec: dict[str, Any] | None) -> Program:
    def program() -> None:
        if spec is not None:
            resource = {
                "TrainingJob": sm.TrainingJob,
                "HyperparameterTuningJob": sm.HyperparameterTuningJob,
                "BatchTransformJob": sm.BatchTransformJob,
                "ProcessingJob": sm.ProcessingJob,
            }[case.kind.type_name]
            resource("job", **spec)

    return program


def jobs_listed(local: LocalSageMaker, case: Case) -> list[dict[str, Any]]:
    status = case.kind.status_member
    found = case.jobs(local)
    return [{"name": j[case.kind.name_member], "status": j[status]} for j in found]


def expect_jobs(
    case: Case, count: int, *, in_state: bool = True, tags: dict[str, str] | None = None, running: int = 0
) -> Expect:
    """`count` jobs of the kind, each name once, at most `running` of them still running (and then the
    one in state); the one in state among them."""

    def check(local: LocalSageMaker, state: State) -> None:
        listed = jobs_listed(local, case)
        names = [j["name"] for j in listed]
        assert len(names) == len(set(names)) == count, listed
        active = [j["name"] for j in listed if j["status"] in ACTIVE]
        assert len(active) <= running, f"left running: {listed}"
        if active:
            assert active == [state.get("job").id], f"running, and not the one in state: {listed}"
        if in_state:
            assert state.get("job").id in names
        else:
            assert "job" not in state
        if tags is not None:
            arn = state.get("job").outputs["arn"]
            found = {t["Key"]: t["Value"] for t in local.client().list_tags(ResourceArn=arn)["Tags"]}
            assert {k: v for k, v in found.items() if not k.startswith("pulumi-sagemaker:")} == tags

    return check


def rerun(case: Case) -> dict[str, Any]:
    """A third spec of the kind, one more replacement."""
    if case.kind.type_name == "HyperparameterTuningJob":
        return tuning_inputs.python_spec(
            training_job_definition=tuning_inputs.definition(environment={"RUN": "3"})
        )
    return case.spec(environment={"RUN": "3"})


def job_lifecycle(case: Case) -> Lifecycle:
    base = case.spec()
    retagged = case.spec(tags={"env": "dev"})  # one key removed, one added
    return Lifecycle(
        case.id,
        (
            Step("create", job_program(case, base), expect_jobs(case, 1, tags=base.get("tags"))),
            Step("tags", job_program(case, retagged), expect_jobs(case, 1, tags={"env": "dev"})),
            Step("refresh", None, expect_jobs(case, 1)),
            Step("replace", job_program(case, case.changed()), expect_jobs(case, 2)),
            # Replaced again, and returned from once it runs: the destroy then has a job to stop.
            Step(
                "run",
                job_program(case, {**rerun(case), "wait_for": "InProgress"}),
                expect_jobs(case, 3, running=1),
                before=case.slow,
            ),
            Step("delete", job_program(case, None), expect_jobs(case, 3, in_state=False)),
        ),
        prepare=case.prepare,
        crashable=("create", "tags", "replace", "run", "delete"),
    )


# -- hosting -----------------------------------------------------------------------------------------


def hosting_program(spec: dict[str, Any] | None) -> Program:
    def program() -> None:
        if spec is not None:
            sm.HostingDeployment("hosting", **spec)

    return program


def listed(local: LocalSageMaker) -> tuple[list[str], list[str], list[str], list[tuple[str, int, int]]]:
    sm_client = local.client()
    models = sorted(m["ModelName"] for m in sm_client.list_models(MaxResults=100)["Models"])
    configs = sorted(
        c["EndpointConfigName"] for c in sm_client.list_endpoint_configs(MaxResults=100)["EndpointConfigs"]
    )
    endpoints = sorted(e["EndpointName"] for e in sm_client.list_endpoints(MaxResults=100)["Endpoints"])
    aas = local.client("application-autoscaling")
    targets = sorted(
        (t["ResourceId"], t["MinCapacity"], t["MaxCapacity"])
        for t in aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    )
    return models, configs, endpoints, targets


def expect_hosting(
    instance_type: str, count: int, bounds: tuple[int, int] | None, tags: dict[str, str]
) -> Expect:
    """One endpoint InService on one config (the spec's), its one model, autoscaling as the spec says."""

    def check(local: LocalSageMaker, state: State) -> None:
        outs = state.get("hosting").outputs
        endpoint = state.get("hosting").id
        models, configs, endpoints, targets = listed(local)
        described = local.client().describe_endpoint(EndpointName=endpoint)
        assert described["EndpointStatus"] == "InService"
        assert endpoints == [endpoint] and configs == [described["EndpointConfigName"]], (endpoints, configs)
        assert models == sorted(_unmarked(outs["model_names"]).values()), models
        config = local.client().describe_endpoint_config(EndpointConfigName=configs[0])
        (served,) = config["ProductionVariants"]
        assert served["InstanceType"] == instance_type
        (live,) = described["ProductionVariants"]
        if bounds is None:
            assert live["CurrentInstanceCount"] == count and targets == []
        else:
            assert targets == [(f"endpoint/{endpoint}/variant/AllTraffic", *bounds)]
        found = {
            t["Key"]: t["Value"]
            for t in local.client().list_tags(ResourceArn=described["EndpointArn"])["Tags"]
        }
        assert {k: v for k, v in found.items() if not k.startswith("pulumi-sagemaker:")} == tags

    return check


def expect_nothing(local: LocalSageMaker, state: State) -> None:
    assert listed(local) == ([], [], [], []) and "hosting" not in state


def _unmarked(value: Any) -> Any:
    from pulumi_sagemaker.testing._wire import unwrap_secrets

    return unwrap_secrets(value)


def hosting_spec(
    instance_type: str = "ml.r5.large", count: int = 1, autoscale: bool = True, **more: Any
) -> dict[str, Any]:
    spec = python_spec(production_variants=[variant(instance_type=instance_type, count=count)], **more)
    return autoscaled(spec) if autoscale else spec


HOSTING = Lifecycle(
    "HostingDeployment",
    (
        Step("create", hosting_program(hosting_spec()), expect_hosting("ml.r5.large", 1, (1, 4), {})),
        Step(
            "in-place",
            hosting_program(hosting_spec(count=2, autoscale=False)),
            expect_hosting("ml.r5.large", 2, None, {}),
        ),
        Step(
            "rollout",
            hosting_program(hosting_spec("ml.c5.xlarge", count=2)),
            expect_hosting("ml.c5.xlarge", 2, (1, 4), {}),
        ),
        Step("refresh", None, expect_hosting("ml.c5.xlarge", 2, (1, 4), {})),
        Step(
            "tags",
            hosting_program(hosting_spec("ml.c5.xlarge", count=2, tags={"team": "ml"})),
            expect_hosting("ml.c5.xlarge", 2, (1, 4), {"team": "ml"}),
        ),
        Step("delete", hosting_program(None), expect_nothing),
    ),
    crashable=("create", "in-place", "rollout", "tags", "delete"),
)

LIFECYCLES = (*(job_lifecycle(case) for case in CASES), HOSTING)


# -- running -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    state: State
    failed_runs: int = 0  # runs that failed and were run again, as a user would


def step(
    lifecycle_step: Step,
    state: State,
    config: dict[str, str],
    attempts: int = 6,
    local: LocalSageMaker | None = None,
) -> Outcome:
    """Run one step (an `up`, or a refresh then nothing), re-running it after a failure as a user
    would, at most `attempts` times."""
    failed = 0
    last: ResourceError | None = None
    if local is not None:
        lifecycle_step.before(local)
    for _ in range(attempts):
        try:
            if lifecycle_step.program is None:
                return Outcome(refresh(state, config=config).state, failed)
            return Outcome(run(lifecycle_step.program, config=config, state=state).state, failed)
        except ResourceError as exc:
            failed += 1
            last = exc
            state = exc.state
    raise AssertionError(f"{lifecycle_step.name} still failing after {attempts} runs: {last}") from last
