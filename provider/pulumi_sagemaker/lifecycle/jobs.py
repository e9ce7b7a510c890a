"""The generic lifecycle of a SageMaker job kind: check, diff, create-or-adopt, wait, update, read, delete.

A kind (see `pulumi_sagemaker.kinds`) supplies the data and the few hooks where it differs; nothing
here knows about training, tuning, transform or processing jobs as such.
State layout (inputs as returned by `check`, outputs as returned by `create`/`update`/`read`):
the canonical API members in snake_case, the provider options below, and the kind's outputs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TextIO, cast

from botocore import xform_name
from botocore.exceptions import ClientError

from ..aws import Aws, error_code
from ..kinds import Kind
from ..shapes import Failure, contains_unknown, in_written_order, to_request
from . import ownership
from . import tags as tagging
from .base import COMMON_OPTIONS, NAME_SEED, Diff, KindLifecycle, spec_of
from .compare import EMPTY as _EMPTY
from .compare import same_member as _same
from .errors import AdoptionConflict, ApiRejected, JobFailed, NameTaken, WaitTimeout, one_line
from .logs import LogTail
from .naming import auto_name
from .options import check_flag, check_timeout, find_option
from .progress import Progress
from .region import OPERATOR_ENDPOINT, REGION, region_moved
from .shared_poll import Looker, shared_list
from .waiter import Deadline, DeadlinePassed, Schedule, wait

WAIT_FOR_VALUES = ("Completed", "InProgress")
# Options of ours, not SageMaker's: they shape how `pulumi up` waits and how names are generated.
WAIT_OPTIONS = ("wait_for", "wait_timeout_seconds", "stream_logs")
OPTIONS = (*WAIT_OPTIONS, *COMMON_OPTIONS)
CREATED, ADOPTED = "created", "adopted"
# How many generated names to move past (each one a job that ended Failed or Stopped) before giving up.
MAX_NAME_ATTEMPTS = 20
STOP_DEADLINE_SECONDS = 3600.0
# Log events are read at least this often while a job runs, whatever the status polling interval.
LOG_INTERVAL_CAP_SECONDS = 5.0
TIMEOUT_HINT = (
    "It keeps running in SageMaker; the next `pulumi up` adopts it and waits again "
    '(raise wait_timeout_seconds, or set wait_for="InProgress" not to wait for the end).'
)


class JobLifecycle(KindLifecycle):
    OPTIONS: ClassVar[tuple[str, ...]] = OPTIONS

    def __init__(self, kind: Kind, aws: Aws, stream: TextIO | None = None) -> None:
        assert kind.statuses is not None and kind.status_member, f"{kind.noun} is not a job kind"
        super().__init__(kind, aws, stream)
        self.statuses = kind.statuses
        self.status_member: str = kind.status_member

    # -- check / diff (no I/O) -------------------------------------------------------------------

    def check(
        self, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[Failure]]:
        """Canonical inputs and every problem with them; tolerant of preview Unknowns. `olds` (the
        previous inputs, on an update) let a kept explicit name that cannot be kept be reported now."""
        inputs, failures = self._check_spec(news)
        options = {**self._check_wait_options(news, failures), **self._check_common_options(news, failures)}
        if olds:
            failures += self._kept_name(olds, inputs, news)
        return {**inputs, **options}, in_written_order(failures, news)

    def _kept_name(
        self, olds: Mapping[str, Any], inputs: Mapping[str, Any], news: Mapping[str, Any]
    ) -> list[Failure]:
        """A replacement under the same explicit name is impossible (SageMaker never reuses a job name):
        the create would meet the old job and adopt it, and the engine would then delete that very job."""
        kept = self._kept_name_path(olds, inputs, news)
        if kept is None:
            return []
        path, changed = kept
        return [
            Failure(
                path,
                f"is kept while {', '.join(changed)} {'changes' if len(changed) == 1 else 'change'}, which "
                "replaces the job, and SageMaker never reuses a job name: give the job a new name (or "
                "leave the name out to get generated ones)",
            )
        ]

    def _check_wait_options(self, news: Mapping[str, Any], failures: list[Failure]) -> dict[str, Any]:
        """WAIT_OPTIONS as given; their problems are added to `failures`."""
        options: dict[str, Any] = {}
        path, wait_for = find_option(news, "wait_for", failures)
        if wait_for is None:
            wait_for = "Completed"
        if not contains_unknown(wait_for) and wait_for not in WAIT_FOR_VALUES:
            failures.append(Failure(path, f"must be one of {', '.join(WAIT_FOR_VALUES)}, got {wait_for!r}"))
        options["wait_for"] = wait_for
        path, timeout = find_option(news, "wait_timeout_seconds", failures)
        if timeout is not None:
            options["wait_timeout_seconds"] = check_timeout(timeout, path, failures)
        path, stream_logs = find_option(news, "stream_logs", failures)
        if stream_logs is not None:
            if self.kind.log_group is None:
                failures.append(Failure(path, f"a {self.kind.type_name} has no logs of its own to stream"))
            else:
                options["stream_logs"] = check_flag(stream_logs, path, failures)
        return options

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        """Compare inputs (`olds` are the previous outputs). What SageMaker cannot change replaces; so does
        a job that ended badly (found by a refresh, or after a wait_for="InProgress" up): the next `up`
        runs it again. A job state knows as still running, with wait_for="Completed", is an update: the
        `up` waits for it (an earlier wait ended with our deadline or a failed update)."""
        # Our wait options and the SageMaker endpoint change how calls are made, not the job.
        calls = (*WAIT_OPTIONS, OPERATOR_ENDPOINT)
        changed = self._changed(olds, news, (*self.api_keys, *calls))
        replaces = [k for k in changed if k not in calls and not self._in_place(k, olds, news)]
        if region_moved(olds, news, self.aws.settings.default_region):
            replaces.append(REGION)
        status = olds.get("status")
        if status in self.statuses.ended_badly:
            replaces.append("status")
        waits = status in self.statuses.active and news.get("wait_for") == "Completed"
        return Diff(changes=bool(changed or replaces or waits), replaces=replaces)

    def _in_place(self, key: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Can a change of `key` be made without replacing the job? Tags always can; members of the
        kind's Update call can, or their updatable part (resource_config's warm-pool keep-alive)."""
        if key == "tags":
            return True
        if key not in self.kind.in_place:
            return False
        nested = self.kind.in_place[key]
        if nested is None:
            return True
        old, new = olds.get(key), news.get(key)
        if contains_unknown(new) or not isinstance(new, Mapping) or not isinstance(old, Mapping):
            return False
        return _same(_without(old, nested), _without(new, nested))

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The SageMaker members whose change replaces the job (its name aside)."""
        changed = self._changed(olds, news, self.api_keys - {self.kind.name_key})
        return [k for k in changed if not self._in_place(k, olds, news)]

    # -- create ------------------------------------------------------------------------------------

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs, options = self._parse(props)
        explicit = inputs.get(self.kind.name_key)
        spec = spec_of(inputs, self.kind.name_key)
        name: str = explicit or ""  # bound by the first attempt; there is always one
        for attempt in range(1 if explicit else MAX_NAME_ATTEMPTS):
            name = explicit or auto_name(
                options.get(NAME_SEED, ""), spec, attempt, self.kind.name_limit, _words(self.kind.type_name)
            )
            progress = self._progress(name)
            outcome = self._create_or_adopt(name, inputs, options, explicit is not None, progress)
            if outcome is not None:
                break
        else:
            raise ApiRejected(
                self.kind.type_name,
                name,
                self.kind.create,
                None,
                f"{MAX_NAME_ATTEMPTS} generated names are taken by jobs that ended badly; set a name",
            )
        try:
            # A job just created has only begun: its first look can wait (an adopted one may be done).
            described = self._wait(name, inputs, options, progress, just_created=outcome == CREATED)
            return name, self._outputs(inputs, options, described)
        except JobFailed:
            raise  # it ended: nothing runs, and the next `up` starts a new job
        except Exception as exc:
            exc.add_note(self._left_in_sagemaker(name))
            raise

    def _left_in_sagemaker(self, name: str) -> str:
        """What a create that failed after SageMaker accepted the job leaves, and what to do about it: the
        SDK's provider server cannot hand the engine a half-made create, so state does not know the job."""
        stop = ""
        if self.kind.stop is not None:
            command = (
                f"aws sagemaker {xform_name(self.kind.stop, '-')} --{xform_name(self.kind.name_member, '-')}"
            )
            stop = f"; if it still runs and you do not want it, stop it with `{command} {name}`"
        return (
            f"{self.kind.type_name} {name} exists in SageMaker: the next `pulumi up` adopts it instead of "
            f"starting another. Until an `up` succeeds, `pulumi destroy` does not know it{stop}."
        )

    def _create_or_adopt(
        self,
        name: str,
        inputs: dict[str, Any],
        options: Mapping[str, Any],
        explicit: bool,
        progress: Progress,
    ) -> str | None:
        """Create the job (CREATED), or adopt one of that name with the same spec that is ours (ADOPTED).
        None: move to the next name."""
        existing = self._create_named(name, inputs, options, progress)
        if existing is None:
            return CREATED
        described, differences = existing.described, existing.differences
        status = described[self.status_member]
        if differences:
            if explicit:
                raise AdoptionConflict(self.kind.type_name, name, differences)
            return None  # a digest collision with a foreign job: take the next name
        if status in self.statuses.ended_badly:
            if explicit:
                raise NameTaken(self.kind.type_name, name, status, self.kind.hooks.why(described))
            progress.say(f"an earlier run of this job ended {status}; starting it again under a new name")
            return None
        arn, found, tags = self._adopt(name, described, inputs, options, explicit)
        progress.say(f"adopting the existing job ({status}) instead of starting a second one")
        try:
            tagging.retag(self._call(name), arn, found, tags)
        except Exception as exc:
            exc.add_note(self._left_in_sagemaker(name))
            raise
        return ADOPTED

    # -- waiting -----------------------------------------------------------------------------------

    def _wait(
        self,
        name: str,
        inputs: Mapping[str, Any],
        options: Mapping[str, Any],
        progress: Progress,
        just_created: bool = False,
    ) -> dict[str, Any]:
        kind, statuses = self.kind, self.statuses

        def done(d: dict[str, Any]) -> bool:
            status = d[self.status_member]
            if status in statuses.ended:
                return True
            secondary = d.get(kind.secondary_status_member) if kind.secondary_status_member else None
            started = status in statuses.running and secondary not in kind.not_started
            return options.get("wait_for") == "InProgress" and started

        timeout = options.get("wait_timeout_seconds") or kind.hooks.default_deadline(inputs) or math.inf
        tail = self._log_tail(name, options, progress)
        first = self.aws.settings.poll_interval if just_created else 0.0
        described = self._poll(name, done, Deadline(timeout), progress, TIMEOUT_HINT, tail, first)
        status = described[self.status_member]
        if status in statuses.ended_badly:
            raise JobFailed(
                kind.type_name,
                name,
                status,
                kind.hooks.why(described),
                self._computed(described).get("log_url"),
                list(tail.last_lines) if tail is not None else [],
            )
        return described

    def _log_tail(self, name: str, options: Mapping[str, Any], progress: Progress) -> LogTail | None:
        if self.kind.log_group is None or options.get("stream_logs") is False:
            return None
        interval = min(self.aws.settings.poll_interval, LOG_INTERVAL_CAP_SECONDS)
        return LogTail(self._call(name), self.kind.log_group, name, progress.say, interval)

    def _poll(
        self,
        name: str,
        done: Any,
        deadline: Deadline,
        progress: Progress,
        hint: str,
        tail: LogTail | None = None,
        first: float = 0.0,
    ) -> dict[str, Any]:
        """Describe until `done` (or read the shared List while other waits of the kind run), reporting
        progress; past `deadline`, a WaitTimeout carrying `hint`."""
        kind = self.kind
        shared = shared_list(self.aws.settings, self.aws.call, kind) if kind.list else None
        describe_on = (self.status_member, *kind.hooks.describe_on)
        try:
            with Looker(shared, name, lambda: self._describe(name), describe_on) as looker:
                # A job's Describe always answers (a missing job raises), so a look is never None.
                look = cast(Callable[[], dict[str, Any]], looker)
                return wait(
                    look,
                    done,
                    schedule=Schedule(self.aws.settings.poll_interval, first=first),
                    deadline=deadline,
                    on_look=lambda d: self._report(progress, d),
                    companion=tail,
                )
        except DeadlinePassed as late:
            status = late.last[self.status_member]
            raise WaitTimeout(self.kind.type_name, name, status, late.waited, hint) from None

    def _report(self, progress: Progress, d: Mapping[str, Any]) -> None:
        parts, message = self.kind.hooks.report(d)
        progress.state(d.get(self.status_member), *parts, message=message)

    # -- update / read / delete --------------------------------------------------------------------

    def update(self, name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        """Tags, our wait options and what the kind's Update call changes; everything else was a
        replacement."""
        inputs, options = self._parse(news)
        arn = olds.get("arn") or self._describe(name)[self.kind.arn_member]
        # Made exactly the spec's (and the owner's), whatever they are now: an update interrupted half
        # way through its tags leaves them mixed.
        owner = ownership.owner_of(options.get(NAME_SEED))
        wanted = ownership.with_owner(inputs.get("tags"), owner)
        if (olds.get("tags") or {}) != (inputs.get("tags") or {}):
            tagging.reconcile(self._call(name), arn, wanted)
        self._update_in_place(name, olds, inputs)
        described = self._describe(name)
        status = described[self.status_member]
        if status not in self.statuses.ended and options.get("wait_for") == "Completed":
            described = self._wait(name, inputs, options, self._progress(name))
        elif status in self.statuses.ended_badly:
            # It ended badly since an `up` last looked. The outputs say so, and the next `up` replaces it.
            reason = one_line(self.kind.hooks.why(described)) or "no FailureReason"
            self._progress(name).say(
                f"the job ended {status} ({reason}); the next `pulumi up` runs it again under a new name"
                " (an explicit name must be changed first: SageMaker never reuses one)"
            )
        return self._outputs(inputs, options, described, previous=olds)

    def _update_in_place(self, name: str, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> None:
        """One call of the kind's Update operation with every updatable member that changed."""
        if self.kind.update is None:
            return
        removed = self.kind.hooks.removed or {}
        members: dict[str, Any] = {}
        for key, nested in self.kind.in_place.items():
            old, new = olds.get(key), inputs.get(key)
            if nested is not None:
                old, new = _only(old, nested), _only(new, nested)
            if _same(old, new):
                continue
            members[key] = new if new not in _EMPTY else removed.get(key)
        members = {k: v for k, v in members.items() if v is not None}
        if not members:
            return
        request = to_request(self.kind.update, {**members, self.kind.name_key: name})
        self.aws.call(self.kind.update, for_resource=self._label(name), **request)
        self._progress(name).say(f"updated {', '.join(sorted(members))} in place")

    def read(self, name: str, props: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
        described = self._read_described(name)
        if described is None:
            return None, {}
        inputs, options = self._recorded(props)
        # Tags as they are (an update interrupted half way through them shows as drift, and `up` repairs).
        found = tagging.tags_of(self._call(name), described[self.kind.arn_member])
        found = {k: v for k, v in found.items() if k != ownership.OWNER_TAG}
        if found != (inputs.get("tags") or {}):
            inputs["tags"] = found
        return name, self._outputs(inputs, options, described, previous=props)

    def delete(self, name: str, props: Mapping[str, Any]) -> None:
        """Stop a running job and wait until it has stopped: nothing is left running (or billing)."""
        described = self._read_described(name)
        if described is None:
            return
        kind, statuses, progress = self.kind, self.statuses, self._progress(name)
        status = described[self.status_member]
        if status in statuses.running and kind.stop is not None:
            try:
                self.aws.call(kind.stop, for_resource=self._label(name), **{kind.name_member: name})
                progress.say("stopping")
            except ClientError as exc:
                # It may have finished between describe and stop: that is what we wanted anyway.
                if error_code(exc) != "ValidationException":
                    raise
        if status in statuses.active:
            self._poll(
                name,
                lambda d: d[self.status_member] not in statuses.active,
                Deadline(STOP_DEADLINE_SECONDS),
                progress,
                "SageMaker has not finished stopping it; run `pulumi destroy` again to keep waiting.",
            )


def _words(type_name: str) -> str:
    """`BatchTransformJob` -> `batch-transform-job`: what a generated name says when the resource's own
    name has nothing a SageMaker name can hold."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type_name).lower()


def _without(value: Mapping[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in keys}


def _only(value: Any, keys: frozenset[str]) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    kept = {k: v for k, v in value.items() if k in keys and v is not None}
    return kept or None
