"""Hyperparameter tuning at scale, then the best model deployed: the seed article's use case 3.

A Bayesian HyperparameterTuningJob over the TensorFlow training script of the article
(cifar10-training-script-sagemaker.py from S3): learning rate (logarithmic) and momentum as continuous
ranges, optimizer and batch size as categorical ones, maximising `val_acc` as the training logs print
it. `maxTrainingJobs` training jobs in all, `maxParallelTrainingJobs` at a time. When it completes, a
HostingDeployment serves the best training job's model (`best_model_artifacts`) from the inference
image, in the same `pulumi up`.

It reads data you already have, in the bucket of config `bucket` (default `sagemaker-jobs`): the
CIFAR-10 dataset under `cifar10-dataset/train/` and `cifar10-dataset/validation/`, and the script's
`training-scripts/sourcedir.tar.gz`; SageMaker refuses a tuning job whose input prefix holds no object,
so upload them first (local-account.yaml lists what the local stack takes as there).
"""

from __future__ import annotations

import pulumi
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import Channel

TRAINING_IMAGE = (
    "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:1.14.0-gpu-py27-cu100-ubuntu16.04"
)
INFERENCE_IMAGE = (
    "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:1.15.2-cpu-py36-ubuntu18.04"
)


def channel(name: str, bucket: str) -> Channel:
    return {
        "channel_name": name,
        "data_source": {
            "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": f"s3://{bucket}/cifar10-dataset/{name}"}
        },
    }


def program() -> None:
    config = pulumi.Config()
    role = config.require("roleArn")
    bucket = config.get("bucket") or "sagemaker-jobs"
    tuning = sm.HyperparameterTuningJob(
        "cifar10",
        region="us-west-2",
        hyper_parameter_tuning_job_config={
            "strategy": "Bayesian",
            "hyper_parameter_tuning_job_objective": {"type": "Maximize", "metric_name": "val_acc"},
            "resource_limits": {
                "max_number_of_training_jobs": config.get_int("maxTrainingJobs") or 8,
                "max_parallel_training_jobs": config.get_int("maxParallelTrainingJobs") or 2,
            },
            "parameter_ranges": {
                "continuous_parameter_ranges": [
                    {
                        "name": "learning-rate",
                        "min_value": "0.0001",
                        "max_value": "0.1",
                        "scaling_type": "Logarithmic",
                    },
                    {"name": "momentum", "min_value": "0.9", "max_value": "0.99", "scaling_type": "Linear"},
                ],
                "categorical_parameter_ranges": [
                    {"name": "optimizer", "values": ["sgd", "adam"]},
                    {"name": "batch-size", "values": ["32", "128", "512", "1024"]},
                ],
            },
            "training_job_early_stopping_type": "Auto",
        },
        training_job_definition={
            "static_hyper_parameters": {
                "epochs": "20",
                "sagemaker_program": "cifar10-training-script-sagemaker.py",
                "sagemaker_submit_directory": f"s3://{bucket}/training-scripts/sourcedir.tar.gz",
                "sagemaker_region": "us-west-2",
            },
            "algorithm_specification": {
                "training_image": TRAINING_IMAGE,
                "training_input_mode": "File",
                "metric_definitions": [{"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}],
            },
            "role_arn": role,
            "input_data_config": [channel("train", bucket), channel("validation", bucket)],
            "output_data_config": {"s3_output_path": f"s3://{bucket}/jobs/"},
            "resource_config": {
                "instance_count": 1,
                "instance_type": "ml.p3.2xlarge",
                "volume_size_in_gb": 5,
            },
            "stopping_condition": {"max_runtime_in_seconds": 86400},
        },
    )
    hosting = sm.HostingDeployment(
        "cifar10-best",
        region="us-west-2",
        models=[
            {
                "name": "best",
                "execution_role_arn": role,
                "containers": [{"image": INFERENCE_IMAGE, "model_data_url": tuning.best_model_artifacts}],
            }
        ],
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "best",
                "instance_type": "ml.c5.large",
                "initial_instance_count": 1,
            }
        ],
    )
    pulumi.export("tuning_status", tuning.status)
    pulumi.export("best_training_job", tuning.best_training_job)
    pulumi.export("best_model_artifacts", tuning.best_model_artifacts)
    pulumi.export("endpoint_name", hosting.endpoint_name)
    pulumi.export("endpoint_url", hosting.endpoint_url)


if __name__ == "__main__":
    program()
