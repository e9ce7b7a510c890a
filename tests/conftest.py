"""Shared fixtures: a local SageMaker per test session, reset between tests.

Its existence checks are on, as AWS's are: the roles and S3 data the tests name without declaring
them are seeded after each reset (tests/existing.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi_sagemaker.testing import LocalSageMaker, Timings

from tests.existing import seed

FAST = Timings(
    training_phase=0.05, stop=0.05, endpoint_create=0.1, endpoint_update=0.15, endpoint_delete=0.05
)


@pytest.fixture(scope="session")
def local_server() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=FAST, check_existence=True) as server:
        yield server


@pytest.fixture
def local(local_server: LocalSageMaker) -> Iterator[LocalSageMaker]:
    local_server.reset()
    seed(local_server)
    local_server.timings = Timings(**vars(FAST))
    local_server.rollback_reasons = True
    yield local_server
    local_server.clear_faults()


@pytest.fixture
def new_account(local: LocalSageMaker) -> LocalSageMaker:
    """`local` as a new AWS account: existence checks on, nothing seeded (no role, bucket or object), so
    a program passes only with what it makes itself."""
    local.reset()
    assert local.check_existence
    assert local.client("s3").list_buckets()["Buckets"] == []
    assert local.client("iam").list_roles()["Roles"] == []
    return local


def configured(provider_cls: type, config: dict[str, str]):
    """A provider instance configured as the SDK's server does it."""
    provider = provider_cls()
    provider.configure(ConfigureRequest(Config(raw_config=config, project_name="demo")))
    return provider
