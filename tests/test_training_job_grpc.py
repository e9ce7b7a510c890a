"""TrainingJob through the Pulumi SDK's own dynamic-provider server, driven over gRPC as the engine does."""

from __future__ import annotations

import threading
import time

import pytest
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.testing import UNKNOWN, ProviderError, ProviderServer
from pulumi_sagemaker.testing.engine import urn as make_urn

from .training_inputs import python_spec

URN = make_urn("pulumi-python:dynamic/sagemaker:TrainingJob", "mnist")


@pytest.fixture
def server(local):
    with ProviderServer() as srv:
        srv.configure(local.config)
        yield srv


def props(**extra):
    return {
        **python_spec(),
        "name_seed": "demo/local/mnist",
        **extra,
        "__provider": ProviderServer.provider_property(TrainingJobProvider()),
    }


def jobs(local):
    return local.client().list_training_jobs()["TrainingJobSummaries"]


def test_full_lifecycle_over_grpc(local, server):
    inputs, failures = server.check(URN, {}, props())
    assert failures == []
    job_id, outs = server.create(URN, inputs)
    assert outs["status"] == "Completed" and outs["model_artifacts"].endswith("/output/model.tar.gz")

    # Same inputs again: the engine sees no change (floats on the wire compare equal to ints).
    again, _ = server.check(URN, inputs, props())
    assert server.diff(job_id, URN, outs, again).changes is False

    # A tag change is an in-place update; an instance type change is a replacement.
    retagged, _ = server.check(URN, inputs, props(tags={"team": "ml", "env": "dev"}))
    diff = server.diff(job_id, URN, outs, retagged)
    assert diff.changes and diff.replaces == []
    outs = server.update(job_id, URN, outs, retagged)
    assert outs["tags"] == {"team": "ml", "env": "dev"}
    bigger, _ = server.check(
        URN,
        inputs,
        props(
            resource_config={"instance_type": "ml.m5.2xlarge", "instance_count": 1, "volume_size_in_gb": 5}
        ),
    )
    assert server.diff(job_id, URN, outs, bigger).replaces == ["resource_config"]

    read_id, read_outs, _ = server.read(job_id, URN, outs)
    assert read_id == job_id and read_outs["status"] == "Completed"
    server.delete(job_id, URN, outs)
    assert len(jobs(local)) == 1


def test_check_failures_name_property_paths(local, server):
    bad = props(resource_config={"instance_type": "ml.m5.xlarg", "instance_count": 1, "volume_size_in_gb": 5})
    _, failures = server.check(URN, {}, bad)
    assert [p for p, _ in failures] == ["resource_config.instance_type"]
    assert "ml.m5.xlarge" in failures[0][1]
    assert local.calls == []


def test_preview_unknowns_check_and_diff_without_calls(local, server):
    inputs, _ = server.check(URN, {}, props())
    job_id, outs = server.create(URN, inputs)
    local.clear_calls()
    news, failures = server.check(URN, inputs, props(role_arn=UNKNOWN))
    assert failures == []
    diff = server.diff(job_id, URN, outs, news)
    assert diff.replaces == ["role_arn"]
    assert local.calls == []


def test_failed_job_error_reaches_the_engine_with_reason(local, server):
    local.fail_training_job(reason="AlgorithmError: out of memory")
    inputs, _ = server.check(URN, {}, props())
    with pytest.raises(ProviderError) as failure:
        server.create(URN, inputs)
    assert "Failed: AlgorithmError: out of memory (logs: https://" in str(failure.value)


def test_destroy_stops_an_in_progress_job(local, server):
    local.timings.training_phase = 5
    inputs, _ = server.check(URN, {}, props(wait_for="InProgress"))
    job_id, outs = server.create(URN, inputs)
    assert outs["status"] == "InProgress"
    server.delete(job_id, URN, outs)
    assert local.client().describe_training_job(TrainingJobName=job_id)["TrainingJobStatus"] == "Stopped"


def test_provider_killed_mid_create_is_adopted_by_the_next_up(local, server):
    local.timings.training_phase = 0.4
    inputs, _ = server.check(URN, {}, props())
    errors: list[BaseException] = []

    def doomed_create() -> None:
        try:
            server.create(URN, inputs)
        except BaseException as exc:  # the process dies under it
            errors.append(exc)

    thread = threading.Thread(target=doomed_create)
    thread.start()
    deadline = time.monotonic() + 10
    while not local.calls_to("CreateTrainingJob") and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    thread.join(10)
    assert errors, "the create must not have returned"
    assert len(jobs(local)) == 1

    server.restart()
    server.configure(local.config)
    job_id, outs = server.create(URN, inputs)
    assert outs["status"] == "Completed"
    assert len(jobs(local)) == 1, "the next up adopts the job instead of starting a second one"
    assert [j["TrainingJobName"] for j in jobs(local)] == [job_id]
