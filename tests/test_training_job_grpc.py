"""TrainingJob through the Pulumi SDK's own dynamic-provider server: what only a training job shows there (the
lifecycle every job kind shares over gRPC is in test_job_kinds_grpc.py)."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.testing import UNKNOWN, ProviderServer
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
