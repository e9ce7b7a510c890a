"""A realistic HyperparameterTuningJob spec (the XGBoost MNIST job tuned), in snake_case and as an
operator manifest's spec writes it."""

from __future__ import annotations

import copy
from typing import Any

from .training_inputs import ROLE, XGBOOST

CUSTOM_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1.0"


def definition(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "static_hyper_parameters": {"num_round": "10", "objective": "multi:softmax", "num_class": "10"},
        "algorithm_specification": {"training_image": XGBOOST, "training_input_mode": "File"},
        "role_arn": ROLE,
        "input_data_config": [
            {
                "channel_name": "train",
                "data_source": {
                    "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://bucket/mnist/train"}
                },
                "content_type": "text/csv",
            }
        ],
        "output_data_config": {"s3_output_path": "s3://bucket/tuning/"},
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        "stopping_condition": {"max_runtime_in_seconds": 3600},
    }
    spec.update(overrides)
    return spec


def python_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "hyper_parameter_tuning_job_config": {
            "strategy": "Bayesian",
            "hyper_parameter_tuning_job_objective": {"type": "Minimize", "metric_name": "validation:merror"},
            "resource_limits": {"max_number_of_training_jobs": 4, "max_parallel_training_jobs": 2},
            "parameter_ranges": {
                "integer_parameter_ranges": [{"name": "max_depth", "min_value": "3", "max_value": "9"}],
                "continuous_parameter_ranges": [
                    {"name": "eta", "min_value": "0.05", "max_value": "0.5", "scaling_type": "Logarithmic"}
                ],
                "categorical_parameter_ranges": [{"name": "booster", "values": ["gbtree", "dart"]}],
            },
        },
        "training_job_definition": definition(),
        "tags": {"team": "ml"},
    }
    spec.update(overrides)
    return spec


def with_config(**changes: Any) -> dict[str, Any]:
    """The spec with members of hyper_parameter_tuning_job_config replaced."""
    spec = python_spec()
    spec["hyper_parameter_tuning_job_config"].update(changes)
    return spec


def with_ranges(**ranges: Any) -> dict[str, Any]:
    spec = python_spec()
    spec["hyper_parameter_tuning_job_config"]["parameter_ranges"] = ranges
    return spec


def operator_spec() -> dict[str, Any]:
    """The seed article's HyperparameterTuningJob manifest spec (use case 3), with its custom image and
    metric definitions, as the operator's YAML writes it."""
    return copy.deepcopy(
        {
            "region": "us-east-1",
            "hyperParameterTuningJobConfig": {
                "resourceLimits": {"maxNumberOfTrainingJobs": 4, "maxParallelTrainingJobs": 2},
                "strategy": "Bayesian",
                "trainingJobEarlyStoppingType": "Auto",
                "hyperParameterTuningJobObjective": {"type": "Maximize", "metricName": "val_acc"},
                "parameterRanges": {
                    "continuousParameterRanges": [
                        {
                            "name": "learning-rate",
                            "minValue": "0.0001",
                            "maxValue": "0.1",
                            "scalingType": "Logarithmic",
                        }
                    ],
                    "categoricalParameterRanges": [{"name": "optimizer", "values": ["sgd", "adam"]}],
                },
            },
            "trainingJobDefinition": {
                "staticHyperParameters": [{"name": "epochs", "value": "10"}],
                "algorithmSpecification": {
                    "trainingImage": CUSTOM_IMAGE,
                    "trainingInputMode": "File",
                    "metricDefinitions": [{"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}],
                },
                "roleArn": ROLE,
                "inputDataConfig": [
                    {
                        "channelName": "train",
                        "dataSource": {
                            "s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": "s3://bucket/cifar10/train"}
                        },
                    }
                ],
                "outputDataConfig": {"s3OutputPath": "s3://bucket/tuning/"},
                "resourceConfig": {"instanceType": "ml.p3.2xlarge", "instanceCount": 1, "volumeSizeInGB": 50},
                "stoppingCondition": {"maxRuntimeInSeconds": 3600},
            },
        }
    )
