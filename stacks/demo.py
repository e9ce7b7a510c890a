"""The demo workloads: the XGBoost MNIST example of the seed articles, trained and then hosted.

A small MNIST-shaped sample uploaded to the environment's bucket (`mnist/train/sample.csv`), a
TrainingJob reading it, then a HostingDeployment serving the model it produced, both run by the
environment's execution role. They follow the environment's guardrails: instance types from config,
the runtime cap, the KMS key, the VPC or network isolation, and `protect` (plus retain on delete) for
hosting where the environment asks for it (prod).

The stack uploads its own data because SageMaker refuses a job whose input prefix holds no object: on a
new account the first `pulumi up` would fail otherwise. Objects you upload under `mnist/train/` are
read with the sample.

Deployed in the platform stack (`stacks/__main__.py`) or in a separate workloads project that reads the
platform's outputs through a StackReference (`stacks/workloads/`): both give `deploy` a Placement.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import HostingModel, OutputDataConfig, ResourceConfig, VpcConfig
from sagemaker_platform.placement import Placement

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
TAGS = {"project": "sagemaker-demo"}
TRAIN_PREFIX = "mnist/train"


def mnist_like_csv(digits: Iterable[int]) -> str:
    """A few 28x28 "images" as SageMaker's XGBoost reads CSV: per line the label, then 784 pixel values,
    no header. Each digit lights a row of pixels of its own: enough to train a demo model on (upload
    MNIST itself under the prefix for a real one)."""

    def line(digit: int) -> str:
        pixels = ["1" if pixel // 28 == 4 + 2 * digit else "0" for pixel in range(28 * 28)]
        return ",".join([str(digit), *pixels])

    return "".join(f"{line(digit)}\n" for digit in digits)


def training_data(bucket: pulumi.Output[str], kms_key_arn: pulumi.Input[str] | None) -> pulumi.Output[str]:
    """Upload the sample under `<bucket>/mnist/train/`; return that prefix's S3 URI.

    The URI is made of the upload's outputs, so the job that reads it is created once the object exists.
    With the environment's KMS key the object is encrypted with it whether or not the bucket's default
    encryption is in place yet."""
    sample = aws.s3.BucketObjectv2(
        "mnist-train-sample",
        bucket=bucket,
        key=f"{TRAIN_PREFIX}/sample.csv",
        content=mnist_like_csv(range(10)),
        content_type="text/csv",
        server_side_encryption="aws:kms" if kms_key_arn else None,
        kms_key_id=kms_key_arn,
        tags=TAGS,
    )
    return pulumi.Output.concat("s3://", sample.bucket, f"/{TRAIN_PREFIX}")


def _vpc(placement: Placement) -> VpcConfig | None:
    if placement.subnet_ids is None or placement.security_group_ids is None:
        return None
    return {"subnets": placement.subnet_ids, "security_group_ids": placement.security_group_ids}


def deploy(placement: Placement) -> dict[str, pulumi.Output[Any]]:
    """Declare the demo's training job and hosting deployment; return the outputs worth exporting."""
    bucket = pulumi.Output.from_input(placement.bucket)
    kms = placement.kms_key_arn
    vpc = _vpc(placement)
    # Left out rather than False where the environment does not ask for it (the spec stays as it was).
    isolation = True if placement.network_isolation else None
    output: OutputDataConfig = {"s3_output_path": bucket.apply(lambda b: f"s3://{b}/jobs/")}
    resources: ResourceConfig = {
        "instance_type": placement.training_instance_type,
        "instance_count": 1,
        "volume_size_in_gb": 5,
    }
    if kms:
        output["kms_key_id"] = resources["volume_kms_key_id"] = kms
    job = sm.TrainingJob(
        "mnist",
        role_arn=placement.role_arn,
        algorithm_specification={"training_image": XGBOOST_IMAGE, "training_input_mode": "File"},
        input_data_config=[
            {
                "channel_name": "train",
                "content_type": "text/csv",
                "data_source": {
                    "s3_data_source": {
                        "s3_data_type": "S3Prefix",
                        "s3_uri": training_data(bucket, kms),
                    }
                },
            }
        ],
        output_data_config=output,
        resource_config=resources,
        stopping_condition={"max_runtime_in_seconds": placement.max_runtime_seconds},
        hyper_parameters={"num_round": "10", "objective": "multi:softmax", "num_class": "10"},
        tags=TAGS,
        vpc_config=vpc,
        enable_network_isolation=isolation,
    )

    # The seed's HostingDeployment, fed by the training job's output in the same `pulumi up`.
    protect = placement.protect_hosting
    model: HostingModel = {
        "name": "xgboost-model",
        "execution_role_arn": placement.role_arn,
        "containers": [
            {"container_hostname": "xgboost", "image": XGBOOST_IMAGE, "model_data_url": job.model_artifacts}
        ],
    }
    if vpc:
        model["vpc_config"] = vpc
    if isolation:
        model["enable_network_isolation"] = isolation
    hosting = sm.HostingDeployment(
        "mnist-endpoint",
        models=[model],
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "xgboost-model",
                "instance_type": placement.hosting_instance_type,
                "initial_instance_count": 1,
                "initial_variant_weight": 1,
            }
        ],
        kms_key_id=kms,
        tags=TAGS,
        opts=pulumi.ResourceOptions(protect=protect, retain_on_delete=protect),
    )
    return {
        "training_job_name": job.training_job_name,
        "training_status": job.status,
        "model_artifacts": job.model_artifacts,
        "training_logs": job.log_url,
        "endpoint_name": hosting.endpoint_name,
        "endpoint_status": hosting.status,
        "endpoint_url": hosting.endpoint_url,
        "endpoint_urls": pulumi.Output.all(hosting.endpoint_name, hosting.endpoint_url).apply(
            lambda a: {a[0]: a[1]}
        ),
    }
