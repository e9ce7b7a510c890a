"""The shapes layer maps any casing of the user's input onto one canonical form."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.shapes import canonicalize_input, input_shape, member_names

ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20190820T113591"
IMAGE = "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:1.15.2-gpu-py27-cu100-ubuntu18.04"

SNAKE = {
    "role_arn": ROLE,
    "algorithm_specification": {"training_image": IMAGE, "training_input_mode": "File"},
    "input_data_config": [
        {
            "channel_name": "train",
            "data_source": {
                "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://bucket/mnist/train"}
            },
        }
    ],
    "output_data_config": {"s3_output_path": "s3://bucket/jobs/"},
    "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
    "stopping_condition": {"max_runtime_in_seconds": 3600},
    "hyper_parameters": {"num_round": "10", "objective": "multi:softmax"},
    "tags": {"team": "ml"},
}
CAMEL = {
    "roleArn": ROLE,
    "algorithmSpecification": {"trainingImage": IMAGE, "trainingInputMode": "File"},
    "inputDataConfig": [
        {
            "channelName": "train",
            "dataSource": {"s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": "s3://bucket/mnist/train"}},
        }
    ],
    "outputDataConfig": {"s3OutputPath": "s3://bucket/jobs/"},
    "resourceConfig": {"instanceType": "ml.m5.xlarge", "instanceCount": 1, "volumeSizeInGB": 5},
    "stoppingCondition": {"maxRuntimeInSeconds": 3600},
    "hyperParameters": [
        {"name": "num_round", "value": "10"},
        {"name": "objective", "value": "multi:softmax"},
    ],
    "tags": [{"key": "team", "value": "ml"}],
}
PASCAL = {
    "RoleArn": ROLE,
    "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
    "InputDataConfig": [
        {
            "ChannelName": "train",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/mnist/train"}},
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/jobs/"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    "HyperParameters": {"num_round": "10", "objective": "multi:softmax"},
    "Tags": [{"Key": "team", "Value": "ml"}],
}
NAME = ("TrainingJobName",)


def canonical(props, **kw):
    result, failures = canonicalize_input("CreateTrainingJob", props, supplied=NAME, **kw)
    assert failures == []
    return result


def test_three_casings_give_one_canonical_form():
    expected = canonical(SNAKE)
    assert canonical(CAMEL) == expected
    assert canonical(PASCAL) == expected
    assert expected["resource_config"] == {
        "instance_type": "ml.m5.xlarge",
        "instance_count": 1,
        "volume_size_in_gb": 5,
    }
    assert expected["hyper_parameters"] == {"num_round": "10", "objective": "multi:softmax"}
    assert expected["tags"] == {"team": "ml"}
    assert (
        expected["input_data_config"][0]["data_source"]["s3_data_source"]["s3_uri"]
        == "s3://bucket/mnist/train"
    )


def test_canonical_keys_follow_model_order():
    assert list(canonical(CAMEL)) == [
        "hyper_parameters",
        "algorithm_specification",
        "role_arn",
        "input_data_config",
        "output_data_config",
        "resource_config",
        "stopping_condition",
        "tags",
    ]


def test_operator_training_job_manifest_from_the_article():
    """The spec of k8s-sm-dist-custom-container.yaml, as the original operator takes it."""
    spec = {
        "region": "us-west-2",
        "sageMakerEndpoint": "https://sagemaker.us-west-2.amazonaws.com",
        "hyperParameters": [
            {"name": "learning-rate", "value": "0.001"},
            {"name": "weight-decay", "value": "0.0002"},
            {
                "name": "sagemaker_submit_directory",
                "value": "s3://sagemaker-jobs/training-scripts/sourcedir.tar.gz",
            },
        ],
        "algorithmSpecification": {
            "trainingImage": "123456789012.dkr.ecr.us-west-2.amazonaws.com/custom:latest",
            "trainingInputMode": "File",
            "metricDefinitions": [{"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}],
        },
        "roleArn": ROLE,
        "outputDataConfig": {"s3OutputPath": "s3://sagemaker-jobs/output/"},
        "resourceConfig": {"instanceCount": 128, "instanceType": "ml.p3.2xlarge", "volumeSizeInGB": 50},
        "stoppingCondition": {"maxRuntimeInSeconds": 86400},
        "enableManagedSpotTraining": False,
        "checkpointConfig": {"s3Uri": "s3://sagemaker-jobs/checkpoints/", "localPath": "/opt/ml/checkpoints"},
        "tags": [{"key": "project", "value": "cifar10"}, {"key": "team", "value": "ml"}],
    }
    result, failures = canonicalize_input(
        "CreateTrainingJob", spec, supplied=NAME, skip=("region", "sage_maker_endpoint")
    )
    assert failures == []
    assert "region" not in result and "sage_maker_endpoint" not in result
    assert result["hyper_parameters"]["learning-rate"] == "0.001"
    assert result["algorithm_specification"]["metric_definitions"] == [
        {"name": "val_acc", "regex": "val_acc: ([0-9\\.]+)"}
    ]
    assert result["resource_config"] == {
        "instance_type": "ml.p3.2xlarge",
        "instance_count": 128,
        "volume_size_in_gb": 50,
    }
    assert result["checkpoint_config"]["s3_uri"] == "s3://sagemaker-jobs/checkpoints/"
    assert result["enable_managed_spot_training"] is False
    assert result["tags"] == {"project": "cifar10", "team": "ml"}


def test_article_metric_definitions_typo_is_reported_per_entry():
    # The article writes each metric field as its own list entry: both entries miss a member.
    spec = {
        **CAMEL,
        "algorithmSpecification": {
            "trainingImage": IMAGE,
            "trainingInputMode": "File",
            "metricDefinitions": [{"name": "val_acc"}, {"regex": "val_acc: ([0-9\\.]+)"}],
        },
    }
    _, failures = canonicalize_input("CreateTrainingJob", spec, supplied=NAME)
    assert [(f.path, f.reason) for f in failures] == [
        ("algorithmSpecification.metricDefinitions[0].regex", "is required"),
        ("algorithmSpecification.metricDefinitions[1].name", "is required"),
    ]


def test_ack_spellings_of_acronyms():
    spec = {**CAMEL, "roleARN": ROLE}
    del spec["roleArn"]
    spec["checkpointConfig"] = {"s3URI": "s3://bucket/ckpt"}
    result = canonical(spec)
    assert result["role_arn"] == ROLE
    assert result["checkpoint_config"] == {"s3_uri": "s3://bucket/ckpt"}


def test_operator_debug_hook_rule_parameters_alias():
    spec = {
        **CAMEL,
        "debugHookConfig": {
            "s3OutputPath": "s3://bucket/debug",
            "ruleParameters": [{"name": "save_interval", "value": "100"}],
            "collectionConfigurations": [
                {
                    "collectionName": "weights",
                    "collectionParameters": [{"name": "save_interval", "value": "500"}],
                }
            ],
        },
    }
    result = canonical(spec)
    assert result["debug_hook_config"] == {
        "s3_output_path": "s3://bucket/debug",
        "hook_parameters": {"save_interval": "100"},
        "collection_configurations": [
            {"collection_name": "weights", "collection_parameters": {"save_interval": "500"}}
        ],
    }


def test_engine_floats_are_cast_back_to_integers():
    spec = {
        **SNAKE,
        "resource_config": {
            "instance_type": "ml.m5.xlarge",
            "instance_count": 2.0,
            "volume_size_in_gb": 30.0,
        },
    }
    result = canonical(spec)
    assert result["resource_config"]["instance_count"] == 2
    assert type(result["resource_config"]["instance_count"]) is int
    assert type(result["resource_config"]["volume_size_in_gb"]) is int


def test_numbers_and_booleans_in_string_maps_become_strings():
    spec = {**SNAKE, "hyper_parameters": {"num_round": 10.0, "eta": 0.2, "verbose": True, "depth": 6}}
    assert canonical(spec)["hyper_parameters"] == {
        "num_round": "10",
        "eta": "0.2",
        "verbose": "true",
        "depth": "6",
    }


def test_quoted_scalars_are_accepted_for_numbers_and_booleans():
    spec = {
        **SNAKE,
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": "2", "volume_size_in_gb": 5},
        "enable_network_isolation": "true",
        "enable_managed_spot_training": "False",
    }
    result = canonical(spec)
    assert result["resource_config"]["instance_count"] == 2
    assert result["enable_network_isolation"] is True
    assert result["enable_managed_spot_training"] is False


def test_none_means_unset():
    result = canonical({**SNAKE, "vpc_config": None, "checkpoint_config": None})
    assert "vpc_config" not in result and "checkpoint_config" not in result


def test_skip_and_supplied_match_any_casing():
    props = {**CAMEL, "region": "us-west-2", "waitFor": "Completed", "__provider": "opaque"}
    result, failures = canonicalize_input(
        "CreateTrainingJob", props, supplied=("training_job_name",), skip=("wait_for", "Region")
    )
    assert failures == []
    assert set(result) == set(canonical(CAMEL))


def test_name_is_required_unless_supplied():
    _, failures = canonicalize_input("CreateTrainingJob", SNAKE)
    assert [(f.path, f.reason) for f in failures] == [("training_job_name", "is required")]
    _, failures = canonicalize_input("CreateTrainingJob", {**SNAKE, "training_job_name": "mnist-1"})
    assert failures == []


def test_a_full_camel_case_training_job_with_list_form_maps_is_accepted():
    props = {
        **CAMEL,
        "trainingJobName": "mnist-1",
        "vpcConfig": {"securityGroupIds": ["sg-1"], "subnets": ["subnet-1", "subnet-2"]},
        "checkpointConfig": {"s3Uri": "s3://bucket/ckpt"},
        "environment": [{"name": f"VAR_{i}", "value": str(i)} for i in range(20)],
        "hyperParameters": [{"name": f"p{i}", "value": str(i)} for i in range(40)],
        "debugRuleConfigurations": [
            {"ruleConfigurationName": f"r{i}", "ruleEvaluatorImage": IMAGE, "instanceType": "ml.m5.xlarge"}
            for i in range(5)
        ],
    }
    canonical, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert canonical["environment"] == {f"VAR_{i}": str(i) for i in range(20)}
    assert canonical["hyper_parameters"]["p39"] == "39"
    assert [r["rule_configuration_name"] for r in canonical["debug_rule_configurations"]] == [
        f"r{i}" for i in range(5)
    ]


def test_helpers():
    assert input_shape("CreateTrainingJob").name == "CreateTrainingJobRequest"
    names = member_names("CreateTrainingJob")
    assert names[0] == "TrainingJobName" and "RoleArn" in names and "Tags" in names
    with pytest.raises(ValueError, match="not a SageMaker operation"):
        input_shape("CreateTrainingJobs")
