"""Distributed training on SageMaker from Pulumi: the seed article's use cases 1 and 2 in Python.

1. `horovod`: TensorFlow with Horovod in AWS's framework image, the training script from S3
   (`sagemaker_program` in `sagemaker_submit_directory`): no container to build. MPI runs one process
   per host over `instanceCount` hosts.
2. `custom`: the same training in a container of your own (`image` config: your ECR repository), its
   validation accuracy read from the logs by a metric definition, so that SageMaker charts it and a
   tuning job can optimise it.

Both read data you already have, in the bucket of config `bucket` (default `sagemaker-jobs`): the
CIFAR-10 dataset under `cifar10-dataset/train/` and `cifar10-dataset/validation/`, and the script's
`training-scripts/sourcedir.tar.gz`; SageMaker refuses a job whose input prefix holds no object, so
upload them first (local-account.yaml lists what the local stack takes as there).

`pulumi up` returns when both have completed (`model_artifacts` then holds each model.tar.gz), printing
their logs. `pulumi config set instanceCount 4` trains on four hosts: a new job (SageMaker never changes
one).
"""

from __future__ import annotations

import pulumi
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import Channel

FRAMEWORK_IMAGE = (
    "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:1.15.2-gpu-py27-cu100-ubuntu18.04"
)
HYPERPARAMETERS = {
    "learning-rate": "0.001",
    "weight-decay": "0.0002",
    "batch-size": "256",
    "momentum": "0.9",
    "optimizer": "adam",
    "epochs": "20",
    "sagemaker_mpi_enabled": "true",
    "sagemaker_mpi_num_of_processes_per_host": "1",
    "sagemaker_mpi_custom_mpi_options": (
        "-verbose --NCCL_DEBUG=INFO -x OMPI_MCA_btl_vader_single_copy_mechanism=none"
    ),
}


def channel(name: str, bucket: str) -> Channel:
    return {
        "channel_name": name,
        "data_source": {
            "s3_data_source": {
                "s3_data_type": "S3Prefix",
                "s3_uri": f"s3://{bucket}/cifar10-dataset/{name}",
                "s3_data_distribution_type": "FullyReplicated",
            }
        },
    }


def program() -> None:
    config = pulumi.Config()
    role = config.require("roleArn")
    bucket = config.get("bucket") or "sagemaker-jobs"
    hosts = config.get_int("instanceCount") or 2
    common = {
        "role_arn": role,
        "region": "us-west-2",
        "input_data_config": [channel("train", bucket), channel("validation", bucket)],
        "output_data_config": {"s3_output_path": f"s3://{bucket}/jobs/"},
        "resource_config": {
            "instance_count": hosts,
            "instance_type": "ml.p3.2xlarge",
            "volume_size_in_gb": 50,
        },
        "stopping_condition": {"max_runtime_in_seconds": 86400},
    }
    horovod = sm.TrainingJob(
        "horovod",
        algorithm_specification={"training_image": FRAMEWORK_IMAGE, "training_input_mode": "File"},
        hyper_parameters={
            **HYPERPARAMETERS,
            "sagemaker_program": "cifar10-multi-gpu-horovod-sagemaker.py",
            "sagemaker_submit_directory": f"s3://{bucket}/training-scripts/sourcedir.tar.gz",
            "sagemaker_region": "us-west-2",
        },
        **common,
    )
    custom = sm.TrainingJob(
        "custom",
        algorithm_specification={
            "training_image": config.get("image")
            or "123456789012.dkr.ecr.us-west-2.amazonaws.com/sagemaker-kubernetes:latest",
            "training_input_mode": "File",
            "metric_definitions": [{"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}],
        },
        hyper_parameters=HYPERPARAMETERS,
        **common,
    )
    for name, job in (("horovod", horovod), ("custom", custom)):
        pulumi.export(f"{name}:status", job.status)
        pulumi.export(f"{name}:model_artifacts", job.model_artifacts)
        pulumi.export(f"{name}:log_url", job.log_url)
    pulumi.export("custom:final_metrics", custom.final_metrics)


if __name__ == "__main__":
    program()
