"""Application Auto Scaling of the endpoint's variants (I/O through `Aws.call` only).

SageMaker refuses to update an endpoint whose variants are registered scalable targets, so the rollout
suspends (deregisters) them around UpdateEndpoint and registers them again afterwards. Deregistering
deletes the policies first: AWS does that by itself, moto does not, and doing it ourselves is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from ..aws import Aws, error_code, error_message, items
from ..lifecycle import Progress
from .scaling import DIMENSION, NAMESPACE, SERVICE, policy_requests, resource_id, target_request


def _missing(exc: ClientError) -> bool:
    """Is it gone already? AWS answers ObjectNotFoundException; moto (and AWS for a target) a
    ValidationException saying so. A delete whose answer was lost is retried by botocore and meets this:
    what was asked is done."""
    code = error_code(exc)
    message = error_message(exc).lower()
    return code == "ObjectNotFoundException" or (
        code == "ValidationException" and ("no scalable target" in message or "no scaling policy" in message)
    )


class Autoscaling:
    def __init__(self, aws: Aws, endpoint: str, progress: Progress) -> None:
        self.aws, self.endpoint, self.progress = aws, endpoint, progress

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        # Its failures name the deployment, as every call for it does (see `Aws.call`).
        return self.aws.call(operation, SERVICE, for_resource=f"HostingDeployment {self.endpoint}", **params)

    def registered(self, variants: Iterable[str]) -> set[str]:
        """Which of `variants` are registered scalable targets now."""
        return set(self.bounds(variants))

    def bounds(self, variants: Iterable[str]) -> dict[str, tuple[int, int]]:
        """(min, max) capacity of those of `variants` that are registered scalable targets now."""
        ids = {resource_id(self.endpoint, v): v for v in variants}
        if not ids:
            return {}
        targets = items(
            self._call,
            "DescribeScalableTargets",
            service=SERVICE,
            ServiceNamespace=NAMESPACE,
            ResourceIds=sorted(ids),
            ScalableDimension=DIMENSION,
        )
        return {
            ids[t["ResourceId"]]: (t["MinCapacity"], t["MaxCapacity"])
            for t in targets
            if t["ResourceId"] in ids
        }

    def register(self, variant: str, spec: Mapping[str, Any]) -> None:
        """Register (or re-bound) the target and make its policies exactly the spec's."""
        self._call("RegisterScalableTarget", **target_request(self.endpoint, variant, spec))
        wanted = policy_requests(self.endpoint, variant, spec)
        for name in self._policy_names(variant) - {p["PolicyName"] for p in wanted}:
            self._delete_policy(variant, name)
        for request in wanted:
            self._call("PutScalingPolicy", **request)

    def deregister(self, variant: str) -> None:
        for name in self._policy_names(variant):
            self._delete_policy(variant, name)
        try:
            self._call(
                "DeregisterScalableTarget",
                ServiceNamespace=NAMESPACE,
                ResourceId=resource_id(self.endpoint, variant),
                ScalableDimension=DIMENSION,
            )
        except ClientError as exc:
            if not _missing(exc):
                raise

    def suspend(self, variants: Iterable[str]) -> set[str]:
        """Deregister those of `variants` that are registered; returns them."""
        found = self.registered(variants)
        for variant in sorted(found):
            self.deregister(variant)
        if found:
            self.progress.say(f"autoscaling of {', '.join(sorted(found))} deregistered for the update")
        return found

    def apply(self, wanted: Mapping[str, Mapping[str, Any]], variants: Iterable[str]) -> None:
        """Make autoscaling of the endpoint's `variants` exactly `wanted` (by variant name)."""
        for variant in sorted(self.registered(variants) - set(wanted)):
            self.deregister(variant)
        for variant, spec in sorted(wanted.items()):
            self.register(variant, spec)
        if wanted:
            self.progress.say(f"autoscaling registered for {', '.join(sorted(wanted))}")

    def _policy_names(self, variant: str) -> set[str]:
        policies = items(
            self._call,
            "DescribeScalingPolicies",
            service=SERVICE,
            ServiceNamespace=NAMESPACE,
            ResourceId=resource_id(self.endpoint, variant),
            ScalableDimension=DIMENSION,
        )
        return {p["PolicyName"] for p in policies}

    def _delete_policy(self, variant: str, name: str) -> None:
        try:
            self._call(
                "DeleteScalingPolicy",
                PolicyName=name,
                ServiceNamespace=NAMESPACE,
                ResourceId=resource_id(self.endpoint, variant),
                ScalableDimension=DIMENSION,
            )
        except ClientError as exc:
            if not _missing(exc):
                raise
