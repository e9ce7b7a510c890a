"""HostingDeployment through the Pulumi SDK's own dynamic-provider server, driven over gRPC as the
engine drives it: floats on the wire, preview unknowns, errors as the engine shows them, and a provider
killed in the middle of an update."""

from __future__ import annotations

import threading
import time

import pytest
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider
from pulumi_sagemaker.testing import UNKNOWN, ProviderError, ProviderServer
from pulumi_sagemaker.testing.engine import urn as make_urn

from .test_hosting_specs import SEED, ab_spec, model, python_spec, variant

URN = make_urn("pulumi-python:dynamic/sagemaker:HostingDeployment", "hosting")


@pytest.fixture
def server(local):
    with ProviderServer() as srv:
        srv.configure(local.config)
        yield srv


def props(spec):
    return {
        **spec,
        "name_seed": SEED,
        "__provider": ProviderServer.provider_property(HostingDeploymentProvider()),
    }


def configs(local):
    return sorted(c["EndpointConfigName"] for c in local.client().list_endpoint_configs()["EndpointConfigs"])


def test_full_lifecycle_over_grpc(local, server):
    inputs, failures = server.check(URN, {}, props(ab_spec()))
    assert failures == []
    endpoint, outs = server.create(URN, inputs)
    assert outs["status"] == "InService" and outs["endpoint_name"] == endpoint

    again, _ = server.check(URN, inputs, props(ab_spec()))
    assert server.diff(endpoint, URN, outs, again).changes is False  # 1.0 on the wire equals 1

    weights, _ = server.check(URN, inputs, props(ab_spec(weight_a=4)))
    diff = server.diff(endpoint, URN, outs, weights)
    assert diff.changes and diff.replaces == []
    outs = server.update(endpoint, URN, outs, weights)
    assert len(local.calls_to("CreateEndpointConfig")) == 1

    retyped_spec = ab_spec(weight_a=4)
    retyped_spec["production_variants"][1]["instance_type"] = "ml.c5.xlarge"
    retyped, _ = server.check(URN, weights, props(retyped_spec))
    outs = server.update(endpoint, URN, outs, retyped)
    assert configs(local) == [outs["endpoint_config_name"]]

    renamed, _ = server.check(URN, retyped, props({**retyped_spec, "endpoint_name": "mnist"}))
    assert server.diff(endpoint, URN, outs, renamed).replaces == ["endpoint_name"]

    read_id, read_outs, _ = server.read(endpoint, URN, outs)
    assert read_id == endpoint and read_outs["status"] == "InService"
    server.delete(endpoint, URN, outs)
    assert configs(local) == [] and local.client().list_models()["Models"] == []


def test_errors_reach_the_engine_with_their_first_line(local, server):
    _, failures = server.check(URN, {}, props(python_spec(production_variants=[variant(model_name="typo")])))
    assert failures == [
        ("production_variants[0].model_name", "'typo' is not one of the models ('xgboost-model')")
    ]
    assert local.calls == []
    inputs, _ = server.check(URN, {}, props(python_spec()))
    endpoint, outs = server.create(URN, inputs)
    local.fail_endpoint_update(reason="CloudWatch alarm endpoint-5xx went into ALARM.")
    news, _ = server.check(
        URN, inputs, props(python_spec(production_variants=[variant(instance_type="ml.m5.large")]))
    )
    with pytest.raises(ProviderError) as failure:
        server.update(endpoint, URN, outs, news)
    assert "rolled the update back: CloudWatch alarm endpoint-5xx went into ALARM." in failure.value.message


def test_preview_unknowns_check_and_diff_without_calls(local, server):
    inputs, _ = server.check(URN, {}, props(python_spec()))
    endpoint, outs = server.create(URN, inputs)
    local.clear_calls()
    unknown_data = python_spec(
        models=[{**model(), "containers": [{"image": "x", "model_data_url": UNKNOWN}]}]
    )
    news, failures = server.check(URN, inputs, props(unknown_data))
    assert failures == []
    diff = server.diff(endpoint, URN, outs, news)
    assert diff.changes and diff.replaces == []
    assert local.calls == []


def test_provider_killed_mid_update_is_finished_by_the_next_up(local, server):
    inputs, _ = server.check(URN, {}, props(python_spec()))
    endpoint, outs = server.create(URN, inputs)
    local.timings.endpoint_update = 0.5
    news, _ = server.check(
        URN, inputs, props(python_spec(production_variants=[variant(instance_type="ml.m5.large")]))
    )
    errors: list[BaseException] = []

    def doomed_update() -> None:
        try:
            server.update(endpoint, URN, outs, news)
        except BaseException as exc:  # the process dies under it
            errors.append(exc)

    thread = threading.Thread(target=doomed_update)
    thread.start()
    deadline = time.monotonic() + 10
    while not local.calls_to("UpdateEndpoint") and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    thread.join(10)
    assert errors, "the update must not have returned"

    # The engine kept the old outputs; the next `up` runs the same update again.
    server.restart()
    server.configure(local.config)
    after = server.update(endpoint, URN, outs, news)
    assert after["status"] == "InService"
    assert len(local.calls_to("UpdateEndpoint")) == 1, "it waits for the update in flight, not a second one"
    assert configs(local) == [after["endpoint_config_name"]], "the previous config is cleaned up"
