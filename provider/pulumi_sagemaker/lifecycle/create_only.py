"""The lifecycle of a kind SageMaker can create and delete but never change: models and endpoint configs.

Nothing to wait for (they have no status): a create is one call, then a Describe for the outputs. Any
change but tags replaces the resource, and the replacement is created before the old one is deleted
(an endpoint config referring to a model keeps working meanwhile). So a generated name digests the
spec: the new one has a name of its own. An explicit name cannot be kept through a replacement
(SageMaker names are unique): check says so before any call.

State layout: the canonical Create members in snake_case, our options (name_seed, region), and the
kind's outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TextIO

from botocore.exceptions import ClientError

from ..aws import Aws, is_not_found
from ..kinds import Kind
from ..shapes import Failure, in_written_order
from . import ownership
from . import tags as tagging
from .base import COMMON_OPTIONS, NAME_SEED, Diff, KindLifecycle, spec_of
from .errors import AdoptionConflict, ApiRejected
from .naming import auto_name
from .region import OPERATOR_ENDPOINT, REGION, region_moved
from .serving import defer_delete

OPTIONS = COMMON_OPTIONS
# Generated names to move past when one is taken by a resource of another spec (a digest collision).
MAX_NAME_ATTEMPTS = 5


# (call, name, ARN) -> what still uses the resource (see serving.py).
InUse = Callable[[Callable[..., dict[str, Any]], str, str], list[str]]


class CreateOnlyLifecycle(KindLifecycle):
    """`in_use` says what still uses a resource about to be deleted: its delete is then deferred (marked,
    for the user of it to complete)."""

    OPTIONS: ClassVar[tuple[str, ...]] = OPTIONS

    def __init__(
        self, kind: Kind, aws: Aws, stream: TextIO | None = None, in_use: InUse | None = None
    ) -> None:
        assert kind.statuses is None, f"{kind.noun} has a status: it is not a create-only kind"
        super().__init__(kind, aws, stream)
        self.in_use = in_use

    # -- check / diff (no I/O) -------------------------------------------------------------------

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        inputs, failures = self._check_spec(news)
        options = self._check_common_options(news, failures)
        if olds:
            failures += self._kept_name(olds, inputs, news)
        return {**inputs, **options}, in_written_order(failures, news)

    def _kept_name(
        self, olds: Mapping[str, Any], inputs: Mapping[str, Any], news: Mapping[str, Any]
    ) -> list[Failure]:
        """A replacement under the same explicit name would meet the old resource: refused now."""
        kept = self._kept_name_path(olds, inputs, news)
        if kept is None:
            return []
        path, changed = kept
        noun = self.kind.type_name
        verb = "changes" if len(changed) == 1 else "change"
        return [
            Failure(
                path,
                f"is kept while {', '.join(changed)} {verb}: SageMaker "
                f"cannot change a {noun} in place, so the change is a new {noun}, and it needs a new name "
                f"(the old one is deleted once the new one exists). Give it a new name, and refer to that "
                "name where it is used, or leave the name out to get generated ones",
            )
        ]

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        """Inputs only (`olds` are the previous outputs): tags change in place, the rest replaces."""
        changed = self._changed(olds, news, self.api_keys)
        replaces = [k for k in changed if k != "tags"]
        if olds.get(OPERATOR_ENDPOINT) != news.get(OPERATOR_ENDPOINT):
            changed.append(OPERATOR_ENDPOINT)  # recorded for read and delete; moves nothing
        if region_moved(olds, news, self.aws.settings.default_region):
            replaces.append(REGION)
        return Diff(changes=bool(changed or replaces), replaces=replaces)

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return [k for k in self._changed(olds, news, self.api_keys) if k not in ("tags", self.kind.name_key)]

    # -- create / update / read / delete ---------------------------------------------------------

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs, options = self._parse(props)
        explicit = inputs.get(self.kind.name_key)
        spec = spec_of(inputs, self.kind.name_key)
        name = explicit or ""
        for attempt in range(1 if explicit else MAX_NAME_ATTEMPTS):
            name = explicit or auto_name(options.get(NAME_SEED, ""), spec, attempt, self.kind.name_limit)
            described = self._create_or_adopt(name, inputs, options, explicit is not None)
            if described is not None:
                return name, self._outputs(inputs, options, described)
        raise ApiRejected(
            self.kind.type_name,
            name,
            self.kind.create,
            None,
            f"{MAX_NAME_ATTEMPTS} generated names are taken by other {self.kind.type_name}s; set a name",
        )

    def _create_or_adopt(
        self, name: str, inputs: Mapping[str, Any], options: Mapping[str, Any], explicit: bool
    ) -> dict[str, Any] | None:
        """Create it, or adopt one of that name with the same spec that is ours (from an `up` that died
        after SageMaker accepted the create). None: the name is another spec's; move to the next one."""
        progress = self._progress(name)
        existing = self._create_named(name, inputs, options, progress)
        if existing is None:
            return self._describe(name)
        if existing.differences:
            if explicit:
                raise AdoptionConflict(self.kind.type_name, name, existing.differences)
            return None
        arn, found, tags = self._adopt(name, existing.described, inputs, options, explicit)
        progress.say("adopting the existing one (same spec) instead of creating a second one")
        tagging.retag(self._call(name), arn, found, {**_own(found), **tags})
        return existing.described

    def update(self, name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        """Tags (everything else replaces)."""
        inputs, options = self._parse(news)
        described = self._describe(name)
        tagging.retag(
            self._call(name),
            described[self.kind.arn_member],
            olds.get("tags") or {},
            inputs.get("tags") or {},
        )
        return self._outputs(inputs, options, described)

    def read(self, name: str, props: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
        described = self._read_described(name)
        if described is None:
            return None, {}
        inputs, options = self._recorded(props)
        return name, self._outputs(inputs, options, described)

    def delete(self, name: str, props: Mapping[str, Any]) -> None:
        assert self.kind.delete is not None
        arn = props.get("arn")
        users = self.in_use(self._call(name), name, arn) if self.in_use and isinstance(arn, str) else []
        if users and isinstance(arn, str):
            defer_delete(self._call(name), arn)
            self._progress(name).say(
                f"kept for now: {', '.join(users)} still {'serves' if len(users) == 1 else 'serve'} it "
                "(SageMaker could not update an endpoint whose config is gone); it is deleted once "
                "that endpoint has switched to another config"
            )
            return
        try:
            self.aws.call(self.kind.delete, for_resource=self._label(name), **{self.kind.name_member: name})
        except ClientError as exc:
            if not is_not_found(exc):
                raise
            return
        self._progress(name).say("deleted")


def _own(tags: Mapping[str, str]) -> dict[str, str]:
    """The package's own bookkeeping tags (served-by marks, say): kept through a reconcile."""
    return {k: v for k, v in tags.items() if k.startswith(tagging.OWN_PREFIX) and k != ownership.OWNER_TAG}
