"""A realistic TrainingJob spec (the XGBoost MNIST job of the seed articles), in three casings."""

from __future__ import annotations

from typing import Any

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def python_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "role_arn": ROLE,
        "algorithm_specification": {"training_image": XGBOOST, "training_input_mode": "File"},
        "input_data_config": [
            {
                "channel_name": "train",
                "data_source": {
                    "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://bucket/mnist/train"}
                },
                "content_type": "text/csv",
            }
        ],
        "output_data_config": {"s3_output_path": "s3://bucket/jobs/"},
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        "stopping_condition": {"max_runtime_in_seconds": 3600},
        "hyper_parameters": {"num_round": "10", "objective": "multi:softmax", "num_class": "10"},
        "tags": {"team": "ml"},
    }
    spec.update(overrides)
    return spec


def operator_spec(region: str | None = None) -> dict[str, Any]:
    """The same job as a sagemaker.aws.amazon.com/v1 TrainingJob manifest's spec writes it (where
    `spec.region` is required: give `region` for the spec as it stands in a manifest)."""
    spec: dict[str, Any] = {} if region is None else {"region": region}
    return spec | {
        "roleArn": ROLE,
        "algorithmSpecification": {"trainingImage": XGBOOST, "trainingInputMode": "File"},
        "inputDataConfig": [
            {
                "channelName": "train",
                "dataSource": {
                    "s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": "s3://bucket/mnist/train"}
                },
                "contentType": "text/csv",
            }
        ],
        "outputDataConfig": {"s3OutputPath": "s3://bucket/jobs/"},
        "resourceConfig": {"instanceType": "ml.m5.xlarge", "instanceCount": 1, "volumeSizeInGB": 5},
        "stoppingCondition": {"maxRuntimeInSeconds": 3600},
        "hyperParameters": [
            {"name": "num_round", "value": "10"},
            {"name": "objective", "value": "multi:softmax"},
            {"name": "num_class", "value": "10"},
        ],
        "tags": [{"key": "team", "value": "ml"}],
    }


def as_engine_sends(value: Any) -> Any:
    """Every number the engine sends is a float."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: as_engine_sends(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_engine_sends(v) for v in value]
    return value
