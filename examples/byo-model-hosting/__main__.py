"""Hosting a model trained elsewhere, as pulumi-aws users (and ACK users) think of it: a Model, an
EndpointConfig and an Endpoint, each a resource of its own.

The model.tar.gz is any you have in S3 (config `modelDataUrl`; the seed article's use case 4 serves a
TensorFlow ResNet on CIFAR-10). Change the image or the model data and `pulumi up` creates a new Model
and EndpointConfig first, switches the Endpoint to them with UpdateEndpoint under its canary guardrail
(10% of the fleet first, then the rest, rolled back automatically if the 5xx alarm fires) while the old
config keeps serving, and deletes the old ones last. The endpoint's instance count follows its
invocations between 1 and 4 instances.
"""

from __future__ import annotations

import pulumi
import pulumi_sagemaker as sm

INFERENCE_IMAGE = (
    "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:1.15.2-cpu-py36-ubuntu18.04"
)


def program() -> None:
    config = pulumi.Config()
    model = sm.Model(
        "tf-cifar10-resnet",
        region="us-west-2",
        execution_role_arn=config.require("roleArn"),
        primary_container={
            "container_hostname": "tensorflow",
            "image": config.get("image") or INFERENCE_IMAGE,
            "model_data_url": config.get("modelDataUrl")
            or "s3://sagemaker-jobs/trained-tf-model/model.tar.gz",
        },
    )
    endpoint_config = sm.EndpointConfig(
        "tf-cifar10-resnet",
        region="us-west-2",
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": model.model_name,
                "instance_type": config.get("instanceType") or "ml.c5.large",
                "initial_instance_count": 1,
            }
        ],
    )
    endpoint = sm.Endpoint(
        "tf-cifar10-resnet",
        region="us-west-2",
        endpoint_config_name=endpoint_config.endpoint_config_name,
        deployment_config={
            "blue_green_update_policy": {
                "traffic_routing_configuration": {
                    "type": "CANARY",
                    "canary_size": {"type": "CAPACITY_PERCENT", "value": 10},
                    "wait_interval_in_seconds": 300,
                },
            },
            "auto_rollback_configuration": {"alarms": [{"alarm_name": "tf-cifar10-resnet-5xx"}]},
        },
        autoscaling={
            "AllTraffic": {"min_capacity": 1, "max_capacity": 4, "policies": [{"target_value": 100}]},
        },
    )
    pulumi.export("model_name", model.model_name)
    pulumi.export("endpoint_config_name", endpoint.endpoint_config_name)
    pulumi.export("endpoint_name", endpoint.endpoint_name)
    pulumi.export("endpoint_url", endpoint.endpoint_url)


if __name__ == "__main__":
    program()
