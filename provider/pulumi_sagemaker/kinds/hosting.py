"""The hosting kinds: models, endpoint configs and endpoints (HostingDeployment manages all three).

Models and endpoint configs have no status: they exist or not. An endpoint's statuses say when an
operation on it is over.
"""

from __future__ import annotations

from .kind import Kind, Statuses

MODEL = Kind(noun="Model", type_name="Model")
ENDPOINT_CONFIG = Kind(noun="EndpointConfig", type_name="EndpointConfig")
ENDPOINT = Kind(
    noun="Endpoint",
    type_name="Endpoint",
    statuses=Statuses(
        # Busy: each ends by itself (an update or a rollback runs its course).
        running=frozenset({"Creating", "Updating", "SystemUpdating", "RollingBack"}),
        succeeded=frozenset({"InService"}),
        # Settled but not serving as asked: an update can still be tried, or the endpoint deleted.
        failed=frozenset({"Failed", "UpdateRollbackFailed", "OutOfService"}),
        deleting=frozenset({"Deleting"}),
    ),
)
