"""Every job kind through the Pulumi SDK's own dynamic-provider server, driven over gRPC as the engine does:
floats for every number, Unknowns in a preview, errors as the engine receives them, a provider killed
in the middle of a create."""

from __future__ import annotations

import threading
import time

import pytest
from pulumi_sagemaker.testing import UNKNOWN, ProviderError, ProviderServer
from pulumi_sagemaker.testing.engine import urn as make_urn

from .job_cases import CASES, Case


@pytest.fixture
def server(local):
    with ProviderServer() as srv:
        srv.configure(local.config)
        yield srv


def props(case: Case, spec=None, **extra):
    return {
        **(spec if spec is not None else case.spec()),
        "name_seed": "demo/local/mnist",
        **extra,
        "__provider": ProviderServer.provider_property(case.provider()),
    }


def urn(case: Case) -> str:
    return make_urn(f"pulumi-python:dynamic/sagemaker:{case.kind.type_name}", "mnist")


cases = pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)


@cases
def test_full_lifecycle_over_grpc(local, server, case):
    case.prepare(local)
    inputs, failures = server.check(urn(case), {}, props(case))
    assert failures == []
    job_id, outs = server.create(urn(case), inputs)
    assert outs["status"] == "Completed"
    again, _ = server.check(urn(case), inputs, props(case))
    assert server.diff(job_id, urn(case), outs, again).changes is False
    retagged, _ = server.check(urn(case), inputs, props(case, case.spec(tags={"team": "research"})))
    diff = server.diff(job_id, urn(case), outs, retagged)
    assert diff.changes and diff.replaces == []
    outs = server.update(job_id, urn(case), outs, retagged)
    assert outs["tags"] == {"team": "research"}
    changed, _ = server.check(urn(case), inputs, props(case, case.changed()))
    assert server.diff(job_id, urn(case), outs, changed).replaces
    read_id, read_outs, _ = server.read(job_id, urn(case), outs)
    assert read_id == job_id and read_outs["status"] == "Completed"
    server.delete(job_id, urn(case), outs)
    assert len(case.jobs(local)) == 1, "a finished job's record stays"


@cases
def test_a_preview_with_unknowns_checks_and_diffs_without_calls(local, server, case):
    case.prepare(local)
    inputs, _ = server.check(urn(case), {}, props(case))
    job_id, outs = server.create(urn(case), inputs)
    local.clear_calls()
    news, failures = server.check(urn(case), inputs, props(case, tags=UNKNOWN))
    assert failures == []
    assert server.diff(job_id, urn(case), outs, news).changes
    assert local.calls == []


@cases
def test_a_failure_reaches_the_engine_with_its_reason(local, server, case):
    case.prepare(local)
    case.fail(local, "AlgorithmError: out of memory (failure injected)")
    inputs, _ = server.check(urn(case), {}, props(case))
    with pytest.raises(ProviderError) as failure:
        server.create(urn(case), inputs)
    assert "Failed: AlgorithmError: out of memory" in str(failure.value)


@cases
def test_a_provider_killed_mid_create_is_adopted_by_the_next_up(local, server, case):
    case.prepare(local)
    case.slow(local)
    inputs, _ = server.check(urn(case), {}, props(case))
    errors: list[BaseException] = []

    def doomed_create() -> None:
        try:
            server.create(urn(case), inputs)
        except BaseException as exc:  # the process dies under it
            errors.append(exc)

    thread = threading.Thread(target=doomed_create)
    thread.start()
    deadline = time.monotonic() + 10
    while not local.calls_to(case.kind.create) and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    thread.join(10)
    assert errors, "the create must not have returned"
    server.restart()
    server.configure(local.config)
    job_id, outs = server.create(urn(case), inputs)
    assert outs["status"] == "Completed"
    assert [j[case.kind.name_member] for j in case.jobs(local)] == [job_id], "adopted, not run twice"
