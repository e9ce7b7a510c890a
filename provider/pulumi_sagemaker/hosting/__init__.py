"""HostingDeployment: SageMaker models, an endpoint config and an endpoint as one resource.

- `check_inputs`: canonical, validated inputs (the shapes layer for the API shapes, `rules` for the rest);
- `plan`: deterministic names, requests, and the least disruptive kind of change (pure);
- `rollout` / `autoscaling`: the SageMaker and Application Auto Scaling calls;
- `scaling`: a variant's `autoscaling` block, checked and as requests (the manifests layer reads it too);
- `HostingLifecycle`: the provider hooks; `EndpointLifecycle`: the standalone Endpoint's.
"""

from . import scaling
from .deployment import HostingLifecycle
from .endpoint import EndpointLifecycle
from .errors import EndpointFailed, UpdateFailed, UpdateRolledBack
from .inputs import INPUT_KEYS, OPTION_KEYS, OUTPUT_KEYS, check_inputs
from .outputs import OUTPUTS
from .paths import camel
from .plan import AUTOSCALING, Change, ChangeKind, Plan, build_plan, classify

__all__ = [
    "AUTOSCALING",
    "INPUT_KEYS",
    "OPTION_KEYS",
    "OUTPUTS",
    "OUTPUT_KEYS",
    "Change",
    "ChangeKind",
    "EndpointFailed",
    "EndpointLifecycle",
    "HostingLifecycle",
    "Plan",
    "UpdateFailed",
    "UpdateRolledBack",
    "build_plan",
    "camel",
    "check_inputs",
    "classify",
    "scaling",
]
