"""Defect 9 of issue 11: a provider that dies in the middle of an update, then a program changed back, left
silent drift (diff, which makes no AWS call, saw no change while the endpoint served the half-rolled-out
config with autoscaling deregistered). A dynamic provider cannot write state during a call; the repair is
the engine's: it records the interrupted operation as pending and the next `up` refuses until a
`refresh` has read what exists. The rig models that, and `read` brings the drift into state."""

from __future__ import annotations

import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import ResourceError, refresh, run

from ..test_hosting_deployment import names, scalable_targets
from ..test_hosting_specs import autoscaled, python_spec, variant
from ..training_inputs import python_spec as training_spec
from .crash import Crash


def hosting(instance_type: str):
    spec = autoscaled(python_spec(production_variants=[variant(instance_type=instance_type)]))

    def program():
        sm.HostingDeployment("hosting", **spec)

    return program


def serving(local, endpoint):
    return local.client().describe_endpoint(EndpointName=endpoint)["EndpointConfigName"]


def test_a_provider_dead_mid_rollout_then_a_reverted_program_is_repaired_not_left_drifting(local):
    first = run(hosting("ml.r5.large"), config=local.config)
    endpoint = first.state.get("hosting").id
    before = serving(local, endpoint)
    # The rollout dies once UpdateEndpoint went through: autoscaling is deregistered, a new config serves.
    with Crash(local.config, on="UpdateEndpoint") as crash, pytest.raises(ResourceError) as died:
        run(hosting("ml.c5.xlarge"), config=local.config, state=first.state)
    assert crash.calls[-1] == "UpdateEndpoint" and scalable_targets(local) == []
    assert "the provider process died while updating hosting" in died.value.message
    (pending,) = died.value.state.pending_operations
    assert (pending.name, pending.type) == ("hosting", "updating")

    # The program is changed back. The engine will not go on with an operation pending...
    with pytest.raises(ResourceError) as refused:
        run(hosting("ml.r5.large"), config=local.config, state=died.value.state)
    assert "hosting" in refused.value.message and "`pulumi refresh`" in refused.value.message
    # ...a refresh reads the endpoint as it is (autoscaling gone, another config on its way) and clears
    # it...
    refreshed = refresh(died.value.state, config=local.config)
    assert refreshed.state.pending_operations == []
    assert "autoscaling" not in refreshed.state.get("hosting").outputs["production_variants"][0]
    # ...and the next `up` puts back what the program says.
    repaired = run(hosting("ml.r5.large"), config=local.config, state=refreshed.state)
    assert ("update", "hosting") in repaired.operations
    assert serving(local, endpoint) == before
    assert len(scalable_targets(local)) == 1
    models, configs, endpoints = names(local)
    assert configs == [before] and endpoints == [endpoint] and len(models) == 1


def test_a_create_whose_provider_died_is_cleared_by_refresh_and_adopted_by_the_next_up(local):
    def program():
        sm.TrainingJob("mnist", **training_spec())

    with Crash(local.config, at=1, when="after"), pytest.raises(ResourceError) as died:
        run(program, config=local.config)
    (pending,) = died.value.state.pending_operations
    assert pending.type == "creating" and "mnist" not in died.value.state
    with pytest.raises(ResourceError, match="pending operations"):
        run(program, config=local.config, state=died.value.state)
    cleared = refresh(died.value.state, config=local.config)
    assert ("clear", "mnist") in cleared.operations
    done = run(program, config=local.config, state=cleared.state)
    assert len(local.client().list_training_jobs()["TrainingJobSummaries"]) == 1
    assert done.state.get("mnist").outputs["status"] == "Completed"
