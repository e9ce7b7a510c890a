"""What the two resources that own a SageMaker endpoint share: HostingDeployment (models, config and
endpoint in one) and the standalone Endpoint.

Checking and re-parsing their inputs, refusing an endpoint of the name that is not theirs, the diff of
their inputs and name, the rollout (waits and calls that survive lost answers) and autoscaling of an
endpoint. The subclass says which inputs are its own and what to do with them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TextIO

from botocore.exceptions import ClientError

from ..aws import Aws, AwsUnreachable
from ..lifecycle import (
    ADOPT,
    OPERATOR_ENDPOINT,
    REGION,
    Deadline,
    Progress,
    ProviderFailure,
    one_line,
    owner_of,
    refusal,
    region_moved,
)
from ..lifecycle import tags as tagging
from ..shapes import Failure, SpecError, contains_unknown
from .autoscaling import Autoscaling
from .rollout import Rollout

DEFAULT_WAIT_TIMEOUT_SECONDS = 3600.0
# The options both take (endpoint_inputs.py and inputs.py name the same ones).
WAIT_TIMEOUT, NAME_SEED, NAME = "wait_timeout_seconds", "name_seed", "endpoint_name"


class EndpointOwner:
    KIND: ClassVar[str]  # the Pulumi type: what progress lines and failures start with
    INPUT_KEYS: ClassVar[tuple[str, ...]]
    OPTION_KEYS: ClassVar[tuple[str, ...]]

    def __init__(self, aws: Aws, stream: TextIO | None = None) -> None:
        self.aws = aws
        self.stream = stream

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        raise NotImplementedError

    def _changed_and_replaced(
        self, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[list[str], list[str]]:
        """The inputs (and call options) that changed, and what of them replaces the endpoint: a new
        explicit name, or another region."""
        changed = [
            key
            for key in (*self.INPUT_KEYS, WAIT_TIMEOUT, OPERATOR_ENDPOINT)
            if key != NAME and (contains_unknown(news.get(key)) or olds.get(key) != news.get(key))
        ]
        replaces = []
        explicit = news.get(NAME)
        if explicit is not None and (contains_unknown(explicit) or explicit != olds.get(NAME)):
            replaces.append(NAME)
        if region_moved(olds, news, self.aws.settings.default_region):
            replaces.append(REGION)
        return changed, replaces

    def _claim(self, rollout: Rollout, inputs: Mapping[str, Any], options: Mapping[str, Any]) -> None:
        """Before anything is made: an endpoint of this name that another stack (or no Pulumi stack:
        ACK's controller, say) made is not ours to adopt, reconfigure and one day delete, unless
        adopt_existing says so (see lifecycle/ownership.py)."""
        existing = rollout.describe()
        if existing is None:
            return
        found = tagging.tags_of(rollout.call, existing["EndpointArn"])
        explicit = inputs.get(NAME) is not None
        refused = refusal(
            self.KIND, rollout.endpoint, found, rollout.owner, explicit, bool(options.get(ADOPT))
        )
        if refused is not None:
            raise refused

    def _parse(self, props: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Canonical inputs again (the engine sends every number as a float) and the options."""
        checked, failures = self.check(props)
        if failures:
            raise SpecError(failures)
        return self._split(checked)

    def _split(self, checked: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        inputs = {k: v for k, v in checked.items() if k in self.INPUT_KEYS}
        options = {k: v for k, v in checked.items() if k in self.OPTION_KEYS}
        return inputs, options

    def _rollout(self, endpoint: str, options: Mapping[str, Any]) -> Rollout:
        timeout = float(options.get(WAIT_TIMEOUT) or DEFAULT_WAIT_TIMEOUT_SECONDS)
        return Rollout(
            self.aws,
            endpoint,
            Progress(f"{self.KIND} {endpoint}", self.stream),
            Deadline(timeout),
            owner_of(options.get(NAME_SEED)),
            kind=self.KIND,
        )

    def _autoscaling(self, rollout: Rollout) -> Autoscaling:
        return Autoscaling(self.aws, rollout.endpoint, rollout.progress)


def best_effort(rollout: Rollout, what: str, action: Callable[[], object]) -> None:
    """Run a repair while a failure is on its way to the user: if the repair fails too, say so and let
    the first failure be the one raised (what is left is repaired by a later `up`)."""
    try:
        action()
    except (ProviderFailure, AwsUnreachable, ClientError) as exc:
        rollout.progress.say(f"could not {what} ({one_line(str(exc))}); a later `pulumi up` does")


def variant_names(described: Mapping[str, Any] | None) -> set[str]:
    """The variants an endpoint has (none when there is no endpoint)."""
    return {v["VariantName"] for v in (described or {}).get("ProductionVariants") or []}
