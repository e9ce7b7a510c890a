"""The SageMaker calls of a hosting deployment, one step each (I/O through `Aws.call` only).

Creates are idempotent by name: a model or config that exists under its digest name is ours from an
interrupted `up` and is reused. Waits report progress and honour one deadline for the whole operation.
What to create, update or delete, and when, is decided by `deployment.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from botocore.exceptions import ClientError

from ..aws import AWS_FAILURES, Aws, AwsUnreachable, error_message, is_already_exists, is_not_found, items
from ..kinds import ENDPOINT
from ..lifecycle import (
    ApiRejected,
    Deadline,
    DeadlinePassed,
    Looker,
    Progress,
    Schedule,
    WaitTimeout,
    shared_list,
    wait,
    with_owner,
)
from ..lifecycle import tags as tagging
from .plan import Plan

KIND = "HostingDeployment"
STATUSES = ENDPOINT.statuses
assert STATUSES is not None
# Statuses that end by themselves; anything else is where an operation stops waiting.
IN_PROGRESS = STATUSES.running
DELETABLE = STATUSES.succeeded | STATUSES.failed
BUSY = IN_PROGRESS | STATUSES.deleting
LIST_PAGE = 100


def tag_list(tags: Mapping[str, str] | None) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in (tags or {}).items()]


class Rollout:
    """`kind` names the resource in failures and timeouts (a HostingDeployment, or a standalone Endpoint)."""

    def __init__(
        self,
        aws: Aws,
        endpoint: str,
        progress: Progress,
        deadline: Deadline,
        owner: str | None = None,
        kind: str = KIND,
    ) -> None:
        self.aws, self.endpoint, self.progress, self.deadline = aws, endpoint, progress, deadline
        self.kind = kind
        self.owner = owner  # the owner tag's value: every resource this rollout makes carries it

    def _tags(self, tags: Mapping[str, str] | None) -> list[dict[str, str]]:
        return tag_list(with_owner(tags, self.owner))

    # -- calls -----------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """What every failure of a call for this deployment starts with."""
        return f"{self.kind} {self.endpoint}"

    def call(self, operation: str, service: str = "sagemaker", **params: Any) -> dict[str, Any]:
        """An AWS call for this deployment (its failures name it, see `Aws.call`)."""
        return self.aws.call(operation, service, for_resource=self.label, **params)

    def describe(self) -> dict[str, Any] | None:
        """The endpoint, or None when there is none of our name."""
        try:
            return self.call("DescribeEndpoint", EndpointName=self.endpoint)
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise

    # -- waiting ---------------------------------------------------------------------------------

    def wait(self, until: Callable[[dict[str, Any] | None], bool], hint: str) -> dict[str, Any] | None:
        """Describe until `until(described)` (None: gone), reporting each new status."""
        gone: dict[str, Any] = {"EndpointStatus": "Deleted"}
        busy = False
        # While other endpoints wait in this process too, their statuses come from one ListEndpoints.
        shared = shared_list(self.aws.settings, self.aws.call, ENDPOINT)
        # A gone endpoint's None passes through the Looker as it came; `look` makes it `gone`.
        describe = Looker(
            shared, self.endpoint, cast("Callable[[], dict[str, Any]]", self.describe), ("EndpointStatus",)
        )

        def look() -> dict[str, Any]:
            return describe() or gone

        def report(d: dict[str, Any]) -> None:
            # Only a wait is worth reporting: an endpoint already settled at the first look is not news.
            nonlocal busy
            busy = busy or d["EndpointStatus"] in BUSY
            if busy:
                self._report(d)

        try:
            # One deadline for the whole operation: its waits share it.
            with describe:
                described = wait(
                    look,
                    lambda d: until(None if d is gone else d),
                    schedule=Schedule(self.aws.settings.poll_interval),
                    deadline=self.deadline,
                    on_look=report,
                )
        except DeadlinePassed as late:
            raise WaitTimeout(
                self.kind, self.endpoint, late.last["EndpointStatus"], late.waited, hint
            ) from None
        return None if described is gone else described

    def settle(self) -> dict[str, Any] | None:
        """Wait while the endpoint is creating, updating or rolling back (or being deleted)."""
        return self.wait(
            lambda d: d is None or d["EndpointStatus"] not in BUSY,
            "It is still busy in SageMaker; run `pulumi up` again to keep waiting "
            "(or raise wait_timeout_seconds).",
        )

    def _report(self, d: Mapping[str, Any]) -> None:
        pending = d.get("PendingDeploymentSummary") or {}
        detail = None
        if pending.get("EndpointConfigName"):
            statuses = sorted(
                {
                    s.get("Status")
                    for v in pending.get("ProductionVariants") or []
                    for s in v.get("VariantStatus") or []
                }
                - {None}
            )
            detail = f"to {pending['EndpointConfigName']}" + (f" ({', '.join(statuses)})" if statuses else "")
        self.progress.state(d.get("EndpointStatus"), message=detail)

    # -- models and configs ----------------------------------------------------------------------

    def create_models(
        self, plan: Plan, tags: Mapping[str, str] | None, existing: Iterable[str] = ()
    ) -> list[str]:
        """Create the plan's models that do not exist yet (`existing`: known to, from our own state);
        returns the names created now."""
        created = []
        skip = set(existing)
        for model in plan.models.values():
            if model.name in skip:
                continue
            request = dict(model.request)
            if tags or self.owner:
                request["Tags"] = self._tags(tags)
            if self._create("CreateModel", request):
                created.append(model.name)
                self.progress.say(f"created model {model.name} ({model.user_name})")
        return created

    def create_config(self, plan: Plan, tags: Mapping[str, str] | None) -> bool:
        request = dict(plan.config_request)
        if tags or self.owner:
            request["Tags"] = self._tags(tags)
        try:
            created = self._create("CreateEndpointConfig", request)
        except ClientError as rejected:
            # A model our state says exists was deleted behind our back: create it, then the config.
            if "could not find model" not in error_message(rejected).lower():
                raise
            self.create_models(plan, tags)
            created = self._create("CreateEndpointConfig", request)
        if created:
            self.progress.say(f"created endpoint config {plan.config_name}")
        return created

    def _create(self, operation: str, request: dict[str, Any]) -> bool:
        """False when it exists already: the name carries a digest of the spec, so it is this very spec
        (created by an `up` that was interrupted, or kept from an earlier generation)."""
        try:
            self.call(operation, **request)
            return True
        except ClientError as exc:
            if is_already_exists(exc):
                return False
            raise

    def config_models(self, name: str) -> set[str]:
        """The models an endpoint config serves (none when the config is gone)."""
        try:
            config = self.call("DescribeEndpointConfig", EndpointConfigName=name)
        except ClientError as exc:
            if is_not_found(exc):
                return set()
            raise
        variants = config.get("ProductionVariants", []) + config.get("ShadowProductionVariants", [])
        return {v["ModelName"] for v in variants if v.get("ModelName")}

    def delete_configs(self, names: Iterable[str]) -> list[str]:
        return self._delete("DeleteEndpointConfig", "EndpointConfigName", names)

    def delete_models(self, names: Iterable[str]) -> list[str]:
        return self._delete("DeleteModel", "ModelName", names)

    def _delete(self, operation: str, member: str, names: Iterable[str]) -> list[str]:
        deleted = []
        for name in sorted(set(names)):
            try:
                self.call(operation, **{member: name})
                deleted.append(name)
            except ClientError as exc:
                if not is_not_found(exc):
                    raise
        return deleted

    def list_names(self, kind: str, contains: str) -> list[str]:
        """Names of models ("Model") or endpoint configs ("EndpointConfig") that contain `contains`."""
        operation, field = {
            "Model": ("ListModels", "ModelName"),
            "EndpointConfig": ("ListEndpointConfigs", "EndpointConfigName"),
        }[kind]
        found = items(self.call, operation, NameContains=contains, MaxResults=LIST_PAGE)
        return [item[field] for item in found]

    # -- the endpoint ----------------------------------------------------------------------------

    def create_endpoint(self, plan: Plan, tags: Mapping[str, str] | None) -> bool:
        """CreateEndpoint with the plan's config (see `create_endpoint_with`)."""
        return self.create_endpoint_with(plan.config_name, tags)

    def create_endpoint_with(
        self,
        config_name: str,
        tags: Mapping[str, str] | None,
        deployment_config: Mapping[str, Any] | None = None,
    ) -> bool:
        """CreateEndpoint; False when an endpoint of this name exists already (the caller adopts it)."""
        request: dict[str, Any] = {"EndpointName": self.endpoint, "EndpointConfigName": config_name}
        if deployment_config:
            request["DeploymentConfig"] = deployment_config
        if tags or self.owner:
            request["Tags"] = self._tags(tags)
        try:
            created = self._create("CreateEndpoint", request)
        except AWS_FAILURES:
            # Every answer lost (the retries too)? If the endpoint is there, it is adopted like any other.
            if self.describe() is None:
                raise
            created = False
        if created:
            self.progress.say(f"creating endpoint with config {config_name}")
        return created

    def moving_to(self, config_name: str) -> bool:
        """Does the endpoint serve `config_name`, or is SageMaker deploying it (after a failed wait)?"""
        described = self.describe() or {}
        pending = described.get("PendingDeploymentSummary") or {}
        return config_name in (described.get("EndpointConfigName"), pending.get("EndpointConfigName"))

    def updating(self) -> bool:
        """Is the endpoint in the middle of a change (one a failed wait left going)?"""
        described = self.describe()
        return described is not None and described["EndpointStatus"] in IN_PROGRESS

    def wait_in_service(self) -> dict[str, Any] | None:
        return self.wait(
            lambda d: d is None or d["EndpointStatus"] not in IN_PROGRESS,
            "It keeps going in SageMaker; the next `pulumi up` adopts the endpoint and waits again "
            "(raise wait_timeout_seconds to wait longer).",
        )

    def update_endpoint(
        self,
        config_name: str,
        deployment_config: Mapping[str, Any] | None,
        retained: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """UpdateEndpoint to `config_name` and wait until it is over (done or rolled back). `retained`:
        UpdateEndpoint's RetainAllVariantProperties and ExcludeRetainedVariantProperties, when given."""
        request: dict[str, Any] = {"EndpointName": self.endpoint, "EndpointConfigName": config_name}
        if deployment_config:
            request["DeploymentConfig"] = deployment_config
        request.update(retained or {})

        def underway(d: Mapping[str, Any] | None) -> bool:
            pending = (d or {}).get("PendingDeploymentSummary") or {}
            return d is not None and config_name in (
                d.get("EndpointConfigName"),
                pending.get("EndpointConfigName"),
            )

        self._mutate("UpdateEndpoint", request, underway)
        self.progress.say(f"updating to endpoint config {config_name}; the current one serves meanwhile")
        return self._after_update()

    def update_weights(self, desired: list[dict[str, Any]]) -> dict[str, Any]:

        def underway(d: Mapping[str, Any] | None) -> bool:
            variants = {v["VariantName"]: v for v in (d or {}).get("ProductionVariants") or []}
            return all(
                all(
                    variants.get(want["VariantName"], {}).get(k) == v
                    for k, v in want.items()
                    if k != "VariantName"
                )
                for want in desired
            )

        self._mutate(
            "UpdateEndpointWeightsAndCapacities",
            {"EndpointName": self.endpoint, "DesiredWeightsAndCapacities": desired},
            underway,
        )
        shown = "; ".join(
            f"{d['VariantName']}: "
            + ", ".join(f"{k.removeprefix('Desired')} {v:g}" for k, v in d.items() if k != "VariantName")
            for d in desired
        )
        self.progress.say(f"changing weights and capacities in place ({shown}), no new instances or config")
        return self._after_update()

    def _after_update(self) -> dict[str, Any]:
        described = self.wait(
            lambda d: d is None or d["EndpointStatus"] not in IN_PROGRESS,
            "The update keeps going in SageMaker; the next `pulumi up` waits for it and carries on.",
        )
        if described is None:
            raise ApiRejected(
                self.kind, self.endpoint, "UpdateEndpoint", None, "the endpoint disappeared during the update"
            )
        return described

    def _mutate(
        self, operation: str, request: dict[str, Any], underway: Callable[[dict[str, Any] | None], bool]
    ) -> None:
        """A call that changes the endpoint, tolerant of a lost answer: when botocore's retry of a request
        that did go through is refused ("in-progress endpoint"), the endpoint shows the change underway."""
        try:
            self.call(operation, **request)
        except ClientError:
            if underway(self.describe()):
                return
            raise
        except AwsUnreachable:
            # Every answer lost (the retries' too): the request may still have gone through.
            if underway(self.describe()):
                return
            raise

    def delete_endpoint(self) -> None:
        """Wait for it to leave Creating/Updating, delete it, wait until it is gone."""
        described = self.settle()
        if described is None:
            return
        if described["EndpointStatus"] in DELETABLE:
            self._mutate(
                "DeleteEndpoint",
                {"EndpointName": self.endpoint},
                lambda d: d is None or d["EndpointStatus"] == "Deleting",
            )
            self.progress.say("deleting endpoint")
        self.wait(
            lambda d: d is None,
            "SageMaker has not finished deleting it; run `pulumi destroy` again to keep waiting.",
        )

    # -- tags ------------------------------------------------------------------------------------

    def reconcile_tags(self, arns: Iterable[str], wanted: Mapping[str, str]) -> None:
        """Make each resource's tags exactly `wanted`, whatever it has now."""
        for arn in arns:
            tagging.reconcile(self.call, arn, with_owner(wanted, self.owner))

    def retag(self, arns: Iterable[str], old: Mapping[str, str], new: Mapping[str, str]) -> None:
        for arn in arns:
            tagging.retag(self.call, arn, old, new)
