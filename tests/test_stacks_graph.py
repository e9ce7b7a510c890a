"""Each environment's stack under the rig shows the expected graph: what `pulumi preview --diff` would
show for its stack file (cluster, node group or Auto Mode, access entries, the controller as a managed
capability or a pinned chart, protected hosting in prod)."""

from __future__ import annotations

import ipaddress
import json

import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.testing import RunResult

from .platform_support import ACCOUNT, CLOUD_STACKS, children, config, of_type, one, preview, up

CLUSTER = "aws:eks/cluster:Cluster"
CHART = "kubernetes:helm.sh/v4:Chart"
HOSTING = "pulumi-python:dynamic/sagemaker:HostingDeployment"
TRAINING = "pulumi-python:dynamic/sagemaker:TrainingJob"
ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"


@pytest.fixture(scope="module")
def previews() -> dict[str, RunResult]:
    return {stack: preview(stack) for stack in (*CLOUD_STACKS, "local")}


@pytest.mark.parametrize("stack", CLOUD_STACKS)
def test_cluster_uses_api_auth_a_pinned_version_and_access_entries(previews, stack: str) -> None:
    result = previews[stack]
    cluster = one(result, CLUSTER).inputs
    assert cluster["name"] == f"sagemaker-demo-{stack}" and cluster["version"] == "1.35"
    assert cluster["accessConfig"] == {
        "authenticationMode": "API",
        "bootstrapClusterCreatorAdminPermissions": False,
    }
    assert set(cluster["enabledClusterLogTypes"]) >= {"api", "audit"}
    entries = {e.inputs["principalArn"] for e in of_type(result, "aws:eks/accessEntry:AccessEntry")}
    assert entries == {
        "arn:aws:iam::111122223333:role/platform-admin",
        f"arn:aws:iam::111122223333:role/github-deploy-{stack}",
    }
    associations = of_type(result, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
    assert {a.inputs["policyArn"] for a in associations} == {ADMIN_POLICY} and len(associations) == 2
    provider = one(result, "pulumi:providers:kubernetes")
    assert {a.urn for a in associations} <= set(provider.dependencies)  # charts wait for the entries


def test_dev_runs_a_managed_node_group_across_two_zones(previews) -> None:
    result = previews["dev"]
    cluster = one(result, CLUSTER).inputs
    assert "computeConfig" not in cluster
    group = one(result, "aws:eks/nodeGroup:NodeGroup").inputs
    assert group["amiType"] == "AL2023_x86_64_STANDARD" and group["instanceTypes"] == ["m6i.large"]
    assert group["scalingConfig"] == {"minSize": 1, "desiredSize": 2, "maxSize": 3}
    subnets = of_type(result, "aws:ec2/subnet:Subnet")
    assert {s.inputs["availabilityZone"] for s in subnets} == {"us-west-2a", "us-west-2b"}
    vpc = ipaddress.ip_network(one(result, "aws:ec2/vpc:Vpc").inputs["cidrBlock"])
    blocks = [ipaddress.ip_network(s.inputs["cidrBlock"]) for s in subnets]
    assert all(b.subnet_of(vpc) for b in blocks) and len(set(blocks)) == len(blocks) == 4
    assert len(of_type(result, "aws:ec2/natGateway:NatGateway")) == 1
    addon = one(result, "aws:eks/addon:Addon").inputs
    assert addon["addonName"] == "eks-pod-identity-agent"  # Pod Identity on a node group needs its agent


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_auto_mode_clusters_have_compute_storage_and_load_balancing_and_no_node_group(
    previews, stack
) -> None:
    result = previews[stack]
    cluster = one(result, CLUSTER).inputs
    assert cluster["computeConfig"]["enabled"] and cluster["computeConfig"]["nodePools"] == [
        "general-purpose",
        "system",
    ]
    assert cluster["storageConfig"] == {"blockStorage": {"enabled": True}}
    assert cluster["kubernetesNetworkConfig"] == {"elasticLoadBalancing": {"enabled": True}}
    assert cluster["bootstrapSelfManagedAddons"] is False
    assert not of_type(result, "aws:eks/nodeGroup:NodeGroup") and not of_type(result, "aws:eks/addon:Addon")
    policies = {
        a.inputs["policyArn"].rsplit("/", 1)[1]
        for a in of_type(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    }
    assert {"AmazonEKSComputePolicy", "AmazonEKSWorkerNodeMinimalPolicy"} <= policies


def test_staging_runs_the_controller_as_an_eks_managed_capability(previews) -> None:
    result = previews["staging"]
    capability = one(result, "aws:eks/capability:Capability").inputs
    assert capability["type"] == "ACK" and capability["deletePropagationPolicy"] == "RETAIN"
    assert capability["clusterName"] == "sagemaker-demo-staging"
    assert not of_type(result, CHART) and not of_type(
        result, "aws:eks/podIdentityAssociation:PodIdentityAssociation"
    )
    role = one(result, "aws:iam/role:Role", "ack-sagemaker-role").inputs
    trust = json.loads(role["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "capabilities.eks.amazonaws.com"}
    assert trust["Action"] == ["sts:AssumeRole", "sts:TagSession"]


@pytest.mark.parametrize(
    ("stack", "scope", "deletion"), [("dev", "cluster", "delete"), ("prod", "namespace", "retain")]
)
def test_helm_controller_is_the_pinned_chart_in_its_namespace_with_pod_identity(
    previews, stack, scope, deletion
):
    result = previews[stack]
    chart = one(result, CHART)
    assert chart.remote  # rendered by the kubernetes plugin: CRDs come with the chart
    assert chart.inputs["chart"] == "oci://public.ecr.aws/aws-controllers-k8s/sagemaker-chart"
    assert chart.inputs["version"] == "1.9.1" and chart.inputs["namespace"] == "ack-system"
    values = chart.inputs["values"]
    assert values["aws"] == {"region": "us-west-2"}
    assert values["installScope"] == scope and values["deletionPolicy"] == deletion
    assert values.get("watchNamespace") == ("ml-prod" if stack == "prod" else None)
    assert f"environment={stack}" in values["resourceTags"]
    assert values["reconcile"]["resources"][0] == "TrainingJob"
    assert values["serviceAccount"] == {"create": True, "name": "ack-sagemaker-controller", "annotations": {}}
    namespaces = {n.inputs["metadata"]["name"]: n for n in of_type(result, "kubernetes:core/v1:Namespace")}
    assert set(namespaces) == ({"ack-system", "ml-prod"} if stack == "prod" else {"ack-system"})
    namespace = namespaces["ack-system"]
    association = one(result, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs
    assert (
        association["namespace"] == "ack-system"
        and association["serviceAccount"] == "ack-sagemaker-controller"
    )
    assert association["clusterName"] == f"sagemaker-demo-{stack}"
    assert {namespace.urn} <= set(chart.dependencies)
    assert chart.provider.startswith(one(result, "pulumi:providers:kubernetes").urn)
    assert not of_type(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")  # only with IRSA


def test_irsa_makes_an_oidc_provider_and_annotates_the_service_account() -> None:
    result = up("dev", {"controller.credentials": "irsa", "workloads.demo": False})
    oidc = one(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs
    issuer = result.state.get("cluster").outputs["identities"][0]["oidcs"][0]["issuer"]
    assert oidc["url"] == issuer and oidc["clientIdLists"] == ["sts.amazonaws.com"]
    values = one(result, CHART).inputs["values"]
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/sagemaker-demo-dev-ack-sagemaker"
    assert values["serviceAccount"]["annotations"] == {"eks.amazonaws.com/role-arn": role_arn}
    assert not of_type(result, "aws:eks/podIdentityAssociation:PodIdentityAssociation")
    assert not of_type(result, "aws:eks/addon:Addon")


def test_an_existing_cluster_is_looked_up_not_created() -> None:
    overrides = {"cluster": {"existingName": "ml-shared"}, "network": None, "workloads.demo": False}
    result = up("dev", overrides)
    assert not of_type(result, CLUSTER) and not of_type(result, "aws:eks/accessEntry:AccessEntry")
    assert result.outputs["cluster_name"] == "ml-shared"
    kubeconfig = json.loads(result.outputs["kubeconfig"])
    assert kubeconfig["clusters"][0]["cluster"]["server"].endswith(".eks.amazonaws.com")
    assert (
        one(result, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs["clusterName"]
        == "ml-shared"
    )


def test_the_controller_can_be_switched_off() -> None:
    result = preview("dev", {"controller": {"mode": "none"}, "workloads.demo": False})
    assert one(result, CLUSTER)
    assert not [d for d in result.declared if d.type == "sagemaker-platform:index:Controller"]
    assert not of_type(result, CHART) and "controller_role_arn" not in result.outputs


def test_prod_hosting_is_protected_and_kept_on_delete_and_workloads_follow_the_guardrails(previews) -> None:
    result = previews["prod"]
    hosting = one(result, HOSTING)
    assert hosting.protect and hosting.retain_on_delete
    assert hosting.inputs["kms_key_id"].startswith("arn:aws:kms:us-west-2:111122223333:key/")
    assert set(hosting.inputs["models"][0]["vpc_config"]) == {"subnets", "security_group_ids"}
    job = one(result, TRAINING).inputs
    assert job["resource_config"]["volume_kms_key_id"] == job["output_data_config"]["kms_key_id"]
    assert job["stopping_condition"] == {"max_runtime_in_seconds": 7200}
    assert isinstance(job["vpc_config"]["subnets"], Unknown)  # the VPC's subnets are created in this stack
    encryption = one(
        result, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    )
    assert encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    assert len(of_type(result, "aws:ec2/natGateway:NatGateway")) == 3  # one per zone
    assert one(result, CLUSTER).inputs["vpcConfig"]["endpointPublicAccess"] is False
    for stack in ("dev", "staging", "local"):
        assert not one(previews[stack], HOSTING).protect


def test_local_has_no_cluster_network_or_controller(previews) -> None:
    result = previews["local"]
    kinds = {d.type for d in result.declared}
    assert not {t for t in kinds if t.startswith(("aws:eks", "aws:ec2", "kubernetes"))}
    assert {TRAINING, HOSTING, "aws:s3/bucket:Bucket", "aws:iam/role:Role"} <= kinds
    assert one(result, "aws:s3/bucket:Bucket").inputs["bucket"] == "sagemaker-demo-local"


def test_components_group_their_children(previews) -> None:
    result = previews["dev"]
    cluster = one(result, "sagemaker-platform:index:Cluster")
    assert {d.type for d in children(result, cluster)} >= {
        CLUSTER,
        "aws:iam/role:Role",
        "aws:eks/nodeGroup:NodeGroup",
    }
    controller = one(result, "sagemaker-platform:index:Controller")
    assert {d.type for d in children(result, controller)} >= {CHART, "aws:iam/role:Role"}


def test_stack_outputs_chain_and_keep_the_kubeconfig_secret(local) -> None:
    result = up("dev", **{k: v for k, v in local.config.items() if k != "aws:region"})  # dev's region
    out = result.outputs
    assert out["cluster_name"] == "sagemaker-demo-dev"
    assert "kubeconfig" in result.secret_outputs and json.loads(out["kubeconfig"])["current-context"]
    assert out["execution_role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/sagemaker-demo-dev-sagemaker-execution"
    assert out["controller_role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/sagemaker-demo-dev-ack-sagemaker"
    assert out["buckets"] == {"data": f"sagemaker-demo-dev-{ACCOUNT}"}
    assert out["endpoint_urls"] == {out["endpoint_name"]: out["endpoint_url"]}
    assert out["training_status"] == "Completed" and out["endpoint_status"] == "InService"
    # The job runs in dev's region, where the local SageMaker (as AWS) keeps it.
    sm = local.client(region_name=config("dev")["aws:region"])
    described = sm.describe_training_job(TrainingJobName=out["training_job_name"])
    assert described["RoleArn"] == out["execution_role_arn"]
    assert described["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"].startswith(
        f"s3://sagemaker-demo-dev-{ACCOUNT}/mnist/"
    )
