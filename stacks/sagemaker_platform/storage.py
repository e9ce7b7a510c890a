"""`Storage`: the environment's bucket for datasets and job outputs.

Public access is blocked; with a KMS key configured, objects are encrypted with it by default (bucket
keys on, to keep KMS calls few). SageMaker reads and writes it through the execution role only.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from .settings import Storage as StorageSettings


class Storage(pulumi.ComponentResource):
    bucket: pulumi.Output[str]
    arn: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        settings: StorageSettings,
        *,
        bucket_name: pulumi.Input[str],
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("sagemaker-platform:index:Storage", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        bucket = aws.s3.Bucket(
            name, bucket=bucket_name, force_destroy=settings.force_destroy, tags=tags, opts=child
        )
        aws.s3.BucketPublicAccessBlock(
            f"{name}-private",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        if settings.kms_key_arn is not None:
            aws.s3.BucketServerSideEncryptionConfiguration(
                f"{name}-kms",
                bucket=bucket.id,
                rules=[
                    {
                        "apply_server_side_encryption_by_default": {
                            "sse_algorithm": "aws:kms",
                            "kms_master_key_id": settings.kms_key_arn,
                        },
                        "bucket_key_enabled": True,
                    }
                ],
                opts=child,
            )
        self.bucket = bucket.bucket
        self.arn = bucket.arn
        self.register_outputs({"bucket": bucket.bucket})
