"""SageMaker's built-in algorithms, as far as a training job's metrics go.

A training job of a built-in algorithm (its image from one of SageMaker's own ECR registries, run in
algorithm mode rather than a framework's script mode) needs no MetricDefinitions: SageMaker knows the
algorithm's metrics, and DescribeTrainingJob answers them in AlgorithmSpecification.MetricDefinitions.
What the algorithm reports depends on the data it got (a `validation:*` metric needs a validation
channel) and, for XGBoost, on `eval_metric` (or the objective's default), to which a tuning job adds
its objective metric (the `_tuning_objective_metric` hyperparameter).

botocore's model knows none of this, so the table is written out here; it holds XGBoost (the
algorithm of the seed articles and of every operator sample) and is shaped so another algorithm is
one entry. The metric names are those of the developer guide's "Tune an XGBoost model" page; the
regular expressions match the log lines the container writes (`[<round>]#011train-rmse:0.25`, with
CloudWatch's `#011` for the tab), in the form SageMaker answers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>:<tag>, SageMaker's registries' form.
_IMAGE = re.compile(r"\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/(?P<repository>[^:@]+)")
_NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"
SCRIPT_MODE_HYPERPARAMETER = "sagemaker_program"  # set by the SDK for a framework's user script


@dataclass(frozen=True)
class BuiltinAlgorithm:
    name: str
    repositories: tuple[str, ...]
    channels: tuple[str, ...]  # the channels a metric can be about, in the order reported
    metrics: tuple[str, ...]

    def definitions(self) -> list[dict[str, str]]:
        return [
            {"Name": f"{channel}:{metric}", "Regex": _regex(channel, metric)}
            for channel in self.channels
            for metric in self.metrics
        ]

    def reported(self, request: dict[str, Any]) -> list[str]:
        """The metric names a job of this request reports: its channels', for its evaluation metrics
        (a tuning job's objective metric is added by the caller, as the container adds it)."""
        given = {c.get("ChannelName") for c in request.get("InputDataConfig") or []}
        hyper = request.get("HyperParameters") or {}
        wanted = [m.strip() for m in str(hyper.get("eval_metric", "")).split(",") if m.strip()]
        if not wanted:
            wanted = [default_eval_metric(str(hyper.get("objective", "reg:squarederror")))]
        return [f"{c}:{m}" for c in self.channels if c in given for m in self.metrics if m in wanted]


def _regex(channel: str, metric: str) -> str:
    return rf".*\[[0-9]+\].*#011{re.escape(channel)}-{re.escape(metric)}:{_NUMBER}.*"


def default_eval_metric(objective: str) -> str:
    """XGBoost's evaluation metric for an objective when `eval_metric` is not set (XGBoost >= 1.3)."""
    if objective.startswith("multi:"):
        return "mlogloss"
    if objective.startswith(("binary:", "reg:logistic")):
        return "logloss"
    if objective.startswith("rank:"):
        return "map"
    return "rmse"


XGBOOST = BuiltinAlgorithm(
    name="XGBoost",
    repositories=("sagemaker-xgboost", "xgboost"),
    channels=("train", "validation"),
    metrics=(
        "accuracy",
        "auc",
        "aucpr",
        "error",
        "f1",
        "logloss",
        "mae",
        "map",
        "merror",
        "mlogloss",
        "mse",
        "ndcg",
        "rmse",
    ),
)
ALGORITHMS = (XGBOOST,)


def builtin_algorithm(request: dict[str, Any]) -> BuiltinAlgorithm | None:
    """The built-in algorithm a CreateTrainingJob request runs, or None (own image, or script mode)."""
    if SCRIPT_MODE_HYPERPARAMETER in (request.get("HyperParameters") or {}):
        return None
    image = (request.get("AlgorithmSpecification") or {}).get("TrainingImage") or ""
    found = _IMAGE.match(image)
    if found is None:
        return None
    repository = found.group("repository")
    return next((a for a in ALGORITHMS if repository in a.repositories), None)


def log_lines(metrics: list[tuple[str, float]]) -> list[str]:
    """What the algorithm's last round writes: one line with every `<channel>:<metric>` it reports."""
    fields = "".join(
        f"#011{name.split(':', 1)[0]}-{name.split(':', 1)[1]}:{value}" for name, value in metrics
    )
    return [f"[9]{fields}"] if fields else []
