"""Hyperparameter tuning jobs: Create / Describe / Stop / List, ListTrainingJobsForHyperParameterTuningJob.

A tuning job launches real training jobs (DescribeTrainingJob works on them), at most
MaxParallelTrainingJobs at a time, up to MaxNumberOfTrainingJobs (Grid: the grid's size). Each
child reports an objective metric that is a fixed function of its tuned hyperparameters
(search_space.py), so there is a real best. What a tuning job decides happens at the time of the
child transition it reacts to, applied lazily in time order as everywhere in the local SageMaker:
- a child ends: the next one launches; the objective target ends the search; a failure injected
  with `fail_tuning_job` fails the tuning job; five failures without a success (or all of them)
  fail it ("No training job succeeded after N attempts...");
- a child starts training while worse than the median of earlier objectives, with early stopping
  Auto: it is stopped (Stopping -> Stopped);
- MaxRuntimeInSeconds (times `timings.runtime_scale`) passes: running children are stopped and the
  tuning job completes;
- StopHyperParameterTuningJob: Stopping while the running children stop, then Stopped.
"""

from __future__ import annotations

import hashlib
import statistics
from typing import Any

from . import existence, lifecycle, search_space, semantics
from .errors import resource_in_use, resource_not_found, validation
from .listing import page
from .state import State, TrainingJob, TuningJob
from .training import TrainingService, trained

ENDED = frozenset({"Completed", "Failed", "Stopped"})
_FAILURES_BEFORE_GIVING_UP = 5  # AWS: "No training job succeeded after 5 attempts..."
_EARLY_STOPPING_MIN_PEERS = 2  # objectives needed before a median means anything

# HyperParameterTrainingJobDefinition members that a child CreateTrainingJob request carries over.
_CARRIED = (
    "RoleArn",
    "InputDataConfig",
    "VpcConfig",
    "OutputDataConfig",
    "ResourceConfig",
    "StoppingCondition",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "RetryStrategy",
    "Environment",
)
_ALGORITHM = ("TrainingImage", "AlgorithmName", "TrainingInputMode", "MetricDefinitions")


def objective_status(child: TrainingJob) -> str:
    if child.status in ("InProgress", "Stopping"):
        return "Pending"
    if child.status == "Completed" or (child.status == "Stopped" and trained(child)):
        return "Succeeded"
    return "Failed"


def _running(tuning: TuningJob) -> list[TrainingJob]:
    return [c for c in tuning.children if c.status not in ENDED]


def _resource_config(definition: dict[str, Any]) -> dict[str, Any] | None:
    if "ResourceConfig" in definition:
        return definition["ResourceConfig"]
    tuning_config = definition.get("HyperParameterTuningResourceConfig")
    if not tuning_config:
        return None
    first = (tuning_config.get("InstanceConfigs") or [{}])[0]
    merged = {**first, **{k: v for k, v in tuning_config.items() if k != "InstanceConfigs"}}
    keys = ("InstanceType", "InstanceCount", "VolumeSizeInGB", "VolumeKmsKeyId")
    return {k: merged[k] for k in keys if k in merged}


class TuningService:
    def __init__(self, state: State, training: TrainingService) -> None:
        self.state = state
        self.training = training
        training.advance_tuning = self.advance

    # -- progression -----------------------------------------------------------------------

    def advance(self, tuning: TuningJob) -> None:
        lifecycle.advance(lambda: self._next_step(tuning), lifecycle.now())

    def _next_step(self, tuning: TuningJob) -> lifecycle.Step | None:
        # (due, rank, apply): at equal times launches go first and the verdict last.
        candidates: list[tuple[float, int, Any]] = []
        for child in _running(tuning):
            step = self.training.step(child)
            if step is not None:
                candidates.append((step[0], 1, self._reacting(tuning, child, step[1])))
        open_for_more = tuning.status == "InProgress" and tuning.ending is None
        limits = tuning.request["HyperParameterTuningJobConfig"]["ResourceLimits"]
        has_room = len(_running(tuning)) < limits["MaxParallelTrainingJobs"]
        if open_for_more and has_room and len(tuning.children) < tuning.max_jobs:
            candidates.append((tuning.clock, 0, lambda at: self._launch(tuning, at)))
        if open_for_more and "MaxRuntimeInSeconds" in limits:
            deadline = tuning.created + limits["MaxRuntimeInSeconds"] * self.state.timings.runtime_scale
            candidates.append((deadline, 2, lambda at: self._end_search(tuning, "runtime", at)))
        searched = tuning.ending is not None or len(tuning.children) >= tuning.max_jobs
        if tuning.status in ("InProgress", "Stopping") and searched and not _running(tuning):
            candidates.append((tuning.clock, 3, lambda at: self._conclude(tuning, at)))
        if not candidates:
            return None
        due, _, apply = min(candidates, key=lambda c: (c[0], c[1]))
        return due, apply

    def _reacting(self, tuning: TuningJob, child: TrainingJob, apply: Any) -> Any:
        def react(at: float) -> None:
            before = child.secondary
            apply(at)
            self._touch(tuning, at)
            if child.secondary == "Training" and before != "Training":
                self._maybe_stop_early(tuning, child, at)
            if child.status in ENDED:
                self._child_ended(tuning, child, at)

        return react

    @staticmethod
    def _touch(tuning: TuningJob, at: float) -> None:
        tuning.clock = max(tuning.clock, at)
        tuning.modified = tuning.clock

    def _launch(self, tuning: TuningJob, at: float) -> None:
        index = len(tuning.children) + 1
        definition = tuning.definitions[(index - 1) % len(tuning.definitions)]
        config = tuning.request["HyperParameterTuningJobConfig"]
        if tuning.candidates:
            tuned = tuning.candidates[index - 1]
        else:
            tuned = search_space.draw(
                definition.ranges, f"{tuning.name}/{index}/{config.get('RandomSeed', '')}"
            )
        # Named as SageMaker names them: <tuning job>-<3 digits>-<8 hex>.
        suffix = hashlib.sha256(f"{tuning.arn}/{tuning.created}/{index}".encode()).hexdigest()[:8]
        name = f"{tuning.name}-{index:03d}-{suffix}"
        given = definition.request
        request: dict[str, Any] = {k: given[k] for k in _CARRIED if k in given}
        resources = _resource_config(given)
        if resources is not None:
            request["ResourceConfig"] = resources
        request["AlgorithmSpecification"] = {
            k: given["AlgorithmSpecification"][k] for k in _ALGORITHM if k in given["AlgorithmSpecification"]
        }
        request["HyperParameters"] = {
            **given.get("StaticHyperParameters", {}),
            **tuned,
            search_space.OBJECTIVE_HYPERPARAMETER: definition.objective.metric,
        }
        request["TrainingJobName"] = name
        # Tags of the tuning job are added to every training job it launches (API reference).
        tags = [{"Key": k, "Value": v} for k, v in self.state.tags.get(tuning.arn, {}).items()]
        child = self.training.launch(request, at, tags)
        child.tuning = tuning
        child.definition = definition
        child.tuned = tuned
        child.objective_value = search_space.objective_value(definition, tuned)
        tuning.children.append(child)
        self._touch(tuning, at)

    def _maybe_stop_early(self, tuning: TuningJob, child: TrainingJob, at: float) -> None:
        config = tuning.request["HyperParameterTuningJobConfig"]
        if config.get("TrainingJobEarlyStoppingType") != "Auto" or tuning.ending is not None:
            return
        assert child.definition is not None and child.objective_value is not None
        earlier = [
            c.objective_value
            for c in tuning.children
            if c is not child and c.objective_value is not None and objective_status(c) == "Succeeded"
        ]
        if len(earlier) < _EARLY_STOPPING_MIN_PEERS:
            return
        # SageMaker stops a job whose objective is worse than the median of earlier jobs'.
        if child.definition.objective.better(statistics.median(earlier), child.objective_value):
            self.training.stop(child, at)

    def _child_ended(self, tuning: TuningJob, child: TrainingJob, at: float) -> None:
        if tuning.ending is not None:
            return
        if tuning.failure is not None:
            tuning.failure_reason = tuning.failure.reason
            self._end_search(tuning, "failure", at)
            self._finish(tuning, "Failed", at)
            return
        criteria = tuning.request["HyperParameterTuningJobConfig"].get("TuningJobCompletionCriteria") or {}
        target = criteria.get("TargetObjectiveMetricValue")
        if (
            target is not None
            and child.status == "Completed"
            and child.definition is not None
            and child.objective_value is not None
            and child.definition.objective.reached(child.objective_value, target)
        ):
            self._end_search(tuning, "target", at)
            return
        statuses = [objective_status(c) for c in tuning.children]
        failed = [c for c in tuning.children if c.status == "Failed"]
        if "Succeeded" not in statuses and len(failed) >= min(_FAILURES_BEFORE_GIVING_UP, tuning.max_jobs):
            self._end_search(tuning, "all-failed", at)

    def _end_search(self, tuning: TuningJob, why: str, at: float) -> None:
        """Launch no more; stop the children still running."""
        tuning.ending = why
        for child in _running(tuning):
            if child.status == "InProgress":
                self.training.stop(child, at)
        self._touch(tuning, at)

    def _conclude(self, tuning: TuningJob, at: float) -> None:
        if tuning.ending == "stop":
            self._finish(tuning, "Stopped", at)
            return
        failed = [c for c in tuning.children if c.status == "Failed"]
        if not any(objective_status(c) == "Succeeded" for c in tuning.children):
            tuning.failure_reason = (
                f"No training job succeeded after {len(failed)} attempts. "
                "Please take a look at the training job failures to get more details."
            )
            self._finish(tuning, "Failed", at)
            return
        self._finish(tuning, "Completed", at)

    def _finish(self, tuning: TuningJob, status: str, at: float) -> None:
        tuning.status = status
        tuning.end = at
        self._touch(tuning, at)

    # -- creation --------------------------------------------------------------------------

    def _missing(self, name: str) -> Exception:
        return resource_not_found(f"Amazon SageMaker can't find a tuning job with name {name}")

    def find(self, name: str) -> TuningJob | None:
        tuning = self.state.tuning_jobs.get(name.lower())
        if tuning is not None:
            self.advance(tuning)
        return tuning

    def _tuning(self, name: str) -> TuningJob:
        tuning = self.find(name)
        if tuning is None:
            raise self._missing(name)
        return tuning

    def create_hyper_parameter_tuning_job(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        name = params["HyperParameterTuningJobName"]
        with state.lock:
            arn = state.arn("hyper-parameter-tuning-job", name)
            if name.lower() in state.tuning_jobs:
                raise resource_in_use(
                    f"Resource Already Exists: Hyper Parameter Tuning Job with name {name} already exists. "
                    "Choose a different name."
                )
            if not params.get("TrainingJobDefinition") and not params.get("TrainingJobDefinitions"):
                raise validation("Either TrainingJobDefinition or TrainingJobDefinitions must be specified.")
            semantics.refuse(semantics.tuning(params))
            if state.checks_existence:
                semantics.refuse(existence.tuning(params, state.region))
            for parent in (params.get("WarmStartConfig") or {}).get("ParentHyperParameterTuningJobs", []):
                if self.find(parent["HyperParameterTuningJobName"]) is None:
                    raise self._missing(parent["HyperParameterTuningJobName"])
            request = {k: v for k, v in params.items() if k != "Tags"}
            config = request["HyperParameterTuningJobConfig"]
            definitions = search_space.definitions(request)
            limits = config["ResourceLimits"]
            candidates: list[dict[str, str]] = []
            if config["Strategy"] == "Grid":
                candidates = search_space.grid(definitions[0].ranges)
                max_jobs = min(len(candidates), limits.get("MaxNumberOfTrainingJobs", len(candidates)))
            else:
                max_jobs = limits.get("MaxNumberOfTrainingJobs", 1)
            at = lifecycle.now()
            tuning = TuningJob(
                name=name,
                arn=arn,
                request=request,
                created=at,
                modified=at,
                definitions=definitions,
                max_jobs=max_jobs,
                candidates=candidates,
                clock=at,
            )
            tuning.failure = state.failures.take(state.failures.tuning, name)
            state.tuning_jobs[name.lower()] = tuning
            state.set_tags(arn, params.get("Tags"))
            return {"HyperParameterTuningJobArn": arn}

    # -- answers ---------------------------------------------------------------------------

    def summary(self, child: TrainingJob) -> dict[str, Any]:
        """HyperParameterTrainingJobSummary of a child training job."""
        assert child.tuning is not None and child.definition is not None
        out: dict[str, Any] = {
            "TrainingJobDefinitionName": child.definition.name,
            "TrainingJobName": child.name,
            "TrainingJobArn": child.arn,
            "TuningJobName": child.tuning.name,
            "CreationTime": child.created,
            "TrainingStartTime": child.training_start,
            "TrainingEndTime": child.end,
            "TrainingJobStatus": child.status,
            "TunedHyperParameters": dict(child.tuned),
            "FailureReason": child.failure_reason,
            "ObjectiveStatus": objective_status(child),
        }
        if out["ObjectiveStatus"] == "Succeeded":
            out["FinalHyperParameterTuningJobObjectiveMetric"] = {
                "Type": child.definition.objective.type,
                "MetricName": child.definition.objective.metric,
                "Value": child.objective_value,
            }
        return out

    @staticmethod
    def _best(children: list[TrainingJob]) -> TrainingJob | None:
        """The completed child with the best objective (ties: the earliest)."""
        best: TrainingJob | None = None
        for child in children:
            if child.status != "Completed" or child.objective_value is None or child.definition is None:
                continue
            if best is None or child.definition.objective.better(
                child.objective_value, best.objective_value or 0
            ):
                best = child
        return best

    @staticmethod
    def _counters(tuning: TuningJob) -> tuple[dict[str, int], dict[str, int]]:
        statuses = [c.status for c in tuning.children]
        objectives = [objective_status(c) for c in tuning.children]
        training = {
            "Completed": statuses.count("Completed"),
            "InProgress": statuses.count("InProgress") + statuses.count("Stopping"),
            "RetryableError": 0,
            "NonRetryableError": statuses.count("Failed"),
            "Stopped": statuses.count("Stopped"),
        }
        objective = {k: objectives.count(k) for k in ("Succeeded", "Pending", "Failed")}
        return training, objective

    def _described_config(self, tuning: TuningJob) -> dict[str, Any]:
        config = dict(tuning.request["HyperParameterTuningJobConfig"])
        # Filled in as SageMaker fills them (HyperparameterTuner.attach reads them unconditionally).
        config.setdefault("TrainingJobEarlyStoppingType", "Off")
        config["ResourceLimits"] = {**config["ResourceLimits"], "MaxNumberOfTrainingJobs": tuning.max_jobs}
        if "ParameterRanges" in config:
            config["ParameterRanges"] = self._described_ranges(config["ParameterRanges"])
        return config

    @staticmethod
    def _described_ranges(ranges: dict[str, Any]) -> dict[str, Any]:
        return {**{kind: [] for kind in search_space.RANGE_KINDS}, **ranges}

    def _described_definition(self, definition: search_space.Definition) -> dict[str, Any]:
        out = dict(definition.request)
        # SageMaker passes the objective to every child as a hyperparameter and shows it here.
        out["StaticHyperParameters"] = {
            **definition.request.get("StaticHyperParameters", {}),
            search_space.OBJECTIVE_HYPERPARAMETER: definition.objective.metric,
        }
        if "HyperParameterRanges" in out:
            out["HyperParameterRanges"] = self._described_ranges(out["HyperParameterRanges"])
        # Given as HyperParameterTuningResourceConfig (as the SageMaker Python SDK v2 always sends it),
        # it is shown as a ResourceConfig too: HyperparameterTuner.attach reads ResourceConfig only.
        resources = _resource_config(definition.request)
        if resources is not None and "InstanceType" in resources:
            out.setdefault("ResourceConfig", resources)
        return out

    def describe_hyper_parameter_tuning_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            tuning = self._tuning(params["HyperParameterTuningJobName"])
            training, objective = self._counters(tuning)
            request = tuning.request
            out: dict[str, Any] = {
                "HyperParameterTuningJobName": tuning.name,
                "HyperParameterTuningJobArn": tuning.arn,
                "HyperParameterTuningJobConfig": self._described_config(tuning),
                "WarmStartConfig": request.get("WarmStartConfig"),
                "Autotune": request.get("Autotune"),
                "HyperParameterTuningJobStatus": tuning.status,
                "CreationTime": tuning.created,
                "HyperParameterTuningEndTime": tuning.end,
                "LastModifiedTime": tuning.modified,
                "TrainingJobStatusCounters": training,
                "ObjectiveStatusCounters": objective,
                "FailureReason": tuning.failure_reason,
                "ConsumedResources": {
                    "RuntimeInSeconds": int((tuning.end or lifecycle.now()) - tuning.created),
                },
            }
            described = [self._described_definition(d) for d in tuning.definitions]
            if "TrainingJobDefinitions" in request:
                out["TrainingJobDefinitions"] = described
            else:
                out["TrainingJobDefinition"] = described[0]
            best = self._best(tuning.children)
            if best is not None:
                out["BestTrainingJob"] = self.summary(best)
            if request.get("WarmStartConfig"):
                overall = self._best(tuning.children + self._parent_children(tuning))
                if overall is not None:
                    out["OverallBestTrainingJob"] = self.summary(overall)
            return out

    def _parent_children(self, tuning: TuningJob) -> list[TrainingJob]:
        children: list[TrainingJob] = []
        for parent in tuning.request["WarmStartConfig"]["ParentHyperParameterTuningJobs"]:
            found = self.find(parent["HyperParameterTuningJobName"])
            if found is not None:
                children += found.children
        return children

    def stop_hyper_parameter_tuning_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            tuning = self._tuning(params["HyperParameterTuningJobName"])
            if tuning.status != "InProgress":
                raise validation(
                    f"The request was rejected because the hyperparameter tuning job is in status "
                    f"{tuning.status}."
                )
            at = lifecycle.now()
            tuning.status = "Stopping"
            self._end_search(tuning, "stop", at)
            return {}

    def list_hyper_parameter_tuning_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            summaries = []
            for key in list(self.state.tuning_jobs):
                tuning = self._tuning(key)
                training, objective = self._counters(tuning)
                config = tuning.request["HyperParameterTuningJobConfig"]
                summaries.append(
                    {
                        "HyperParameterTuningJobName": tuning.name,
                        "HyperParameterTuningJobArn": tuning.arn,
                        "HyperParameterTuningJobStatus": tuning.status,
                        "Strategy": config["Strategy"],
                        "CreationTime": tuning.created,
                        "HyperParameterTuningEndTime": tuning.end,
                        "LastModifiedTime": tuning.modified,
                        "TrainingJobStatusCounters": training,
                        "ObjectiveStatusCounters": objective,
                        "ResourceLimits": self._described_config(tuning)["ResourceLimits"],
                    }
                )
        chunk, token = page(
            summaries,
            params,
            name_field="HyperParameterTuningJobName",
            status_field="HyperParameterTuningJobStatus",
            operation="ListHyperParameterTuningJobs",
        )
        return {"HyperParameterTuningJobSummaries": chunk, "NextToken": token}

    def list_training_jobs_for_hyper_parameter_tuning_job(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            tuning = self._tuning(params["HyperParameterTuningJobName"])
            summaries = [self.summary(child) for child in tuning.children]
        chunk, token = page(
            summaries,
            params,
            name_field="TrainingJobName",
            status_field="TrainingJobStatus",
            operation="ListTrainingJobsForHyperParameterTuningJob",
            sort_fields={"FinalObjectiveMetricValue": "FinalHyperParameterTuningJobObjectiveMetric.Value"},
        )
        return {"TrainingJobSummaries": chunk, "NextToken": token}
