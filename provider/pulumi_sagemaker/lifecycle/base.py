"""What the lifecycle of every kind on the kind descriptor shares, jobs and create-only kinds alike.

Checking a spec against the Create call and the options every kind takes (name seed, adopt, region,
operator endpoint); comparing members; creating under a name, or adopting the resource of that name an
interrupted `up` left (ours, same spec); and the per-resource call path, labels and outputs. What a kind
does past that (waiting for a job, stopping it, deferring the delete of a config in use) is in
`jobs.py` and `create_only.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TextIO

from botocore import xform_name
from botocore.exceptions import ClientError

from ..aws import Aws, is_already_exists, is_not_found
from ..kinds import Described, Kind
from ..shapes import (
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
from .compare import same_member, spec_differences
from .options import check_flag, find_option
from .ownership import ADOPT
from .progress import Progress
from .region import OPERATOR_ENDPOINT, REGION, check_endpoint_option, check_region_option

NAME_SEED = "name_seed"
# The options of ours every kind takes: how names are generated, whether a foreign resource of the
# name may be adopted, where the resource is and which SageMaker endpoint serves the calls.
COMMON_OPTIONS = (NAME_SEED, REGION, ADOPT, OPERATOR_ENDPOINT)


@dataclass(frozen=True)
class Diff:
    changes: bool
    replaces: list[str]


@dataclass(frozen=True)
class Existing:
    """What a create that met a resource of its name found: its Describe answer, and how it differs from
    the spec (no differences: the same resource, which an interrupted `up` may have made)."""

    described: dict[str, Any]
    differences: list[str]


class KindLifecycle:
    """The shared part; a subclass names its OPTIONS (COMMON_OPTIONS and its own) and adds the rest."""

    OPTIONS: ClassVar[tuple[str, ...]] = COMMON_OPTIONS

    def __init__(self, kind: Kind, aws: Aws, stream: TextIO | None = None) -> None:
        self.kind = kind
        self.aws = aws
        self.stream = stream
        self.api_keys = frozenset(xform_name(m) for m in member_names(kind.create))

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        raise NotImplementedError

    # -- check / diff (no I/O) -------------------------------------------------------------------

    def _check_spec(self, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
        """The canonical Create members of `news` and every problem with them."""
        given = self._given(news)
        api = {k: v for k, v in news.items() if v is not None and k not in self.OPTIONS and k in given}
        inputs, failures = canonicalize_input(
            self.kind.create, api, supplied=(self.kind.name_member,), skip=self.OPTIONS
        )
        # The kind's own rules read the canonical form; where the model's checks already failed a
        # property, that failure is the one to read.
        failed = {f.path for f in failures}
        failures += [f for f in self.kind.hooks.rules(inputs, api) if f.path not in failed]
        tags_path, _ = find_option(news, "tags", [])
        failures += ownership.check_tags(inputs.get("tags"), tags_path)
        return inputs, failures

    def _given(self, news: Mapping[str, Any]) -> list[str]:
        # Output names are declared on the resource with None values so that Pulumi exposes them;
        # they are not inputs. Everything else the user gave is checked (unknown keys get a did-you-mean),
        # in the order the user wrote it: so is an output given a value (`name="x"` is no job name).
        outputs = set(self.kind.output_names) - {self.kind.name_key}
        # A key that is no string is kept: the shapes layer reports it at its path.
        return [
            k
            for k in news
            if not (k in outputs and news[k] is None) and not (isinstance(k, str) and k.startswith("__"))
        ]

    def _check_common_options(self, news: Mapping[str, Any], failures: list[Failure]) -> dict[str, Any]:
        return check_common_options(news, failures)

    def _kept_name_path(
        self, olds: Mapping[str, Any], inputs: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[str, list[str]] | None:
        """Where an explicit name kept through a replacement was written, and the members that replace
        (a replacement meets the old resource of the name: the caller words the refusal). None: fine."""
        name = inputs.get(self.kind.name_key)
        if name is None or contains_unknown(name) or olds.get(self.kind.name_key) != name:
            return None
        changed = [k for k in self._replacing(olds, inputs) if not contains_unknown(inputs.get(k))]
        if not changed:
            return None
        path, _ = find_option(news, self.kind.name_key, [])
        return path, changed

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The Create members whose change replaces the resource (its name aside)."""
        raise NotImplementedError

    def _changed(self, olds: Mapping[str, Any], news: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
        changed = []
        for key in sorted(set(keys) & (set(olds) | set(news))):
            new = news.get(key)
            if key == self.kind.name_key and new is None:
                continue  # a generated name stays what it is
            if contains_unknown(new) or not same_member(olds.get(key), new):
                changed.append(key)
        return changed

    # -- create-or-adopt ---------------------------------------------------------------------------

    def _create_named(
        self, name: str, inputs: Mapping[str, Any], options: Mapping[str, Any], progress: Progress
    ) -> Existing | None:
        """Create it under `name` (tagged with its owner). None: created; else what has that name."""
        tags = ownership.with_owner(inputs.get("tags"), ownership.owner_of(options.get(NAME_SEED)))
        request = to_request(self.kind.create, {**inputs, "tags": tags or None, self.kind.name_key: name})
        try:
            self.aws.call(self.kind.create, for_resource=self._label(name), **request)
            progress.say("created")
            return None
        except ClientError as exc:
            if not is_already_exists(exc):
                raise
        # It exists: ours from an `up` that died (or a retried create that had gone through), or not.
        described = self._describe(name)
        actual = from_response(output_shape(self.kind.describe), described)
        return Existing(described, spec_differences(spec_of(inputs, self.kind.name_key), actual))

    def _adopt(
        self,
        name: str,
        described: Mapping[str, Any],
        inputs: Mapping[str, Any],
        options: Mapping[str, Any],
        explicit: bool,
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """May the resource of the same spec under `name` be taken over (ours, or `adopt` says so)?
        Raises the refusal; else its ARN, its tags as found and the tags it is to have."""
        arn = described[self.kind.arn_member]
        found = tagging.tags_of(self._call(name), arn)
        owner = ownership.owner_of(options.get(NAME_SEED))
        refused = ownership.refusal(
            self.kind.type_name, name, found, owner, explicit, bool(options.get(ADOPT))
        )
        if refused is not None:
            raise refused
        return arn, found, ownership.with_owner(inputs.get("tags"), owner)

    # -- read --------------------------------------------------------------------------------------

    def _read_described(self, name: str) -> dict[str, Any] | None:
        """Its Describe answer, or None when it is gone."""
        try:
            return self._describe(name)
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise

    def _recorded(self, props: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The Create members and the options recorded in state."""
        inputs = {k: v for k, v in props.items() if k in self.api_keys}
        options = {k: v for k, v in props.items() if k in self.OPTIONS}
        return inputs, options

    # -- helpers -----------------------------------------------------------------------------------

    def _parse(self, props: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Canonical inputs again (the engine sends every number as a float) and the options."""
        checked, failures = self.check(props)
        if failures:
            raise SpecError(failures)
        inputs = {k: v for k, v in checked.items() if k not in self.OPTIONS}
        options = {k: v for k, v in checked.items() if k in self.OPTIONS}
        return inputs, options

    def _describe(self, name: str) -> dict[str, Any]:
        return self.aws.call(
            self.kind.describe, for_resource=self._label(name), **{self.kind.name_member: name}
        )

    def _outputs(
        self,
        inputs: Mapping[str, Any],
        options: Mapping[str, Any],
        described: Mapping[str, Any],
        previous: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        call = self._call(str(described.get(self.kind.name_member, "")))
        extra = self.kind.hooks.extra(call, described, previous or {})
        # Where the resource is, whether or not the spec says: read, delete and diff go by it later, even
        # if the stack's aws:region changes.
        return {**inputs, **options, REGION: self.aws.region, **self._computed(described, extra)}

    def _computed(
        self, described: Mapping[str, Any], extra: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The kind's outputs read off a Describe answer (and what its `extra` hook added)."""
        return self.kind.read_outputs(Described(described, self.aws.settings.console_region, extra or {}))

    def _progress(self, name: str) -> Progress:
        return Progress(f"{self.kind.type_name} {name}", self.stream)

    def _label(self, name: str) -> str:
        """What every failure of a call for this resource starts with."""
        return f"{self.kind.type_name} {name}"

    def _call(self, name: str) -> Any:
        """The AWS call path for this resource (tags, logs, a kind's extra outputs)."""
        return self.aws.caller(self._label(name))


def check_common_options(news: Mapping[str, Any], failures: list[Failure]) -> dict[str, Any]:
    """COMMON_OPTIONS as given (in any casing); their problems are added to `failures`."""
    options: dict[str, Any] = {}
    if news.get(NAME_SEED) is not None:
        options[NAME_SEED] = news[NAME_SEED]
    path, adopt = find_option(news, ADOPT, failures)
    if adopt is not None:
        options[ADOPT] = check_flag(adopt, path, failures)
    region, found = check_region_option(news)
    failures += found
    if region is not None:
        options[REGION] = region
    endpoint, found = check_endpoint_option(news)
    failures += found
    if endpoint is not None:
        options[OPERATOR_ENDPOINT] = endpoint
    return options


def spec_of(inputs: Mapping[str, Any], name_key: str) -> dict[str, Any]:
    """What identifies a resource: its inputs without its name and tags (tags change in place)."""
    return {k: v for k, v in inputs.items() if k not in ("tags", name_key)}
