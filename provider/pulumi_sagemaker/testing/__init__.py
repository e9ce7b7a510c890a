"""Test your SageMaker stacks offline: a local SageMaker, the engine's protocol, whole programs.

- `LocalSageMaker`: SageMaker with a real lifecycle (plus moto for IAM, S3, STS, logs, autoscaling)
  on 127.0.0.1, with failure and fault injection.
- `ProviderServer`: the Pulumi SDK's own dynamic-provider server, driven over gRPC as the engine does.
- `run`: a Pulumi program under `pulumi.runtime.set_mocks` with the real dynamic providers running,
  state carried from one run to the next.
See docs/testing.md.
"""

from pulumi_sagemaker_local import LocalSageMaker, Timings

from .engine import UNKNOWN, ProviderError, ProviderServer
from .program import ResourceError, RunResult, State, refresh, run
from .state import PendingOperation, ProviderDied

__all__ = [
    "UNKNOWN",
    "LocalSageMaker",
    "PendingOperation",
    "ProviderDied",
    "ProviderError",
    "ProviderServer",
    "ResourceError",
    "RunResult",
    "State",
    "Timings",
    "refresh",
    "run",
]
