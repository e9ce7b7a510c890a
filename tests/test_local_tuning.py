"""LocalSageMaker: hyperparameter tuning jobs and the training jobs they launch, through boto3."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker, search_space

from tests.local_jobs import (
    RANGES,
    emulator,
    error_of,
    fresh,
    training_definition,
    tuning_request,
    wait_until,
)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator()


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    return fresh(server)


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def ended(sm: Any, name: str, timeout: float = 10.0) -> dict[str, Any]:
    return wait_until(
        lambda: sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name),
        lambda a: a["HyperParameterTuningJobStatus"] in ("Completed", "Failed", "Stopped"),
        timeout,
    )


def children(sm: Any, name: str, **options: Any) -> list[dict[str, Any]]:
    paginator = sm.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job")
    pages = paginator.paginate(HyperParameterTuningJobName=name, **options)
    return [summary for page in pages for summary in page["TrainingJobSummaries"]]


def in_ranges(tuned: dict[str, str]) -> bool:
    return (
        3 <= int(tuned["max_depth"]) <= 10
        and 0.01 <= float(tuned["eta"]) <= 0.5
        and tuned["booster"] in ("gbtree", "dart")
    )


def test_children_run_two_at_a_time_and_the_best_is_reported(sm: Any) -> None:
    sm.create_hyper_parameter_tuning_job(**tuning_request("tune", jobs=4, parallel=2))
    most_in_progress = 0

    def fetch() -> dict[str, Any]:
        nonlocal most_in_progress
        answer = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="tune")
        most_in_progress = max(most_in_progress, answer["TrainingJobStatusCounters"]["InProgress"])
        return answer

    final = wait_until(fetch, lambda a: a["HyperParameterTuningJobStatus"] == "Completed")
    assert most_in_progress <= 2
    # Default timings: two rounds of four 0.1 s phases, on the emulated clock.
    elapsed = final["HyperParameterTuningEndTime"] - final["CreationTime"]
    assert elapsed.total_seconds() == pytest.approx(0.8, abs=0.01)
    assert final["TrainingJobStatusCounters"] == {
        "Completed": 4,
        "InProgress": 0,
        "RetryableError": 0,
        "NonRetryableError": 0,
        "Stopped": 0,
    }
    assert final["ObjectiveStatusCounters"] == {"Succeeded": 4, "Pending": 0, "Failed": 0}
    summaries = children(sm, "tune")
    assert len(summaries) == 4
    values = {
        s["TrainingJobName"]: s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in summaries
    }
    best = final["BestTrainingJob"]
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == max(values.values())
    assert values[best["TrainingJobName"]] == max(values.values())
    assert best["TrainingJobStatus"] == "Completed" and best["ObjectiveStatus"] == "Succeeded"
    for summary in summaries:
        assert re.fullmatch(r"tune-\d{3}-[0-9a-f]{8}", summary["TrainingJobName"])
        assert in_ranges(summary["TunedHyperParameters"])


def test_children_are_real_training_jobs(sm: Any) -> None:
    sm.create_hyper_parameter_tuning_job(**tuning_request("real", jobs=2, parallel=2))
    ended(sm, "real")
    arn = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="real")[
        "HyperParameterTuningJobArn"
    ]
    for summary in children(sm, "real"):
        job = sm.describe_training_job(TrainingJobName=summary["TrainingJobName"])
        assert job["TuningJobArn"] == arn
        assert job["TrainingJobStatus"] == "Completed"
        assert job["HyperParameters"] == {
            "objective": "binary:logistic",
            "num_round": "50",
            **summary["TunedHyperParameters"],
            "_tuning_objective_metric": "validation:auc",
        }
        metrics = {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}
        assert metrics["validation:auc"] == summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
        assert job["ModelArtifacts"]["S3ModelArtifacts"] == (
            f"s3://bucket/tuning/{job['TrainingJobName']}/output/model.tar.gz"
        )
    listed = sm.list_training_jobs(NameContains="real-", MaxResults=100)["TrainingJobSummaries"]
    assert len(listed) == 2


def test_describe_fills_in_what_aws_fills_in(sm: Any) -> None:
    request = tuning_request(
        "filled",
        jobs=1,
        parallel=1,
        ranges={"CategoricalParameterRanges": RANGES["CategoricalParameterRanges"]},
    )
    sm.create_hyper_parameter_tuning_job(**request)
    described = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="filled")
    config = described["HyperParameterTuningJobConfig"]
    # The SageMaker Python SDK's HyperparameterTuner.attach reads each of these unconditionally.
    assert config["TrainingJobEarlyStoppingType"] == "Off"
    assert config["ParameterRanges"]["IntegerParameterRanges"] == []
    assert config["ParameterRanges"]["ContinuousParameterRanges"] == []
    assert config["ResourceLimits"]["MaxNumberOfTrainingJobs"] == 1
    static = described["TrainingJobDefinition"]["StaticHyperParameters"]
    assert static["_tuning_objective_metric"] == "validation:auc"
    assert described["HyperParameterTuningJobStatus"] == "InProgress"
    assert described["ObjectiveStatusCounters"]["Pending"] == 1


@pytest.mark.parametrize("objective", ["Maximize", "Minimize"])
def test_grid_covers_every_combination_and_the_best_follows_the_objective(sm: Any, objective: str) -> None:
    ranges = {
        "CategoricalParameterRanges": [
            {"Name": "booster", "Values": ["gbtree", "dart"]},
            {"Name": "tree_method", "Values": ["exact", "hist"]},
        ]
    }
    name = f"grid-{objective.lower()}"
    sm.create_hyper_parameter_tuning_job(
        **tuning_request(name, jobs=None, parallel=4, strategy="Grid", objective=objective, ranges=ranges)
    )
    final = ended(sm, name)
    assert final["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] == 4
    summaries = children(sm, name)
    combos = {tuple(sorted(s["TunedHyperParameters"].items())) for s in summaries}
    assert len(combos) == 4
    values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in summaries]
    pick = max if objective == "Maximize" else min
    best = final["BestTrainingJob"]
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == pick(values)
    # The objective is a function of the tuned values: the best combination is the same either way.
    definition = search_space.definitions({**tuning_request(name, ranges=ranges, strategy="Grid")})[0]
    scores = {
        tuple(sorted(c.items())): search_space.score(definition.ranges, c) for c in search_space.grid(ranges)
    }
    expected = dict(max(scores, key=scores.__getitem__))
    assert best["TunedHyperParameters"] == expected


def test_grid_is_capped_by_max_number_of_training_jobs(sm: Any) -> None:
    ranges = {"CategoricalParameterRanges": [{"Name": "booster", "Values": ["a", "b", "c", "d", "e", "f"]}]}
    sm.create_hyper_parameter_tuning_job(
        **tuning_request("capped", jobs=4, parallel=4, strategy="Grid", ranges=ranges)
    )
    ended(sm, "capped")
    assert len(children(sm, "capped")) == 4


def test_early_stopping_stops_children_worse_than_the_median(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.training_phase = 0.02  # eight children one after the other
    sm.create_hyper_parameter_tuning_job(
        **tuning_request("early", jobs=8, parallel=1, TrainingJobEarlyStoppingType="Auto")
    )
    final = ended(sm, "early")
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    summaries = sorted(children(sm, "early"), key=lambda s: s["CreationTime"])
    stopped = [s for s in summaries if s["TrainingJobStatus"] == "Stopped"]
    assert stopped, "some children are worse than the median of those before them"
    assert final["TrainingJobStatusCounters"]["Stopped"] == len(stopped)
    for index, summary in enumerate(summaries):
        value = summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
        earlier = [
            s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
            for s in summaries[:index]
            if s["ObjectiveStatus"] == "Succeeded"
        ]
        worse = len(earlier) >= 2 and value < statistics.median(earlier)
        assert (summary["TrainingJobStatus"] == "Stopped") == worse
    job = sm.describe_training_job(TrainingJobName=stopped[0]["TrainingJobName"])
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]][-3:] == [
        "Training",
        "Stopping",
        "Stopped",
    ]
    assert final["BestTrainingJob"]["TrainingJobStatus"] == "Completed"


def test_target_objective_value_ends_the_search(sm: Any) -> None:
    criteria = {"TargetObjectiveMetricValue": 0.5}  # every child reaches it (Maximize: 0.5 and up)
    sm.create_hyper_parameter_tuning_job(
        **tuning_request("target", jobs=10, parallel=1, TuningJobCompletionCriteria=criteria)
    )
    final = ended(sm, "target")
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    assert len(children(sm, "target")) == 1
    assert final["BestTrainingJob"]["TrainingJobStatus"] == "Completed"


def test_max_runtime_stops_the_running_children(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.runtime_scale = 0.001  # 650 s of MaxRuntimeInSeconds last 0.65 s
    sm.create_hyper_parameter_tuning_job(
        **tuning_request("runtime", jobs=4, parallel=1, limits={"MaxRuntimeInSeconds": 650})
    )
    final = ended(sm, "runtime")
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    counters = final["TrainingJobStatusCounters"]
    assert (counters["Completed"], counters["Stopped"]) == (1, 1)  # the second was training at 0.65 s
    elapsed = final["HyperParameterTuningEndTime"] - final["CreationTime"]
    assert elapsed.total_seconds() == pytest.approx(0.65 + aws.timings.stop, abs=0.01)


def test_stop_stops_the_running_children(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.training_phase = 5.0
    sm.create_hyper_parameter_tuning_job(**tuning_request("halt", jobs=4, parallel=2))
    sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="halt")
    stopping = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="halt")
    assert stopping["HyperParameterTuningJobStatus"] == "Stopping"
    assert {s["TrainingJobStatus"] for s in children(sm, "halt")} == {"Stopping"}
    final = ended(sm, "halt")
    assert final["HyperParameterTuningJobStatus"] == "Stopped"
    assert final["TrainingJobStatusCounters"]["Stopped"] == 2
    assert final["ObjectiveStatusCounters"] == {"Succeeded": 0, "Pending": 0, "Failed": 2}
    with pytest.raises(ClientError) as excinfo:
        sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="halt")
    assert error_of(excinfo)[0] == "ValidationException"


def test_a_failed_child_counts_as_non_retryable(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.training_phase = 0.03
    aws.fail_training_job(name="onefail-002-*", reason="AlgorithmError: out of memory")
    sm.create_hyper_parameter_tuning_job(**tuning_request("onefail", jobs=3, parallel=1))
    final = ended(sm, "onefail")
    assert final["HyperParameterTuningJobStatus"] == "Completed"
    assert final["TrainingJobStatusCounters"]["NonRetryableError"] == 1
    assert final["ObjectiveStatusCounters"]["Failed"] == 1
    failed = children(sm, "onefail", StatusEquals="Failed")
    assert [s["TrainingJobName"][:12] for s in failed] == ["onefail-002-"]
    assert failed[0]["FailureReason"] == "AlgorithmError: out of memory"
    assert failed[0]["ObjectiveStatus"] == "Failed"


def test_all_children_failing_fails_the_tuning_job(aws: LocalSageMaker, sm: Any) -> None:
    for _ in range(3):
        aws.fail_training_job(name="allfail-*")
    sm.create_hyper_parameter_tuning_job(**tuning_request("allfail", jobs=3, parallel=2))
    final = ended(sm, "allfail")
    assert final["HyperParameterTuningJobStatus"] == "Failed"
    assert final["FailureReason"] == (
        "No training job succeeded after 3 attempts. Please take a look at the training job failures to get "
        "more details."
    )
    assert "BestTrainingJob" not in final


def test_injected_tuning_failure(aws: LocalSageMaker, sm: Any) -> None:
    aws.fail_tuning_job(name="broken", reason="InternalServerError: boom")
    sm.create_hyper_parameter_tuning_job(**tuning_request("broken", jobs=4, parallel=1))
    final = ended(sm, "broken")
    assert (final["HyperParameterTuningJobStatus"], final["FailureReason"]) == (
        "Failed",
        "InternalServerError: boom",
    )
    assert final["TrainingJobStatusCounters"]["Completed"] == 1  # failed once its first child ended
    assert len(children(sm, "broken")) == 1
    sm.create_hyper_parameter_tuning_job(**tuning_request("fine", jobs=1, parallel=1))
    assert ended(sm, "fine")["HyperParameterTuningJobStatus"] == "Completed"  # the rule was used up


def test_several_training_job_definitions(sm: Any) -> None:
    objective = {"Type": "Maximize", "MetricName": "validation:auc"}
    first = training_definition(DefinitionName="xgb", TuningObjective=objective, HyperParameterRanges=RANGES)
    second = training_definition(
        DefinitionName="linear",
        TuningObjective=objective,
        HyperParameterRanges={
            "ContinuousParameterRanges": [{"Name": "wd", "MinValue": "0.0", "MaxValue": "1.0"}]
        },
        AlgorithmSpecification={"TrainingImage": "linear:1", "TrainingInputMode": "File"},
    )
    request = tuning_request("multi", jobs=4, parallel=2)
    del request["TrainingJobDefinition"], request["HyperParameterTuningJobConfig"]["ParameterRanges"]
    request["TrainingJobDefinitions"] = [first, second]
    sm.create_hyper_parameter_tuning_job(**request)
    final = ended(sm, "multi")
    assert [d["DefinitionName"] for d in final["TrainingJobDefinitions"]] == ["xgb", "linear"]
    summaries = sorted(children(sm, "multi"), key=lambda s: s["TrainingJobName"])
    assert [s["TrainingJobDefinitionName"] for s in summaries] == ["xgb", "linear", "xgb", "linear"]
    linear = sm.describe_training_job(TrainingJobName=summaries[1]["TrainingJobName"])
    assert linear["AlgorithmSpecification"]["TrainingImage"] == "linear:1"
    assert set(summaries[1]["TunedHyperParameters"]) == {"wd"}


def test_warm_start_reports_the_overall_best(sm: Any) -> None:
    sm.create_hyper_parameter_tuning_job(**tuning_request("parent", jobs=3, parallel=3))
    parent = ended(sm, "parent")
    warm = {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "parent"}],
        "WarmStartType": "IdenticalDataAndAlgorithm",
    }
    sm.create_hyper_parameter_tuning_job(**tuning_request("child", jobs=2, parallel=2), WarmStartConfig=warm)
    child = ended(sm, "child")
    candidates = [parent["BestTrainingJob"], child["BestTrainingJob"]]
    overall = max(candidates, key=lambda s: s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"])
    assert child["OverallBestTrainingJob"]["TrainingJobName"] == overall["TrainingJobName"]
    assert "OverallBestTrainingJob" not in parent
    missing = {**warm, "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "nobody"}]}
    with pytest.raises(ClientError) as excinfo:
        sm.create_hyper_parameter_tuning_job(**tuning_request("orphan"), WarmStartConfig=missing)
    assert error_of(excinfo)[0] == "ResourceNotFound"


def test_missing_and_duplicate_names(sm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="nobody")
    assert error_of(excinfo) == (
        "ResourceNotFound",
        "Amazon SageMaker can't find a tuning job with name nobody",
    )
    sm.create_hyper_parameter_tuning_job(**tuning_request("twice", jobs=1, parallel=1))
    with pytest.raises(ClientError) as excinfo:
        sm.create_hyper_parameter_tuning_job(**tuning_request("twice", jobs=1, parallel=1))
    assert error_of(excinfo)[0] == "ResourceInUse"
    with pytest.raises(ClientError) as excinfo:
        sm.create_hyper_parameter_tuning_job(**tuning_request("x" * 33, jobs=1, parallel=1))
    assert "Member must have length less than or equal to 32" in error_of(excinfo)[1]


def test_lists_sort_filter_and_paginate(sm: Any) -> None:
    for name in ("b-tune", "a-tune", "c-tune"):
        sm.create_hyper_parameter_tuning_job(**tuning_request(name, jobs=3, parallel=3))
    ended(sm, "c-tune")
    # ListHyperParameterTuningJobs: by Name, Ascending, unless told otherwise (botocore's docs).
    listed = sm.list_hyper_parameter_tuning_jobs()["HyperParameterTuningJobSummaries"]
    assert [s["HyperParameterTuningJobName"] for s in listed] == ["a-tune", "b-tune", "c-tune"]
    assert listed[0]["TrainingJobStatusCounters"]["Completed"] == 3
    assert listed[0]["Strategy"] == "Random"
    assert (
        sm.list_hyper_parameter_tuning_jobs(StatusEquals="InProgress")["HyperParameterTuningJobSummaries"]
        == []
    )
    first_page = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="a-tune", MaxResults=2
    )
    assert len(first_page["TrainingJobSummaries"]) == 2 and "NextToken" in first_page
    by_name = [s["TrainingJobName"] for s in children(sm, "a-tune")]
    assert by_name == sorted(by_name)
    best_first = children(sm, "a-tune", SortBy="FinalObjectiveMetricValue", SortOrder="Descending")
    values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in best_first]
    assert values == sorted(values, reverse=True)
    described = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="a-tune")
    assert best_first[0]["TrainingJobName"] == described["BestTrainingJob"]["TrainingJobName"]


def test_draws_stay_inside_ranges_on_their_scale() -> None:
    ranges = {
        "IntegerParameterRanges": [
            {"Name": "n", "MinValue": "1", "MaxValue": "1000", "ScalingType": "Logarithmic"}
        ],
        "ContinuousParameterRanges": [
            {"Name": "lr", "MinValue": "0.0001", "MaxValue": "1", "ScalingType": "Logarithmic"},
            {
                "Name": "momentum",
                "MinValue": "0.9",
                "MaxValue": "0.9999",
                "ScalingType": "ReverseLogarithmic",
            },
            {"Name": "dropout", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Linear"},
        ],
        "CategoricalParameterRanges": [{"Name": "opt", "Values": ["sgd", "adam"]}],
    }
    draws = [search_space.draw(ranges, f"job/{i}") for i in range(400)]
    assert search_space.draw(ranges, "job/7") == draws[7]  # deterministic per seed
    assert all(1 <= int(d["n"]) <= 1000 for d in draws)
    assert all(0.0001 <= float(d["lr"]) <= 1 for d in draws)
    assert all(0.9 <= float(d["momentum"]) <= 0.9999 for d in draws)
    assert all(0.1 <= float(d["dropout"]) <= 0.5 for d in draws)
    assert {d["opt"] for d in draws} == {"sgd", "adam"}
    # Logarithmic: as many draws per decade; the median sits near the geometric midpoint.
    assert statistics.median(math.log10(float(d["lr"])) for d in draws) == pytest.approx(-2, abs=0.4)
    assert statistics.median(float(d["dropout"]) for d in draws) == pytest.approx(0.3, abs=0.05)
    # ReverseLogarithmic crowds its draws toward the upper end.
    assert statistics.median(float(d["momentum"]) for d in draws) > 0.99
