"""`Controller`: the ACK SageMaker controller with its CRDs and its IAM role.

- `managed`: EKS's managed ACK capability (`aws.eks.Capability`), whose role trusts
  capabilities.eks.amazonaws.com; AWS runs the controller and installs its CRDs.
- `helm`: the ACK sagemaker chart at the pinned version through `kubernetes.helm.v4.Chart` (its CRDs
  come with the chart and are upgraded with it), in its own namespace, with credentials from EKS Pod
  Identity (an association + a role trusting pods.eks.amazonaws.com) or IRSA (a role trusting the
  cluster's OIDC provider for this one service account).

Either way the role's policy is `documents.controller_policy`: the SageMaker actions of the configured
kinds on this account's and region's resources, and iam:PassRole on the execution role only.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from . import documents
from .cluster import Cluster
from .settings import Controller as ControllerSettings

CHART = "oci://public.ecr.aws/aws-controllers-k8s/sagemaker-chart"
SERVICE_ACCOUNT = "ack-sagemaker-controller"
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"
# The chart's own defaults (helm/values.yaml); setting resourceTags replaces the list, so keep them.
DEFAULT_RESOURCE_TAGS = [
    "services.k8s.aws/controller-version=%CONTROLLER_SERVICE%-%CONTROLLER_VERSION%",
    "services.k8s.aws/namespace=%K8S_NAMESPACE%",
    "app.kubernetes.io/managed-by=%MANAGED_BY%",
]


def chart_values(
    settings: ControllerSettings, *, region: str, role_arn: pulumi.Input[str] | None, tags: dict[str, str]
) -> dict[str, Any]:
    """The chart's values: region, scope, tags on every SageMaker resource, deletion policy, the kinds
    it reconciles (the same kinds its IAM policy allows), and the IRSA annotation when `role_arn`."""
    values: dict[str, Any] = {
        "aws": {"region": region},
        "installScope": settings.install_scope,
        "resourceTags": DEFAULT_RESOURCE_TAGS + [f"{k}={v}" for k, v in sorted(tags.items())],
        "deletionPolicy": settings.deletion_policy,
        "reconcile": {"resources": list(settings.kinds)},
        "serviceAccount": {"create": True, "name": SERVICE_ACCOUNT, "annotations": {}},
    }
    if settings.install_scope == "namespace":
        values["watchNamespace"] = ",".join(settings.watch_namespaces)
    if role_arn is not None:
        values["serviceAccount"]["annotations"] = {IRSA_ANNOTATION: role_arn}
    return values


class Controller(pulumi.ComponentResource):
    role_arn: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        settings: ControllerSettings,
        *,
        cluster: Cluster,
        role_name: str,
        execution_role_arn: pulumi.Input[str],
        scope: pulumi.Input[documents.Scope],
        region: str,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("sagemaker-platform:index:Controller", name, None, opts)
        self._tags = tags
        policy = pulumi.Output.all(scope, execution_role_arn).apply(
            lambda a: json.dumps(documents.controller_policy(a[0], settings.kinds, a[1]))
        )
        if settings.mode == "managed":
            trust = pulumi.Output.from_input(
                json.dumps(documents.service_trust("capabilities.eks.amazonaws.com", tag_session=True))
            )
        elif settings.credentials == "podIdentity":
            trust = cluster.cluster_name.apply(
                lambda c: json.dumps(documents.pod_identity_trust(c, settings.namespace, SERVICE_ACCOUNT))
            )
        else:
            assert cluster.oidc_provider_arn is not None  # the cluster made one for IRSA
            trust = pulumi.Output.all(cluster.oidc_provider_arn, cluster.oidc_issuer).apply(
                lambda a: json.dumps(documents.irsa_trust(a[0], a[1], settings.namespace, SERVICE_ACCOUNT))
            )
        role = aws.iam.Role(
            f"{name}-role",
            name=role_name,
            assume_role_policy=trust,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.iam.RolePolicy(
            f"{name}-policy", role=role.name, policy=policy, opts=pulumi.ResourceOptions(parent=role)
        )
        self.role_arn = role.arn
        if settings.mode == "managed":
            aws.eks.Capability(
                f"{name}-ack",
                capability_name="ack",
                cluster_name=cluster.cluster_name,
                type="ACK",
                role_arn=role.arn,
                delete_propagation_policy="RETAIN",
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
        else:
            self._helm(name, settings, cluster, role, region)
        self.register_outputs({"role_arn": role.arn})

    def _helm(
        self, name: str, settings: ControllerSettings, cluster: Cluster, role: aws.iam.Role, region: str
    ) -> None:
        on_cluster = pulumi.ResourceOptions(parent=self, provider=cluster.provider)
        namespace = k8s.core.v1.Namespace(
            f"{name}-namespace",
            metadata={"name": settings.namespace, "labels": {"app.kubernetes.io/part-of": "ack"}},
            opts=on_cluster,
        )
        before_chart: list[pulumi.Resource] = [namespace]
        if settings.install_scope == "namespace":  # where the team's custom resources go
            for watched in settings.watch_namespaces:
                if watched != settings.namespace:
                    k8s.core.v1.Namespace(
                        f"{name}-watch-{watched}", metadata={"name": watched}, opts=on_cluster
                    )
        irsa_role_arn = role.arn if settings.credentials == "irsa" else None
        if settings.credentials == "podIdentity":
            before_chart.append(
                aws.eks.PodIdentityAssociation(
                    f"{name}-pod-identity",
                    cluster_name=cluster.cluster_name,
                    namespace=settings.namespace,
                    service_account=SERVICE_ACCOUNT,
                    role_arn=role.arn,
                    tags=self._tags,
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        k8s.helm.v4.Chart(
            f"{name}-chart",
            chart=CHART,
            version=settings.chart_version,
            namespace=settings.namespace,
            values=chart_values(settings, region=region, role_arn=irsa_role_arn, tags=self._tags),
            opts=pulumi.ResourceOptions(parent=self, provider=cluster.provider, depends_on=before_chart),
        )
