"""What this project's tests take as already there in the AWS account: execution roles and S3 data.

Every local SageMaker of the tests runs with its existence checks on (`check_existence=True`), so a
role or an S3 URI a test names must exist in moto's IAM and S3 as it must on AWS; a stack that
declares its own role or bucket gets it mirrored there by the rig. What the tests name without
declaring it is listed here and seeded by the shared fixtures: once per server and again after each
reset (straight into moto's backends: a few milliseconds).

A data URI gets one object at its key: a URI ending in "/" is a prefix with something under it (a
folder marker, which batch transform does not read as an input), any other is the object itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from pulumi_sagemaker_local import LocalSageMaker

# The provider's tests (tests/training_inputs.py, tests/job_cases.py, the hosting and program tests).
ROLES = ("arn:aws:iam::123456789012:role/sagemaker-execution",)
DATA = (
    "s3://bucket/mnist/train/",
    "s3://bucket/mnist/raw/",
    "s3://bucket/mnist/test/",
    "s3://bucket/cifar10/train/",
    "s3://bucket/jobs/model.tar.gz",
    "s3://bucket/model.tar.gz",  # the secrets suite's standalone Model (tests/reliability)
    "s3://bucket-name/model.tar.gz",
    "s3://bucket-name/v2/model.tar.gz",
    "s3://bucket-name/v3/model.tar.gz",
    "s3://bucket-name/retrained/model.tar.gz",
    "s3://bucket-name/broken/model.tar.gz",
    "s3://models-bucket/mnist/model.tar.gz",
    "s3://data-bucket/model.tar.gz",
    "s3://data-bucket/code/run.py",
    "s3://data-bucket/train/",
    "s3://data-bucket/test/",
    "s3://from-config/batch-transform/xgboost-mnist/model.tar.gz",
)

# The emulator's own tests (tests/local_jobs.py, tests/test_local_*.py).
EMULATOR_ROLES = ("arn:aws:iam::123456789012:role/sagemaker", "arn:aws:iam::123456789012:role/r")
EMULATOR_DATA = ("s3://bucket/train/", "s3://data/raw/", "s3://data/batch/in/", "s3://bucket/model.tar.gz")


def seed(local: LocalSageMaker, roles: Iterable[str] = ROLES, data: Iterable[str] = DATA) -> LocalSageMaker:
    """Turn the existence checks on and make `roles` and `data` exist (moto's state is per process)."""
    local.check_existence = True
    for arn in roles:
        local.create_role(arn)
    for uri in data:
        local.put_object(uri)
    return local


def seed_emulator(local: LocalSageMaker) -> LocalSageMaker:
    return seed(local, EMULATOR_ROLES, EMULATOR_DATA)
