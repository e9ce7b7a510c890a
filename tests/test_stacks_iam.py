"""The roles the stacks create, their trust and permission policies parsed: least privilege, and clean
for two IAM linters that work offline (parliament on permission policies; policy-sentry's action
database for every action, and for which actions may take a wildcard resource)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from parliament import analyze_policy_string
from policy_sentry.querying.actions import get_action_data
from pulumi_sagemaker.testing import RunResult
from sagemaker_platform import documents

from .platform_support import ACCOUNT, STACKS, as_list, of_type, policy_documents, statements, up

MANAGED_POLICY_TYPES = (
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
)


@pytest.fixture(scope="module")
def runs() -> dict[str, RunResult]:
    """Each environment's platform (no workloads: no SageMaker needed), plus IRSA as a variant."""
    found = {stack: up(stack, {"workloads.demo": False}) for stack in STACKS}
    found["dev-irsa"] = up("dev", {"workloads.demo": False, "controller.credentials": "irsa"})
    return found


def _docs(runs: dict[str, RunResult], kind: str | None = None) -> Iterator[tuple[str, str, dict]]:
    for stack, result in runs.items():
        for name, doc_kind, doc in policy_documents(result):
            if kind is None or doc_kind == kind:
                yield f"{stack}/{name}", doc_kind, doc


def _document(result: RunResult, name: str, kind: str) -> dict:
    return next(doc for n, k, doc in policy_documents(result) if n == name and k == kind)


def _allows(doc: dict, action: str) -> list[dict]:
    return [s for s in statements(doc) if s["Effect"] == "Allow" and action in as_list(s["Action"])]


@pytest.mark.parametrize("stack", STACKS)
def test_sagemaker_trusts_the_execution_role_for_this_accounts_resources_only(runs, stack: str) -> None:
    (statement,) = statements(_document(runs[stack], "sagemaker-execution", "trust"))
    assert statement["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    assert statement["Action"] == ["sts:AssumeRole"]
    region = {"local": "us-east-1"}.get(stack, "us-west-2")
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{region}:{ACCOUNT}:*"},
    }


def test_no_policy_grants_s3_or_passrole_on_a_wildcard_resource(runs) -> None:
    checked = 0
    for where, _, doc in _docs(runs, "permissions"):
        for s in statements(doc):
            actions = as_list(s["Action"])
            risky = [a for a in actions if a.startswith("s3:") or a in ("iam:PassRole", "iam:*", "*")]
            for resource in as_list(s["Resource"]) if risky else []:
                checked += 1
                assert resource != "*" and resource.split(":::")[-1] not in ("*", ""), (where, s)
                assert not resource.endswith(":role/*") and "*" not in resource.split("/")[0], (where, s)
    assert checked >= 12


def test_execution_policy_is_built_from_config(runs) -> None:
    policy = _document(runs["dev"], "sagemaker-execution-policy", "permissions")
    by_sid = {s["Sid"]: s for s in statements(policy)}
    bucket = f"arn:aws:s3:::sagemaker-demo-dev-{ACCOUNT}"
    assert by_sid["ReadData"]["Resource"] == [f"{bucket}/mnist/*", f"{bucket}/datasets/*", f"{bucket}/jobs/*"]
    assert by_sid["WriteOutputs"]["Resource"] == [f"{bucket}/jobs/*"]
    assert by_sid["ListPrefixes"]["Condition"] == {
        "StringLike": {"s3:prefix": ["mnist/*", "datasets/*", "jobs/*"]}
    }
    assert by_sid["Metrics"]["Condition"] == {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*"]}}
    assert by_sid["Logs"]["Resource"] == [f"arn:aws:logs:us-west-2:{ACCOUNT}:log-group:/aws/sagemaker/*"]
    # dev: no VPC for jobs, no KMS, no ECR repositories, no rollback alarms
    assert not {"VpcEni", "VpcDescribe", "Kms", "EcrToken", "EcrPull", "RollbackAlarms"} & set(by_sid)


def test_prod_adds_kms_vpc_and_alarm_permissions_scoped_to_its_resources(runs) -> None:
    by_sid = {
        s["Sid"]: s for s in statements(_document(runs["prod"], "sagemaker-execution-policy", "permissions"))
    }
    assert by_sid["Kms"]["Resource"] == [
        "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    ]
    assert set(by_sid["VpcEni"]["Resource"]) == {
        f"arn:aws:ec2:us-west-2:{ACCOUNT}:{kind}/*"
        for kind in ("network-interface", "subnet", "security-group")
    }
    assert all(a.startswith("ec2:Describe") for a in by_sid["VpcDescribe"]["Action"])
    assert by_sid["RollbackAlarms"]["Action"] == ["cloudwatch:DescribeAlarms"]
    staging = {
        s["Sid"] for s in statements(_document(runs["staging"], "sagemaker-execution-policy", "permissions"))
    }
    assert {"VpcEni", "RollbackAlarms"} <= staging and "Kms" not in staging


def test_ecr_pull_names_the_repositories_and_only_the_token_takes_a_wildcard() -> None:
    scope = documents.Scope("aws", ACCOUNT, "us-west-2")
    repo = f"arn:aws:ecr:us-west-2:{ACCOUNT}:repository/training"
    access = documents.ExecutionAccess("b", ["in/"], ["out/"], ecr_repositories=[repo])
    by_sid = {s["Sid"]: s for s in documents.execution_policy(scope, access)["Statement"]}
    assert by_sid["EcrToken"] == {
        "Sid": "EcrToken",
        "Effect": "Allow",
        "Action": ["ecr:GetAuthorizationToken"],
        "Resource": "*",
    }
    assert by_sid["EcrPull"]["Resource"] == [repo] and "ecr:BatchGetImage" in by_sid["EcrPull"]["Action"]


@pytest.mark.parametrize("stack", ["dev", "staging", "prod", "dev-irsa"])
def test_controller_may_pass_only_the_execution_role_and_only_to_sagemaker(runs, stack: str) -> None:
    policy = _document(runs[stack], "ack-sagemaker-policy", "permissions")
    (passing,) = _allows(policy, "iam:PassRole")
    env = stack.removesuffix("-irsa")
    assert passing["Resource"] == [f"arn:aws:iam::{ACCOUNT}:role/sagemaker-demo-{env}-sagemaker-execution"]
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
    (sagemaker,) = [s for s in statements(policy) if s["Sid"] == "SageMaker"]
    assert all(
        r.startswith(f"arn:aws:sagemaker:us-west-2:{ACCOUNT}:") and r.endswith("/*")
        for r in sagemaker["Resource"]
    )
    assert "sagemaker:CreateTrainingJob" in sagemaker["Action"]
    assert not [a for a in sagemaker["Action"] if "*" in a]
    if stack == "staging":  # its config leaves ProcessingJob out: neither allowed nor reconciled
        assert "sagemaker:CreateProcessingJob" not in sagemaker["Action"]


def test_pod_identity_trust_is_restricted_to_the_controllers_service_account(runs) -> None:
    (statement,) = statements(_document(runs["dev"], "ack-sagemaker-role", "trust"))
    assert statement["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    assert statement["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    assert statement["Condition"]["StringEquals"] == {
        "aws:RequestTag/eks-cluster-name": "sagemaker-demo-dev",
        "aws:RequestTag/kubernetes-namespace": "ack-system",
        "aws:RequestTag/kubernetes-service-account": "ack-sagemaker-controller",
    }


def test_irsa_trust_has_sub_and_aud_conditions_for_the_clusters_issuer(runs) -> None:
    result = runs["dev-irsa"]
    (statement,) = statements(_document(result, "ack-sagemaker-role", "trust"))
    issuer = (
        result.state.get("cluster").outputs["identities"][0]["oidcs"][0]["issuer"].removeprefix("https://")
    )
    provider = result.state.get("cluster-oidc").outputs["arn"]
    assert statement["Principal"] == {"Federated": provider}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            f"{issuer}:sub": "system:serviceaccount:ack-system:ack-sagemaker-controller",
            f"{issuer}:aud": "sts.amazonaws.com",
        }
    }


def test_no_role_gets_amazon_sagemaker_full_access(runs) -> None:
    attached = [
        d.inputs["policyArn"] for r in runs.values() for t in MANAGED_POLICY_TYPES for d in of_type(r, t)
    ]
    assert attached and not [a for a in attached if a.endswith("/AmazonSageMakerFullAccess")]
    assert all(a.startswith("arn:aws:iam::aws:policy/AmazonE") for a in attached)  # EKS's own, for EKS roles


def test_parliament_finds_nothing_in_any_permission_policy(runs) -> None:
    linted = 0
    for where, _, doc in _docs(runs, "permissions"):
        findings = analyze_policy_string(json.dumps(doc)).findings
        assert not findings, (where, [(f.issue, f.detail) for f in findings])
        linted += 1
    assert linted == 2 * 3 + 1 + 2  # execution + controller per cloud env, local's execution, dev-irsa's two


def test_parliament_would_flag_what_these_tests_forbid() -> None:
    wildcard = documents.document(documents.allow("Bad", ["s3:GetObject"], "*"))
    unknown = documents.document(
        documents.allow("Typo", ["sagemaker:CreateTrainingJobs"], ["arn:aws:sagemaker:*"])
    )
    assert {f.issue for f in analyze_policy_string(json.dumps(wildcard)).findings} == {"RESOURCE_STAR"}
    assert "UNKNOWN_ACTION" in {f.issue for f in analyze_policy_string(json.dumps(unknown)).findings}


def _resource_formats(action: str) -> list[str]:
    service, name = action.split(":")
    data = get_action_data(service, name)
    assert data and data.get(service), f"{action} is not in policy-sentry's action database"
    return [entry["resource_arn_format"] for entry in data[service]]


def test_every_action_exists_and_wildcards_only_where_an_action_has_no_resource_form(runs) -> None:
    for where, _, doc in _docs(runs):
        for s in statements(doc):
            for action in as_list(s["Action"]):
                formats = _resource_formats(action)
                if s.get("Resource") == "*":
                    assert formats == ["*"], f"{where}: {action} takes resources {formats}, not '*'"


def test_controller_kinds_name_real_sagemaker_arn_types() -> None:
    for kind, (noun, resource_type, verbs) in documents.CONTROLLER_KINDS.items():
        formats = _resource_formats(f"sagemaker:Create{noun}")
        assert any(f":{resource_type}/${{" in f for f in formats), (kind, formats)
        for verb in verbs:
            _resource_formats(f"sagemaker:{verb}{noun}")
