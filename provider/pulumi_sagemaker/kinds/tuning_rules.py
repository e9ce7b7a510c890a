"""HyperparameterTuningJob's check-time rules: what SageMaker refuses at create time and botocore's model
cannot say (ranges are strings there; limits and strategies interact).

Each failure names the property the way the user wrote it. Unknown values (preview) are never judged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..shapes import Failure, Path, contains_unknown, is_unknown, spelled
from . import training_rules

OPERATION = "CreateHyperParameterTuningJob"
CONFIG = "hyper_parameter_tuning_job_config"
RANGE_KINDS = ("integer_parameter_ranges", "continuous_parameter_ranges", "categorical_parameter_ranges")

# Repositories of SageMaker's built-in algorithm images (the SageMaker Python SDK's image_uris config):
# their metrics are predefined, so a tuning objective needs no metric_definitions. Any other image is
# a custom one and must define the objective metric's regex.
BUILT_IN_REPOSITORIES = frozenset(
    {
        "blazingtext",
        "factorization-machines",
        "forecasting-deepar",
        "image-classification",
        "ipinsights",
        "kmeans",
        "knn",
        "lda",
        "linear-learner",
        "ntm",
        "object-detection",
        "object2vec",
        "pca",
        "randomcutforest",
        "sagemaker-xgboost",
        "semantic-segmentation",
        "seq2seq",
        "xgboost",
    }
)
_REPOSITORY = re.compile(r"^[^/]+/([^:@]+)")


class _Report:
    """Collects failures, each at a canonical path spelled the user's way."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.failures: list[Failure] = []

    def spell(self, path: Path) -> str:
        return spelled(OPERATION, self.raw, path)

    def __call__(self, path: Path, reason: str) -> None:
        self.failures.append(Failure(self.spell(path), reason))


def check(inputs: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Failure]:
    fail = _Report(raw)
    config = _mapping(inputs.get(CONFIG))
    _check_limits(config, fail)
    _check_strategy(config, fail)
    for where, definition, objective, ranges, ranges_path in _definitions(inputs, config, fail):
        training_rules.check_definition(definition, where, fail)
        _check_ranges(ranges, ranges_path, config.get("strategy"), fail)
        _check_static(definition, where, ranges, ranges_path, fail)
        _check_objective(definition, where, objective, fail)
    return fail.failures


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _definitions(
    inputs: Mapping[str, Any], config: Mapping[str, Any], fail: _Report
) -> Iterator[tuple[Path, Mapping[str, Any], Any, Mapping[str, Any], Path]]:
    """Each training job definition with its objective and its ranges (and where they are)."""
    single, several = inputs.get("training_job_definition"), inputs.get("training_job_definitions")
    if single is not None and several is not None:
        fail(
            ("training_job_definitions",),
            "give either one training_job_definition or a list of training_job_definitions, not both",
        )
        return
    if single is None and several is None:
        fail(("training_job_definition",), "is required (or training_job_definitions, for several)")
        return
    objective = config.get("hyper_parameter_tuning_job_objective")
    if isinstance(single, Mapping):
        ranges = _mapping(config.get("parameter_ranges"))
        yield ("training_job_definition",), single, objective, ranges, (CONFIG, "parameter_ranges")
    if not isinstance(several, list):
        return
    for i, definition in enumerate(several):
        if not isinstance(definition, Mapping):
            continue
        where: Path = ("training_job_definitions", i)
        own = definition.get("hyper_parameter_ranges")
        ranges_path: Path = (
            (*where, "hyper_parameter_ranges") if own is not None else (CONFIG, "parameter_ranges")
        )
        ranges = _mapping(own if own is not None else config.get("parameter_ranges"))
        yield where, definition, definition.get("tuning_objective") or objective, ranges, ranges_path


def _check_limits(config: Mapping[str, Any], fail: _Report) -> None:
    limits = _mapping(config.get("resource_limits"))
    parallel, total = limits.get("max_parallel_training_jobs"), limits.get("max_number_of_training_jobs")
    if isinstance(parallel, int) and isinstance(total, int) and parallel > total:
        fail(
            (CONFIG, "resource_limits", "max_parallel_training_jobs"),
            f"is {parallel}, more than max_number_of_training_jobs ({total}): "
            f"at most {total} can run at once",
        )


def _check_strategy(config: Mapping[str, Any], fail: _Report) -> None:
    strategy = config.get("strategy")
    if not isinstance(strategy, str) or is_unknown(strategy):
        return
    if config.get("strategy_config") is not None and strategy != "Hyperband":
        fail((CONFIG, "strategy_config"), f"configures the Hyperband strategy; the strategy is {strategy!r}")
    stopping = config.get("training_job_early_stopping_type")
    if strategy == "Hyperband" and stopping == "Auto":
        fail(
            (CONFIG, "training_job_early_stopping_type"),
            "must be 'Off' with the Hyperband strategy (Hyperband stops training jobs early itself)",
        )


def _check_ranges(ranges: Mapping[str, Any], where: Path, strategy: Any, fail: _Report) -> None:
    seen: dict[str, Path] = {}
    for kind in RANGE_KINDS:
        items = ranges.get(kind)
        if not isinstance(items, list):
            continue
        if kind == "continuous_parameter_ranges" and strategy == "Grid" and items:
            fail((*where, kind), "Grid search takes only integer and categorical ranges (it enumerates them)")
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            path: Path = (*where, kind, i)
            name = item.get("name")
            if isinstance(name, str) and not is_unknown(name):
                if name in seen:
                    fail((*path, "name"), f"{name!r} is tuned twice (also at {fail.spell(seen[name])})")
                else:
                    seen[name] = path
            if kind != "categorical_parameter_ranges":
                _check_bounds(item, path, integer=kind == "integer_parameter_ranges", fail=fail)


def _check_bounds(item: Mapping[str, Any], path: Path, *, integer: bool, fail: _Report) -> None:
    bounds = {}
    for key in ("min_value", "max_value"):
        value = item.get(key)
        if value is None or is_unknown(value):
            return
        number = _number(value, integer)
        if number is None:
            noun = "an integer" if integer else "a number"
            fail(
                (*path, key),
                f"must be {noun} (written as a string, e.g. {'10' if integer else '0.1'}), got {value!r}",
            )
            return
        bounds[key] = number
    low, high = bounds["min_value"], bounds["max_value"]
    if low > high:
        fail((*path, "min_value"), f"is greater than max_value ({item['min_value']} > {item['max_value']})")
        return
    scaling = item.get("scaling_type")
    if scaling == "Logarithmic" and low <= 0:
        fail((*path, "scaling_type"), f"Logarithmic scaling needs min_value > 0, got {item['min_value']}")
    if scaling == "ReverseLogarithmic":
        if integer:
            fail((*path, "scaling_type"), "ReverseLogarithmic scaling works only for continuous ranges")
        elif not (low >= 0 and high < 1):
            fail(
                (*path, "scaling_type"),
                f"ReverseLogarithmic scaling needs the range within 0 <= x < 1, got [{low:g}, {high:g}]",
            )


def _number(value: Any, integer: bool) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        number = int(value) if integer else float(value)
    except ValueError:
        return None
    return float(number) if math.isfinite(number) else None


def _check_static(
    definition: Mapping[str, Any], where: Path, ranges: Mapping[str, Any], ranges_path: Path, fail: _Report
) -> None:
    static = definition.get("static_hyper_parameters")
    if not isinstance(static, Mapping):
        return
    tuned = {
        item["name"]: (*ranges_path, kind, i)
        for kind in RANGE_KINDS
        for i, item in enumerate(_items(ranges.get(kind)))
        if isinstance(item, Mapping) and isinstance(item.get("name"), str)
    }
    for name in map(str, static):  # map keys: user data, strings once canonical
        if name in tuned:
            fail(
                (*where, "static_hyper_parameters", name),
                f"{name!r} is also tuned (at {fail.spell(tuned[name])}): "
                "a hyperparameter is static or tuned, not both",
            )


def _items(value: Any) -> list[Any]:
    """A list member as a list (anything else was reported by the shapes layer)."""
    return value if isinstance(value, list) else []


def _check_objective(definition: Mapping[str, Any], where: Path, objective: Any, fail: _Report) -> None:
    if not isinstance(objective, Mapping) or contains_unknown(objective):
        return
    metric = objective.get("metric_name")
    algorithm = _mapping(definition.get("algorithm_specification"))
    if not isinstance(metric, str) or contains_unknown(algorithm) or algorithm.get("algorithm_name"):
        return  # an algorithm resource (built-in or Marketplace) declares its own metrics
    definitions = _items(algorithm.get("metric_definitions"))
    names = [d.get("name") for d in definitions if isinstance(d, Mapping)]
    objective_path: Path = (
        (CONFIG, "hyper_parameter_tuning_job_objective", "metric_name")
        if where == ("training_job_definition",) or definition.get("tuning_objective") is None
        else (*where, "tuning_objective", "metric_name")
    )
    if names and metric not in names:
        fail(
            objective_path,
            f"{metric!r} is not among the metric_definitions of "
            f"{fail.spell((*where, 'algorithm_specification'))} ({', '.join(map(repr, names))}): "
            "SageMaker could not read it from the logs",
        )
    elif not names and not _built_in(algorithm.get("training_image")):
        fail(
            objective_path,
            f"{metric!r} must be defined in algorithm_specification.metric_definitions (a name and the regex "
            "that finds it in the logs): a custom training image has no predefined metrics",
        )


def _built_in(image: Any) -> bool:
    if not isinstance(image, str):
        return True  # unknown, or no image at all (reported elsewhere): nothing to judge
    found = _REPOSITORY.match(image)
    return found is not None and found.group(1).rsplit("/", 1)[-1] in BUILT_IN_REPOSITORIES
