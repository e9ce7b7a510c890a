"""The HostingDeployment hooks: check, diff, create, update, read, delete.

State layout (inputs as `check` returns them, outputs as create/update/read return them): the canonical
inputs and options of `inputs.py`, plus the outputs of `outputs.computed`. The update takes the least
disruptive path `plan.classify` finds; SageMaker's own blue/green (or rolling) deployment keeps the
endpoint serving while a new config rolls out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from ..aws import AWS_FAILURES, is_not_found
from ..lifecycle import (
    OWNER_TAG,
    REGION,
    ApiRejected,
    Diff,
    ProviderFailure,
    one_line,
)
from ..lifecycle import tags as tagging
from ..shapes import Failure, to_request
from .endpoint_owner import EndpointOwner, best_effort, variant_names
from .errors import EndpointFailed, UpdateFailed, UpdateRolledBack, endpoint_log_url
from .inputs import ENDPOINT_NAME, INPUT_KEYS, NAME_SEED, OPTION_KEYS, RETAIN_KEYS, check_inputs
from .outputs import DEPLOYED_CONFIG, computed, current_counts, reflect_autoscaling, reflect_drift
from .plan import (
    AUTOSCALING,
    ChangeKind,
    Plan,
    build_plan,
    classify,
    endpoint_name,
    is_config_of,
    is_model_of,
    model_names,
    readable_prefix,
    retained_counts,
)
from .rollout import Rollout

KIND = "HostingDeployment"


class HostingLifecycle(EndpointOwner):
    KIND = KIND
    INPUT_KEYS = INPUT_KEYS
    OPTION_KEYS = OPTION_KEYS

    # -- check / diff (no I/O) ---------------------------------------------------------------------

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        return check_inputs(news)

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        """Inputs only (`olds` are the previous outputs). Only a new explicit endpoint name replaces."""
        changed, replaces = self._changed_and_replaced(olds, news)
        # What a refresh found: a Failed endpoint, or one serving another config than the last `up`
        # deployed (someone else's, or ours from an update that failed on its way).
        serving, endpoint = olds.get("endpoint_config_name"), olds.get(ENDPOINT_NAME)
        drifted = olds.get("status") == "Failed" or bool(
            serving and endpoint and (serving != _deployed(olds) or not is_config_of(endpoint, serving))
        )
        return Diff(changes=bool(changed or replaces or drifted), replaces=replaces)

    # -- create --------------------------------------------------------------------------------------

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs, options = self._parse(props)
        endpoint = endpoint_name(inputs, options.get(NAME_SEED))
        rollout = self._rollout(endpoint, options)
        self._claim(rollout, inputs, options)
        try:
            described, plan = self._create(rollout, inputs, options)
        except Exception as exc:
            note = self._left_behind(rollout, build_plan(inputs, endpoint))
            if note:
                exc.add_note(note)
            raise
        return endpoint, self._outputs(inputs, options, described, plan)

    def _left_behind(self, rollout: Rollout, plan: Plan) -> str | None:
        """After a create failed half way: the SDK's provider server cannot hand the engine a half-made
        create, so state will not know what it made. An endpoint (it bills) is left for the next `up` to
        adopt; models and a config without an endpoint (they cost nothing, and are made again in
        seconds) are deleted. Says which, or None when nothing is left."""
        try:
            described = rollout.describe()
            if described is None:
                deleted = rollout.delete_configs([plan.config_name]) + rollout.delete_models(
                    plan.model_names.values()
                )
                return f"What this `up` made for it was deleted ({', '.join(deleted)})." if deleted else None
        except (ProviderFailure, *AWS_FAILURES, ClientError) as exc:
            return (
                f"Whatever exists under its names (endpoint {rollout.endpoint}, config {plan.config_name}, "
                f"models {', '.join(plan.model_names.values())}) is adopted by the next `pulumi up` (what is "
                f"left could not be read: {one_line(str(exc))})."
            )
        models = ", ".join(plan.model_names.values())
        return (
            f"The endpoint {rollout.endpoint} exists ({described['EndpointStatus']}, and billing): the next "
            "`pulumi up` adopts it and its config and models instead of making twins. Until an `up` "
            "succeeds, `pulumi destroy` does not know them; to remove them without one: `aws sagemaker "
            f"delete-endpoint --endpoint-name {rollout.endpoint}`, then `delete-endpoint-config "
            f"--endpoint-config-name {described.get('EndpointConfigName')}` and `delete-model --model-name` "
            f"for each of {models}."
        )

    def _create(
        self,
        rollout: Rollout,
        inputs: Mapping[str, Any],
        options: Mapping[str, Any],
        olds: Mapping[str, Any] | None = None,
    ) -> tuple[dict[str, Any], Plan]:
        """Models, then the config, then the endpoint, waited until InService (or adopted)."""
        plan = build_plan(inputs, rollout.endpoint)
        tags = inputs.get("tags")
        created = set(rollout.create_models(plan, tags))
        if rollout.create_config(plan, tags):
            created.add(plan.config_name)
        if rollout.create_endpoint(plan, tags):
            created.add(rollout.endpoint)
            described = rollout.wait_in_service()
        else:
            described = self._adopt(rollout, plan, inputs)
        if described is None or described["EndpointStatus"] != "InService":
            self._failed_create(rollout, plan, described)
        assert described is not None
        # What this `up` did not create (an interrupted one did, or it was adopted) may carry other tags.
        reused = [
            arn for name, arn in _named_arns(described, plan.model_names.values()) if name not in created
        ]
        rollout.reconcile_tags(reused, tags or {})
        self._autoscaling(rollout).apply(plan.autoscaling, variant_names(described))
        self._sweep(rollout, plan, olds)
        return described, plan

    def _adopt(self, rollout: Rollout, plan: Plan, inputs: Mapping[str, Any]) -> dict[str, Any] | None:
        """An endpoint of our name exists: ours from an interrupted `up`. Bring it to the plan."""
        progress = rollout.progress
        progress.say("the endpoint exists already (an interrupted `pulumi up`? a lost answer?): adopting it")
        described = rollout.settle()
        if described is not None and described["EndpointStatus"] == "Failed":
            progress.say(f"it is Failed ({described.get('FailureReason')}): deleting it to create it anew")
            rollout.delete_endpoint()
            described = None
        if described is None:
            rollout.create_endpoint(plan, inputs.get("tags"))
            return rollout.wait_in_service()
        if described["EndpointConfigName"] != plan.config_name:
            described = self._switch(rollout, plan, described, inputs, {})
        return described

    def _failed_create(self, rollout: Rollout, plan: Plan, described: Mapping[str, Any] | None) -> None:
        """Remove what was created (nothing is left behind to pile up or block the name) and say why."""
        status = described["EndpointStatus"] if described else "gone"
        reason = (
            described.get("FailureReason") if described else "the endpoint disappeared while being created"
        )
        if status == "Failed" or described is None:
            rollout.delete_endpoint()
            rollout.delete_configs([plan.config_name])
            rollout.delete_models(plan.model_names.values())
            raise EndpointFailed(rollout.endpoint, reason, self._log_url(rollout.endpoint))
        raise UpdateFailed(rollout.endpoint, status, reason, self._log_url(rollout.endpoint))

    # -- update --------------------------------------------------------------------------------------

    def update(self, endpoint: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        new, options = self._parse(news)
        old, _ = self._lenient(olds)
        rollout = self._rollout(endpoint, options)
        described = rollout.settle()  # an update (ours or SageMaker's) in progress is waited for first
        if described is None or described["EndpointStatus"] == "Failed":
            if described is None:
                rollout.progress.say("the endpoint is gone (deleted outside Pulumi?): creating it again")
            else:
                rollout.progress.say(
                    f"the endpoint is Failed ({described.get('FailureReason')}): re-creating it"
                )
                self._autoscaling(rollout).suspend(variant_names(described))
                rollout.delete_endpoint()
            described, plan = self._create(rollout, new, options, olds)
            return self._outputs(new, options, described, plan)
        change = classify(old, new)
        kind, serving = change.kind, described["EndpointConfigName"]
        # The endpoint serves a config other than the one the last `up` deployed: an update of ours that
        # failed (and went on), or someone else's. Either way the spec's config is what it must serve.
        deployed = _deployed(olds)
        foreign = serving != deployed or not is_config_of(endpoint, serving)
        if kind is not ChangeKind.NEW_CONFIG and foreign:
            rollout.progress.say(
                f"the endpoint serves {serving}, not {deployed}: deploying the spec's config"
            )
            kind = ChangeKind.NEW_CONFIG
        rollout.progress.say(
            f"change: {kind.value}" + (" and tags" if change.tags and kind.value != "tags only" else "")
        )
        autoscaling = self._autoscaling(rollout)
        if kind is ChangeKind.NEW_CONFIG:
            counts = retained_counts(old, new, current_counts(described))
            plan = build_plan(new, endpoint, counts)
            described = self._switch(
                rollout, plan, described, new, _autoscaling_of(old), olds.get("model_names")
            )
            autoscaling.apply(plan.autoscaling, variant_names(described))
            self._sweep(rollout, plan, olds)
        else:
            plan = build_plan(new, endpoint)  # for autoscaling and model names: the config stays
            if kind is ChangeKind.WEIGHTS_AND_CAPACITIES:
                described = self._in_place(rollout, change.desired, _autoscaling_of(old))
            if change.autoscaling or kind is ChangeKind.WEIGHTS_AND_CAPACITIES:
                autoscaling.apply(plan.autoscaling, variant_names(described))
        if change.tags:
            # Made exactly the spec's, whatever they are now (an interrupted update may have changed some).
            rollout.reconcile_tags(_arns(described, plan.model_names.values()), new.get("tags") or {})
        return self._outputs(new, options, described, plan)

    def _in_place(
        self,
        rollout: Rollout,
        desired: Mapping[str, Mapping[str, Any]],
        restore: Mapping[str, Mapping[str, Any]],
    ) -> dict[str, Any]:
        """UpdateEndpointWeightsAndCapacities with the `desired` weights and counts, by variant. A variant
        whose count changes is no scalable target meanwhile; if the change does not happen, its
        autoscaling (`restore`, the previous spec's) is registered again before the failure is raised."""
        autoscaling = self._autoscaling(rollout)
        counting = {v for v, d in desired.items() if "DesiredInstanceCount" in d}
        autoscaling.suspend(counting)
        try:
            described = rollout.update_weights([{"VariantName": v, **d} for v, d in sorted(desired.items())])
        except (ProviderFailure, *AWS_FAILURES):

            def reregister() -> None:
                if not rollout.updating():  # else the change goes on: autoscaling comes after it
                    autoscaling.apply({v: a for v, a in restore.items() if v in counting}, counting)

            best_effort(rollout, "register the variants' autoscaling again", reregister)
            raise
        self._require_in_service(rollout, described)
        return described

    def _switch(
        self,
        rollout: Rollout,
        plan: Plan,
        described: dict[str, Any],
        inputs: Mapping[str, Any],
        restore: Mapping[str, Mapping[str, Any]],
        old_models: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Roll the endpoint over to the plan's config with SageMaker's deployment (the old config serves
        until the new one does). On a rollback, remove what was made for it and restore autoscaling."""
        serving = described["EndpointConfigName"]
        if serving == plan.config_name:
            return described  # an earlier, interrupted `up` got this far
        tags = inputs.get("tags")
        rollout.create_models(plan, tags, existing=(old_models or {}).values())
        rollout.create_config(plan, tags)
        autoscaling = self._autoscaling(rollout)
        variants = variant_names(described)
        kept = set((old_models or {}).values())
        autoscaling.suspend(variants)
        deployment = inputs.get("deployment_config")
        request = to_request("UpdateEndpoint", {"deployment_config": deployment}) if deployment else {}
        retained = to_request("UpdateEndpoint", {k: inputs[k] for k in RETAIN_KEYS if k in inputs})
        try:
            after = rollout.update_endpoint(plan.config_name, request.get("DeploymentConfig"), retained)
        except (ProviderFailure, *AWS_FAILURES):
            # Refused (a quota, throttled past every retry...), or our deadline passed. Unless SageMaker
            # is on its way to the new config, nothing changed: put back what this `up` took away.
            def undo() -> None:
                if not rollout.moving_to(plan.config_name):
                    self._undo(rollout, plan, serving, kept, restore, variants)

            best_effort(rollout, "undo the failed update", undo)
            raise
        if after["EndpointStatus"] == "InService" and after["EndpointConfigName"] == plan.config_name:
            return after
        if after["EndpointStatus"] == "InService":
            # Rolled back: the endpoint serves `serving` again. Keep what it uses, drop what we added.
            self._undo(rollout, plan, serving, kept, restore, variants)
            raise UpdateRolledBack(
                rollout.endpoint,
                after.get("FailureReason"),
                serving,
                plan.config_name,
                self._log_url(rollout.endpoint),
            )
        raise UpdateFailed(
            rollout.endpoint,
            after["EndpointStatus"],
            after.get("FailureReason"),
            self._log_url(rollout.endpoint),
        )

    def _undo(
        self,
        rollout: Rollout,
        plan: Plan,
        serving: str,
        kept: set[str],
        restore: Mapping[str, Mapping[str, Any]],
        variants: set[str],
    ) -> None:
        """After a rollout that did not happen: autoscaling as the previous spec had it (first: it matters
        most), then the config and models made for the rollout deleted. Best effort: the failure that
        brought us here is what the user must read, and what is left is swept by a later `up`."""

        def undo() -> None:
            self._autoscaling(rollout).apply(restore, variants)
            keep = rollout.config_models(serving) | kept
            rollout.delete_configs([plan.config_name])
            rollout.delete_models(set(plan.model_names.values()) - keep)

        best_effort(rollout, "undo the failed update", undo)

    def _require_in_service(self, rollout: Rollout, described: Mapping[str, Any]) -> None:
        if described["EndpointStatus"] != "InService":
            raise UpdateFailed(
                rollout.endpoint,
                described["EndpointStatus"],
                described.get("FailureReason"),
                self._log_url(rollout.endpoint),
            )

    # -- read / delete ---------------------------------------------------------------------------------

    def read(self, endpoint: str, props: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
        inputs, options = self._lenient(props)
        rollout = self._rollout(endpoint, options)
        # An update in flight (one an interrupted `up` started) is waited for: what it ends on is what a
        # refresh must show, or a program changed back meanwhile would see no drift.
        described = rollout.settle()
        if described is None:
            return None, {}  # gone: refresh drops it, and the next `up` creates it again
        names = props.get("model_names") or model_names(inputs, endpoint)
        inputs = reflect_drift(inputs, described)
        inputs = reflect_autoscaling(inputs, self._autoscaling(rollout).bounds(variant_names(described)))
        inputs = self._reflect_tags(rollout, inputs, described, names)
        region = self.aws.settings.console_region
        # What the last `up` deployed stays what it was: a refresh that finds another config serving
        # shows it as drift, which the next `up` repairs. So does one that finds configs or models of
        # this deployment the endpoint does not use (an interrupted update's): naming one as deployed
        # makes the next `up` finish the update, or sweep them if the program went back.
        deployed = self._leftover(rollout, described) or _deployed(props)
        outs = computed(described, names, region, deployed)
        return endpoint, {**inputs, **options, REGION: self.aws.region, **outs}

    def _reflect_tags(
        self, rollout: Rollout, inputs: dict[str, Any], described: Mapping[str, Any], names: Mapping[str, str]
    ) -> dict[str, Any]:
        """`inputs` with the tags found on the endpoint, its config or a model, where they differ from the
        spec's (an update interrupted half way through its tags): a refresh shows it, `up` repairs it."""
        wanted = inputs.get("tags") or {}
        for arn in _arns(described, names.values()):
            try:
                found = {k: v for k, v in tagging.tags_of(rollout.call, arn).items() if k != OWNER_TAG}
            except ClientError as exc:
                if is_not_found(exc):
                    continue
                raise
            if found != wanted:
                return {**inputs, "tags": found}
        return inputs

    def _leftover(self, rollout: Rollout, described: Mapping[str, Any]) -> str | None:
        """A config (else a model) of this deployment that the endpoint neither serves nor is deploying."""
        endpoint = rollout.endpoint
        pending = (described.get("PendingDeploymentSummary") or {}).get("EndpointConfigName")
        used = {described.get("EndpointConfigName"), pending} - {None}
        prefix = readable_prefix(endpoint)
        configs = [c for c in rollout.list_names("EndpointConfig", prefix) if is_config_of(endpoint, c)]
        extra = sorted(set(configs) - used)
        if extra:
            return extra[0]
        serving = set().union(*(rollout.config_models(c) for c in used)) if used else set()
        models = [m for m in rollout.list_names("Model", prefix) if is_model_of(endpoint, m)]
        extra = sorted(set(models) - serving)
        return extra[0] if extra else None

    def delete(self, endpoint: str, props: Mapping[str, Any]) -> None:
        """Once the endpoint is no longer creating or updating: autoscaling off, every config and model
        this deployment made for it, then the endpoint itself.

        The endpoint goes last on purpose: a destroy interrupted half way (the provider killed) leaves
        the endpoint in place while anything else of ours is left, so a refresh still finds the resource
        and the next destroy finishes; had the endpoint gone first, the refresh would read it gone and
        forget the configs and models left behind. AWS lets a config or model in use be deleted."""
        inputs, options = self._lenient(props)
        rollout = self._rollout(endpoint, options)
        described = rollout.settle()
        variants = variant_names(described) | {
            v["variant_name"] for v in inputs.get("production_variants") or () if isinstance(v, dict)
        }
        self._autoscaling(rollout).suspend(variants)
        self._sweep(rollout, None, props, after_delete=True)
        rollout.delete_endpoint()

    # -- helpers ---------------------------------------------------------------------------------------

    def _sweep(
        self,
        rollout: Rollout,
        plan: Plan | None,
        olds: Mapping[str, Any] | None = None,
        after_delete: bool = False,
    ) -> None:
        """Delete this deployment's configs and models that the endpoint no longer uses: the previous
        generation, and leftovers of interrupted runs (found by their owner digest).

        After a create or update the deployment is done: a sweep that fails then (throttled past every
        retry) says so and leaves the rest to the next sweep rather than failing what was achieved.
        After a delete it is the delete's whole point, so it fails the `destroy`, which can be re-run.
        """
        try:
            self._sweep_now(rollout, plan, olds)
        except (ApiRejected, *AWS_FAILURES) as exc:
            if after_delete:
                raise
            rollout.progress.say(
                f"could not delete the configs and models the endpoint no longer uses ({exc}); "
                "the next `pulumi up` or `pulumi destroy` does"
            )

    def _sweep_now(self, rollout: Rollout, plan: Plan | None, olds: Mapping[str, Any] | None) -> None:
        endpoint = rollout.endpoint
        contains = readable_prefix(endpoint)
        configs = set(rollout.list_names("EndpointConfig", contains))
        models = set(rollout.list_names("Model", contains))
        if olds:
            configs.add(olds.get("endpoint_config_name") or "")
            models |= set((olds.get("model_names") or {}).values())
        keep_config = plan.config_name if plan else None
        keep_models = set(plan.model_names.values()) if plan else set()
        configs = {c for c in configs if c != keep_config and is_config_of(endpoint, c)}
        models = {m for m in models if m not in keep_models and is_model_of(endpoint, m)}
        deleted = rollout.delete_configs(configs) + rollout.delete_models(models)
        if deleted:
            rollout.progress.say(f"deleted what the endpoint no longer uses: {', '.join(deleted)}")

    def _lenient(self, props: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The inputs part of stored outputs, canonical again (their numbers came back as floats). The
        region is where the endpoint was made: taken as it is (judging it would load botocore's list of
        regions, half a second, for nothing)."""
        stored = (*INPUT_KEYS, *(k for k in OPTION_KEYS if k != REGION))
        checked, _ = check_inputs({k: v for k, v in props.items() if k in stored})
        inputs, options = self._split(checked)
        if props.get(REGION) is not None:
            options[REGION] = props[REGION]
        return inputs, options

    def _outputs(
        self, inputs: Mapping[str, Any], options: Mapping[str, Any], described: Mapping[str, Any], plan: Plan
    ) -> dict[str, Any]:
        region = self.aws.settings.console_region
        outs = computed(described, plan.model_names, region, described.get("EndpointConfigName"))
        # Where the endpoint is, whether or not the spec says (read, delete and diff go by it later).
        return {**inputs, **options, REGION: self.aws.region, **outs}

    def _log_url(self, endpoint: str) -> str:
        return endpoint_log_url(endpoint, self.aws.settings.console_region)


def _deployed(outputs: Mapping[str, Any]) -> str | None:
    """The config the last create or update deployed (state written before there was such an output:
    the one it served then)."""
    return outputs.get(DEPLOYED_CONFIG) or outputs.get("endpoint_config_name")


def _autoscaling_of(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {
        v["variant_name"]: v[AUTOSCALING]
        for v in inputs.get("production_variants") or ()
        if isinstance(v, dict) and v.get(AUTOSCALING)
    }


def _named_arns(described: Mapping[str, Any], models: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(name, ARN) of the endpoint, the config it serves and `models` (one account and region)."""
    arn = described["EndpointArn"]
    base = arn.rsplit(":", 1)[0]
    yield described["EndpointName"], arn
    config = described["EndpointConfigName"]
    yield config, f"{base}:endpoint-config/{config.lower()}"
    for name in models:
        yield name, f"{base}:model/{name.lower()}"


def _arns(described: Mapping[str, Any], models: Iterable[str]) -> list[str]:
    return [arn for _, arn in _named_arns(described, models)]
