"""A tuning job's search space: the definitions it trains, the values it draws, what they score.

Pure functions over the CreateHyperParameterTuningJob request. Everything is deterministic per
name: the same tuning job draws the same hyperparameters, and the objective metric is a fixed
function of the tuned values, so a search has a real best and tests can predict it.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

RANGE_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")
OBJECTIVE_HYPERPARAMETER = "_tuning_objective_metric"  # what SageMaker adds to every child's hyperparameters


@dataclass(frozen=True)
class Objective:
    metric: str
    type: str  # Maximize | Minimize

    def better(self, a: float, b: float) -> bool:
        return a > b if self.type == "Maximize" else a < b

    def reached(self, value: float, target: float) -> bool:
        return value >= target if self.type == "Maximize" else value <= target


@dataclass(frozen=True)
class Definition:
    """One HyperParameterTrainingJobDefinition with the objective and ranges that apply to it."""

    name: str | None  # DefinitionName (only with TrainingJobDefinitions)
    request: dict[str, Any]
    objective: Objective
    ranges: dict[str, Any]


def definitions(request: dict[str, Any]) -> list[Definition]:
    config = request["HyperParameterTuningJobConfig"]
    given = request.get("TrainingJobDefinitions") or [request["TrainingJobDefinition"]]
    shared = config.get("HyperParameterTuningJobObjective")
    out = []
    for definition in given:
        objective = definition.get("TuningObjective") or shared
        ranges = definition.get("HyperParameterRanges") or config.get("ParameterRanges") or {}
        out.append(
            Definition(
                definition.get("DefinitionName"),
                definition,
                Objective(objective["MetricName"], objective["Type"]),
                ranges,
            )
        )
    return out


def _fraction(*parts: str) -> float:
    """A stable number in [0, 1) for the given strings."""
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return int(digest[:12], 16) / float(1 << 48)


def _scaled(low: float, high: float, scaling: str, unit: float) -> float:
    """The point `unit` of the way along [low, high] on the range's scale."""
    if scaling == "Logarithmic" and low > 0:
        return math.exp(math.log(low) + unit * (math.log(high) - math.log(low)))
    if scaling == "ReverseLogarithmic" and high < 1:
        return 1 - math.exp(math.log(1 - low) + unit * (math.log(1 - high) - math.log(1 - low)))
    return low + unit * (high - low)


def _unit(low: float, high: float, scaling: str, value: float) -> float:
    """Where `value` lies along [low, high] on the range's scale, in [0, 1]."""
    if high <= low:
        return 0.5
    if scaling == "Logarithmic" and low > 0:
        return (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    if scaling == "ReverseLogarithmic" and high < 1:
        return (math.log(1 - value) - math.log(1 - low)) / (math.log(1 - high) - math.log(1 - low))
    return (value - low) / (high - low)


def _format_continuous(value: float) -> str:
    return f"{value:.6g}"


def draw(ranges: dict[str, Any], seed: str) -> dict[str, str]:
    """One value per tuned hyperparameter, inside its range, on its scale; stable per `seed`."""
    rng = random.Random(seed)
    values: dict[str, str] = {}
    for given in ranges.get("IntegerParameterRanges", []):
        low, high = int(given["MinValue"]), int(given["MaxValue"])
        point = _scaled(low, high, given.get("ScalingType", "Auto"), rng.random())
        values[given["Name"]] = str(min(high, max(low, round(point))))
    for given in ranges.get("ContinuousParameterRanges", []):
        low, high = float(given["MinValue"]), float(given["MaxValue"])
        point = _scaled(low, high, given.get("ScalingType", "Auto"), rng.random())
        values[given["Name"]] = _format_continuous(min(high, max(low, point)))
    for given in ranges.get("CategoricalParameterRanges", []):
        values[given["Name"]] = rng.choice(given["Values"])
    return values


def grid(ranges: dict[str, Any]) -> list[dict[str, str]]:
    """Every combination of the categorical values, in a stable order.

    Grid search takes categorical ranges only (SageMaker's developer guide); the number of
    training jobs is the number of distinct combinations.
    """
    axes = [(given["Name"], list(given["Values"])) for given in ranges.get("CategoricalParameterRanges", [])]
    names = [name for name, _ in axes]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(v for _, v in axes))]


def _closeness(unit: float, best: float) -> float:
    """1 at the best point of a range, falling off quadratically to 0 at the far end."""
    span = max(best, 1 - best)
    return max(0.0, 1 - ((unit - best) / span) ** 2)


def score(ranges: dict[str, Any], tuned: dict[str, str]) -> float:
    """How good a combination is, in [0, 1]: each range has a best point (fixed by its name)."""
    parts: list[float] = []
    for kind in ("IntegerParameterRanges", "ContinuousParameterRanges"):
        for given in ranges.get(kind, []):
            name = given["Name"]
            if name not in tuned:
                continue
            low, high = float(given["MinValue"]), float(given["MaxValue"])
            unit = _unit(low, high, given.get("ScalingType", "Auto"), float(tuned[name]))
            parts.append(_closeness(unit, 0.2 + 0.6 * _fraction("best", name)))
    for given in ranges.get("CategoricalParameterRanges", []):
        name = given["Name"]
        if name not in tuned:
            continue
        marks = {value: _fraction("best", name, value) for value in given["Values"]}
        parts.append(marks[tuned[name]] / max(marks.values()) if max(marks.values()) > 0 else 1.0)
    return sum(parts) / len(parts) if parts else 0.5


def objective_value(definition: Definition, tuned: dict[str, str]) -> float:
    """The final objective metric a child reports: better (per the objective's type) as it scores higher."""
    quality = score(definition.ranges, tuned)
    if definition.objective.type == "Maximize":
        return round(0.5 + 0.49 * quality, 6)
    return round(0.05 + 0.9 * (1 - quality), 6)
