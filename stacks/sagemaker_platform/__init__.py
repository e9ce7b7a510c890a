"""The platform around SageMaker, one stack per environment: components and their composition.

- `settings`: what a stack file may say (validated before anything is registered), `schema` reads it;
- `documents`: the IAM policy documents (pure);
- components: `Network`, `Cluster`, `Controller`, `ExecutionRole`, `Storage`;
- `environment.build(settings)`: one environment's platform.
"""

from .cluster import Cluster
from .controller import Controller
from .environment import Platform, build
from .execution_role import ExecutionRole
from .network import Network
from .schema import ConfigError
from .settings import Settings, load
from .storage import Storage

__all__ = [
    "Cluster",
    "ConfigError",
    "Controller",
    "ExecutionRole",
    "Network",
    "Platform",
    "Settings",
    "Storage",
    "build",
    "load",
]
