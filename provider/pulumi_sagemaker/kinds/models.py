"""Rules for a model's containers that botocore's model cannot express (pure), shared by a standalone
Model and HostingDeployment's models: one primary_container or a list of containers, never both and
never neither (botocore makes both optional, and an empty list valid: SageMaker refuses them at
create), and a MultiModel container's model data is the S3 prefix its models are added under."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..shapes import Failure, spelled
from .hooks import KindHooks

OPERATION = "CreateModel"

# (member, index, member, ...) below the model -> that property's path as the user spells it.
Path = Callable[..., str]


def check_containers(model: Mapping[str, Any], path: Path, here: str | None, failures: list[Failure]) -> None:
    """`here`: where a model in a list is (HostingDeployment's models[i]); None for a Model resource,
    whose problems are reported at its members."""
    primary, containers = model.get("primary_container"), model.get("containers")

    def named(member: str) -> str:  # the member's name as the user spells it, for a reason's text
        return path(member).rsplit(".", 1)[-1]

    if primary is None and containers == []:
        reason = "must hold at least one container (several for an inference pipeline)"
        failures.append(Failure(path("containers"), reason))
    elif primary is None and containers is None:
        if here is not None:
            reason = f"needs {named('containers')} (one, or several for an inference pipeline)"
            failures.append(Failure(here, reason))
        else:
            reason = f"is required, or {named('containers')} instead (several, for an inference pipeline)"
            failures.append(Failure(path("primary_container"), reason))
    elif primary is not None and containers is not None:  # an empty list beside it too
        where = here if here is not None else path("containers")
        reason = f"set either {named('containers')} or {named('primary_container')}, not both"
        failures.append(Failure(where, reason))
    if isinstance(primary, Mapping):
        _check_multi_model(primary, lambda *steps: path("primary_container", *steps), failures)
    for i, container in enumerate(containers if isinstance(containers, list) else []):
        if isinstance(container, Mapping):
            _check_multi_model(container, lambda *steps, i=i: path("containers", i, *steps), failures)


def _check_multi_model(container: Mapping[str, Any], path: Path, failures: list[Failure]) -> None:
    if container.get("mode") != "MultiModel":
        return
    url = container.get("model_data_url")
    if url is None:
        failures.append(
            Failure(
                path("model_data_url"), "is required for a MultiModel container: the S3 prefix of the models"
            )
        )
    elif isinstance(url, str) and not (url.startswith("s3://") and url.endswith("/")):
        failures.append(
            Failure(
                path("model_data_url"),
                "must be an S3 prefix ending in '/' for a MultiModel container "
                f"(s3://bucket/models/), got {url!r}",
            )
        )


def _model_rules(inputs: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Failure]:
    failures: list[Failure] = []
    check_containers(inputs, lambda *steps: spelled(OPERATION, raw, steps), None, failures)
    return failures


model_rules = KindHooks(rules=_model_rules)
