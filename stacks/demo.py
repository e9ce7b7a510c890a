"""The demo stack: the XGBoost MNIST example of the seed articles, trained and then hosted.

An execution role and a bucket; a TrainingJob; a HostingDeployment serving the model it produced.

Run by `pulumi up -s local` against the local SageMaker, or, where no Pulumi CLI is installed, by
`scripts/demo` through the offline rig (pulumi_sagemaker.testing.run) with the same config.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def program() -> None:
    config = pulumi.Config()
    instance_type = config.get("trainingInstanceType") or "ml.m5.xlarge"
    hosting_instance_type = config.get("hostingInstanceType") or "ml.r5.large"

    bucket = aws.s3.Bucket("data", bucket=f"sagemaker-demo-{pulumi.get_stack()}", force_destroy=True)
    role = aws.iam.Role(
        "sagemaker-execution",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "sagemaker.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )

    job = sm.TrainingJob(
        "mnist",
        role_arn=role.arn,
        algorithm_specification={"training_image": XGBOOST_IMAGE, "training_input_mode": "File"},
        input_data_config=[
            {
                "channel_name": "train",
                "content_type": "text/csv",
                "data_source": {
                    "s3_data_source": {
                        "s3_data_type": "S3Prefix",
                        "s3_uri": bucket.bucket.apply(lambda b: f"s3://{b}/mnist/train"),
                    }
                },
            }
        ],
        output_data_config={"s3_output_path": bucket.bucket.apply(lambda b: f"s3://{b}/jobs/")},
        resource_config={"instance_type": instance_type, "instance_count": 1, "volume_size_in_gb": 5},
        stopping_condition={"max_runtime_in_seconds": 3600},
        hyper_parameters={"num_round": "10", "objective": "multi:softmax", "num_class": "10"},
        tags={"project": "sagemaker-demo"},
    )

    # The seed's HostingDeployment, fed by the training job's output in the same `pulumi up`.
    hosting = sm.HostingDeployment(
        "mnist-endpoint",
        models=[
            {
                "name": "xgboost-model",
                "execution_role_arn": role.arn,
                "containers": [
                    {
                        "container_hostname": "xgboost",
                        "image": XGBOOST_IMAGE,
                        "model_data_url": job.model_artifacts,
                    }
                ],
            }
        ],
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "xgboost-model",
                "instance_type": hosting_instance_type,
                "initial_instance_count": 1,
                "initial_variant_weight": 1,
            }
        ],
        tags={"project": "sagemaker-demo"},
    )

    pulumi.export("training_job_name", job.training_job_name)
    pulumi.export("training_status", job.status)
    pulumi.export("model_artifacts", job.model_artifacts)
    pulumi.export("training_logs", job.log_url)
    pulumi.export("endpoint_name", hosting.endpoint_name)
    pulumi.export("endpoint_status", hosting.status)
    pulumi.export("endpoint_url", hosting.endpoint_url)
