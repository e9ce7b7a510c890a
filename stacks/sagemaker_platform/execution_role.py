"""`ExecutionRole`: the role SageMaker assumes for the environment's jobs and models.

Trusted by sagemaker.amazonaws.com for this account's SageMaker resources only (aws:SourceAccount,
aws:SourceArn); its inline policy comes from config through `documents.execution_policy`. Never
AmazonSageMakerFullAccess.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from . import documents


class ExecutionRole(pulumi.ComponentResource):
    arn: pulumi.Output[str]
    expected_arn: pulumi.Output[str]  # known in a preview already: for policies that name the role

    def __init__(
        self,
        name: str,
        *,
        role_name: str,
        scope: pulumi.Output[documents.Scope],
        access: pulumi.Output[documents.ExecutionAccess],
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("sagemaker-platform:index:ExecutionRole", name, None, opts)
        role = aws.iam.Role(
            name,
            name=role_name,
            description="Assumed by SageMaker for this environment's training jobs and models",
            assume_role_policy=scope.apply(lambda s: json.dumps(documents.sagemaker_trust(s))),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        policy = aws.iam.RolePolicy(
            f"{name}-policy",
            role=role.name,
            policy=pulumi.Output.all(scope, access).apply(
                lambda a: json.dumps(documents.execution_policy(a[0], a[1]))
            ),
            opts=pulumi.ResourceOptions(parent=role),
        )
        # Jobs given this ARN wait for the policy too: a job started before it would fail on S3 access.
        self.arn = pulumi.Output.all(role.arn, policy.id).apply(lambda a: a[0])
        self.expected_arn = scope.apply(lambda s: f"arn:{s.partition}:iam::{s.account}:role/{role_name}")
        self.register_outputs({"arn": role.arn})
