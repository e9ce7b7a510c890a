"""TrainingJob's provider hooks called directly against the local SageMaker over HTTP."""

from __future__ import annotations

import io
import threading
import time

import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.aws import AwsError, AwsUnreachable
from pulumi_sagemaker.lifecycle import AdoptionConflict, JobFailed, NameTaken, WaitTimeout
from pulumi_sagemaker.lifecycle.jobs import JobLifecycle
from pulumi_sagemaker.lifecycle.ownership import OWNER_TAG
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.shapes import SpecError

from .conftest import configured
from .training_inputs import XGBOOST, as_engine_sends, operator_spec, python_spec


@pytest.fixture
def provider(local):
    return configured(TrainingJobProvider, local.config)


def checked(provider, spec, **options):
    result = provider.check({}, as_engine_sends({**spec, **options, "name_seed": "demo/local/mnist"}))
    assert not result.failures, result.failures
    return as_engine_sends(result.inputs)


def sagemaker_jobs(local):
    return local.client().list_training_jobs()["TrainingJobSummaries"]


def test_create_waits_for_completion_with_visible_progress(local, provider, capsys):
    # Phases long enough to be seen by every poll, with the log tail's client (cached per process) built
    # first: building one takes longer than a phase on a loaded machine.
    local.timings.training_phase = 0.3
    provider.lifecycle.aws.client("logs")
    result = provider.create(checked(provider, python_spec()))
    outs = result.outs
    assert outs["status"] == "Completed"
    assert result.id == outs["training_job_name"]
    assert outs["training_job_name"].startswith("mnist-") and len(outs["training_job_name"]) <= 63
    assert outs["model_artifacts"] == f"s3://bucket/jobs/{result.id}/output/model.tar.gz"
    assert outs["arn"].endswith(f":training-job/{result.id.lower()}")
    assert outs["billable_seconds"] is not None and outs["end_time"]
    assert "/aws/sagemaker/TrainingJobs" in outs["log_url"] and result.id in outs["log_url"]
    # The inputs are kept in canonical form so the next diff compares like with like.
    assert outs["resource_config"]["instance_type"] == "ml.m5.xlarge"
    progress = capsys.readouterr().err
    order = [progress.index(s) for s in ("Starting", "Downloading", "Training (", "Uploading", "Completed")]
    assert order == sorted(order), progress


def test_operator_manifest_spec_and_python_spec_are_the_same_job(provider):
    from_python = checked(provider, python_spec())
    from_manifest = checked(provider, operator_spec())
    assert from_manifest == from_python
    assert provider.diff("x", from_python, from_manifest).changes is False


def test_wait_for_in_progress_returns_once_started(local, provider):
    local.timings.training_phase = 0.5
    outs = provider.create(checked(provider, python_spec(), wait_for="InProgress")).outs
    assert outs["status"] == "InProgress"
    assert outs["secondary_status"] not in ("Starting", None)


def test_failed_job_fails_with_reason_and_log_url_on_first_line(local, provider):
    local.fail_training_job(reason="AlgorithmError: num_class must be set for multi:softmax")
    with pytest.raises(JobFailed) as failure:
        provider.create(checked(provider, python_spec()))
    first_line = str(failure.value).splitlines()[0]
    assert "Failed: AlgorithmError: num_class must be set" in first_line
    assert "logs: https://us-east-1.console.aws.amazon.com/cloudwatch/" in first_line


def test_a_multi_line_failure_reason_is_whole_on_the_first_line(local, provider):
    reason = (
        'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "ModuleNotFoundError: No module'
    )
    local.fail_training_job(reason=reason + " named 'xgboost'\"")
    with pytest.raises(JobFailed) as failure:
        provider.create(checked(provider, python_spec()))
    first_line = str(failure.value).splitlines()[0]
    assert "ExitCode 1 ErrorMessage \"ModuleNotFoundError: No module named 'xgboost'\"" in first_line
    assert "(logs: https://" in first_line


def test_a_job_that_fails_after_up_returned_is_reported_and_run_again_by_the_next_up(local, provider, capsys):
    local.timings.training_phase = 0.3
    local.fail_training_job(reason="AlgorithmError: out of memory", at="Training")
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    outs = as_engine_sends(created.outs)
    assert outs["status"] == "InProgress"
    while local.client().describe_training_job(TrainingJobName=created.id)["TrainingJobStatus"] != "Failed":
        time.sleep(0.05)
    # An `up` that changes tags finds it Failed: the outputs say so, and the progress says what comes next.
    retagged = checked(provider, python_spec(tags={"team": "research"}), wait_for="InProgress")
    outs = as_engine_sends(provider.update(created.id, outs, retagged).outs)
    assert outs["status"] == "Failed" and outs["failure_reason"] == "AlgorithmError: out of memory"
    assert "ended Failed (AlgorithmError: out of memory); the next `pulumi up` runs it again" in (
        capsys.readouterr().err
    )
    # That next `up`: the same inputs, yet a replacement; the new job gets a new name and completes.
    diff = provider.diff(created.id, outs, retagged)
    assert diff.changes and diff.replaces == ["status"]
    again = provider.create(checked(provider, python_spec(tags={"team": "research"})))
    assert again.id != created.id and again.outs["status"] == "Completed"


def test_a_job_left_running_is_waited_for_by_the_next_up_that_wants_it_completed(local, provider):
    local.timings.training_phase = 0.1
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    outs = as_engine_sends(created.outs)
    assert outs["status"] == "InProgress"
    news = checked(provider, python_spec())  # wait_for back to Completed, as an earlier wait failed
    assert provider.diff(created.id, {**outs, "wait_for": "Completed"}, news).changes
    assert provider.update(created.id, outs, news).outs["status"] == "Completed"


def test_rerun_after_failure_starts_a_new_job_under_a_new_name(local, provider):
    local.fail_training_job(reason="InternalServerError: capacity")
    with pytest.raises(JobFailed):
        provider.create(checked(provider, python_spec()))
    outs = provider.create(checked(provider, python_spec())).outs
    assert outs["status"] == "Completed"
    statuses = sorted(j["TrainingJobStatus"] for j in sagemaker_jobs(local))
    assert statuses == ["Completed", "Failed"]


def test_diff_replaces_on_spec_change_and_updates_tags_and_wait_options_in_place(provider):
    olds = checked(provider, python_spec())
    bigger = checked(
        provider,
        python_spec(
            resource_config={"instance_type": "ml.m5.2xlarge", "instance_count": 1, "volume_size_in_gb": 5}
        ),
    )
    diff = provider.diff("id", olds, bigger)
    assert diff.changes and diff.replaces == ["resource_config"]
    retagged = provider.diff("id", olds, checked(provider, python_spec(tags={"team": "ml", "env": "dev"})))
    assert retagged.changes and not retagged.replaces
    waiting = provider.diff("id", olds, checked(provider, python_spec(), wait_for="InProgress"))
    assert waiting.changes and not waiting.replaces
    assert provider.diff("id", olds, checked(provider, python_spec())).changes is False


def test_options_are_read_in_any_casing_like_every_input(provider):
    inputs = provider.check({}, python_spec(waitFor="InProgress", waitTimeoutSeconds=60)).inputs
    assert inputs["wait_for"] == "InProgress" and inputs["wait_timeout_seconds"] == 60.0
    failures = {f.property: f.reason for f in provider.check({}, python_spec(WaitFor="Soon")).failures}
    assert "must be one of Completed, InProgress" in failures["WaitFor"]
    twice = provider.check({}, python_spec(wait_for="Completed", waitFor="InProgress")).failures
    assert [f.property for f in twice] == ["waitFor"]


def test_an_empty_map_is_the_member_left_out(provider):
    without = checked(provider, {k: v for k, v in python_spec().items() if k != "hyper_parameters"})
    empty = checked(provider, python_spec(hyper_parameters={}, environment={}))
    assert provider.diff("id", without, empty).changes is False
    assert provider.diff("id", empty, without).changes is False


def test_tags_change_in_place(local, provider):
    created = provider.create(checked(provider, python_spec(tags={"team": "ml", "old": "x"})))
    news = checked(provider, python_spec(tags={"team": "research", "env": "dev"}))
    outs = provider.update(created.id, created.outs, news).outs
    tags = local.client().list_tags(ResourceArn=outs["arn"])["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {
        "team": "research",
        "env": "dev",
        OWNER_TAG: "demo/local/mnist",
    }
    assert outs["tags"] == {"team": "research", "env": "dev"}
    assert len(sagemaker_jobs(local)) == 1
    assert not local.calls_to("CreateTrainingJob")[1:], "tags must not start a second job"


def warm(keep_alive: int, instance_type: str = "ml.m5.xlarge") -> dict:
    return {
        "instance_type": instance_type,
        "instance_count": 1,
        "volume_size_in_gb": 5,
        "keep_alive_period_in_seconds": keep_alive,
    }


def test_update_training_job_members_change_in_place_and_the_rest_replaces(provider):
    olds = checked(provider, python_spec(resource_config=warm(60)))
    for news in (
        python_spec(resource_config=warm(300)),
        python_spec(resource_config=warm(60), profiler_config={"profiling_interval_in_milliseconds": 500}),
        python_spec(resource_config=warm(60), remote_debug_config={"enable_remote_debug": True}),
    ):
        diff = provider.diff("id", olds, checked(provider, news))
        assert diff.changes and diff.replaces == [], news
    moved = provider.diff(
        "id", olds, checked(provider, python_spec(resource_config=warm(60, "ml.m5.2xlarge")))
    )
    assert moved.replaces == ["resource_config"], "the instance type is not the warm pool's to change"
    rules = [{"rule_configuration_name": "r", "rule_evaluator_image": XGBOOST}]
    added = provider.diff("id", olds, checked(provider, python_spec(profiler_rule_configurations=rules)))
    assert "profiler_rule_configurations" in added.replaces, "UpdateTrainingJob can only add rules"


def test_a_running_jobs_warm_pool_and_profiler_are_updated_with_one_call(local, provider, capsys):
    local.timings.training_phase = 0.5
    created = provider.create(checked(provider, python_spec(resource_config=warm(60)), wait_for="InProgress"))
    news = checked(
        provider,
        python_spec(resource_config=warm(600), profiler_config={"profiling_interval_in_milliseconds": 500}),
    )
    outs = provider.update(created.id, as_engine_sends(created.outs), news).outs
    (update,) = local.calls_to("UpdateTrainingJob")
    assert update.params == {
        "TrainingJobName": created.id,
        "ProfilerConfig": {"ProfilingIntervalInMilliseconds": 500},
        "ResourceConfig": {"KeepAlivePeriodInSeconds": 600},
    }
    described = local.client().describe_training_job(TrainingJobName=created.id)
    assert described["ResourceConfig"]["KeepAlivePeriodInSeconds"] == 600
    assert outs["status"] == "Completed" and len(sagemaker_jobs(local)) == 1
    assert "updated profiler_config, resource_config in place" in capsys.readouterr().err


def test_a_removed_warm_pool_is_switched_off_in_place(local, provider):
    local.timings.training_phase = 0.5
    created = provider.create(checked(provider, python_spec(resource_config=warm(60)), wait_for="InProgress"))
    news = checked(provider, python_spec(resource_config=warm(60) | {"keep_alive_period_in_seconds": None}))
    provider.update(created.id, as_engine_sends(created.outs), news)
    (update,) = local.calls_to("UpdateTrainingJob")
    assert update.params["ResourceConfig"] == {"KeepAlivePeriodInSeconds": 0}


def test_an_update_sagemaker_refuses_on_an_ended_job_says_so(local, provider):
    created = provider.create(checked(provider, python_spec()))
    news = checked(provider, python_spec(remote_debug_config={"enable_remote_debug": True}))
    with pytest.raises(
        AwsError,
        match=r"^TrainingJob mnist-\w+: SageMaker UpdateTrainingJob was refused .*in status Completed",
    ):
        provider.update(created.id, as_engine_sends(created.outs), news)


def test_destroy_stops_an_in_progress_job_and_waits_through_stopping(local, provider, capsys):
    local.timings.training_phase = 0.5
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    provider.delete(created.id, created.outs)
    job = local.client().describe_training_job(TrainingJobName=created.id)
    assert job["TrainingJobStatus"] == "Stopped"
    assert local.calls_to("StopTrainingJob")
    assert "Stopping" in capsys.readouterr().err


def test_destroy_of_a_finished_job_stops_nothing(local, provider):
    created = provider.create(checked(provider, python_spec()))
    provider.delete(created.id, created.outs)
    assert not local.calls_to("StopTrainingJob")


def test_read_refreshes_outputs_and_reports_a_missing_job_gone(local, provider):
    local.timings.training_phase = 0.2
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    time.sleep(1.0)
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.id == created.id and refreshed.outs["status"] == "Completed"
    assert refreshed.outs["model_artifacts"]
    gone = provider.read("job-deleted-outside-pulumi", created.outs)
    assert gone.id is None


def test_adopts_the_job_an_interrupted_up_created(local):
    provider = configured(TrainingJobProvider, {**local.config, "sagemaker:maxAttempts": "2"})
    spec = checked(provider, python_spec())
    # The first `up` dies after SageMaker accepted the create: every answer to it is lost.
    local.inject_faults(1.0, kinds=("drop",), operations=("CreateTrainingJob",), when="after")
    with pytest.raises(AwsUnreachable, match="Nothing is lost"):
        provider.create(spec)
    local.clear_faults()
    assert len(sagemaker_jobs(local)) == 1
    outs = provider.create(spec).outs
    assert outs["status"] == "Completed"
    assert len(sagemaker_jobs(local)) == 1, "adoption must not start a second job"


def test_adopting_a_job_gives_it_the_tags_of_the_spec(local, provider):
    first = provider.create(checked(provider, python_spec(tags={"team": "ml", "old": "x"})))
    # The engine never recorded it; the next `up` has other tags (tags do not change the name).
    second = provider.create(checked(provider, python_spec(tags={"team": "research"})))
    assert second.id == first.id and len(sagemaker_jobs(local)) == 1
    tags = local.client().list_tags(ResourceArn=second.outs["arn"])["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "research", OWNER_TAG: "demo/local/mnist"}


def test_an_explicit_name_kept_through_a_replacement_is_refused_by_check(local, provider):
    olds = checked(provider, python_spec(training_job_name="mnist-fixed", environment={"MODE": "fast"}))
    news = python_spec(training_job_name="mnist-fixed")  # environment removed: a replacement
    (failure,) = provider.check(olds, news).failures
    assert failure.property == "training_job_name"
    assert "environment changes" in failure.reason and "never reuses a job name" in failure.reason
    renamed = python_spec(training_job_name="mnist-fixed-2")
    assert provider.check(olds, renamed).failures == []
    retagged = python_spec(training_job_name="mnist-fixed", environment={"MODE": "fast"}, tags={"a": "b"})
    assert provider.check(olds, retagged).failures == [], "tags change in place: the name can stay"
    assert local.calls == []


def test_explicit_name_taken_by_a_different_job_is_a_clear_error(local, provider):
    provider.create(checked(provider, python_spec(training_job_name="mnist-fixed")))
    other = checked(
        provider,
        python_spec(
            training_job_name="mnist-fixed",
            resource_config={"instance_type": "ml.c5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        ),
    )
    with pytest.raises(AdoptionConflict, match=r"resource_config\.instance_type"):
        provider.create(other)


def test_explicit_name_of_a_failed_job_cannot_be_reused(local, provider):
    local.fail_training_job(name="mnist-once")
    spec = checked(provider, python_spec(training_job_name="mnist-once"))
    with pytest.raises(JobFailed):
        provider.create(spec)
    with pytest.raises(NameTaken, match="never reuses a job name"):
        provider.create(spec)


def test_bad_inputs_are_rejected_with_property_paths_before_any_call(local, provider):
    bad = python_spec(
        role_arn="sagemaker-role",
        resource_config={"instance_type": "ml.m5.xlarg", "instance_count": 1, "volume_size_in_gb": 5},
        output_data_config={"s3_output_path": "bucket/jobs"},
        training_job_name="-bad-name",
        stoping_condition={"max_runtime_in_seconds": 10},
    )
    failures = {f.property: f.reason for f in provider.check({}, bad).failures}
    assert "role_arn" in failures
    assert "ml.m5.xlarge" in failures["resource_config.instance_type"]  # did you mean
    assert "s3://" in failures["output_data_config.s3_output_path"]
    assert "training_job_name" in failures
    assert "stopping_condition" in failures["stoping_condition"]
    assert provider.check({}, python_spec(wait_for="Done")).failures[0].property == "wait_for"
    with pytest.raises(SpecError):
        provider.create(as_engine_sends(bad))
    assert local.calls == []


def test_a_manifest_region_places_the_job_there_and_moving_it_replaces(local, provider):
    created = provider.create(checked(provider, operator_spec(region="us-west-2")))
    (call,) = local.calls_to("CreateTrainingJob")
    assert call.region == "us-west-2"
    assert created.outs["log_url"].startswith("https://us-west-2.console.aws.amazon.com/")
    outs = as_engine_sends(created.outs)
    assert provider.read(created.id, outs).id == created.id
    provider.delete(created.id, outs)
    assert {c.region for c in local.calls} == {"us-west-2"}, "describe, read and delete go there too"
    # Naming the stack's own region (aws:region, us-east-1 here) moves nothing; another region does.
    here = checked(provider, python_spec())
    assert provider.diff("id", here, checked(provider, python_spec(region="us-east-1"))).changes is False
    moved = provider.diff(created.id, outs, checked(provider, operator_spec(region="eu-west-1")))
    assert moved.changes and moved.replaces == ["region"]


def test_a_job_stays_where_it_was_created_when_the_stacks_region_changes(local, provider):
    local.timings.training_phase = 0.5
    created = provider.create(checked(provider, python_spec(), wait_for="InProgress"))
    outs = as_engine_sends(created.outs)
    assert outs["region"] == "us-east-1", "state records where the job is"
    moved_stack = configured(TrainingJobProvider, {**local.config, "aws:region": "eu-west-1"})
    diff = moved_stack.diff(created.id, outs, checked(moved_stack, python_spec(), wait_for="InProgress"))
    assert diff.replaces == ["region"], "a new stack region moves the job: a replacement, as in pulumi-aws"
    local.clear_calls()
    assert moved_stack.read(created.id, outs).id == created.id
    moved_stack.delete(created.id, outs)  # the old half of that replacement: stopped where it runs
    assert local.calls_to("StopTrainingJob") and {c.region for c in local.calls} == {"us-east-1"}


def test_bad_region_and_a_malformed_operator_endpoint_are_refused_with_the_fix(local, provider):
    failures = {
        f.property: f.reason
        for f in provider.check(
            {}, operator_spec(region="us-wset-2") | {"sageMakerEndpoint": "sagemaker.example"}
        ).failures
    }
    assert set(failures) == {"region", "sageMakerEndpoint"}
    assert "did you mean 'us-west-2'?" in failures["region"]
    assert "must be the http(s):// URL of a SageMaker API endpoint" in failures["sageMakerEndpoint"]
    accepted = provider.check({}, operator_spec() | {"sageMakerEndpoint": "https://vpce-1.sagemaker.example"})
    assert (
        not accepted.failures and accepted.inputs["sage_maker_endpoint"] == "https://vpce-1.sagemaker.example"
    )
    assert local.calls == []


def test_preview_with_unknowns_checks_and_diffs_without_calls(local, provider):
    olds = checked(provider, python_spec())
    news = python_spec(role_arn=Unknown(), output_data_config={"s3_output_path": Unknown()})
    result = provider.check(olds, news)
    assert not result.failures
    diff = provider.diff("id", olds, result.inputs)
    assert set(diff.replaces) == {"role_arn", "output_data_config"}
    assert local.calls == []


def test_survives_throttling_5xx_and_dropped_connections(local, provider):
    local.inject_faults(0.3, seed=7)
    outs = provider.create(checked(provider, python_spec())).outs
    local.clear_faults()
    assert outs["status"] == "Completed"
    assert len(sagemaker_jobs(local)) == 1
    assert local.faults_injected > 0


def test_concurrent_creates_of_distinct_jobs(local, provider):
    results: dict[int, str] = {}

    def run(i: int) -> None:
        spec = checked(provider, python_spec(hyper_parameters={"num_round": str(i)}))
        results[i] = provider.create(spec).outs["status"]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: "Completed" for i in range(4)}
    assert len(sagemaker_jobs(local)) == 4


def test_progress_goes_to_the_stream_given(local):
    stream = io.StringIO()
    provider = configured(TrainingJobProvider, local.config)
    lifecycle = JobLifecycle(provider.kind, provider.lifecycle.aws, stream=stream)
    lifecycle.create(checked(provider, python_spec()))
    assert "[sagemaker] TrainingJob mnist-" in stream.getvalue()


def test_every_kind_of_create_field_reaches_sagemaker(local, provider):
    """Distributed, managed spot with checkpoints, VPC, KMS, isolation, debugger, profiler, env, retries."""
    spec = python_spec(
        resource_config={
            "instance_type": "ml.p3.2xlarge",
            "instance_count": 2,
            "volume_size_in_gb": 50,
            "volume_kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/abcd",
        },
        enable_managed_spot_training=True,
        checkpoint_config={"s3_uri": "s3://bucket/checkpoints/", "local_path": "/opt/ml/checkpoints"},
        stopping_condition={"max_runtime_in_seconds": 3600, "max_wait_time_in_seconds": 7200},
        vpc_config={"security_group_ids": ["sg-0123456789abcdef0"], "subnets": ["subnet-0123456789abcdef0"]},
        output_data_config={"s3_output_path": "s3://bucket/jobs/", "kms_key_id": "alias/sagemaker"},
        enable_network_isolation=True,
        enable_inter_container_traffic_encryption=True,
        debug_hook_config={
            "s3_output_path": "s3://bucket/debug/",
            "hook_parameters": {"save_interval": "10"},
        },
        profiler_config={
            "s3_output_path": "s3://bucket/profiler/",
            "profiling_interval_in_milliseconds": 500,
        },
        environment={"LOG_LEVEL": "debug"},
        retry_strategy={"maximum_retry_attempts": 2},
        algorithm_specification={
            "training_image": "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.14-gpu",
            "training_input_mode": "File",
            "metric_definitions": [{"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}],
        },
    )
    created = provider.create(checked(provider, spec))
    job = local.client().describe_training_job(TrainingJobName=created.id)
    assert job["ResourceConfig"]["InstanceCount"] == 2
    assert job["EnableManagedSpotTraining"] is True
    assert job["CheckpointConfig"]["S3Uri"] == "s3://bucket/checkpoints/"
    assert job["VpcConfig"]["Subnets"] == ["subnet-0123456789abcdef0"]
    assert job["DebugHookConfig"]["HookParameters"] == {"save_interval": "10"}
    assert job["Environment"] == {"LOG_LEVEL": "debug"}
    assert job["RetryStrategy"] == {"MaximumRetryAttempts": 2}
    assert set(created.outs["final_metrics"]) == {"val_acc"}
    assert created.outs["billable_seconds"] <= created.outs["training_seconds"]


def test_own_deadline_fails_the_wait_and_the_next_up_resumes_it(local, provider):
    local.timings.training_phase = 0.4
    with pytest.raises(WaitTimeout, match="still InProgress") as late:
        provider.create(checked(provider, python_spec(), wait_timeout_seconds=0.3))
    assert "the next `pulumi up` adopts it" in str(late.value)
    outs = provider.create(checked(provider, python_spec(), wait_timeout_seconds=30)).outs
    assert outs["status"] == "Completed"
    assert len(sagemaker_jobs(local)) == 1


def test_failures_survive_pickling_with_their_message_and_details():
    import pickle

    from pulumi_sagemaker.hosting import UpdateRolledBack

    failures = [
        JobFailed("TrainingJob", "mnist-1", "Failed", "AlgorithmError: boom", "https://logs"),
        AdoptionConflict("TrainingJob", "mnist-1", ["role_arn is 'a' there, 'b' here"]),
        NameTaken("TrainingJob", "mnist-1", "Stopped", None),
        WaitTimeout("TrainingJob", "mnist-1", "InProgress", 12.0, "Run `pulumi up` again."),
        UpdateRolledBack("ep", "health check", "ep-cfg-1", "ep-cfg-2", "https://logs"),
    ]
    for failure in failures:
        copy = pickle.loads(pickle.dumps(failure))
        assert type(copy) is type(failure) and str(copy) == str(failure)
        assert copy.__dict__ == failure.__dict__


def test_provider_pickles_by_reference_and_never_carries_clients_or_credentials(local):
    import base64

    from pulumi.dynamic.dynamic import serialize_provider

    fresh = serialize_provider(TrainingJobProvider())
    used = configured(TrainingJobProvider, local.config)
    used.lifecycle.aws.client("sagemaker")  # a live client and credentials inside
    assert serialize_provider(used) == fresh
    raw = base64.b64decode(fresh)
    assert len(raw) < 300 and b"pulumi_sagemaker.resources.training_job" in raw
    assert b"testing" not in raw  # the local secret key from config
