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
from typing import Any, TextIO

from botocore import xform_name
from botocore.exceptions import ClientError

from ..aws import Aws, is_already_exists, is_not_found
from ..kinds import Described, Kind
from ..spec import (
    Failure,
    SpecError,
    canonicalize_input,
    contains_unknown,
    from_response,
    member_names,
    output_shape,
    to_request,
)
from . import ownership
from . import tags as tagging
from .compare import same_member as _same
from .compare import spec_differences
from .errors import AdoptionConflict, ApiRejected
from .jobs import NAME_SEED, Diff
from .naming import auto_name
from .options import check_flag, find_option
from .ownership import ADOPT
from .progress import Progress
from .region import OPERATOR_ENDPOINT, REGION, check_endpoint_option, check_region_option, region_moved
from .serving import defer_delete

OPTIONS = (NAME_SEED, REGION, ADOPT, OPERATOR_ENDPOINT)
# Generated names to move past when one is taken by a resource of another spec (a digest collision).
MAX_NAME_ATTEMPTS = 5


# (call, name, ARN) -> what still uses the resource (see serving.py).
InUse = Callable[[Callable[..., dict[str, Any]], str, str], list[str]]


class CreateOnlyLifecycle:
    """`in_use` says what still uses a resource about to be deleted: its delete is then deferred (marked,
    for the user of it to complete)."""

    def __init__(
        self, kind: Kind, aws: Aws, stream: TextIO | None = None, in_use: InUse | None = None
    ) -> None:
        assert kind.statuses is None, f"{kind.noun} has a status: it is not a create-only kind"
        self.kind = kind
        self.aws = aws
        self.stream = stream
        self.in_use = in_use
        self.api_keys = frozenset(xform_name(m) for m in member_names(kind.create))

    # -- check / diff (no I/O) -------------------------------------------------------------------

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        outputs = set(self.kind.output_names) - {self.kind.name_key}
        given = {k: v for k, v in news.items() if k not in outputs and not k.startswith("__")}
        api = {k: v for k, v in given.items() if v is not None and k not in OPTIONS}
        inputs, failures = canonicalize_input(
            self.kind.create, api, supplied=(self.kind.name_member,), skip=OPTIONS
        )
        failed = {f.path for f in failures}
        failures += [f for f in self.kind.hooks.rules(inputs, api) if f.path not in failed]
        tags_path, _ = find_option(news, "tags", [])
        failures += ownership.check_tags(inputs.get("tags"), tags_path)
        options: dict[str, Any] = {}
        path, adopt = find_option(news, ADOPT, failures)
        if adopt is not None:
            options[ADOPT] = check_flag(adopt, path, failures)
        if news.get(NAME_SEED) is not None:
            options[NAME_SEED] = news[NAME_SEED]
        region, found = check_region_option(news)
        failures += found
        if region is not None:
            options[REGION] = region
        endpoint, found = check_endpoint_option(news)
        failures += found
        if endpoint is not None:
            options[OPERATOR_ENDPOINT] = endpoint
        if olds:
            failures += self._kept_name(olds, inputs, news)
        return {**inputs, **options}, failures

    def _kept_name(
        self, olds: Mapping[str, Any], inputs: Mapping[str, Any], news: Mapping[str, Any]
    ) -> list[Failure]:
        """A replacement under the same explicit name would meet the old resource: refused now."""
        name = inputs.get(self.kind.name_key)
        if name is None or contains_unknown(name) or olds.get(self.kind.name_key) != name:
            return []
        changed = [k for k in self._replacing(olds, inputs) if not contains_unknown(inputs.get(k))]
        if not changed:
            return []
        path, _ = find_option(news, self.kind.name_key, [])
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
        changed = self._changed(olds, news)
        replaces = [k for k in changed if k != "tags"]
        if olds.get(OPERATOR_ENDPOINT) != news.get(OPERATOR_ENDPOINT):
            changed.append(OPERATOR_ENDPOINT)  # recorded for read and delete; moves nothing
        if region_moved(olds, news, self.aws.settings.default_region):
            replaces.append(REGION)
        return Diff(changes=bool(changed or replaces), replaces=replaces)

    def _changed(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        changed = []
        for key in sorted(self.api_keys & (set(olds) | set(news))):
            new = news.get(key)
            if key == self.kind.name_key and new is None:
                continue  # a generated name stays what it is
            if contains_unknown(new) or not _same(olds.get(key), new):
                changed.append(key)
        return changed

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return [k for k in self._changed(olds, news) if k not in ("tags", self.kind.name_key)]

    # -- create / update / read / delete ---------------------------------------------------------

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs, options = self._parse(props)
        explicit = inputs.get(self.kind.name_key)
        spec = {k: v for k, v in inputs.items() if k not in ("tags", self.kind.name_key)}
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
        owner = ownership.owner_of(options.get(NAME_SEED))
        tags = ownership.with_owner(inputs.get("tags"), owner)
        request = to_request(self.kind.create, {**inputs, "tags": tags or None, self.kind.name_key: name})
        try:
            self.aws.call(self.kind.create, for_resource=self._label(name), **request)
            progress.say("created")
            return self._describe(name)
        except ClientError as exc:
            if not is_already_exists(exc):
                raise
        described = self._describe(name)
        actual = from_response(output_shape(self.kind.describe), described)
        spec = {k: v for k, v in inputs.items() if k not in ("tags", self.kind.name_key)}
        differences = spec_differences(spec, actual)
        if differences:
            if explicit:
                raise AdoptionConflict(self.kind.type_name, name, differences)
            return None
        arn = described[self.kind.arn_member]
        found = tagging.tags_of(self._call(name), arn)
        refused = ownership.refusal(
            self.kind.type_name, name, found, owner, explicit, bool(options.get(ADOPT))
        )
        if refused is not None:
            raise refused
        progress.say("adopting the existing one (same spec) instead of creating a second one")
        tagging.retag(self._call(name), arn, found, {**_own(found), **tags})
        return described

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
        try:
            described = self._describe(name)
        except ClientError as exc:
            if is_not_found(exc):
                return None, {}
            raise
        inputs = {k: v for k, v in props.items() if k in self.api_keys}
        options = {k: v for k, v in props.items() if k in OPTIONS}
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

    # -- helpers ---------------------------------------------------------------------------------

    def _parse(self, props: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        checked, failures = self.check(props)
        if failures:
            raise SpecError(failures)
        inputs = {k: v for k, v in checked.items() if k not in OPTIONS}
        options = {k: v for k, v in checked.items() if k in OPTIONS}
        return inputs, options

    def _describe(self, name: str) -> dict[str, Any]:
        return self.aws.call(
            self.kind.describe, for_resource=self._label(name), **{self.kind.name_member: name}
        )

    def _outputs(
        self, inputs: Mapping[str, Any], options: Mapping[str, Any], described: Mapping[str, Any]
    ) -> dict[str, Any]:
        computed = self.kind.read_outputs(Described(described, self.aws.settings.console_region))
        return {**inputs, **options, REGION: self.aws.region, **computed}

    def _progress(self, name: str) -> Progress:
        return Progress(f"{self.kind.type_name} {name}", self.stream)

    def _label(self, name: str) -> str:
        """What every failure of a call for this resource starts with."""
        return f"{self.kind.type_name} {name}"

    def _call(self, name: str) -> Any:
        return self.aws.caller(self._label(name))


def _own(tags: Mapping[str, str]) -> dict[str, str]:
    """The package's own bookkeeping tags (served-by marks, say): kept through a reconcile."""
    return {k: v for k, v in tags.items() if k.startswith(tagging.OWN_PREFIX) and k != ownership.OWNER_TAG}
