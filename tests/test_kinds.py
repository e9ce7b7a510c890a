"""The kind descriptors: what botocore's model says is derived, and every status has a meaning."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.kinds import (
    ENDPOINT,
    JOB_KINDS,
    PROCESSING_JOB,
    TRAINING_JOB,
    TRANSFORM_JOB,
    TUNING_JOB,
)


@pytest.mark.parametrize("kind", (*JOB_KINDS, ENDPOINT), ids=lambda k: k.type_name)
def test_every_status_botocore_knows_has_exactly_one_meaning(kind):
    # A boto3 upgrade that adds a status fails here until the kind says what it means: a status no
    # group covers would be polled until the deadline.
    groups = kind.statuses.groups
    for status in kind.status_enum:
        meanings = [name for name, members in groups.items() if status in members]
        assert len(meanings) == 1, f"{kind.noun} status {status!r} has meanings {meanings}"
    stale = set().union(*groups.values()) - set(kind.status_enum)
    assert not stale, f"{kind.noun} groups name statuses botocore does not know: {stale}"


def test_what_the_model_knows_is_derived_not_typed():
    assert TUNING_JOB.name_limit == 32 and TRAINING_JOB.name_limit == 63
    assert TUNING_JOB.create == "CreateHyperParameterTuningJob"
    assert TUNING_JOB.stop == "StopHyperParameterTuningJob" and TUNING_JOB.update is None
    assert TRANSFORM_JOB.delete is None and PROCESSING_JOB.delete == "DeleteProcessingJob"
    assert TRANSFORM_JOB.arn_member == "TransformJobArn"
    assert TUNING_JOB.summaries == ("HyperParameterTuningJobSummaries", "HyperParameterTuningJobSummary")
    assert TRAINING_JOB.secondary_status_member == "SecondaryStatus"
    assert PROCESSING_JOB.secondary_status_member is None


def test_pulumi_type_and_api_noun_are_separate():
    assert (TUNING_JOB.type_name, TUNING_JOB.noun) == ("HyperparameterTuningJob", "HyperParameterTuningJob")
    assert (TRANSFORM_JOB.type_name, TRANSFORM_JOB.noun) == ("BatchTransformJob", "TransformJob")


def test_training_jobs_change_in_place_what_update_training_job_takes():
    assert dict(TRAINING_JOB.in_place) == {
        "profiler_config": None,
        "resource_config": frozenset({"keep_alive_period_in_seconds"}),
        "remote_debug_config": None,
    }


def test_outputs_are_declared_once_on_the_kind_and_typed_on_the_resource():
    import pulumi_sagemaker as sm

    for resource, kind in (
        (sm.TrainingJob, TRAINING_JOB),
        (sm.HyperparameterTuningJob, TUNING_JOB),
        (sm.BatchTransformJob, TRANSFORM_JOB),
        (sm.ProcessingJob, PROCESSING_JOB),
    ):
        declared = {k for k, v in resource.__annotations__.items() if "Output" in str(v)}
        assert declared == set(kind.output_names), resource.__name__


def test_console_and_runtime_urls_use_the_partitions_own_hosts():
    # The operator built amazonaws.com URLs for every region; China's partition has other hosts.
    from pulumi_sagemaker.hosting.errors import endpoint_log_url
    from pulumi_sagemaker.hosting.outputs import endpoint_url
    from pulumi_sagemaker.kinds import training_log_url

    assert endpoint_url("cn-north-1", "e") == (
        "https://runtime.sagemaker.cn-north-1.amazonaws.com.cn/endpoints/e/invocations"
    )
    assert endpoint_log_url("e", "cn-northwest-1").startswith("https://cn-northwest-1.console.amazonaws.cn/")
    assert training_log_url("j", "eu-west-1").startswith(
        "https://eu-west-1.console.aws.amazon.com/cloudwatch/"
    )
    assert (
        endpoint_url("us-east-1", "e")
        == "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations"
    )
