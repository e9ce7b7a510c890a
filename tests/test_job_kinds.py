"""Every job kind's lifecycle, by the same tests: the provider hooks called directly against the local
SageMaker over HTTP. What only one kind does is in that kind's own test file."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.aws import CALL_COUNTS, AwsUnreachable
from pulumi_sagemaker.lifecycle import JobFailed
from pulumi_sagemaker.lifecycle.ownership import OWNER_TAG
from pulumi_sagemaker.shapes import SpecError

from .conftest import configured
from .job_cases import CASES, LOGGING_CASES, Case
from .training_inputs import as_engine_sends

cases = pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)


@pytest.fixture
def env(local, request):
    case: Case = request.param
    case.prepare(local)
    local.clear_calls()
    return case, configured(case.provider, local.config)


def checked(provider, spec, **options):
    result = provider.check({}, as_engine_sends({**spec, **options, "name_seed": "demo/local/mnist"}))
    assert not result.failures, result.failures
    return as_engine_sends(result.inputs)


def with_env(test):
    return pytest.mark.parametrize("env", CASES, ids=lambda c: c.id, indirect=True)(test)


@with_env
def test_create_waits_until_completed_and_outputs_what_the_kind_declares(local, env, capsys):
    case, provider = env
    result = provider.create(checked(provider, case.spec()))
    outs = result.outs
    assert outs["status"] == "Completed"
    assert set(case.kind.output_names) <= set(outs)
    name = outs[case.kind.name_key]
    assert result.id == name and name.startswith("mnist-") and len(name) <= case.kind.name_limit
    assert outs["arn"].endswith(f"/{name.lower()}")
    assert outs["creation_time"] and outs["end_time"]
    assert f"{case.kind.type_name} {name}: " in capsys.readouterr().err, "progress names the job"
    (created,) = local.calls_to(case.kind.create)
    assert created.params[case.kind.name_member] == name
    owner = {"Key": OWNER_TAG, "Value": "demo/local/mnist"}
    assert created.params["Tags"] == [{"Key": "team", "Value": "ml"}, owner]


@with_env
def test_wait_for_in_progress_returns_once_it_runs(local, env):
    case, provider = env
    case.slow(local)
    outs = provider.create(checked(provider, case.spec(), wait_for="InProgress")).outs
    assert outs["status"] == "InProgress"


@with_env
def test_a_failure_fails_the_up_with_sagemakers_reason_on_the_first_line(local, env):
    case, provider = env
    case.fail(local, "ClientError: the data is not CSV (failure injected)")
    with pytest.raises(JobFailed) as failed:
        provider.create(checked(provider, case.spec()))
    first = str(failed.value).splitlines()[0]
    assert first.startswith(f"{case.kind.type_name} mnist-") and " Failed: " in first
    assert "the data is not CSV" in first
    if case.kind.log_group:
        assert (
            f"(logs: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logStream:group={case.kind.log_group};"
            in first
        )


@with_env
def test_destroy_stops_a_running_job_and_waits_until_it_has_stopped(local, env):
    case, provider = env
    case.slow(local)
    created = provider.create(checked(provider, case.spec(), wait_for="InProgress"))
    provider.delete(created.id, created.outs)
    assert [c.params for c in local.calls_to(case.kind.stop)] == [{case.kind.name_member: created.id}]
    (job,) = case.jobs(local)
    assert job[case.kind.status_member] == "Stopped"


@with_env
def test_destroy_of_an_ended_job_stops_nothing(local, env):
    case, provider = env
    created = provider.create(checked(provider, case.spec()))
    provider.delete(created.id, created.outs)
    assert local.calls_to(case.kind.stop) == []


@with_env
def test_the_job_an_interrupted_up_created_is_adopted_by_the_next_not_run_twice(local, env, capsys):
    case, _ = env
    provider = configured(case.provider, {**local.config, "sagemaker:maxAttempts": "2"})
    spec = checked(provider, case.spec())
    # The first `up` dies after SageMaker accepted the create: every answer to it is lost.
    local.inject_faults(1.0, kinds=("drop",), operations=(case.kind.create,), when="after")
    with pytest.raises(AwsUnreachable, match="Nothing is lost"):
        provider.create(spec)
    local.clear_faults()
    assert len(case.jobs(local)) == 1
    outs = provider.create(spec).outs
    assert outs["status"] == "Completed"
    assert len(case.jobs(local)) == 1, "adoption must not start a second job"
    assert "adopting the existing job" in capsys.readouterr().err


@with_env
def test_tags_change_in_place_and_the_rest_replaces(local, env):
    case, provider = env
    created = provider.create(checked(provider, case.spec()))
    olds = as_engine_sends(created.outs)
    retagged = checked(provider, case.spec(tags={"team": "research"}))
    diff = provider.diff(created.id, olds, retagged)
    assert diff.changes and diff.replaces == []
    outs = provider.update(created.id, olds, retagged).outs
    tags = local.client().list_tags(ResourceArn=outs["arn"])["Tags"]
    owner = {"Key": OWNER_TAG, "Value": "demo/local/mnist"}
    assert tags == [{"Key": "team", "Value": "research"}, owner] and len(case.jobs(local)) == 1
    replaced = provider.diff(created.id, olds, checked(provider, case.changed()))
    assert replaced.changes and replaced.replaces
    assert provider.diff(created.id, olds, checked(provider, case.spec())).changes is False


@with_env
def test_refresh_reads_the_job_and_reports_one_that_is_gone(local, env):
    case, provider = env
    created = provider.create(checked(provider, case.spec()))
    read = provider.read(created.id, as_engine_sends(created.outs))
    assert read.id == created.id and read.outs["status"] == "Completed"
    gone = provider.read("mnist-00000000", as_engine_sends(created.outs))
    assert gone.id is None


@with_env
def test_bad_input_is_refused_with_its_path_before_any_call(local, env):
    case, provider = env
    spec = case.spec(tags={"aws:owner": "me"})
    failures = provider.check({}, as_engine_sends(spec)).failures
    assert [f.property for f in failures] == ["tags['aws:owner']"], failures
    with pytest.raises(SpecError):
        provider.create(as_engine_sends(spec))
    assert local.calls == []


@pytest.mark.parametrize("env", LOGGING_CASES, ids=lambda c: c.id, indirect=True)
def test_the_jobs_log_lines_are_printed_while_up_waits(local, env, capsys):
    case, provider = env
    local.job_output(lines=["epoch 1: loss 0.52", "epoch 2: loss 0.31"])
    outs = provider.create(checked(provider, case.spec())).outs
    err = capsys.readouterr().err
    name = outs[case.kind.name_key]
    shown = [line for line in err.splitlines() if "epoch " in line]
    assert len(shown) == 2, err
    assert shown[0].startswith(f"[sagemaker] {case.kind.type_name} {name}: [") and shown[0].endswith(
        "] epoch 1: loss 0.52"
    )


@pytest.mark.parametrize("env", LOGGING_CASES, ids=lambda c: c.id, indirect=True)
def test_stream_logs_false_prints_none(local, env, capsys):
    case, provider = env
    local.job_output(lines=["epoch 1: loss 0.52"])
    before = sum(n for op, n in CALL_COUNTS.items() if op.startswith("logs:"))
    provider.create(checked(provider, case.spec(), stream_logs=False))
    assert "epoch 1" not in capsys.readouterr().err
    assert sum(n for op, n in CALL_COUNTS.items() if op.startswith("logs:")) == before


@pytest.mark.parametrize("env", LOGGING_CASES, ids=lambda c: c.id, indirect=True)
def test_a_failure_quotes_the_last_log_lines(local, env):
    case, provider = env
    local.job_output(lines=["loading data", "Traceback (most recent call last):", "ValueError: bad row 7"])
    case.fail(local, "AlgorithmError: see the logs (failure injected)")
    with pytest.raises(JobFailed) as failed:
        provider.create(checked(provider, case.spec()))
    message = str(failed.value)
    assert "log lines:" in message and "ValueError: bad row 7" in message.split("log lines:")[1]


def test_the_best_model_is_read_once_and_reused_while_the_best_job_stays(local):
    from .job_cases import CASES

    case = next(c for c in CASES if c.id == "HyperparameterTuningJob")
    provider = configured(case.provider, local.config)
    created = provider.create(checked(provider, case.spec()))
    best = created.outs["best_training_job"]
    described = local.client().describe_training_job(TrainingJobName=best["training_job_name"])
    assert created.outs["best_model_artifacts"] == described["ModelArtifacts"]["S3ModelArtifacts"]
    assert best["model_artifacts"] == created.outs["best_model_artifacts"]
    local.clear_calls()
    olds = as_engine_sends(created.outs)
    provider.update(created.id, olds, checked(provider, case.spec(tags={"team": "research"})))
    provider.read(created.id, olds)
    assert local.calls_to("DescribeTrainingJob") == [], "state already knows the best model"
