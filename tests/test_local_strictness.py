"""LocalSageMaker refuses what AWS refuses (aws-behaviour.md): each case here was accepted before."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_sagemaker_local import LocalSageMaker

from tests.local_jobs import emulator, error_of, fresh, training_definition, tuning_request, wait_until
from tests.test_local_hosting import ARN, create_config, create_model, deploy, in_service
from tests.test_local_training import job_request


@pytest.fixture(scope="module")
def server() -> Iterator[LocalSageMaker]:
    yield from emulator(endpoint_create=0.05, endpoint_update=0.05, endpoint_delete=0.05, training_phase=0.05)


@pytest.fixture
def aws(server: LocalSageMaker) -> LocalSageMaker:
    return fresh(
        server, endpoint_create=0.05, endpoint_update=0.05, endpoint_delete=0.05, training_phase=0.05
    )


@pytest.fixture
def sm(aws: LocalSageMaker) -> Any:
    return aws.client()


def refused(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        call()
    return error_of(excinfo)


# -- deleting what an endpoint still uses ------------------------------------------------------


def test_deleting_the_config_in_use_blocks_the_next_update(sm: Any) -> None:
    deploy(sm)
    create_config(sm, "config-2", [("AllTraffic", 1.0, 1)])
    sm.delete_endpoint_config(EndpointConfigName="config-1")  # allowed, as on AWS
    assert in_service(sm)["EndpointStatus"] == "InService"  # still serving
    assert refused(lambda: sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")) == (
        "ValidationException",
        f'Could not find endpoint configuration "{ARN}:endpoint-config/config-1".',
    )


def test_an_update_to_a_config_whose_model_is_gone_is_refused(sm: Any) -> None:
    deploy(sm)
    create_model(sm, "model-b")
    create_config(sm, "config-2", [("AllTraffic", 1.0, 1)], model="model-b")
    sm.delete_model(ModelName="model-b")
    assert refused(lambda: sm.update_endpoint(EndpointName="ep", EndpointConfigName="config-2")) == (
        "ValidationException",
        f'Could not find model "{ARN}:model/model-b".',
    )


def test_delete_while_in_progress_is_worded_as_aws_words_it(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.endpoint_create = 5.0
    create_model(sm)
    create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    assert refused(lambda: sm.delete_endpoint(EndpointName="ep")) == (
        "ValidationException",
        f'Cannot update in-progress endpoint "{ARN}:endpoint/ep".',
    )


# -- weights and capacities -------------------------------------------------------------------


def test_weights_refuse_a_variant_named_twice_and_zero_instances(sm: Any) -> None:
    deploy(sm, [("A", 1.0, 1), ("B", 1.0, 1)])
    twice = [{"VariantName": "A", "DesiredWeight": 1.0}, {"VariantName": "A", "DesiredWeight": 2.0}]
    code, message = refused(
        lambda: sm.update_endpoint_weights_and_capacities(
            EndpointName="ep", DesiredWeightsAndCapacities=twice
        )
    )
    assert (code, "[A]" in message) == ("ValidationException", True)
    zero = [{"VariantName": "B", "DesiredInstanceCount": 0}]
    code, message = refused(
        lambda: sm.update_endpoint_weights_and_capacities(EndpointName="ep", DesiredWeightsAndCapacities=zero)
    )
    assert code == "ValidationException" and "inference components" in message


# -- tags -------------------------------------------------------------------------------------


def test_at_most_fifty_tags_and_no_aws_keys(sm: Any) -> None:
    create_model(sm)
    arn = f"{ARN}:model/model-a"
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "k0", "Value": "changed"}])  # replacing is not adding
    code, message = refused(lambda: sm.add_tags(ResourceArn=arn, Tags=[{"Key": "k50", "Value": "v"}]))
    assert code == "ValidationException" and "at most 50" in message
    assert len(sm.list_tags(ResourceArn=arn, MaxResults=100)["Tags"]) == 50
    code, message = refused(lambda: sm.add_tags(ResourceArn=arn, Tags=[{"Key": "aws:owner", "Value": "me"}]))
    assert code == "ValidationException" and "aws:owner" in message
    code, _ = refused(
        lambda: sm.create_training_job(**job_request("t", Tags=[{"Key": "AWS:x", "Value": "y"}]))
    )
    assert code == "ValidationException"
    assert sm.list_training_jobs()["TrainingJobSummaries"] == []  # refused before anything was created


# -- training runtime -------------------------------------------------------------------------


def test_max_runtime_stops_the_job(aws: LocalSageMaker, sm: Any) -> None:
    aws.timings.runtime_scale = 0.001  # 125 s of MaxRuntimeInSeconds last 0.125 s: during Training
    sm.create_training_job(**job_request("overtime", StoppingCondition={"MaxRuntimeInSeconds": 125}))
    job = wait_until(
        lambda: sm.describe_training_job(TrainingJobName="overtime"),
        lambda a: a["TrainingJobStatus"] not in ("InProgress", "Stopping"),
    )
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopped", "MaxRuntimeExceeded")
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]][-2:] == ["Training", "MaxRuntimeExceeded"]
    assert (job["TrainingEndTime"] - job["CreationTime"]).total_seconds() == pytest.approx(0.125, abs=0.005)
    assert "ModelArtifacts" in job  # it trained: what the model saved is uploaded


# -- async invocations ------------------------------------------------------------------------


def test_invoke_endpoint_async_writes_the_answer_to_s3(aws: LocalSageMaker, sm: Any) -> None:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="async")
    s3.put_object(Bucket="async", Key="in/req.csv", Body=b"1,2\n3,4\n")
    create_model(sm)
    output = {"S3OutputPath": "s3://async/out/", "S3FailurePath": "s3://async/failed/"}
    sm.create_endpoint_config(
        EndpointConfigName="async-config",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "model-a",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
        AsyncInferenceConfig={"OutputConfig": output},
    )
    sm.create_endpoint(EndpointName="async-ep", EndpointConfigName="async-config")
    in_service(sm, "async-ep")
    runtime = aws.client("sagemaker-runtime")
    answer = runtime.invoke_endpoint_async(
        EndpointName="async-ep", InputLocation="s3://async/in/req.csv", ContentType="text/csv"
    )
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert answer["OutputLocation"] == f"s3://async/out/{answer['InferenceId']}.out"
    body = s3.get_object(Bucket="async", Key=f"out/{answer['InferenceId']}.out")["Body"].read()
    assert len(body.decode().splitlines()) == 2
    missing = runtime.invoke_endpoint_async(EndpointName="async-ep", InputLocation="s3://async/in/none.csv")
    assert s3.get_object(Bucket="async", Key=f"failed/{missing['InferenceId']}-error.out")["Body"].read()
    assert refused(lambda: runtime.invoke_endpoint_async(EndpointName="ghost", InputLocation="s3://async/x"))[
        0
    ] == ("ValidationError")
    create_config(sm, "config-1", [("AllTraffic", 1.0, 1)])  # a real-time endpoint
    sm.create_endpoint(EndpointName="ep", EndpointConfigName="config-1")
    in_service(sm)
    code, message = refused(
        lambda: runtime.invoke_endpoint_async(EndpointName="ep", InputLocation="s3://async/x")
    )
    assert code == "ValidationError" and "not an async endpoint" in message


# -- semantic validation at create time -------------------------------------------------------

TRAINING_REFUSALS = [
    (
        {"ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 0, "VolumeSizeInGB": 5}},
        "Value 0 at 'resourceConfig.instanceCount' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    ),
    (
        {
            "ResourceConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceGroups": [
                    {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "InstanceGroupName": "g"}
                ],
            }
        },
        "InstanceType or InstanceCount cannot be specified with InstanceGroups",
    ),
    (
        {"ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1}},
        "VolumeSizeInGB must be specified (and greater than 0) for instance type ml.m5.xlarge, "
        "which has no instance storage.",
    ),
    (
        {"StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200}},
        "Invalid MaxWaitTimeInSeconds. It is only supported when EnableManagedSpotTraining is set to true",
    ),
    (
        {
            "EnableManagedSpotTraining": True,
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 60},
        },
        "Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal to "
        "MaxRuntimeInSeconds",
    ),
    (
        {"StoppingCondition": {"MaxRuntimeInSeconds": 28 * 24 * 3600 + 1}},
        "Value 2419201 at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: "
        "Member must have value less than or equal to 2419200",
    ),
    (
        {"AlgorithmSpecification": {"TrainingImage": "i", "AlgorithmName": "a", "TrainingInputMode": "File"}},
        "Exactly one of TrainingImage or AlgorithmName must be specified in AlgorithmSpecification.",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), TRAINING_REFUSALS)
def test_create_training_job_refusals(sm: Any, overrides: dict[str, Any], message: str) -> None:
    assert refused(lambda: sm.create_training_job(**job_request("refused", **overrides))) == (
        "ValidationException",
        message,
    )
    assert sm.list_training_jobs()["TrainingJobSummaries"] == []


def test_instance_storage_types_need_no_volume(sm: Any) -> None:
    for instance in ("ml.g4dn.xlarge", "ml.p4d.24xlarge", "ml.g5.xlarge"):
        name = instance.replace(".", "-")
        sm.create_training_job(
            **job_request(name, ResourceConfig={"InstanceType": instance, "InstanceCount": 1})
        )


def test_tuning_definitions_get_the_same_checks(sm: Any) -> None:
    request = tuning_request("refused")
    request["TrainingJobDefinition"] = training_definition(
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 0, "VolumeSizeInGB": 5}
    )
    code, message = refused(lambda: sm.create_hyper_parameter_tuning_job(**request))
    assert (code, message.startswith("Value 0 at 'trainingJobDefinition.resourceConfig.instanceCount'")) == (
        "ValidationException",
        True,
    )
    no_limit = tuning_request("nolimit", jobs=None)
    assert "MaxNumberOfTrainingJobs" in refused(lambda: sm.create_hyper_parameter_tuning_job(**no_limit))[1]


ENDPOINT_CONFIG_REFUSALS = [
    (
        {"ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 1}, "InstanceType": "ml.m5.large"},
        "Variant v: ServerlessConfig cannot be specified with InstanceType or InitialInstanceCount.",
    ),
    (
        {"ServerlessConfig": {"MemorySizeInMB": 1500, "MaxConcurrency": 1}},
        "Value 1500 at 'productionVariants.1.member.serverlessConfig.memorySizeInMB' failed to satisfy "
        "constraint: Member must be a multiple of 1024 (1024, 2048, 3072, 4096, 5120 or 6144)",
    ),
    ({}, "Variant v: either ServerlessConfig or InstanceType and InitialInstanceCount must be specified."),
    ({"InstanceType": "ml.m5.large"}, "Variant v: InitialInstanceCount must be specified with InstanceType."),
    (
        {
            "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1,
            "ManagedInstanceScaling": {"Status": "ENABLED", "MinInstanceCount": 1, "MaxInstanceCount": 2},
        },
        "ManagedInstanceScaling is only supported for inference component endpoints.",
    ),
]


@pytest.mark.parametrize(("variant", "message"), ENDPOINT_CONFIG_REFUSALS)
def test_create_endpoint_config_refusals(sm: Any, variant: dict[str, Any], message: str) -> None:
    create_model(sm)
    request = {
        "EndpointConfigName": "c",
        "ProductionVariants": [{"VariantName": "v", "ModelName": "model-a", **variant}],
    }
    assert refused(lambda: sm.create_endpoint_config(**request)) == ("ValidationException", message)


@pytest.mark.parametrize(
    ("ranges", "strategy", "message"),
    [
        (
            {"IntegerParameterRanges": [{"Name": "depth", "MinValue": "three", "MaxValue": "9"}]},
            "Random",
            "The MinValue and MaxValue of hyperparameter depth must be an integer.",
        ),
        (
            {"ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.5", "MaxValue": "0.1"}]},
            "Random",
            "The MinValue of hyperparameter eta is greater than its MaxValue.",
        ),
        (
            {
                "ContinuousParameterRanges": [
                    {"Name": "eta", "MinValue": "0", "MaxValue": "1", "ScalingType": "Logarithmic"}
                ]
            },
            "Random",
            "Logarithmic scaling of hyperparameter eta needs a MinValue greater than 0.",
        ),
        (
            {"ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}]},
            "Grid",
            "The Grid strategy supports categorical parameter ranges only.",
        ),
    ],
)
def test_tuning_ranges_are_checked(sm: Any, ranges: dict[str, Any], strategy: str, message: str) -> None:
    request = tuning_request("ranges", strategy=strategy, ranges=ranges)
    assert refused(lambda: sm.create_hyper_parameter_tuning_job(**request)) == (
        "ValidationException",
        message,
    )


# -- regions ----------------------------------------------------------------------------------


def test_each_region_is_a_namespace_of_its_own(aws: LocalSageMaker) -> None:
    east, west = aws.client(region_name="us-east-1"), aws.client(region_name="eu-west-1")
    east.create_training_job(**job_request("same-name"))
    west.create_training_job(**job_request("same-name"))  # no ResourceInUse: another region
    assert west.describe_training_job(TrainingJobName="same-name")["TrainingJobArn"] == (
        "arn:aws:sagemaker:eu-west-1:123456789012:training-job/same-name"
    )
    create_model(east)
    assert refused(lambda: west.describe_model(ModelName="model-a")) == (
        "ValidationException",
        'Could not find model "arn:aws:sagemaker:eu-west-1:123456789012:model/model-a".',
    )
    assert [m["ModelName"] for m in east.list_models()["Models"]] == ["model-a"]
    assert west.list_models()["Models"] == []
    # Tags are found by the ARN of the region asked.
    assert refused(lambda: west.list_tags(ResourceArn=f"{ARN}:model/model-a"))[0] == "ValidationException"


def test_china_regions_use_their_partition(aws: LocalSageMaker) -> None:
    china = aws.client(region_name="cn-north-1")
    # China's IAM and S3 are their own: the role and the model data are in its partition.
    role = "arn:aws-cn:iam::123456789012:role/sagemaker"
    aws.create_role(role)
    aws.put_object("s3://china-models/model.tar.gz", region="cn-north-1")
    china.create_model(
        ModelName="model-a",
        ExecutionRoleArn=role,
        PrimaryContainer={"Image": "i", "ModelDataUrl": "s3://china-models/model.tar.gz"},
    )
    assert china.describe_model(ModelName="model-a")["ModelArn"] == (
        "arn:aws-cn:sagemaker:cn-north-1:123456789012:model/model-a"
    )


def test_invocations_are_served_by_the_region_signed_for(aws: LocalSageMaker) -> None:
    deploy(aws.client())
    west = aws.client("sagemaker-runtime", region_name="eu-west-1")
    code, message = refused(
        lambda: west.invoke_endpoint(EndpointName="ep", ContentType="text/csv", Body=b"1")
    )
    assert (code, message) == ("ValidationError", "Endpoint ep of account 123456789012 not found.")
    east = aws.client("sagemaker-runtime")
    assert east.invoke_endpoint(EndpointName="ep", ContentType="text/csv", Body=b"1")["Body"].read()


# -- Application Auto Scaling -----------------------------------------------------------------

VARIANT_COUNT = "sagemaker:variant:DesiredInstanceCount"


def register(aws: LocalSageMaker, resource: str) -> None:
    aws.client("application-autoscaling").register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId=resource,
        ScalableDimension=VARIANT_COUNT,
        MinCapacity=1,
        MaxCapacity=4,
    )


def test_registering_a_variant_that_does_not_exist_is_refused(aws: LocalSageMaker, sm: Any) -> None:
    code, message = refused(lambda: register(aws, "endpoint/ghost/variant/AllTraffic"))
    assert (code, "endpoint ghost does not exist" in message) == ("ValidationException", True)
    deploy(sm)
    code, message = refused(lambda: register(aws, "endpoint/ep/variant/Other"))
    assert (code, "variant Other does not exist" in message) == ("ValidationException", True)
    register(aws, "endpoint/ep/variant/AllTraffic")


def test_a_scaled_variant_keeps_its_instance_type_until_deregistered(aws: LocalSageMaker, sm: Any) -> None:
    deploy(sm)  # ml.g5.xlarge
    register(aws, "endpoint/ep/variant/AllTraffic")
    sm.create_endpoint_config(
        EndpointConfigName="bigger",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "model-a",
                "InstanceType": "ml.g5.2xlarge",
                "InitialInstanceCount": 1,
            }
        ],
    )
    code, message = refused(lambda: sm.update_endpoint(EndpointName="ep", EndpointConfigName="bigger"))
    assert (code, message) == (
        "ValidationException",
        'The variant(s) "[AllTraffic]" must be deregistered as scalable targets with AWS Application Auto '
        "Scaling before they can be removed or have their instance type updated.",
    )
    create_config(sm, "same-type", [("AllTraffic", 1.0, 2)])
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="same-type")  # same type: fine
    in_service(sm)
    aws.client("application-autoscaling").deregister_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/ep/variant/AllTraffic",
        ScalableDimension=VARIANT_COUNT,
    )
    sm.update_endpoint(EndpointName="ep", EndpointConfigName="bigger")


def test_deleting_an_endpoint_removes_its_scalable_targets_and_policies(aws: LocalSageMaker, sm: Any) -> None:
    deploy(sm)
    register(aws, "endpoint/ep/variant/AllTraffic")
    scaling = aws.client("application-autoscaling")
    scaling.put_scaling_policy(
        PolicyName="invocations",
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/ep/variant/AllTraffic",
        ScalableDimension=VARIANT_COUNT,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 70.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
            },
        },
    )
    sm.delete_endpoint(EndpointName="ep")
    assert scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []
    assert scaling.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"] == []
