"""Every status botocore's model lists for a job kind is produced by the local SageMaker, or excluded here
with the reason. A boto3 upgrade that adds a status fails this test until the emulator places it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

import botocore.session
import pytest
from pulumi_sagemaker_local import LocalSageMaker

from tests.local_jobs import IMAGE, ROLE, emulator, fresh, tuning_request
from tests.test_local_processing import processing_request
from tests.test_local_training import job_request
from tests.test_local_transform import transform_request

NOT_IMPLEMENTED = "the operation that leads there is not implemented by the local SageMaker"
EXCLUDED: dict[str, dict[str, str]] = {
    "TrainingJobStatus": {"Deleting": f"DeleteTrainingJob: {NOT_IMPLEMENTED}"},
    "SecondaryStatus": {
        "LaunchingMLInstances": "a finer step of Starting that SageMaker reports for some jobs only",
        "PreparingTrainingStack": "a finer step of Starting that SageMaker reports for some jobs only",
        "DownloadingTrainingImage": "a finer step of Training that SageMaker reports for some jobs only",
        "Interrupted": "managed spot interruptions are not emulated",
        "MaxWaitTimeExceeded": "managed spot waiting is not emulated",
        "Updating": "UpdateTrainingJob applies its changes at once, without an Updating step",
        "Restarting": "RetryStrategy retries are not emulated",
        "Pending": "waiting for capacity (training plans) is not emulated",
    },
    "HyperParameterTuningJobStatus": {
        "Deleting": f"DeleteHyperParameterTuningJob: {NOT_IMPLEMENTED}",
        "DeleteFailed": f"DeleteHyperParameterTuningJob: {NOT_IMPLEMENTED}",
    },
    "TransformJobStatus": {},
    "ProcessingJobStatus": {},
    "ObjectiveStatus": {},
}


@functools.cache
def enum(shape: str) -> set[str]:
    return set(botocore.session.get_session().get_service_model("sagemaker").shape_for(shape).enum)


@pytest.fixture(scope="module")
def observed() -> Iterator[dict[str, set[str]]]:
    """Run each kind to each of its ends, recording every status seen on the way."""
    seen: dict[str, set[str]] = {shape: set() for shape in EXCLUDED}
    for local in emulator():
        fresh(local, training_phase=0.05, stop=0.1, transform_phase=0.05, processing_phase=0.05)
        _run_all(local, seen)
    yield seen


Watch = tuple[Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None], str]


def _watch(watches: list[Watch]) -> None:
    """Poll every (fetch, record, status member) together until each has ended."""
    deadline = time.monotonic() + 10
    pending = list(watches)
    while pending:
        for watch in list(pending):
            fetch, record, done = watch
            answer = fetch()
            record(answer)
            if answer[done] in ("Completed", "Failed", "Stopped"):
                pending.remove(watch)
        assert time.monotonic() < deadline
        time.sleep(0.005)


def _run_all(local: LocalSageMaker, seen: dict[str, set[str]]) -> None:
    sm = local.client()
    sm.create_model(ModelName="xgb", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})

    def training(answer: dict[str, Any]) -> None:
        seen["TrainingJobStatus"].add(answer["TrainingJobStatus"])
        seen["SecondaryStatus"].update(t["Status"] for t in answer["SecondaryStatusTransitions"])

    def tuning(answer: dict[str, Any]) -> None:
        seen["HyperParameterTuningJobStatus"].add(answer["HyperParameterTuningJobStatus"])
        listed = sm.list_training_jobs_for_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=answer["HyperParameterTuningJobName"], MaxResults=100
        )
        seen["ObjectiveStatus"].update(s["ObjectiveStatus"] for s in listed["TrainingJobSummaries"])

    local.fail_training_job(name="t-failed")
    local.fail_tuning_job(name="h-failed")
    local.fail_transform_job(name="b-failed")
    local.fail_processing_job(name="p-failed")
    sm.create_training_job(**job_request("t-overtime", StoppingCondition={"MaxRuntimeInSeconds": 150}))
    local.timings.runtime_scale = 0.001  # 150 s last 0.15 s: the job is stopped while Downloading
    _watch([(lambda: sm.describe_training_job(TrainingJobName="t-overtime"), training, "TrainingJobStatus")])
    local.timings.runtime_scale = 1.0
    for end in ("done", "failed", "stopped"):
        sm.create_training_job(**job_request(f"t-{end}"))
        sm.create_hyper_parameter_tuning_job(**tuning_request(f"h-{end}", jobs=3, parallel=1))
        sm.create_transform_job(**transform_request(f"b-{end}"))
        sm.create_processing_job(**processing_request(f"p-{end}"))
        if end == "stopped":
            sm.stop_training_job(TrainingJobName="t-stopped")
            sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="h-stopped")
            sm.stop_transform_job(TransformJobName="b-stopped")
            sm.stop_processing_job(ProcessingJobName="p-stopped")
        _watch(
            [
                (
                    lambda e=end: sm.describe_training_job(TrainingJobName=f"t-{e}"),
                    training,
                    "TrainingJobStatus",
                ),
                (
                    lambda e=end: sm.describe_hyper_parameter_tuning_job(
                        HyperParameterTuningJobName=f"h-{e}"
                    ),
                    tuning,
                    "HyperParameterTuningJobStatus",
                ),
                (
                    lambda e=end: sm.describe_transform_job(TransformJobName=f"b-{e}"),
                    lambda a: seen["TransformJobStatus"].add(a["TransformJobStatus"]),
                    "TransformJobStatus",
                ),
                (
                    lambda e=end: sm.describe_processing_job(ProcessingJobName=f"p-{e}"),
                    lambda a: seen["ProcessingJobStatus"].add(a["ProcessingJobStatus"]),
                    "ProcessingJobStatus",
                ),
            ]
        )


@pytest.mark.parametrize("shape", sorted(EXCLUDED))
def test_every_status_is_produced_or_excluded_with_a_reason(
    shape: str, observed: dict[str, set[str]]
) -> None:
    excluded = EXCLUDED[shape]
    assert set(excluded) <= enum(shape), (
        f"excluded statuses botocore no longer has: {set(excluded) - enum(shape)}"
    )
    assert all(reason.strip() for reason in excluded.values())
    assert observed[shape] <= enum(shape)
    assert observed[shape] == enum(shape) - set(excluded), "statuses never produced and not excluded"
