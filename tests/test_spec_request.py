"""Canonical form to the API request and an API response back to canonical form."""

from __future__ import annotations

import datetime

import pytest
from pulumi_sagemaker.shapes import canonicalize_input, from_response, output_shape, to_request

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"

CANONICAL = {
    "training_job_name": "mnist-1",
    "hyper_parameters": {"num_round": "10", "objective": "multi:softmax"},
    "algorithm_specification": {
        "training_image": IMAGE,
        "training_input_mode": "File",
        "metric_definitions": [{"name": "acc", "regex": "acc=(\\S+)"}],
    },
    "role_arn": ROLE,
    "input_data_config": [
        {
            "channel_name": "train",
            "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://bucket/train"}},
        }
    ],
    "output_data_config": {"s3_output_path": "s3://bucket/jobs/"},
    "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
    "stopping_condition": {"max_runtime_in_seconds": 3600},
    "tags": {"team": "ml", "env": "dev"},
    "environment": {"A": "1"},
}


def test_to_request_is_the_api_shape():
    request = to_request("CreateTrainingJob", CANONICAL)
    assert request["TrainingJobName"] == "mnist-1"
    assert request["HyperParameters"] == {"num_round": "10", "objective": "multi:softmax"}
    assert request["AlgorithmSpecification"]["MetricDefinitions"] == [{"Name": "acc", "Regex": "acc=(\\S+)"}]
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://bucket/train"
    assert request["ResourceConfig"] == {
        "InstanceType": "ml.m5.xlarge",
        "InstanceCount": 1,
        "VolumeSizeInGB": 5,
    }
    assert request["Tags"] == [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "dev"}]
    assert request["Environment"] == {"A": "1"}


def test_to_request_passes_botocore_validation():
    from botocore.validate import ParamValidator
    from pulumi_sagemaker.shapes import input_shape

    report = ParamValidator().validate(
        to_request("CreateTrainingJob", CANONICAL), input_shape("CreateTrainingJob")
    )
    assert not report.has_errors(), report.generate_report()


def test_round_trip():
    request = to_request("CreateTrainingJob", CANONICAL)
    again, failures = canonicalize_input("CreateTrainingJob", request)
    assert failures == []
    assert again == CANONICAL


def test_to_request_refuses_non_members():
    with pytest.raises(ValueError, match="'role' is not a member of CreateTrainingJobRequest"):
        to_request("CreateTrainingJob", {"role": ROLE})


def test_from_response_of_describe_training_job():
    created = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
    described = {
        "TrainingJobName": "mnist-1",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/mnist-1",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/jobs/mnist-1/output/model.tar.gz"},
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "HyperParameters": {"num_round": "10", "objective": "multi:softmax"},
        "AlgorithmSpecification": {
            "TrainingImage": IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "acc", "Regex": "acc=(\\S+)"}],
            "EnableSageMakerMetricsTimeSeries": False,
        },
        "RoleArn": ROLE,
        "InputDataConfig": CANONICAL and to_request("CreateTrainingJob", CANONICAL)["InputDataConfig"],
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/jobs/", "KmsKeyId": ""},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "CreationTime": created,
        "SecondaryStatusTransitions": [{"Status": "Starting", "StartTime": created}],
        "FinalMetricDataList": [{"MetricName": "acc", "Value": 0.97, "Timestamp": created}],
        "Environment": {"A": "1"},
        "BrandNewMember": {"SomeKey": 1},
        "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200},
    }
    actual = from_response(output_shape("DescribeTrainingJob"), described)
    assert "response_metadata" not in actual
    assert actual["model_artifacts"] == {"s3_model_artifacts": "s3://bucket/jobs/mnist-1/output/model.tar.gz"}
    assert actual["creation_time"] is created
    assert actual["secondary_status_transitions"] == [{"status": "Starting", "start_time": created}]
    assert actual["final_metric_data_list"][0] == {"metric_name": "acc", "value": 0.97, "timestamp": created}
    assert actual["brand_new_member"] == {"SomeKey": 1}  # unknown to this botocore: renamed, value kept
    assert actual["hyper_parameters"] == CANONICAL["hyper_parameters"]
    # Everything that was asked for reads back the same.
    for key, wanted in CANONICAL.items():
        if key == "tags":
            continue  # DescribeTrainingJob does not return tags
        got = actual[key]
        if key == "algorithm_specification":
            got = {k: v for k, v in got.items() if k in wanted}
        if key == "output_data_config":
            got = {k: v for k, v in got.items() if k in wanted}
        assert got == wanted, key


def test_from_response_accepts_operation_and_shape_names_and_tag_lists():
    response = {"Tags": [{"Key": "team", "Value": "ml"}], "NextToken": "t"}
    assert from_response("ListTags", response) == {"tags": {"team": "ml"}, "next_token": "t"}
    assert from_response("ResourceConfig", {"VolumeSizeInGB": 5}) == {"volume_size_in_gb": 5}
    variant = {"VariantName": "AllTraffic", "CurrentWeight": 1.0, "DesiredInstanceCount": 2}
    assert from_response("ProductionVariantSummary", variant) == {
        "variant_name": "AllTraffic",
        "current_weight": 1.0,
        "desired_instance_count": 2,
    }


def test_hosting_round_trip():
    canonical, failures = canonicalize_input(
        "CreateEndpointConfig",
        {
            "EndpointConfigName": "cfg",
            "ProductionVariants": [
                {
                    "VariantName": "A",
                    "ModelName": "m",
                    "InstanceType": "ml.m5.large",
                    "InitialInstanceCount": 1,
                    "InitialVariantWeight": 0.5,
                },
            ],
            "Tags": [{"Key": "k", "Value": "v"}],
        },
    )
    assert failures == []
    assert canonicalize_input("CreateEndpointConfig", to_request("CreateEndpointConfig", canonical)) == (
        canonical,
        [],
    )
