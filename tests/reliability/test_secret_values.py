"""Defect 3 of issue 11 (and the rig's part of defect 8): no error, progress line or state shows a value the
user marked secret. A dynamic provider's hooks get every secret in plain text with no mark (the SDK's
server accepts no secrets), so the resource classes send the secret values along, as a secret, and the
hooks name secret-bearing fields without their values, and mark what holds one in their answers."""

from __future__ import annotations

import json

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi.runtime import rpc
from pulumi_sagemaker.lifecycle import AdoptionConflict
from pulumi_sagemaker.testing import ResourceError, run
from pulumi_sagemaker.testing._wire import unwrap_secrets

from ..training_inputs import operator_spec, python_spec

SECRET = "line1-SECRET-token\nline2"  # a newline: HyperParameterValue's pattern refuses it
TOKEN = "tok-8d1f2e7a9c"


def plain_text(value) -> str:
    """Everything in `value` that is not marked secret, as text."""

    def strip(v):
        if rpc.is_rpc_secret(v):
            return "[secret]"
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items()}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    return json.dumps(strip(value), default=str)


def state_text(state) -> str:
    return "\n".join(plain_text(r.inputs) + plain_text(r.outputs) for r in state.resources.values())


def test_a_secret_that_fails_its_pattern_is_named_not_echoed(local, capfd):
    def program():
        sm.TrainingJob("mnist", **python_spec(hyper_parameters={"token": pulumi.Output.secret(SECRET)}))

    with pytest.raises(ResourceError) as failed:
        run(program, config=local.config)
    ((path, reason),) = failed.value.failures
    assert path == "hyper_parameters.token"
    assert reason == "must match the pattern .*, got a secret value"
    out, err = capfd.readouterr()
    assert "SECRET" not in str(failed.value) + out + err


def test_an_adoption_conflict_names_the_field_and_shows_neither_value(local):
    def program(token):
        def deploy():
            spec = python_spec(
                training_job_name="mnist-fixed", hyper_parameters={"token": pulumi.Output.secret(token)}
            )
            sm.TrainingJob("mnist", **spec)

        return deploy

    run(program("old-secret-1111"), config=local.config)
    with pytest.raises(ResourceError) as conflict:
        run(program("new-secret-2222"), config=local.config)  # a new stack: state knows no job
    assert isinstance(conflict.value.__cause__, AdoptionConflict)
    message = str(conflict.value.__cause__)
    assert "hyper_parameters.token differs (it holds a secret)" in message
    assert "old-secret" not in message and "new-secret" not in message


def test_state_keeps_secrets_marked_under_the_names_the_provider_gives_them(local):
    # An operator spec: `hyperParameters` (a list of {name, value}) becomes `hyper_parameters` (a map).
    def program():
        spec = operator_spec()
        spec["hyperParameters"].append({"name": "token", "value": pulumi.Output.secret(TOKEN)})
        sm.TrainingJob("mnist", **spec)

    result = run(program, config=local.config)
    assert TOKEN not in state_text(result.state)
    # Marked, not dropped (the SDK's deserialisation lifts a nested mark to the whole property).
    outputs = result.state.get("mnist").outputs
    assert unwrap_secrets(outputs["hyper_parameters"])["token"] == TOKEN


@pytest.mark.parametrize("value", ['pass"word\\1', "mot-de-passe-é", "tab\tand\nnewline"])
def test_a_secret_is_redacted_as_json_and_python_escape_it(value):
    # A job's log prints its hyperparameters as JSON (quotes, backslashes and accents escaped).
    from pulumi_sagemaker.shapes.secrets import PLACEHOLDER, Redactor

    redactor = Redactor.of([value])
    for text in (json.dumps({"pw": value}), repr({"pw": value}), ascii(value), f"plain {value} text"):
        cleaned = redactor.text(text)
        assert PLACEHOLDER in cleaned, text
        assert (
            value not in cleaned
            and json.dumps(value)[1:-1] not in cleaned
            and repr(value)[1:-1] not in cleaned
        )
