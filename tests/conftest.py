"""Shared fixtures: a local SageMaker per test session, reset between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi_sagemaker.testing import LocalSageMaker, Timings

FAST = Timings(
    training_phase=0.05, stop=0.05, endpoint_create=0.1, endpoint_update=0.15, endpoint_delete=0.05
)


@pytest.fixture(scope="session")
def local_server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=FAST) as server:
        yield server


@pytest.fixture
def local(local_server: LocalSageMaker) -> Iterator[LocalSageMaker]:
    local_server.reset()
    local_server.timings = Timings(**vars(FAST))
    local_server.rollback_reasons = True
    yield local_server
    local_server.clear_faults()


def configured(provider_cls: type, config: dict[str, str]):
    """A provider instance configured as the SDK's server does it."""
    provider = provider_cls()
    provider.configure(ConfigureRequest(Config(raw_config=config, project_name="demo")))
    return provider
