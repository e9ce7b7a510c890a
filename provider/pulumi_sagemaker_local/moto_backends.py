"""The one door into moto's in-process backends (moto 5.2.5, pinned by the `testing` extra).

The local SageMaker runs moto's server application in its own process, so what a job writes
(CloudWatch log events, transform outputs) goes straight into the backends that moto's HTTP
answers read from. Everything that touches moto's internals is here, so an upgrade of moto has
one module to check; tests/test_local_logs.py and test_local_transform.py pin the behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

ACCOUNT = "123456789012"  # moto's default account, the one its STS answers with


def reset() -> None:
    """What `POST /moto-api/reset` does: wipe every backend of this process."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


def _partition(region: str) -> str:
    from moto.utilities.utils import get_partition

    return get_partition(region)


def put_log_events(region: str, group: str, stream: str, events: Iterable[tuple[float, str]]) -> None:
    """Append (epoch seconds, message) events to a stream, creating the group and stream as needed."""
    from moto.logs.models import logs_backends

    backend = logs_backends[ACCOUNT][region]
    if group not in backend.groups:
        backend.create_log_group(group, tags={})
    if stream not in backend.groups[group].streams:
        backend.create_log_stream(group, stream)
    batch = [{"timestamp": round(at * 1000), "message": message} for at, message in events]
    if batch:
        backend.put_log_events(group, stream, batch)


def _s3(region: str):  # -> moto.s3.models.S3Backend
    from moto.s3.models import s3_backends

    return s3_backends[ACCOUNT][_partition(region)]


def bucket_exists(region: str, bucket: str) -> bool:
    return bucket in _s3(region).buckets


def list_keys(region: str, bucket: str, prefix: str) -> list[str]:
    """Keys of the bucket's objects under `prefix`, sorted; [] when the bucket does not exist."""
    backend = _s3(region)
    found = backend.buckets.get(bucket)
    if found is None:
        return []
    return sorted(key for key in found.keys if key.startswith(prefix))


def get_object(region: str, bucket: str, key: str) -> bytes | None:
    backend = _s3(region)
    found = backend.buckets.get(bucket)
    if found is None or key not in found.keys:
        return None
    return bytes(found.keys[key].value)


def object_exists(region: str, bucket: str, key: str) -> bool:
    found = _s3(region).buckets.get(bucket)
    return found is not None and key in found.keys


def create_bucket(region: str, bucket: str) -> bool:
    """A bucket of moto's S3 (nothing happens if it exists); False if the name is not a bucket's."""
    from moto.s3.exceptions import InvalidBucketName

    backend = _s3(region)
    if bucket not in backend.buckets:
        try:
            backend.create_bucket(bucket, region)
        except InvalidBucketName:
            return False
    return True


def put_object(region: str, bucket: str, key: str, body: bytes) -> bool:
    """Store an object; False (nothing written) when the bucket does not exist."""
    backend = _s3(region)
    if bucket not in backend.buckets:
        return False
    backend.put_object(bucket, key, body)
    return True


def _iam(partition: str = "aws"):  # -> moto.iam.models.IAMBackend
    from moto.iam.models import iam_backends

    return iam_backends[ACCOUNT][partition]  # IAM is global, but one per partition (aws, aws-cn, ...)


def role(name: str, partition: str = "aws") -> tuple[str, list[str]] | None:
    """(trust policy, [permission policy documents]) of an IAM role, as JSON texts; None if missing."""
    from moto.iam.exceptions import NotFoundException

    try:
        found = _iam(partition).get_role(name)
    except NotFoundException:
        return None
    documents = list(found.policies.values())
    for managed in found.managed_policies.values():
        documents += [v.document for v in managed.versions if v.is_default]
    return found.assume_role_policy_document, documents


def role_trust(name: str, partition: str = "aws") -> tuple[str, str] | None:
    """(path, trust policy as JSON text) of an IAM role; None if missing."""
    from moto.iam.exceptions import NotFoundException

    try:
        found = _iam(partition).get_role(name)
    except NotFoundException:
        return None
    return found.path, found.assume_role_policy_document


def create_role(name: str, path: str, trust: str, partition: str = "aws") -> None:
    """An IAM role of moto's (its trust policy replaced if it exists)."""
    backend = _iam(partition)
    if role_trust(name, partition) is not None:
        backend.update_assume_role_policy(name, trust)
        return
    backend.create_role(name, trust, path, None, "", [], None)


def _autoscaling(region: str):  # -> moto.applicationautoscaling.models.ApplicationAutoscalingBackend
    from moto.applicationautoscaling.models import applicationautoscaling_backends

    return applicationautoscaling_backends[ACCOUNT][region]


def scalable_resources(region: str, prefix: str) -> list[str]:
    """Resource ids (e.g. endpoint/ep/variant/AllTraffic) with a scalable target, under `prefix`."""
    backend = _autoscaling(region)
    return sorted(
        {r_id for targets in backend.targets.values() for r_id in targets if r_id.startswith(prefix)}
    )


def drop_scaling(region: str, prefix: str) -> None:
    """Deregister every scalable target (and delete every policy) whose resource id starts with `prefix`."""
    backend = _autoscaling(region)
    for targets in backend.targets.values():
        for r_id in [r for r in targets if r.startswith(prefix)]:
            del targets[r_id]
    for key in [k for k, policy in backend.policies.items() if policy.resource_id.startswith(prefix)]:
        del backend.policies[key]


def alarm_histories(region: str, names: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
    """Per CloudWatch alarm that exists: its states in time order as (state, since epoch seconds).

    moto keeps each state change's previous state and its start in `history`; the current state
    follows. (Deployment guardrails roll back when one was in ALARM during a baking period.)
    """
    from moto.cloudwatch.models import cloudwatch_backends

    alarms = cloudwatch_backends[ACCOUNT][region].alarms

    def epoch(moment: Any) -> float:  # moto stamps naive UTC datetimes
        return moment.replace(tzinfo=UTC).timestamp()

    out: dict[str, list[tuple[str, float]]] = {}
    for name in names:
        alarm = alarms.get(name)
        if alarm is None:
            continue
        states = [(entry[3], epoch(entry[4])) for entry in alarm.history if entry[0] == "StateUpdate"]
        out[name] = [*states, (alarm.state_value, epoch(alarm.state_updated_timestamp))]
    return out
