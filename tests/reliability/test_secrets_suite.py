"""The secrets suite of issue 11: inputs wrapped in `pulumi.Output.secret` (hyperparameters, container
environment, tags, list items, anything) never appear in plain text in stack outputs, state, captured
stdout/stderr, progress lines, streamed job logs or error messages, under any name or spelling, through
a whole lifecycle of every kind: create, a change, a failure, a refresh and a destroy.

Every secret carries MARK, and a value is looked for as written and as JSON and Python would quote it
(a job's log prints its environment as JSON), so a partial leak or an escaped one is caught too."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import ResourceError, refresh, run

from .. import tuning_inputs
from ..job_cases import create_model, processing_spec, transform_spec
from ..test_hosting_specs import model
from ..test_hosting_specs import python_spec as hosting_spec
from ..training_inputs import python_spec as training_spec
from .figures import FIGURES
from .test_secret_values import plain_text, state_text

MARK = "SeCrEtMaRk"


def secret_values(step: str) -> dict[str, str]:
    """The secrets of one step: plain, with a quote and a backslash, and with non-ASCII text."""
    return {
        "plain": f"{MARK}-{step}-token",
        "quoted": f'{MARK}-{step}-p"w\\d',
        "unicode": f"{MARK}-{step}-mot-de-passe-é",
    }


def leaks(text: str, values: dict[str, str]) -> list[str]:
    """The secret values (or their mark) found in `text`, in any of the spellings they could take."""
    found = []
    if MARK in text or MARK.lower() in text.lower():
        found.append(MARK)
    for value in values.values():
        for spelling in (value, json.dumps(value), repr(value), json.dumps(value)[1:-1]):
            if spelling in text:
                found.append(spelling)
    return found


def s(value: str) -> pulumi.Output[str]:
    return pulumi.Output.secret(value)


@dataclass(frozen=True)
class Placed:
    """One kind with secrets placed in the inputs that can hold free text."""

    id: str
    program: Callable[[dict[str, str]], Callable[[], None]]
    fail: Callable[[Any], None]  # make the next create of this kind fail (its error must not leak)
    prepare: Callable[[Any], None] = lambda local: None


def _export(resource: pulumi.CustomResource) -> None:
    pulumi.export("resource", resource)  # every output of the resource, as a user could export it


def training(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        spec = training_spec(
            # A job's log prints its hyperparameters as JSON: the quoted and non-ASCII ones escaped.
            hyper_parameters={
                "num_round": "10",
                "token": s(v["plain"]),
                "pw": s(v["quoted"]),
                "u": s(v["unicode"]),
            },
            environment={"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"])},
            tags={"team": "ml", "owner-token": s(v["plain"])},
        )
        _export(sm.TrainingJob("job", **spec))

    return program


def tuning(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        definition = tuning_inputs.definition(
            static_hyper_parameters={"num_round": "10", "objective": "multi:softmax", "token": s(v["plain"])},
            environment={"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"])},
        )
        _export(
            sm.HyperparameterTuningJob("job", **tuning_inputs.python_spec(training_job_definition=definition))
        )

    return program


def transform(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        spec = transform_spec(environment={"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"])})
        spec["tags"] = {"team": "ml", "owner-token": s(v["plain"])}
        _export(sm.BatchTransformJob("job", **spec))

    return program


def processing(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        spec = processing_spec(environment={"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"])})
        spec["app_specification"]["container_arguments"] = ["--token", s(v["plain"])]
        _export(sm.ProcessingJob("job", **spec))

    return program


def hosting(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        env = {"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"]), "TOKEN": s(v["plain"])}
        spec = hosting_spec()
        spec["models"] = [model(environment=env)]  # after python_spec's deep copy: Outputs do not copy
        _export(sm.HostingDeployment("deploy", **spec))

    return program


def standalone_model(v: dict[str, str]) -> Callable[[], None]:
    def program() -> None:
        env = {"API_KEY": s(v["quoted"]), "DB_PASSWORD": s(v["unicode"]), "TOKEN": s(v["plain"])}
        container = {
            "image": model()["containers"][0]["image"],
            "model_data_url": "s3://bucket/jobs/model.tar.gz",
        }
        _export(
            sm.Model(
                "model",
                execution_role_arn=model()["execution_role_arn"],
                primary_container={**container, "environment": env},
            )
        )

    return program


PLACED = (
    Placed("TrainingJob", training, lambda local: local.fail_training_job()),
    Placed("HyperparameterTuningJob", tuning, lambda local: local.fail_tuning_job()),
    Placed("BatchTransformJob", transform, lambda local: local.fail_transform_job(), create_model),
    Placed("ProcessingJob", processing, lambda local: local.fail_processing_job()),
    Placed("HostingDeployment", hosting, lambda local: local.fail_endpoint_create()),
    Placed("Model", standalone_model, lambda local: None),
)


def seen(result_or_error: Any, capfd: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Everything of one run a user (or a log collector) can read, by where it was seen."""
    out, err = capfd.readouterr()
    places = {"stdout": out, "stderr (progress lines, streamed job logs)": err}
    if isinstance(result_or_error, ResourceError):
        chain, cause = [], result_or_error
        while cause is not None:
            chain.append(str(cause))
            cause = cause.__cause__ or cause.__context__
        places["error"] = "\n".join(chain)
        places["state"] = state_text(result_or_error.state) + plain_text(result_or_error.state.outputs)
    else:
        plain_outputs = {
            k: v for k, v in result_or_error.outputs.items() if k not in result_or_error.secret_outputs
        }
        places["stack outputs"] = json.dumps(plain_outputs, default=str)
        places["state"] = state_text(result_or_error.state) + plain_text(result_or_error.state.outputs)
    return places


def assert_no_leak(places: dict[str, str], values: dict[str, str], step: str) -> None:
    found = {where: leaks(text, values) for where, text in places.items()}
    assert not any(found.values()), f"{step}: secrets in plain text: {found}"


@pytest.mark.parametrize("placed", PLACED, ids=lambda p: p.id)
def test_secrets_never_appear_in_plain_text_through_a_whole_lifecycle(local, capfd, placed: Placed):
    local.timings.training_phase = 0.05  # long enough for a log line to be tailed
    placed.prepare(local)
    config = local.config

    first = secret_values("create")
    created = run(placed.program(first), config=config)
    assert_no_leak(seen(created, capfd), first, "create")
    # The resource's secret outputs are exported as secrets, not dropped.
    assert "resource" in created.secret_outputs, created.outputs

    changed = secret_values("change")
    updated = run(placed.program(changed), config=config, state=created.state)
    assert_no_leak(seen(updated, capfd), {**first, **changed}, "change")

    placed.fail(local)
    failing = secret_values("failure")
    try:
        failed: Any = run(placed.program(failing), config=config, state=updated.state)
    except ResourceError as error:
        failed = error
    assert_no_leak(seen(failed, capfd), {**changed, **failing}, "failure")

    refreshed = refresh(failed.state, config=config)
    assert_no_leak(seen(refreshed, capfd), {**changed, **failing}, "refresh")

    destroyed = run(lambda: None, config=config, state=refreshed.state)
    assert_no_leak(seen(destroyed, capfd), {**changed, **failing}, "destroy")
    FIGURES.add("secrets suite: lifecycles run without a secret printed")
