"""Property paths spelled the way the user wrote them, for failures found on the canonical form.

A rule that runs after the spec walk (a tuning range whose minimum exceeds its maximum, say) knows the
canonical path, `("hyper_parameter_tuning_job_config", "parameter_ranges", "integer_parameter_ranges", 0,
"min_value")`; the user wrote `hyperParameterTuningJobConfig.parameterRanges.integerParameterRanges[0]
.minValue` in a manifest. `spelled` walks the user's own input beside the model to say it their way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .keys import SNAKE, detect_style, normalise, render
from .model import ShapeInfo, info, input_shape

Path = Sequence[str | int]


def spelled(operation: str, raw: Any, path: Path) -> str:
    """`path` (canonical keys and list indices, from the top of `operation`'s input) as the user spells it
    in `raw`: their own key where they wrote one, else the member's name in the style around it."""
    shape: ShapeInfo | None = info(input_shape(operation))
    node, style, out = raw, SNAKE, ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
            node = node[step] if isinstance(node, list | tuple) and 0 <= step < len(node) else None
            shape = info(shape.member, shape.service) if shape is not None and shape.member else None
            continue
        if isinstance(node, Mapping):
            style = detect_style(node, style)
        member = shape.by_snake.get(step) if shape is not None else None
        written = _written(node, step)
        name = written or (render(member.name, style) if member is not None else step)
        out = f"{out}.{name}" if out else name
        node = node.get(written) if written is not None and isinstance(node, Mapping) else None
        shape = info(member.shape, shape.service) if member is not None and shape is not None else None
    return out


def _written(node: Any, key: str) -> str | None:
    """The user's own key for canonical `key` in `node`, if they wrote one."""
    if not isinstance(node, Mapping):
        return None
    wanted = normalise(key)
    return next((k for k in node if isinstance(k, str) and normalise(k) == wanted), None)
