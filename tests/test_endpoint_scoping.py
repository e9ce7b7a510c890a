"""Where calls go: `sagemaker:endpointUrl` and a resource's own `sageMakerEndpoint` (the operator's, e.g. a
PrivateLink endpoint) take SageMaker's calls only; Application Auto Scaling and CloudWatch Logs go where
pulumi-aws's `aws:endpoints` sends them (a SageMaker VPC endpoint answers neither)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.testing import LocalSageMaker, run

from .conftest import FAST
from .existing import seed
from .test_hosting_specs import XGBOOST

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"


def test_sagemakers_endpoint_is_sagemakers_alone_and_the_rest_follow_aws_endpoints():
    settings = AwsSettings.from_config(
        {
            "aws:region": "us-west-2",
            "sagemaker:endpointUrl": "https://sagemaker.vpce.example",
            "aws:endpoints": json.dumps([{"applicationautoscaling": "https://aas.example"}]),
        }
    )
    aws = Aws(settings)
    assert aws.client("sagemaker").meta.endpoint_url == "https://sagemaker.vpce.example"
    assert aws.client("application-autoscaling").meta.endpoint_url == "https://aas.example"
    # Not sent to SageMaker's endpoint (the bug): CloudWatch Logs is resolved as boto3 resolves it.
    assert aws.client("logs").meta.endpoint_url == "https://logs.us-west-2.amazonaws.com"

    own = aws.at_endpoint("https://vpce-0abc.api.sagemaker.us-west-2.vpce.amazonaws.com")
    assert own.client("sagemaker").meta.endpoint_url.startswith("https://vpce-0abc.")
    assert own.client("application-autoscaling").meta.endpoint_url == "https://aas.example"
    assert aws.at_endpoint(None) is aws


@pytest.fixture(scope="module")
def private_link() -> Iterator[LocalSageMaker]:
    """A second SageMaker, standing for a resource's own VPC endpoint."""
    with LocalSageMaker(timings=FAST, check_existence=True) as server:
        yield server


def hosted(endpoint_url: str):
    def program() -> None:
        hosting = sm.HostingDeployment(
            "private",
            sageMakerEndpoint=endpoint_url,
            models=[{"name": "xgb", "execution_role_arn": ROLE, "containers": [{"image": XGBOOST}]}],
            production_variants=[
                {
                    "variant_name": "AllTraffic",
                    "model_name": "xgb",
                    "instance_type": "ml.m5.large",
                    "initial_instance_count": 1,
                    "autoscaling": {"min_capacity": 1, "max_capacity": 2},
                }
            ],
        )
        pulumi.export("endpoint", hosting.endpoint_name)

    return program


def test_a_resources_own_sagemaker_endpoint_takes_its_sagemaker_calls_and_nothing_else(local, private_link):
    """`private_link` stands for the region's SageMaker behind a VPC endpoint (Application Auto Scaling
    reaches it through `aws:endpoints`); `local`, for the stack's `sagemaker:endpointUrl`."""
    private_link.reset()  # moto's IAM and S3 are the process's: `local`'s seeds go too
    seed(private_link)
    config = {**local.config, "aws:endpoints": private_link.config["aws:endpoints"]}
    first = run(hosted(private_link.endpoint_url), config=config)
    assert [c for c in local.calls if c.operation != "InvokeEndpoint"] == [], "the stack's SageMaker saw none"
    assert private_link.calls_to("CreateEndpoint")[0].params["EndpointName"] == first.outputs["endpoint"]
    aas = private_link.client("application-autoscaling")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["ResourceId"] == f"endpoint/{first.outputs['endpoint']}/variant/AllTraffic"

    run(lambda: None, config=config, state=first.state)
    assert private_link.calls_to("DeleteEndpoint"), "the delete goes where the resource was made"
    assert local.calls == []
