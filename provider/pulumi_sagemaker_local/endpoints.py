"""Endpoints: create, update (config or weights), roll back, delete, with time-based statuses.

Creating -> InService (or Failed with an injected failure) after `timings.endpoint_create`.
UpdateEndpoint: Updating while the old variants keep serving: the new fleet is provisioned for
`timings.endpoint_update`, then traffic shifts in the steps of its DeploymentConfig, each with its
baking period (times `timings.deployment_wait_scale`; guardrails.py), then InService on the new
config. With an injected failure (at the end of provisioning), or one of the deployment's CloudWatch
alarms in ALARM during a baking period, RollingBack for `timings.rollback` and back to InService on
the old config, FailureReason set (unless the local SageMaker is told to leave it empty).
UpdateEndpointWeightsAndCapacities: Updating, then InService with only the sent fields changed.
DeleteEndpoint: Deleting, then gone after `timings.endpoint_delete`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from typing import Any

from . import existence, guardrails, lifecycle, moto_backends, semantics
from .errors import validation
from .faults import FailureRule
from .hosting import HostingService
from .listing import page
from .state import Deployment, Endpoint, EndpointConfig, State

# Statuses in which the endpoint answers InvokeEndpoint: an update or a rollback does not
# interrupt traffic, the old variants serve until the new ones take over.
SERVING = frozenset({"InService", "Updating", "SystemUpdating", "RollingBack"})
_DELETABLE = frozenset({"InService", "Failed", "OutOfService", "UpdateRollbackFailed"})


def _set_status(ep: Endpoint, status: str, at: float) -> None:
    ep.status = status
    ep.since = at
    ep.modified = at


def _activate(variant: dict[str, Any]) -> dict[str, Any]:
    """The variant once its deployment is done: current values catch up with desired ones."""
    active = {k: v for k, v in variant.items() if k != "VariantStatus"}
    if "DesiredWeight" in active:
        active["CurrentWeight"] = active["DesiredWeight"]
    if "DesiredInstanceCount" in active:
        active["CurrentInstanceCount"] = active["DesiredInstanceCount"]
    if "DesiredServerlessConfig" in active:
        active["CurrentServerlessConfig"] = copy.deepcopy(active["DesiredServerlessConfig"])
    return active


def _stage_length(stage: guardrails.Stage, timings: lifecycle.Timings) -> float:
    if stage.provisioning:
        return timings.endpoint_update
    return stage.seconds * timings.deployment_wait_scale


def _deployment_step(ep: Endpoint, state: State, now: float) -> lifecycle.Step:
    """The next transition of an UpdateEndpoint under way: the next stage, a rollback, or done."""
    deployment = ep.pending
    assert deployment is not None and deployment.config_name is not None
    config_name = deployment.config_name
    stage = deployment.stages[deployment.stage]
    end = deployment.stage_since + _stage_length(stage, state.timings)

    def roll_back(reason: str) -> Callable[[float], None]:
        def apply(at: float) -> None:
            ep.failure_reason = state.rollback_reason(reason)
            _set_status(ep, "RollingBack", at)

        return apply

    if stage.provisioning and deployment.failure is not None:
        return end, roll_back(deployment.failure.reason)
    if not stage.provisioning and deployment.alarms:
        histories = moto_backends.alarm_histories(state.region, deployment.alarms)
        tripped = guardrails.first_alarm(histories, deployment.stage_since, min(end, now))
        if tripped is not None:
            at, alarm = tripped
            return at, roll_back(
                f"The deployment was rolled back: CloudWatch alarm {alarm} went into ALARM state during "
                f"the baking period ({stage.message})."
            )

    def advanced(at: float) -> None:
        deployment.stage += 1
        deployment.stage_since = at
        if deployment.stage < len(deployment.stages):
            following = deployment.stages[deployment.stage]
            for variant in deployment.variants:
                variant["VariantStatus"] = [
                    {"Status": following.status, "StatusMessage": following.message, "StartTime": at}
                ]
            return
        ep.config_name = config_name
        ep.variants = [_activate(v) for v in deployment.variants]
        ep.extras = deployment.extras
        ep.deployment_config = deployment.deployment_config
        ep.failure_reason = None
        ep.pending = None
        _set_status(ep, "InService", at)

    return end, advanced


def _next_step(ep: Endpoint, state: State, now: float) -> lifecycle.Step | None:
    timings = state.timings
    if ep.gone:
        return None
    if ep.status == "Creating":

        def created(at: float) -> None:
            if ep.create_failure is not None:
                ep.failure_reason = ep.create_failure.reason
                _set_status(ep, "Failed", at)
                return
            ep.variants = [_activate(v) for v in ep.variants]
            _set_status(ep, "InService", at)

        return ep.since + timings.endpoint_create, created
    if ep.status == "Updating" and ep.pending is not None:
        if ep.pending.kind == "config":
            return _deployment_step(ep, state, now)

        def changed(at: float) -> None:
            ep.variants = [_activate(v) for v in ep.variants]
            ep.failure_reason = None
            ep.pending = None
            _set_status(ep, "InService", at)

        return ep.since + timings.endpoint_update, changed
    if ep.status == "RollingBack":

        def rolled_back(at: float) -> None:
            # Back on the old config and variants, which never stopped serving.
            ep.pending = None
            _set_status(ep, "InService", at)

        return ep.since + timings.rollback, rolled_back
    if ep.status == "Deleting":

        def deleted(at: float) -> None:
            ep.gone = True

        return ep.since + timings.endpoint_delete, deleted
    return None


def _data_capture_summary(config: dict[str, Any] | None) -> dict[str, Any] | None:
    if not config:
        return None
    enabled = config.get("EnableCapture", True)
    return {
        "EnableCapture": enabled,
        "CaptureStatus": "Started" if enabled else "Stopped",
        "CurrentSamplingPercentage": config.get("InitialSamplingPercentage"),
        "DestinationS3Uri": config.get("DestinationS3Uri"),
        "KmsKeyId": config.get("KmsKeyId"),
    }


def _image_digest(image: str) -> str:
    return hashlib.sha256(image.encode()).hexdigest()


class EndpointService:
    def __init__(self, state: State, hosting: HostingService) -> None:
        self.state = state
        self.hosting = hosting

    def _missing(self, name: str) -> Exception:
        return validation(f'Could not find endpoint "{self.state.arn("endpoint", name)}".')

    def find(self, name: str) -> Endpoint | None:
        """The endpoint as of now (transitions applied), or None. Caller holds the lock."""
        ep = self.state.endpoints.get(name.lower())
        if ep is None:
            return None
        now = lifecycle.now()
        lifecycle.advance(lambda: _next_step(ep, self.state, now), now)
        if ep.gone:
            del self.state.endpoints[name.lower()]
            self.state.drop_tags(ep.arn)
            return None
        return ep

    def _endpoint(self, name: str) -> Endpoint:
        ep = self.find(name)
        if ep is None:
            raise self._missing(name)
        return ep

    def _variants(
        self, config: EndpointConfig, at: float, status: str
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Variant summaries for `config`, and why a deployment of it would fail (a missing model)."""
        variants, problem = [], None
        for given in config.request["ProductionVariants"]:
            variant: dict[str, Any] = {
                "VariantName": given["VariantName"],
                "VariantStatus": [{"Status": status, "StartTime": at}],
                "InstanceType": given.get("InstanceType"),  # shown in pending summaries only
                "AcceleratorType": given.get("AcceleratorType"),
                "ManagedInstanceScaling": given.get("ManagedInstanceScaling"),
                "RoutingConfig": given.get("RoutingConfig"),
            }
            if "ServerlessConfig" in given:
                variant["DesiredServerlessConfig"] = copy.deepcopy(given["ServerlessConfig"])
            else:
                variant["DesiredInstanceCount"] = given.get("InitialInstanceCount", 1)
            variant["DesiredWeight"] = given.get("InitialVariantWeight", 1.0)
            model_name = given.get("ModelName")
            model = self.state.models.get(model_name.lower()) if model_name else None
            if model_name and model is None and problem is None:
                problem = f'Could not find model "{self.state.arn("model", model_name)}".'
            image = ((model.request.get("PrimaryContainer") or {}).get("Image")) if model else None
            if image:
                resolved = f"{image.split(':')[0]}@sha256:{_image_digest(image)}"
                variant["DeployedImages"] = [
                    {"SpecifiedImage": image, "ResolvedImage": resolved, "ResolutionTime": at}
                ]
            variants.append(variant)
        return variants, problem

    def _undeployable(self, config: EndpointConfig) -> str | None:
        """Why the config's variants cannot start (existence checks on): a model's data is not in S3."""
        if not self.state.checks_existence:
            return None
        for given in config.request["ProductionVariants"]:
            model = self.state.models.get((given.get("ModelName") or "").lower())
            reason = existence.deployment_failure(model.request, self.state.region) if model else None
            if reason:
                return reason
        return None

    @staticmethod
    def _extras(config: EndpointConfig) -> dict[str, Any]:
        request = config.request
        return {
            "DataCaptureConfig": _data_capture_summary(request.get("DataCaptureConfig")),
            "AsyncInferenceConfig": request.get("AsyncInferenceConfig"),
            "ExplainerConfig": request.get("ExplainerConfig"),
        }

    def create_endpoint(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        name = params["EndpointName"]
        with state.lock:
            arn = state.arn("endpoint", name)
            if self.find(name) is not None:
                raise validation(f'Cannot create already existing endpoint "{arn}".')
            config = self.hosting.endpoint_config(params["EndpointConfigName"])
            at = lifecycle.now()
            variants, problem = self._variants(config, at, "Creating")
            counts = {v["VariantName"]: v.get("DesiredInstanceCount") for v in variants}
            # Kept for later updates (RetainDeploymentConfig): judged as those would judge it.
            semantics.refuse(
                guardrails.refusals(params.get("DeploymentConfig"), counts, counts, config.name, config.name)
            )
            ep = Endpoint(name=name, arn=arn, config_name=config.name, created=at, modified=at, since=at)
            ep.variants = variants
            ep.extras = self._extras(config)
            ep.deployment_config = params.get("DeploymentConfig")
            # SageMaker accepts the request and fails the endpoint later.
            problem = problem or self._undeployable(config)
            if problem:
                ep.create_failure = FailureRule(name, problem)
            else:
                ep.create_failure = state.failures.take(state.failures.endpoint_create, name)
            state.endpoints[name.lower()] = ep
            state.set_tags(arn, params.get("Tags"))
            return {"EndpointArn": arn}

    def describe_endpoint(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            ep = self._endpoint(params["EndpointName"])
            out: dict[str, Any] = {
                "EndpointName": ep.name,
                "EndpointArn": ep.arn,
                "EndpointConfigName": ep.config_name,
                "EndpointStatus": ep.status,
                "FailureReason": ep.failure_reason,
                "CreationTime": ep.created,
                "LastModifiedTime": ep.modified,
                "LastDeploymentConfig": ep.deployment_config,
                **ep.extras,
            }
            # SageMaker shows variants once they exist: not while Creating, nor after a failed create.
            if not (ep.status == "Creating" or (ep.status == "Failed" and ep.create_failure is not None)):
                out["ProductionVariants"] = copy.deepcopy(ep.variants)
            pending = ep.pending
            if pending is not None and pending.kind == "config":
                out["PendingDeploymentSummary"] = {
                    "EndpointConfigName": pending.config_name,
                    "ProductionVariants": copy.deepcopy(pending.variants),
                    "StartTime": pending.started,
                }
            return out

    def _require_in_service(self, ep: Endpoint) -> None:
        if ep.status == "InService":
            return
        if ep.status == "Failed":
            raise validation(f'Cannot update failed endpoint "{ep.arn}".')
        raise validation(f'Cannot update in-progress endpoint "{ep.arn}".')

    def update_endpoint(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        with state.lock:
            ep = self._endpoint(params["EndpointName"])
            self._require_in_service(ep)
            config = self.hosting.endpoint_config(params["EndpointConfigName"])
            # SageMaker needs the config in use to roll back to: once deleted, no update goes through.
            self.hosting.endpoint_config(ep.config_name)
            # First: its first call imports moto's autoscaling backend (a second on a loaded machine),
            # which must not eat into the update's own time.
            self._refuse_scaled_changes(ep, config)
            at = lifecycle.now()
            current = {v["VariantName"]: v for v in ep.variants}
            variants, problem = self._variants(config, at, "Creating")
            if problem is not None:
                raise validation(problem)
            for variant in variants:
                if variant["VariantName"] in current:
                    variant["VariantStatus"][0]["Status"] = "Updating"
            extras = self._extras(config)
            if params.get("RetainAllVariantProperties"):
                excluded = {
                    e["VariantPropertyType"] for e in params.get("ExcludeRetainedVariantProperties", [])
                }
                for variant in variants:
                    old = current.get(variant["VariantName"])
                    for prop in ("DesiredWeight", "DesiredInstanceCount"):
                        if old is not None and prop not in excluded and prop in old:
                            variant[prop] = old[prop]
                if "DataCaptureConfig" not in excluded:
                    extras["DataCaptureConfig"] = ep.extras.get("DataCaptureConfig")
            deployment_config = params.get("DeploymentConfig")
            if deployment_config is None and params.get("RetainDeploymentConfig"):
                deployment_config = ep.deployment_config
            counts = {v["VariantName"]: v.get("DesiredInstanceCount") for v in variants}
            semantics.refuse(
                guardrails.refusals(deployment_config, current, counts, ep.config_name, config.name)
            )
            alarms = ((deployment_config or {}).get("AutoRollbackConfiguration") or {}).get("Alarms") or []
            undeployable = self._undeployable(config)
            # Model data gone since CreateModel: the new fleet cannot start, the update rolls back.
            if undeployable:
                failure = FailureRule(ep.name, undeployable)
            else:
                failure = state.failures.take(state.failures.endpoint_update, ep.name)
            ep.pending = Deployment(
                kind="config",
                started=at,
                config_name=config.name,
                variants=variants,
                extras=extras,
                deployment_config=deployment_config,
                failure=failure,
                stages=guardrails.stages(deployment_config, counts),
                stage_since=at,
                alarms=[a["AlarmName"] for a in alarms],
            )
            _set_status(ep, "Updating", at)
            return {"EndpointArn": ep.arn}

    def _refuse_scaled_changes(self, ep: Endpoint, config: EndpointConfig) -> None:
        """A variant registered with Application Auto Scaling keeps its instance type and stays.

        SageMaker refuses the update until the variant is deregistered (the developer guide's
        "Update an endpoint that uses autoscaling").
        """
        scaled = moto_backends.scalable_resources(self.state.region, f"endpoint/{ep.name}/variant/")
        old = {v["VariantName"]: v.get("InstanceType") for v in ep.variants}
        new = {v["VariantName"]: v.get("InstanceType") for v in config.request["ProductionVariants"]}
        variants = [resource.rsplit("/", 1)[1] for resource in scaled]
        blocked = [v for v in variants if v in old and (v not in new or new[v] != old[v])]
        if blocked:
            raise validation(
                f'The variant(s) "[{", ".join(blocked)}]" must be deregistered as scalable targets with AWS '
                "Application Auto Scaling before they can be removed or have their instance type updated."
            )

    def update_endpoint_weights_and_capacities(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            ep = self._endpoint(params["EndpointName"])
            self._require_in_service(ep)
            variants = {v["VariantName"]: v for v in ep.variants}
            wanted = params["DesiredWeightsAndCapacities"]
            named = [d["VariantName"] for d in wanted]
            twice = sorted({n for n in named if named.count(n) > 1})
            if twice:
                raise validation(f"The variant name(s) [{', '.join(twice)}] are specified more than once.")
            if any(d.get("DesiredInstanceCount") == 0 for d in wanted):
                raise validation(
                    "DesiredInstanceCount can be 0 only for endpoints that host inference components."
                )
            unknown = [d["VariantName"] for d in wanted if d["VariantName"] not in variants]
            if unknown:
                raise validation(
                    f"The variant name(s) [{', '.join(unknown)}] is/are not present in the endpoint "
                    f'"{ep.arn}".'
                )
            at = lifecycle.now()
            for desired in wanted:
                variant = variants[desired["VariantName"]]
                # Only what was sent changes; the rest of the variant is kept (moto nulls it).
                if "DesiredWeight" in desired:
                    variant["DesiredWeight"] = desired["DesiredWeight"]
                if "DesiredInstanceCount" in desired:
                    variant["DesiredInstanceCount"] = desired["DesiredInstanceCount"]
                if "ServerlessUpdateConfig" in desired and "DesiredServerlessConfig" in variant:
                    variant["DesiredServerlessConfig"].update(desired["ServerlessUpdateConfig"])
                variant["VariantStatus"] = [{"Status": "Updating", "StartTime": at}]
            ep.pending = Deployment(kind="weights", started=at)
            _set_status(ep, "Updating", at)
            return {"EndpointArn": ep.arn}

    def delete_endpoint(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            ep = self._endpoint(params["EndpointName"])
            if ep.status not in _DELETABLE:
                # AWS words it as for updates (the retired operator matches this prefix).
                raise validation(f'Cannot update in-progress endpoint "{ep.arn}".')
            ep.pending = None
            _set_status(ep, "Deleting", lifecycle.now())
            # SageMaker removes the endpoint's scalable targets and their policies with it.
            moto_backends.drop_scaling(self.state.region, f"endpoint/{ep.name}/variant/")
            return {}

    def list_endpoints(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            summaries = []
            for key in list(self.state.endpoints):
                ep = self.find(key)
                if ep is not None:
                    summaries.append(
                        {
                            "EndpointName": ep.name,
                            "EndpointArn": ep.arn,
                            "CreationTime": ep.created,
                            "LastModifiedTime": ep.modified,
                            "EndpointStatus": ep.status,
                        }
                    )
        chunk, token = page(
            summaries,
            params,
            name_field="EndpointName",
            status_field="EndpointStatus",
            operation="ListEndpoints",
        )
        return {"Endpoints": chunk, "NextToken": token}
