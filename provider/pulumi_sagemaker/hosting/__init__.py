"""HostingDeployment: SageMaker models, an endpoint config and an endpoint as one resource.

- `check_inputs`: canonical, validated inputs (the spec layer for the API shapes, `rules` for the rest);
- `plan`: deterministic names, requests, and the least disruptive kind of change (pure);
- `rollout` / `autoscaling`: the SageMaker and Application Auto Scaling calls;
- `HostingLifecycle`: the provider hooks.
"""

from .errors import EndpointFailed, UpdateFailed, UpdateRolledBack
from .inputs import INPUT_KEYS, OPTION_KEYS, OUTPUT_KEYS, check_inputs
from .lifecycle import HostingLifecycle
from .outputs import OUTPUTS, VariantSummary
from .plan import Change, ChangeKind, Plan, build_plan, classify

__all__ = [
    "INPUT_KEYS",
    "OPTION_KEYS",
    "OUTPUTS",
    "OUTPUT_KEYS",
    "Change",
    "ChangeKind",
    "EndpointFailed",
    "HostingLifecycle",
    "Plan",
    "UpdateFailed",
    "UpdateRolledBack",
    "VariantSummary",
    "build_plan",
    "check_inputs",
    "classify",
]
