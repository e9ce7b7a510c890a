"""What one environment's stack file (Pulumi.<stack>.yaml) may say, and what it means.

Every key is declared once, here, with its type, default and an example; `load()` reads the stack's
config through `schema` and raises one ConfigError naming every missing or malformed key before the
program registers anything. docs/platform.md lists the keys for users.
"""

# ruff: noqa: RUF009 -- `setting()` returns a dataclasses.field (with the key's example), which ruff cannot see
from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pulumi

from .schema import ConfigError, Problem, camel, read_settings, setting

ROLE_ARN = r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+"
KMS_KEY_ARN = r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[\w/-]+"
ECR_REPOSITORY_ARN = r"arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository/[a-z0-9._/-]+"
S3_PREFIX = (
    r"[a-zA-Z0-9!_.'()-][a-zA-Z0-9!_.'()/-]*/"  # a key prefix within the environment's bucket, ending in "/"
)
HELM_VERSION = r"\d+\.\d+\.\d+"
K8S_VERSION = r"1\.\d{2}"
CIDR = r"\d{1,3}(\.\d{1,3}){3}/\d{1,2}"

# The ACK SageMaker controller's kinds that this project's workloads use (ack-sagemaker.md).
CONTROLLER_KINDS = (
    "TrainingJob",
    "HyperParameterTuningJob",
    "TransformJob",
    "ProcessingJob",
    "Model",
    "EndpointConfig",
    "Endpoint",
)
ControllerKind = Literal[
    "TrainingJob",
    "HyperParameterTuningJob",
    "TransformJob",
    "ProcessingJob",
    "Model",
    "EndpointConfig",
    "Endpoint",
]


Found = list[tuple[str, str, str]]  # (key path below the class's key, reason, example)

NETWORK_EXAMPLE = "{vpcCidr: 10.20.0.0/16, availabilityZones: [us-west-2a, us-west-2b]}"
NODE_GROUP_EXAMPLE = "{instanceTypes: [m6i.large], minSize: 1, desiredSize: 2, maxSize: 3}"
ROLE_EXAMPLE = "arn:aws:iam::111122223333:role/platform-admin"
KMS_EXAMPLE = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ECR_EXAMPLE = "arn:aws:ecr:us-west-2:111122223333:repository/training"
ROLE = "an IAM role ARN"
KMS = "a KMS key ARN"
PREFIX: dict[str, Any] = {
    "pattern": S3_PREFIX,
    "what": "a key prefix in the bucket ending in '/', without wildcards",
}


@dataclass(frozen=True)
class Network:
    """A VPC to create (vpcCidr + availabilityZones) or one that exists (vpcId + subnetIds)."""

    vpc_cidr: str | None = setting('"10.20.0.0/16"', default=None, pattern=CIDR)
    availability_zones: list[str] = setting("[us-west-2a, us-west-2b]", default=[])
    nat_gateways: Literal["single", "perAz"] = setting("single", default="single")
    vpc_id: str | None = setting("vpc-0123456789abcdef0", default=None, pattern=r"vpc-[0-9a-f]+")
    subnet_ids: list[str] = setting("[subnet-0aa11, subnet-0bb22]", default=[])

    @property
    def creates_vpc(self) -> bool:
        return self.vpc_cidr is not None

    def problems(self) -> Found:
        if self.creates_vpc == bool(self.vpc_id or self.subnet_ids):
            return [
                ("vpcCidr", "give vpcCidr with availabilityZones, or vpcId with subnetIds", NETWORK_EXAMPLE)
            ]
        if self.creates_vpc and len(set(self.availability_zones)) < 2:
            return [("availabilityZones", "needs at least two distinct zones", "[us-west-2a, us-west-2b]")]
        if not self.creates_vpc and (not self.vpc_id or len(self.subnet_ids) < 2):
            return [
                (
                    "subnetIds",
                    "an existing VPC needs vpcId and subnets in two AZs",
                    "[subnet-0aa11, subnet-0bb22]",
                )
            ]
        return []


@dataclass(frozen=True)
class NodeGroup:
    instance_types: list[str] = setting("[m6i.large]", min_items=1)
    min_size: int = setting("1", minimum=1)
    desired_size: int = setting("2", minimum=1)
    max_size: int = setting("3", minimum=1)

    def problems(self) -> Found:
        if not self.min_size <= self.desired_size <= self.max_size:
            return [("desiredSize", "must lie between minSize and maxSize", "2")]
        return []


@dataclass(frozen=True)
class Cluster:
    """The EKS cluster: created here (version, compute, ...) or an existing one by `existingName`."""

    existing_name: str | None = setting("ml-shared", default=None, pattern=r"[0-9A-Za-z][A-Za-z0-9_-]{0,99}")
    version: str | None = setting('"1.35"', default=None, pattern=K8S_VERSION)
    compute: Literal["autoMode", "nodeGroup"] = setting("autoMode", default="autoMode")
    node_group: NodeGroup | None = setting(NODE_GROUP_EXAMPLE, default=None)
    admin_role_arns: list[str] = setting(f"[{ROLE_EXAMPLE}]", default=[], pattern=ROLE_ARN, what=ROLE)
    ci_role_arns: list[str] = setting(
        "[arn:aws:iam::111122223333:role/github-deploy]", default=[], pattern=ROLE_ARN, what=ROLE
    )
    public_endpoint: bool = setting("true", default=True)
    oidc_provider_arn: str | None = setting(
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE",
        default=None,
        pattern=r"arn:aws[a-z-]*:iam::\d{12}:oidc-provider/.+",
        what="an IAM OIDC provider ARN",
    )

    def problems(self) -> Found:
        found: Found = []
        if self.existing_name is None and self.version is None:
            found.append(("version", "missing (pin the Kubernetes version of a new cluster)", '"1.35"'))
        if self.existing_name is None and self.compute == "nodeGroup" and self.node_group is None:
            found.append(("nodeGroup", "missing (compute: nodeGroup needs its sizes)", NODE_GROUP_EXAMPLE))
        return found


@dataclass(frozen=True)
class Controller:
    """The ACK SageMaker controller: `managed` (an EKS capability), `helm` (the chart), or `none`."""

    mode: Literal["managed", "helm", "none"] = setting("helm")
    chart_version: str | None = setting('"1.9.1"', default=None, pattern=HELM_VERSION)
    namespace: str = setting("ack-system", default="ack-system", pattern=r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
    credentials: Literal["podIdentity", "irsa"] = setting("podIdentity", default="podIdentity")
    install_scope: Literal["cluster", "namespace"] = setting("cluster", default="cluster")
    watch_namespaces: list[str] = setting("[ml-jobs]", default=[])
    deletion_policy: Literal["delete", "retain"] = setting("retain", default="delete")
    kinds: list[ControllerKind] = setting(
        "[TrainingJob, Model, EndpointConfig, Endpoint]", default=list(CONTROLLER_KINDS), min_items=1
    )

    def problems(self) -> Found:
        if self.mode == "helm" and self.chart_version is None:
            return [
                ("chartVersion", "missing (mode: helm installs the chart at a pinned version)", '"1.9.1"')
            ]
        if self.install_scope == "namespace" and not self.watch_namespaces:
            return [("watchNamespaces", "missing (installScope: namespace watches only these)", "[ml-jobs]")]
        return []


@dataclass(frozen=True)
class Storage:
    bucket_name: str | None = setting(
        "sagemaker-demo-dev-111122223333", default=None, pattern=r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"
    )
    kms_key_arn: str | None = setting(KMS_EXAMPLE, default=None, pattern=KMS_KEY_ARN, what=KMS)
    force_destroy: bool = setting("false", default=False)


@dataclass(frozen=True)
class ExecutionRole:
    """What SageMaker jobs and models may touch; the role's inline policy is built from this."""

    data_prefixes: list[str] = setting('["datasets/"]', default=["datasets/"], min_items=1, **PREFIX)
    output_prefixes: list[str] = setting('["jobs/"]', default=["jobs/"], min_items=1, **PREFIX)
    ecr_repositories: list[str] = setting(
        f"[{ECR_EXAMPLE}]", default=[], pattern=ECR_REPOSITORY_ARN, what="an ECR repository ARN"
    )
    kms_key_arns: list[str] = setting(f"[{KMS_EXAMPLE}]", default=[], pattern=KMS_KEY_ARN, what=KMS)
    rollback_alarms: bool = setting("true", default=False)


@dataclass(frozen=True)
class Guardrails:
    """Rules for this environment's SageMaker resources; the stack follows them and the policy pack
    (policy/) enforces them in every preview."""

    allowed_instance_types: list[str] = setting("[ml.m5.large, ml.m5.xlarge]", min_items=1)
    max_training_runtime_seconds: int = setting("7200", minimum=1)
    require_kms: bool = setting("true", default=False)
    network: Literal["any", "vpc", "isolation", "vpcOrIsolation"] = setting("vpc", default="any")
    protect_hosting: bool = setting("true", default=False)


@dataclass(frozen=True)
class Workloads:
    demo: bool = setting("true", default=True)
    training_instance_type: str = setting("ml.m5.xlarge", default="ml.m5.xlarge", pattern=r"ml\.[a-z0-9.]+")
    hosting_instance_type: str = setting("ml.m5.large", default="ml.m5.large", pattern=r"ml\.[a-z0-9.]+")


@dataclass(frozen=True)
class Settings:
    """One environment. The `local` stack has neither cluster nor network nor controller."""

    guardrails: Guardrails = setting("{allowedInstanceTypes: [ml.m5.large], maxTrainingRuntimeSeconds: 7200}")
    cluster: Cluster | None = setting('{version: "1.35", compute: autoMode}', default=None)
    network: Network | None = setting(NETWORK_EXAMPLE, default=None)
    controller: Controller = setting('{mode: helm, chartVersion: "1.9.1"}', default=Controller(mode="none"))
    storage: Storage = setting("{bucketName: sagemaker-demo-dev-111122223333}", default=Storage())
    execution_role: ExecutionRole = setting('{dataPrefixes: ["datasets/"]}', default=ExecutionRole())
    workloads: Workloads = setting("{demo: true}", default=Workloads())
    region: str = "us-east-1"  # aws:region, set by load()
    stack: str = "local"

    def problems(self) -> Found:
        """Rules across keys, checked once every key is well formed."""
        return self._cluster_problems() + self._controller_problems() + self._guardrail_problems()

    def _cluster_problems(self) -> Found:
        if self.cluster is None or self.cluster.existing_name is not None or self.network is not None:
            return []
        return [("network", "missing (a new cluster needs a VPC to create, or subnets)", NETWORK_EXAMPLE)]

    def _controller_problems(self) -> Found:
        mode, cluster = self.controller.mode, self.cluster
        if mode == "none":
            return []
        if cluster is None:
            return [
                ("controller.mode", f"{mode!r} needs a cluster (add the cluster key, or mode: none)", "none")
            ]
        irsa = mode == "helm" and self.controller.credentials == "irsa"
        if irsa and cluster.existing_name is not None and cluster.oidc_provider_arn is None:
            reason = "missing (IRSA on an existing cluster uses its OIDC provider)"
            return [("cluster.oidcProviderArn", reason, "arn:aws:iam::111122223333:oidc-provider/...")]
        if (
            mode == "helm"
            and cluster.existing_name is None
            and not (cluster.admin_role_arns or cluster.ci_role_arns)
        ):
            reason = "missing (the role that runs `pulumi up` needs an access entry to install the chart)"
            return [("cluster.ciRoleArns", reason, "[arn:aws:iam::111122223333:role/github-deploy]")]
        return []

    def _guardrail_problems(self) -> Found:
        found: Found = []
        network = self.guardrails.network
        if network in ("vpc", "vpcOrIsolation") and self.network is None:
            found.append(
                ("network", f"missing (guardrails.network: {network} runs jobs in a VPC)", NETWORK_EXAMPLE)
            )
        if self.guardrails.require_kms and self.storage.kms_key_arn is None:
            found.append(
                ("storage.kmsKeyArn", "missing (guardrails.requireKms: true encrypts with it)", KMS_EXAMPLE)
            )
        allowed = self.guardrails.allowed_instance_types
        for key in ("training_instance_type", "hosting_instance_type"):
            value = getattr(self.workloads, key)
            if self.workloads.demo and value not in allowed:
                reason = f"{value!r} is not in guardrails.allowedInstanceTypes {allowed}"
                found.append((f"workloads.{camel(key)}", reason, allowed[0]))
        return found

    @property
    def kms_key_arns(self) -> list[str]:
        """Every key SageMaker must be able to use: the bucket's and the configured ones."""
        keys = list(self.execution_role.kms_key_arns)
        if self.storage.kms_key_arn and self.storage.kms_key_arn not in keys:
            keys.append(self.storage.kms_key_arn)
        return keys

    @property
    def jobs_in_vpc(self) -> bool:
        return self.network is not None and self.guardrails.network in ("vpc", "vpcOrIsolation")


@dataclass(frozen=True)
class WorkloadSettings:
    """A workloads project's stack (stacks/workloads/): the platform stack it reads, and its own rules."""

    platform_stack: str = setting("organization/sagemaker-demo/dev", pattern=r"[\w.-]+(/[\w.-]+){0,2}")
    guardrails: Guardrails = setting("{allowedInstanceTypes: [ml.m5.large], maxTrainingRuntimeSeconds: 3600}")
    workloads: Workloads = setting("{trainingInstanceType: ml.m5.xlarge}", default=Workloads())


def load(
    config: Mapping[str, Any] | None = None, stack: str | None = None, project: str | None = None
) -> Settings:
    """This stack's settings, from the running program's config unless `config` is given."""
    stack = stack or pulumi.get_stack()
    project = project or pulumi.get_project()
    if config is None:
        config = _program_config()
    stack_file = f"Pulumi.{stack}.yaml"
    problems = []
    region = config.get("aws:region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        problems.append(Problem("aws:region", "missing", "aws:region: us-west-2"))
    try:
        settings = read_settings(Settings, project, stack_file, config)
    except ConfigError as exc:
        raise ConfigError(stack_file, problems + exc.problems) from None
    if problems:
        raise ConfigError(stack_file, problems)
    return dataclasses.replace(settings, region=str(region), stack=stack)


def _program_config() -> dict[str, Any]:
    """Every config value of the running program (the engine passes them in PULUMI_CONFIG; the rig and
    the SDK's mocks set them in the runtime's config map)."""
    from pulumi.runtime import config as runtime_config

    return {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
