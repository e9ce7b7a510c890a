"""The layer is generic: the hosting shapes (CreateModel, CreateEndpointConfig) work the same way."""

from __future__ import annotations

from pulumi_sagemaker.shapes import canonicalize_input, to_request

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
IMAGE = "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:1.15.2-cpu-py36-ubuntu18.04"


def test_create_model_from_operator_hosting_deployment_model():
    # One entry of a HostingDeployment's `models` (its `name` is the ModelName of the API).
    model = {
        "modelName": "tf-cifar10-resnet-model",
        "executionRoleArn": ROLE,
        "containers": [
            {
                "containerHostname": "tensorflow",
                "modelDataUrl": "s3://sagemaker-jobs/trained-tf-model/model.tar.gz",
                "image": IMAGE,
                "mode": "MultiModel",
                "environment": [{"name": "SAGEMAKER_PROGRAM", "value": "inference.py"}],
            }
        ],
        "enableNetworkIsolation": False,
    }
    result, failures = canonicalize_input("CreateModel", model)
    assert failures == []
    assert result == {
        "model_name": "tf-cifar10-resnet-model",
        "containers": [
            {
                "container_hostname": "tensorflow",
                "image": IMAGE,
                "mode": "MultiModel",
                "model_data_url": "s3://sagemaker-jobs/trained-tf-model/model.tar.gz",
                "environment": {"SAGEMAKER_PROGRAM": "inference.py"},
            }
        ],
        "execution_role_arn": ROLE,
        "enable_network_isolation": False,
    }


def test_create_model_single_model_primary_container_python_style():
    result, failures = canonicalize_input(
        "CreateModel",
        {
            "primary_container": {
                "image": IMAGE,
                "mode": "SingleModel",
                "model_data_url": "s3://b-1/m.tar.gz",
                "environment": {"WORKERS": 2.0},
            },
            "execution_role_arn": ROLE,
            "tags": {"env": "dev"},
        },
        supplied=("ModelName",),
    )
    assert failures == []
    assert result["primary_container"]["environment"] == {"WORKERS": "2"}
    request = to_request("CreateModel", {**result, "model_name": "m"})
    assert request["PrimaryContainer"]["Mode"] == "SingleModel"
    assert request["Tags"] == [{"Key": "env", "Value": "dev"}]


def test_create_model_failures():
    _, failures = canonicalize_input(
        "CreateModel",
        {
            "ModelName": "m",
            "ExecutionRoleArn": "arn:aws:iam::123456789012:role/x",
            "Containers": [{"Image": IMAGE, "Mode": "Multi", "ModelDataUrl": "sagemaker-jobs/model.tar.gz"}],
        },
    )
    found = {f.path: f.reason for f in failures}
    assert found == {
        "Containers[0].Mode": "'Multi' is not an allowed value; did you mean 'MultiModel'? "
        "Allowed: MultiModel, SingleModel",
        "Containers[0].ModelDataUrl": (
            "must be an S3 URI like s3://bucket/prefix, got 'sagemaker-jobs/model.tar.gz'"
        ),
    }


def test_create_endpoint_config_production_variants():
    config = {
        "endpointConfigName": "cfg-1",
        "productionVariants": [
            {
                "variantName": "AllTraffic",
                "modelName": "tf-cifar10-resnet-model",
                "initialInstanceCount": 1.0,
                "instanceType": "ml.c5.large",
                "initialVariantWeight": 1,
            }
        ],
        "kmsKeyId": "alias/my-key",
        "tags": [{"key": "team", "value": "ml"}],
    }
    result, failures = canonicalize_input("CreateEndpointConfig", config)
    assert failures == []
    variant = result["production_variants"][0]
    assert variant["initial_instance_count"] == 1 and type(variant["initial_instance_count"]) is int
    assert variant["initial_variant_weight"] == 1.0 and type(variant["initial_variant_weight"]) is float
    assert result["tags"] == {"team": "ml"}


def test_create_endpoint_config_failures():
    config = {
        "endpoint_config_name": "cfg_1",
        "production_variants": [
            {"variant_name": "AllTraffic", "initial_instance_count": 0, "instance_type": "ml.c5.larg"},
            {
                "variant_name": "Serverless",
                "serverless_config": {"memory_size_in_mb": 512, "max_concurrency": 5},
            },
            {"initial_variant_weight": -1},
        ],
    }
    _, failures = canonicalize_input("CreateEndpointConfig", config)
    found = {f.path: f.reason for f in failures}
    assert found.pop("endpoint_config_name").startswith(
        "must be 1-63 characters of letters, digits and hyphens"
    )
    assert found.pop("production_variants[0].initial_instance_count") == "must be an integer >= 1, got 0"
    assert "did you mean 'ml.c5.large'?" in found.pop("production_variants[0].instance_type")
    assert found.pop("production_variants[1].serverless_config.memory_size_in_mb") == (
        "must be an integer between 1024 and 6144, got 512"
    )
    assert found.pop("production_variants[2].initial_variant_weight") == "must be a number >= 0, got -1"
    assert found.pop("production_variants[2].variant_name") == "is required"
    assert found == {}
