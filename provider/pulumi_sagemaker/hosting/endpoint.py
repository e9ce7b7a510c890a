"""A standalone Endpoint's hooks: check, diff, create, update, read, delete.

The endpoint serves an endpoint config that is a resource of its own (an EndpointConfig, or a name). A
new config is switched to with UpdateEndpoint, under the endpoint's `deployment_config` (blue/green,
canary, linear, rolling, auto-rollback alarms): the old config serves until the new one does, so traffic
never stops. The waits, the calls that survive lost answers, tags and autoscaling are HostingDeployment's
(`rollout.py`, `autoscaling.py`); what is particular here is that nothing but the endpoint is ours.

State layout: the canonical inputs and options of `endpoint_inputs.py`, plus the ENDPOINT kind's
outputs, `endpoint_config_name` among them: the config serving now (drift when it is not the input's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..aws import AWS_FAILURES
from ..kinds import ENDPOINT, Described
from ..lifecycle import REGION, Diff, ProviderFailure, auto_name, serving
from ..shapes import Failure, SpecError, to_request
from .endpoint_inputs import (
    AUTOSCALING,
    CONFIG,
    INPUT_KEYS,
    NAME,
    NAME_SEED,
    OPTION_KEYS,
    check_endpoint_inputs,
)
from .endpoint_owner import EndpointOwner, best_effort, variant_names
from .errors import EndpointCreateFailed, EndpointNotInService, EndpointRolledBack, endpoint_log_url
from .rollout import Rollout

KIND = ENDPOINT.type_name


class EndpointLifecycle(EndpointOwner):
    KIND = KIND
    INPUT_KEYS = INPUT_KEYS
    OPTION_KEYS = OPTION_KEYS

    # -- check / diff (no I/O) ---------------------------------------------------------------------

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        return check_endpoint_inputs(news)

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        """Inputs against the previous outputs (where `endpoint_config_name` is the config serving: one
        that is not the input's is a change). Only a new explicit name or region replaces."""
        changed, replaces = self._changed_and_replaced(olds, news)
        # Failed, or busy when state was last written (a refresh during someone's update): the next `up`
        # settles it and brings it to the inputs.
        statuses = ENDPOINT.statuses
        assert statuses is not None
        unsettled = olds.get("status") in statuses.failed | statuses.running
        return Diff(changes=bool(changed or replaces or unsettled), replaces=replaces)

    # -- create --------------------------------------------------------------------------------------

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs, options = self._parse(props)
        name = inputs.get(NAME) or auto_name(options.get(NAME_SEED, ""), {}, 0, ENDPOINT.name_limit)
        rollout = self._rollout(name, options)
        self._check_variants(rollout, inputs)
        self._claim(rollout, inputs, options)
        described = self._create(rollout, inputs)
        self._autoscaling(rollout).apply(inputs.get(AUTOSCALING) or {}, variant_names(described))
        return name, self._outputs(inputs, options, described)

    def _create(self, rollout: Rollout, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """CreateEndpoint and wait until InService; an endpoint of this name (from an interrupted `up`)
        is adopted and brought to the inputs' config."""
        config, tags = inputs[CONFIG], inputs.get("tags")
        deployment = _deployment(inputs)
        if rollout.create_endpoint_with(config, tags, deployment):
            described = rollout.wait_in_service()
        else:
            rollout.progress.say("the endpoint exists already (an interrupted `pulumi up`?): adopting it")
            described = rollout.settle()
            if described is not None and described["EndpointStatus"] == "Failed":
                rollout.progress.say(f"it is Failed ({described.get('FailureReason')}): creating it anew")
                rollout.delete_endpoint()
                described = None
            if described is None:
                rollout.create_endpoint_with(config, tags, deployment)
                described = rollout.wait_in_service()
            elif described["EndpointConfigName"] != config:
                described = self._switch(rollout, inputs, described, {})
            if described is not None:
                rollout.reconcile_tags([described["EndpointArn"]], tags or {})
        if described is None or described["EndpointStatus"] != "InService":
            self._failed(rollout, described)
        assert described is not None
        self._serves(described)
        return described

    def _serves(self, described: Mapping[str, Any]) -> None:
        """Tag the config the endpoint serves as served by it (so that it is not deleted under it)."""
        config = described["EndpointConfigName"]
        serving.mark_served(
            self.aws.call, serving.config_arn(described["EndpointArn"], config), described["EndpointName"]
        )

    def _failed(self, rollout: Rollout, described: Mapping[str, Any] | None) -> None:
        log_url = endpoint_log_url(rollout.endpoint, self.aws.settings.console_region)
        if described is None or described["EndpointStatus"] == "Failed":
            # Deleted, so that nothing is left to block the name or bill: the next `up` creates it again.
            rollout.delete_endpoint()
            reason = described.get("FailureReason") if described else "it disappeared while being created"
            raise EndpointCreateFailed(rollout.endpoint, reason, log_url)
        raise EndpointNotInService(
            rollout.endpoint, described["EndpointStatus"], described.get("FailureReason"), log_url
        )

    def _check_variants(self, rollout: Rollout, inputs: Mapping[str, Any]) -> None:
        """Autoscaling that names a variant the config lacks fails before the endpoint exists."""
        wanted = inputs.get(AUTOSCALING) or {}
        if not wanted:
            return
        config = rollout.call("DescribeEndpointConfig", EndpointConfigName=inputs[CONFIG])
        variants = {v["VariantName"] for v in config.get("ProductionVariants") or []}
        unknown = sorted(set(wanted) - variants)
        if unknown:
            raise SpecError(
                [
                    Failure(
                        f"{AUTOSCALING}.{name}",
                        f"endpoint config {inputs[CONFIG]} has no variant {name!r} "
                        f"(its variants: {', '.join(sorted(variants))})",
                    )
                    for name in unknown
                ]
            )

    # -- update --------------------------------------------------------------------------------------

    def update(self, name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        new, options = self._parse(news)
        rollout = self._rollout(name, options)
        described = rollout.settle()  # an update (ours, or SageMaker's) in progress is waited for first
        if described is not None and described["EndpointStatus"] == "Failed":
            rollout.progress.say(f"the endpoint is Failed ({described.get('FailureReason')}): re-creating it")
            self._autoscaling(rollout).suspend(variant_names(described))
            rollout.delete_endpoint()
            described = None
        if described is None:
            rollout.progress.say("creating the endpoint (it was gone or Failed)")
            self._check_variants(rollout, new)
            described = self._create(rollout, new)
            self._autoscaling(rollout).apply(new.get(AUTOSCALING) or {}, variant_names(described))
            return self._outputs(new, options, described)
        old_scaling = _lenient(olds).get(AUTOSCALING) or {}
        if described["EndpointConfigName"] != new[CONFIG]:
            self._check_variants(rollout, new)
            described = self._switch(rollout, new, described, old_scaling)
            self._autoscaling(rollout).apply(new.get(AUTOSCALING) or {}, variant_names(described))
        elif old_scaling != (new.get(AUTOSCALING) or {}):
            self._autoscaling(rollout).apply(new.get(AUTOSCALING) or {}, variant_names(described))
        if (olds.get("tags") or {}) != (new.get("tags") or {}):
            rollout.retag([described["EndpointArn"]], olds.get("tags") or {}, new.get("tags") or {})
        return self._outputs(new, options, described)

    def _switch(
        self,
        rollout: Rollout,
        inputs: Mapping[str, Any],
        described: Mapping[str, Any],
        restore: Mapping[str, Mapping[str, Any]],
    ) -> dict[str, Any]:
        """UpdateEndpoint to the inputs' config under their deployment config; autoscaling is off meanwhile
        (SageMaker refuses to update registered variants) and `restore`d if the switch does not happen."""
        serving_config, wanted = described["EndpointConfigName"], inputs[CONFIG]
        variants = variant_names(described)
        autoscaling = self._autoscaling(rollout)
        autoscaling.suspend(variants)
        retained = to_request("UpdateEndpoint", {k: inputs[k] for k in _RETAINED if k in inputs})
        try:
            after = rollout.update_endpoint(wanted, _deployment(inputs), retained)
        except (ProviderFailure, *AWS_FAILURES):

            def restore_scaling() -> None:
                if not rollout.moving_to(wanted):
                    autoscaling.apply(restore, variants)

            best_effort(rollout, "register the variants' autoscaling again", restore_scaling)
            raise
        log_url = endpoint_log_url(rollout.endpoint, self.aws.settings.console_region)
        if after["EndpointStatus"] == "InService" and after["EndpointConfigName"] == wanted:
            self._serves(after)
            old = serving.config_arn(after["EndpointArn"], serving_config)
            if serving.release(self.aws.call, serving_config, old):
                rollout.progress.say(f"deleted {serving_config}, whose delete waited for this switch")
            return after
        if after["EndpointStatus"] == "InService":
            best_effort(
                rollout,
                "register the variants' autoscaling again",
                lambda: autoscaling.apply(restore, variants),
            )
            raise EndpointRolledBack(
                rollout.endpoint, after.get("FailureReason"), serving_config, wanted, log_url
            )
        raise EndpointNotInService(
            rollout.endpoint, after["EndpointStatus"], after.get("FailureReason"), log_url
        )

    # -- read / delete -------------------------------------------------------------------------------

    def read(self, name: str, props: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
        inputs, options = self._split(props)
        described = self._rollout(name, options).describe()
        if described is None:
            return None, {}  # gone: refresh drops it, and the next `up` creates it again
        return name, self._outputs(inputs, options, described)

    def delete(self, name: str, props: Mapping[str, Any]) -> None:
        """Autoscaling off, then the endpoint deleted (once it is no longer creating or updating)."""
        inputs, options = self._split(props)
        rollout = self._rollout(name, options)
        described = rollout.describe()
        variants = variant_names(described) | set(inputs.get(AUTOSCALING) or {})
        self._autoscaling(rollout).suspend(variants)
        rollout.delete_endpoint()

    # -- helpers -------------------------------------------------------------------------------------

    def _outputs(
        self, inputs: Mapping[str, Any], options: Mapping[str, Any], described: Mapping[str, Any]
    ) -> dict[str, Any]:
        outs = ENDPOINT.read_outputs(Described(described, self.aws.settings.console_region))
        return {**inputs, **options, REGION: self.aws.region, **outs}


_RETAINED = ("retain_all_variant_properties", "exclude_retained_variant_properties")


def _lenient(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs part of stored outputs, canonical again (their numbers came back as floats)."""
    checked, _ = check_endpoint_inputs({k: v for k, v in outputs.items() if k in INPUT_KEYS})
    return {k: v for k, v in checked.items() if k in INPUT_KEYS}


def _deployment(inputs: Mapping[str, Any]) -> dict[str, Any] | None:
    config = inputs.get("deployment_config")
    return to_request("CreateEndpoint", {"deployment_config": config})["DeploymentConfig"] if config else None
