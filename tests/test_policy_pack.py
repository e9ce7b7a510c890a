"""The policy pack: each policy with good and bad resources (called as pulumi-policy calls it), then the
whole pack, served by policy/__main__.py as the engine runs it, over every resource each environment's
stack declares (a violation introduced in a stack fails here, as it would fail CI's preview)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import sagemaker_guardrails
from pulumi.output import Unknown
from pulumi_policy import PolicyCustomTimeouts, PolicyResourceOptions, ResourceValidationArgs
from pulumi_policy.proxy import unknown_checking_proxy
from sagemaker_guardrails import policies
from sagemaker_guardrails.stack_config import DEFAULTS, for_stack_file
from sagemaker_platform import documents
from sagemaker_platform.schema import camel
from sagemaker_platform.settings import Guardrails

from .platform_support import ROOT, STACKS, preview
from .policy_support import PolicyPackServer, _wire

TRAINING = "pulumi-python:dynamic/sagemaker:TrainingJob"
TUNING = "pulumi-python:dynamic/sagemaker:HyperParameterTuningJob"
HOSTING = "pulumi-python:dynamic/sagemaker:HostingDeployment"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ENCRYPTS = "this environment encrypts volumes and outputs"
KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def check(
    policy, type_: str, props: dict[str, Any], config: dict | None = None, protect: bool = False
) -> list[str]:
    """Run one policy on one resource as pulumi-policy's Analyze does (inputs behind its unknown proxy)."""
    opts = PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])
    args = ResourceValidationArgs(
        type_, unknown_checking_proxy(_wire(props)), "urn:x", "r", opts, None, config
    )
    found: list[str] = []
    policy.validate(args, lambda message, urn=None: found.append(message))
    return found


def training_job(**changes: Any) -> dict[str, Any]:
    job = {
        "__provider": "gASV...",
        "role_arn": "arn:aws:iam::111122223333:role/x",
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1.0, "volume_kms_key_id": KEY},
        "output_data_config": {"s3_output_path": "s3://b/jobs/", "kms_key_id": KEY},
        "stopping_condition": {"max_runtime_in_seconds": 3600.0},
        "vpc_config": {"subnets": ["subnet-1"], "security_group_ids": ["sg-1"]},
    }
    job.update(changes)
    return {k: v for k, v in job.items() if v is not None}


def hosting(**model: Any) -> dict[str, Any]:
    return {
        "models": [{"name": "m", "execution_role_arn": "arn:aws:iam::111122223333:role/x", **model}],
        "production_variants": [{"variant_name": "a", "model_name": "m", "instance_type": "ml.m5.large"}],
        "kms_key_id": KEY,
    }


def role_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"role": "r", "policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


# -- each policy, good and bad -------------------------------------------------------------------------


def test_kms_requires_volume_and_output_keys_and_counts_an_unknown_key_as_set() -> None:
    policy = policies.KMS_ENCRYPTION
    assert check(policy, TRAINING, training_job()) == []
    bad = training_job(
        resource_config={"instance_type": "ml.m5.xlarge"}, output_data_config={"s3_output_path": "s3://b/"}
    )
    assert check(policy, TRAINING, bad) == [
        f"TrainingJob r: resource_config.volume_kms_key_id is not set; {ENCRYPTS}",
        f"TrainingJob r: output_data_config.kms_key_id is not set; {ENCRYPTS}",
    ]
    assert check(policy, HOSTING, {**hosting(), "kms_key_id": None}) == [
        f"HostingDeployment r: kms_key_id is not set; {ENCRYPTS}"
    ]
    unknown = training_job(resource_config={"instance_type": "ml.m5.xlarge", "volume_kms_key_id": Unknown()})
    assert check(policy, TRAINING, unknown) == []
    assert check(policy, "aws:s3/bucket:Bucket", {"bucket": "b"}) == []  # not a SageMaker resource


@pytest.mark.parametrize(
    ("require", "props", "ok"),
    [
        ("vpc", training_job(), True),
        ("vpc", training_job(vpc_config=None), False),
        ("isolation", training_job(), False),
        ("isolation", training_job(enable_network_isolation=True), True),
        ("vpcOrIsolation", training_job(vpc_config=None, enable_network_isolation=True), True),
        ("vpcOrIsolation", training_job(vpc_config=None, enable_network_isolation=False), False),
    ],
)
def test_network_rule_follows_what_the_environment_requires(require: str, props: dict, ok: bool) -> None:
    found = check(policies.NETWORK, TRAINING, props, {"require": require})
    assert (found == []) is ok, found


def test_network_rule_checks_every_model_of_a_hosting_deployment() -> None:
    config = {"require": "vpc"}
    assert (
        check(
            policies.NETWORK,
            HOSTING,
            hosting(vpc_config={"subnets": ["s"], "security_group_ids": ["g"]}),
            config,
        )
        == []
    )
    assert check(policies.NETWORK, HOSTING, hosting(), config) == [
        "HostingDeployment r: models[0] needs vpc_config in this environment"
    ]


def test_instance_types_come_from_the_allowlist_for_jobs_variants_and_tuning_definitions() -> None:
    config = {"allowedInstanceTypes": ["ml.m5.large", "ml.m5.xlarge"]}
    assert check(policies.INSTANCE_TYPES, TRAINING, training_job(), config) == []
    big = training_job(resource_config={"instance_type": "ml.p4d.24xlarge", "instance_count": 1.0})
    assert check(policies.INSTANCE_TYPES, TRAINING, big, config) == [
        "TrainingJob r: resource_config.instance_type 'ml.p4d.24xlarge' is not allowed "
        "(allowed: ml.m5.large, ml.m5.xlarge)"
    ]
    tuning = {
        "training_job_definitions": [
            {"resource_config": {"instance_type": "ml.m5.large"}},
            {"resource_config": {"instance_type": "ml.g5.xlarge"}},
        ]
    }
    found = check(policies.INSTANCE_TYPES, TUNING, tuning, config)
    assert (
        len(found) == 1
        and "training_job_definitions[1].resource_config.instance_type 'ml.g5.xlarge'" in found[0]
    )
    wide = hosting()
    wide["production_variants"][0]["instance_type"] = "ml.c5.18xlarge"
    assert len(check(policies.INSTANCE_TYPES, HOSTING, wide, config)) == 1


def test_training_runtime_is_capped_and_must_be_set() -> None:
    config = {"maxRuntimeInSeconds": 3600}
    assert check(policies.TRAINING_RUNTIME, TRAINING, training_job(), config) == []
    long = training_job(stopping_condition={"max_runtime_in_seconds": 86400.0})
    assert check(policies.TRAINING_RUNTIME, TRAINING, long, config) == [
        "TrainingJob r: stopping_condition.max_runtime_in_seconds is 86400 s, "
        "more than the 3600 s allowed here"
    ]
    assert check(policies.TRAINING_RUNTIME, TRAINING, training_job(stopping_condition=None), config) == [
        "TrainingJob r: stopping_condition.max_runtime_in_seconds is not set (at most 3600 s here)"
    ]


def test_hosting_must_be_protected() -> None:
    assert check(policies.PROTECTED_HOSTING, HOSTING, hosting(), protect=True) == []
    assert check(policies.PROTECTED_HOSTING, HOSTING, hosting()) == [
        "HostingDeployment r must be protected here (ResourceOptions(protect=True))"
    ]
    assert check(policies.PROTECTED_HOSTING, TRAINING, training_job()) == []


@pytest.mark.parametrize(
    ("type_", "props", "bad"),
    [
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"role": "r", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"},
            True,
        ),
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"role": "r", "policyArn": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"},
            False,
        ),
        (
            "aws:iam/role:Role",
            {"managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]},
            True,
        ),
        (
            "aws:iam/policyAttachment:PolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"},
            True,
        ),
    ],
)
def test_no_sagemaker_full_access(type_: str, props: dict, bad: bool) -> None:
    assert bool(check(policies.NO_FULL_ACCESS, type_, props)) is bad


@pytest.mark.parametrize(
    ("statement", "bad"),
    [
        ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/jobs/*"}, False),
        ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::*"}, True),
        ({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::*/jobs"}, True),
        (
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/exec"},
            False,
        ),
        ({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::111122223333:role/*"}, True),
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": "ec2:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}, True),
        ({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}, False),
    ],
)
def test_no_wildcard_resource_on_s3_or_passrole(statement: dict, bad: bool) -> None:
    found = check(policies.NO_WILDCARDS, ROLE_POLICY, role_policy(statement))
    assert bool(found) is bad, found
    inline = {"inlinePolicies": [{"name": "p", "policy": role_policy(statement)["policy"]}]}
    assert bool(check(policies.NO_WILDCARDS, "aws:iam/role:Role", inline)) is bad


# -- the pack as the engine runs it ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack():
    server = PolicyPackServer()
    yield server
    server.close()


def test_the_pack_serves_every_policy_and_each_environments_config_fits_their_schemas(pack) -> None:
    info = pack.info()
    assert info.name == sagemaker_guardrails.PACK_NAME
    served = {p.name: p for p in info.policies}
    assert set(served) == {p.name for p in sagemaker_guardrails.POLICIES}
    for stack in STACKS:
        config = for_stack_file(ROOT / f"Pulumi.{stack}.yaml")
        assert set(config) == set(served)
        for policy in sagemaker_guardrails.POLICIES:
            if policy.config_schema is not None:  # the CLI validates a pack's config against these
                properties = {k: v for k, v in config[policy.name].items() if k != "enforcementLevel"}
                schema = {
                    "type": "object",
                    "properties": policy.config_schema.properties,
                    "required": policy.config_schema.required or [],
                }
                jsonschema.validate(properties, schema)


def test_policy_defaults_match_the_stacks() -> None:
    for key, value in DEFAULTS.items():
        field = next(f for f in Guardrails.__dataclass_fields__.values() if camel(f.name) == key)
        assert field.default == value


@pytest.mark.parametrize("stack", STACKS)
def test_every_environment_passes_the_pack_in_preview(pack, stack: str) -> None:
    pack.configure(for_stack_file(ROOT / f"Pulumi.{stack}.yaml"))
    found = pack.analyze_all(preview(stack).declared)
    assert found == {}, found


def test_prod_without_protection_or_kms_fails_the_pack(pack) -> None:
    pack.configure(for_stack_file(ROOT / "Pulumi.prod.yaml"))  # prod's rules, a stack that drifted from them
    drifted = {
        "guardrails.protectHosting": False,
        "guardrails.requireKms": False,
        "storage.kmsKeyArn": None,
        "executionRole.kmsKeyArns": [],
    }
    found = pack.analyze_all(preview("prod", drifted).declared)
    assert {(v.policy, v.mandatory) for vs in found.values() for v in vs} == {
        ("sagemaker-protect-hosting", True),
        ("sagemaker-kms-encryption", True),
    }
    assert set(found) == {"mnist", "mnist-endpoint"}


def test_a_wildcard_slipped_into_a_stacks_policy_fails_the_pack(pack, monkeypatch) -> None:
    def widened(scope, kinds, role_arn):
        document = original(scope, kinds, role_arn)
        document["Statement"][1]["Resource"] = "*"  # PassRole on any role
        return document

    original = documents.controller_policy
    monkeypatch.setattr(documents, "controller_policy", widened)
    pack.configure(for_stack_file(ROOT / "Pulumi.dev.yaml"))
    found = pack.analyze_all(preview("dev", {"workloads.demo": False}).declared)
    assert list(found) == ["ack-sagemaker-policy"]
    (violation,) = found["ack-sagemaker-policy"]
    assert violation.policy == "iam-no-wildcard-s3-or-passrole" and "iam:PassRole on *" in violation.message


def test_a_value_unknown_in_preview_is_reported_as_not_checked_not_as_passed(pack) -> None:
    pack.configure({"sagemaker-instance-types": {"allowedInstanceTypes": ["ml.m5.large"]}})
    from pulumi_sagemaker.testing.state import Declared

    job = Declared("urn:x", TRAINING, "job", True, training_job(resource_config={"instance_type": Unknown()}))
    (violation,) = [v for v in pack.analyze(job) if v.policy == "sagemaker-instance-types"]
    assert not violation.mandatory and "can't be known during preview" in violation.message
