"""One local SageMaker per region, made on first use, sharing timings, injected rules and the lock.

A request is served by the region its SigV4 signature names (unsigned requests: the default
region), so a client configured for the wrong region finds nothing, as on AWS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore import xform_name

from . import shapes
from .endpoints import EndpointService
from .faults import Failures
from .hosting import HostingService
from .processing import ProcessingService
from .state import Shared, State
from .tags import TagService
from .training import TrainingService
from .training_updates import TrainingUpdateService
from .transform import TransformService
from .tuning import TuningService

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class RegionalSageMaker:
    """The services of one region, and the operation handlers they implement."""

    def __init__(self, state: State) -> None:
        self.state = state
        hosting = HostingService(state)
        self.endpoints = EndpointService(state, hosting)
        training = TrainingService(state)
        services: list[object] = [
            training,
            TrainingUpdateService(training),
            TuningService(state, training),
            TransformService(state),
            ProcessingService(state),
            hosting,
            self.endpoints,
            TagService(state, self.endpoints),
        ]
        self.handlers: dict[str, Handler] = {}
        for operation in shapes.service_model().operation_names:
            for service in services:
                method = getattr(service, xform_name(operation), None)
                if method is not None:
                    self.handlers[operation] = method


class Regions:
    def __init__(self, default: str, shared: Shared) -> None:
        self.default = default
        self.shared = shared
        self._by_name: dict[str, RegionalSageMaker] = {}

    def get(self, region: str | None) -> RegionalSageMaker:
        name = region or self.default
        with self.shared.lock:
            if name not in self._by_name:
                self._by_name[name] = RegionalSageMaker(State(name, self.shared))
            return self._by_name[name]

    def reset(self) -> None:
        """Every region's records, and the injected rules."""
        with self.shared.lock:
            for regional in self._by_name.values():
                regional.state.reset()
            self.shared.failures = Failures()
