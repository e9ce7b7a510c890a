"""The published manifests (tests/manifests_corpus, sources in its SOURCES.md), deployed unchanged through
`from_manifests` against the local SageMaker, with the values their own harnesses substitute; or refused
with a precise error where the operator refused them too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pulumi
import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.testing import LocalSageMaker, ResourceError, run

from .conftest import FAST
from .existing import seed
from .manifests_support import CORPUS, VALUES

# The roles and data the corpus's manifests name (with VALUES' bucket), there before they are applied.
CORPUS_ROLES = (
    "arn:aws:iam::123456789012:role/sagemaker-execution",
    "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole",
    "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20190820T113591",
)
CORPUS_DATA = (
    "s3://corpus-data/train/",
    "s3://corpus-data/validation/",
    "s3://corpus-data/path/",
    "s3://corpus-data/sagemaker/training/train/",
    "s3://corpus-data/sagemaker/training/validation/",
    "s3://corpus-data/sagemaker/xgboost/train/",
    "s3://corpus-data/sagemaker/xgboost/validation/",
    "s3://corpus-data/xgboost-debugger/train/",
    "s3://corpus-data/xgboost-debugger/validation/",
    "s3://corpus-data/mask-rcnn/sagemaker/input/train/",
    "s3://corpus-data/sagemaker/batch/input-data/",
    "s3://corpus-data/batch-transform/mnist-1000-samples/",
    "s3://corpus-data/mnist_kmeans_example/processing_code/kmeans_preprocessing.py",
    "s3://corpus-data/sagemaker/processing/kmeans_preprocessing.py",
    "s3://corpus-data/sagemaker/processing/algorithms/kmeans/mnist/mnist.pkl.gz",
    "s3://corpus-data/batch-transform/xgboost-mnist/model.tar.gz",
    "s3://corpus-data/inference/xgboost-mnist/model.tar.gz",
    "s3://corpus-data/sagemaker/model/xgboost-mnist-model.tar.gz",
    "s3://corpus-data/sagemaker/xgboost/model/xgb-churn-prediction-model.tar.gz",
    "s3://my-bucket/xgboost/train/",
    "s3://my-bucket/xgboost/validation/",
    "s3://my-bucket/xgboost/model.tar.gz",
    "s3://my-bucket/xgboost-debugger/train/",
    "s3://my-bucket/xgboost-debugger/validation/",
    "s3://my-bucket/train_lst/train_manifest.json",
    "s3://my-bucket/val_lst/val_manifest.json",
    "s3://my-bucket/mnist_kmeans_example/processing_code/kmeans_preprocessing.py",
    "s3://sagemaker-jobs/cifar10-dataset/train/",
    "s3://sagemaker-jobs/cifar10-dataset/validation/",
    "s3://sagemaker-jobs/cifar10-dataset/eval/",
    "s3://sagemaker-jobs/trained-tf-model/model.tar.gz",
    "s3://sagemaker-sample-data-us-west-2/algorithms/kmeans/mnist/mnist.pkl.gz",
    "s3://sagemaker-sample-data-us-west-2/batch-transform/mnist-1000-samples/",
)


@pytest.fixture(autouse=True)
def corpus_world(local) -> None:
    """What the manifests name as there (a model a sample scores with is made before `deploy`)."""
    seed(local, CORPUS_ROLES, CORPUS_DATA)


def deploy(local, *paths: str | Path, values: dict | None = None, **config: str):
    files = [p if isinstance(p, str) and "\n" in p else CORPUS / p for p in paths]
    seed(local, CORPUS_ROLES, CORPUS_DATA)  # again after a reset (of `local`, or of another server)

    def program() -> None:
        deployed = sm.from_manifests(files, values={**VALUES, **(values or {})})
        pulumi.export("names", {kind: sorted(by_name) for kind, by_name in deployed.items()})
        pulumi.export(
            "status",
            {
                n: r.status
                for by_name in deployed.values()
                for n, r in by_name.items()
                if hasattr(r, "status")
            },
        )
        pulumi.export("urls", deployed.endpoint_urls)

    return run(program, config={**local.config, **config})


def refused(local, *paths: str, values: dict | None = None) -> list[str]:
    with pytest.raises(ResourceError) as failed:
        deploy(local, *paths, values=values)
    assert local.calls == [], "refused before any call"
    return str(failed.value.__cause__).splitlines()[1:]


def created(result) -> list[str]:
    assert {op for op, _ in result.operations} == {"create"}
    return sorted(name for _, name in result.operations)


def test_the_operators_samples_deploy(local):
    samples = sorted(
        p.relative_to(CORPUS)
        for p in (CORPUS / "operator/samples").glob("*.yaml")
        if not p.name.startswith("hap-") and "multi-model" not in p.name and "custom-endpoint" not in p.name
    )
    # The batch transform sample scores with a model made elsewhere, which it assumes exists.
    local.client(region_name="us-west-2").create_model(
        ModelName="sagemaker-tensorflow-model",
        ExecutionRoleArn="arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole",
        PrimaryContainer={
            "Image": "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:1.15.2-cpu"
        },
    )
    result = deploy(local, *samples)
    assert len(created(result)) == 12
    assert set(result.outputs["status"].values()) == {"Completed", "InService"}
    jobs = {c.params["TrainingJobName"].rsplit("-", 1)[0]: c for c in local.calls_to("CreateTrainingJob")}
    efs = jobs["efs-xgboost-mnist"].params["InputDataConfig"][0]["DataSource"]["FileSystemDataSource"]
    assert efs == {
        "FileSystemId": "fs-e2466d9b",
        "FileSystemAccessMode": "ro",
        "FileSystemType": "EFS",
        "DirectoryPath": "/xgboost-mnist/train",
    }
    assert jobs["augmented-s3-manifest-image-classifier"].region == "us-east-1"
    spot = jobs["spot-xgboost-mnist"].params
    assert spot["EnableManagedSpotTraining"] is True and spot["CheckpointConfig"]["S3Uri"]
    (transform,) = local.calls_to("CreateTransformJob")
    assert transform.params["ModelName"] == "sagemaker-tensorflow-model", "a model made elsewhere, by name"


def test_a_variant_naming_a_model_not_in_models_is_refused_as_the_operator_refused_it(local):
    # The operator's HostingDeployment controller: "Unable to resolve SageMaker model name for model ...".
    (line,) = refused(local, "operator/samples/xgboost-multi-model-hostingdeployment.yaml")
    assert line == (
        f"  {CORPUS}/operator/samples/xgboost-multi-model-hostingdeployment.yaml, document 1 "
        "(HostingDeployment 'multi-model-hosting-deployment'): spec.productionVariants[0].modelName: "
        "'xgboost-model' is not one of the models ('multi-model-xgboost')"
    )


def test_the_autoscaling_samples_attach_to_the_endpoints_they_name(local):
    result = deploy(
        local,
        "pairs/hap-sample-endpoints.yaml",
        "operator/samples/hap-predefined-metric.yaml",
        "operator/samples/hap-custom-metric.yaml",
    )
    assert len(created(result)) == 3
    aas = local.client("application-autoscaling", region_name="us-east-2")
    targets = {
        t["ResourceId"]: t
        for t in aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    }
    custom = targets["endpoint/Endpoint-20200410010239-FZFY/variant/variant-name-1"]
    assert (custom["MinCapacity"], custom["MaxCapacity"]) == (1, 2)
    assert custom["SuspendedState"]["DynamicScalingInSuspended"] is True
    policies = {
        p["ResourceId"]: p
        for p in aas.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]
    }
    predefined = policies["endpoint/xgboost-2020-06-01-20-39-37-305/variant/AllTraffic"]
    assert predefined["PolicyName"] == "SageMakerEndpointInvocationScalingPolicy"
    config = predefined["TargetTrackingScalingPolicyConfiguration"]
    assert (config["TargetValue"], config["ScaleInCooldown"], config["DisableScaleIn"]) == (60.0, 700, True)
    cpu = policies["endpoint/Endpoint-20200410010239-FZFY/variant/variant-name-1"]
    metric = cpu["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"]
    assert metric["MetricName"] == "CPUUtilization" and metric["Unit"] == "Percent"


def test_the_operators_integration_tests_deploy_with_their_substitutions(local):
    """tests/codebuild/create_tests.sh's run, with its sed and yq substitutions as values."""
    files = sorted(
        p.relative_to(CORPUS)
        for p in (CORPUS / "operator/testfiles").glob("*.yaml")
        if not any(part in p.name for part in ("china", "custom-endpoint", "failing"))
    )
    endpoints = {
        "PLACEHOLDER-ENDPOINT-1": "named-xgboost-hosting",
        "PLACEHOLDER-ENDPOINT-2": "xgboost-hosting",
        "PLACEHOLDER-ENDPOINT-3": "xgboost-hosting-multi-container",
    }
    result = deploy(local, *files, values=endpoints)
    assert len(created(result)) == 15
    (transform,) = local.calls_to("CreateTransformJob")
    (model,) = [
        c for c in local.calls_to("CreateModel") if c.params["ModelName"].startswith("xgboost-model-")
    ]
    assert transform.params["ModelName"] == model.params["ModelName"], (
        "modelName: xgboost-model names the Model document (the operator's test looked its SageMaker name up)"
    )
    configs = {
        c.params["ProductionVariants"][0]["InstanceType"] for c in local.calls_to("CreateEndpointConfig")
    }
    assert configs == {"ml.r5.large"}
    named = [
        c for c in local.calls_to("CreateEndpoint") if c.params["EndpointName"] == "named-xgboost-hosting"
    ]
    assert named and named[0].params["Tags"][0] == {"Key": "name", "Value": "sagemaker-k8s-operator tag test"}
    aas = local.client("application-autoscaling", region_name="us-west-2")
    ids = {
        t["ResourceId"]: t
        for t in aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    }
    assert ids["endpoint/named-xgboost-hosting/variant/AllTraffic"]["MaxCapacity"] == 2
    assert ids["endpoint/hosting-retain-varient-properties/variant/AllTraffic"]["MinCapacity"] == 2


def test_the_operators_failing_tuning_test_fails_with_sagemakers_reason(local):
    local.fail_tuning_job("failing-xgboost-mnist-h*", reason="ClientError: no training job completed")
    with pytest.raises(ResourceError) as failed:
        deploy(local, "operator/testfiles/failing-xgboost-mnist-hpo.yaml")
    assert "Failed: ClientError: no training job completed" in str(failed.value)


def test_the_operators_failing_tests_fail_with_sagemakers_reason_and_the_log_url(local):
    local.fail_training_job("failing-xgboost-mnist-*", reason="AlgorithmError: no entrypoint in the image")
    with pytest.raises(ResourceError) as failed:
        deploy(local, "operator/testfiles/failing-xgboost-mnist-trainingjob.yaml")
    message = str(failed.value)
    assert "Failed: AlgorithmError: no entrypoint in the image" in message
    assert "us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2" in message


def test_the_china_tests_deploy_in_their_partition(local):
    # As their harness runs them: with a role and a bucket of the China partition (its IAM and S3 are
    # its own, and a job there cannot assume a role of the aws partition).
    china = {
        "ROLE_ARN": "arn:aws-cn:iam::123456789012:role/sagemaker-execution",
        "DATA_BUCKET": "corpus-data-cn",
    }
    local.create_role(china["ROLE_ARN"])
    for key in (
        "train/",
        "validation/",
        "batch-transform/mnist-1000-samples/",
        "batch-transform/xgboost-mnist/model.tar.gz",
    ):
        local.put_object(f"s3://corpus-data-cn/{key}", region="cn-northwest-1")
    batch = (CORPUS / "operator/testfiles/xgboost-mnist-batchtransform-china.yaml").read_text()
    # The operator's test rewrites spec.modelName to the model's SageMaker name (yq); the Model's
    # metadata.name is enough here.
    rewritten = batch.replace("modelName: xgboost-model", "modelName: xgboost-model-china")
    result = deploy(
        local,
        "operator/testfiles/xgboost-mnist-trainingjob-china.yaml",
        "operator/testfiles/xgboost-mnist-hpo-china.yaml",
        "operator/testfiles/xgboost-model-china.yaml",
        rewritten,
        values=china,
    )
    assert len(created(result)) == 4
    assert {c.region for c in local.calls if c.operation.startswith("Create")} == {"cn-northwest-1"}

    def logs() -> None:
        job = sm.from_manifests(
            CORPUS / "operator/testfiles/xgboost-mnist-trainingjob-china.yaml", values={**VALUES, **china}
        )
        pulumi.export("log_url", job["TrainingJob"]["xgboost-mnist-china"].log_url)

    again = run(logs, config=local.config, state=result.state)
    assert again.outputs["log_url"].startswith("https://cn-northwest-1.console.amazonaws.cn/cloudwatch/")


@pytest.fixture(scope="module")
def private_link() -> Iterator[LocalSageMaker]:
    with LocalSageMaker(timings=FAST, check_existence=True) as server:
        yield server


def test_the_custom_and_private_link_endpoints_take_their_resources_sagemaker_calls(local, private_link):
    private_link.reset()
    # The manifests name AWS's own endpoint (custom-endpoint) and a VPC endpoint (private-link, a
    # placeholder): here both are a second local SageMaker, standing for them.
    url = private_link.endpoint_url
    custom = [
        (CORPUS / f).read_text().replace("https://sagemaker.us-west-2.amazonaws.com", url)
        for f in (
            "operator/samples/xgboost-mnist-custom-endpoint.yaml",
            "operator/samples/xgboost-mnist-hpo-custom-endpoint.yaml",
        )
    ]
    # The integration tests' copies, under other names: they deploy beside the samples'.
    custom += [
        (CORPUS / f)
        .read_text()
        .replace("https://sagemaker.us-west-2.amazonaws.com", url)
        .replace("name: xgboost-mnist-", "name: it-xgboost-mnist-")
        for f in (
            "operator/testfiles/xgboost-mnist-custom-endpoint.yaml",
            "operator/testfiles/xgboost-mnist-hpo-custom-endpoint.yaml",
        )
    ]
    result = deploy(
        local,
        *custom,
        "operator/private-link/private-link-trainingjob.yaml",
        "operator/private-link/non-private-link-trainingjob.yaml",
        values={"SAGEMAKER_ENDPOINT": url},
    )
    assert len(created(result)) == 6
    assert [c.params["TrainingJobName"].rsplit("-", 1)[0] for c in local.calls_to("CreateTrainingJob")] == [
        "non-private-link-training-job"
    ]
    moved = sorted(
        c.params["TrainingJobName"].rsplit("-", 1)[0] for c in private_link.calls_to("CreateTrainingJob")
    )
    assert moved == [
        "it-xgboost-mnist-custom-endpoint",
        "private-link-training-job",
        "xgboost-mnist-custom-endpoint",
    ]
    assert len(private_link.calls_to("CreateHyperParameterTuningJob")) == 2


def test_the_seed_articles_demos_deploy_but_the_split_metric_definitions(local):
    result = deploy(
        local, "demos/k8s-sm-hyperopt-training-script.yaml", "demos/k8s-sm-inference-host-endpoint.yaml"
    )
    assert created(result) == ["k8s-sm-hyperopt-training-script", "k8s-sm-inference-host-endpoint"]
    (tuning,) = local.calls_to("CreateHyperParameterTuningJob")
    ranges = tuning.params["HyperParameterTuningJobConfig"]["ParameterRanges"]
    assert [r["Name"] for r in ranges["CategoricalParameterRanges"]] == ["optimizer", "batch-size"]
    local.reset()
    # The operator's CRD requires both name and regex of each item: kubectl apply refused these too.
    lines = refused(
        local, "demos/k8s-sm-dist-training-script.yaml", "demos/k8s-sm-dist-custom-container.yaml"
    )
    assert len(lines) == 2
    assert all(
        "spec.algorithmSpecification.metricDefinitions[0]: one item written as two: [0] has only name, [1] "
        "only regex; write them as one item, `- name: ...` with `regex: ...` on the next line" in line
        for line in lines
    )


def test_acks_samples_deploy_and_refer_to_each_other_by_name(local):
    result = deploy(local, "ack/samples")
    assert created(result) == [
        "corpus-endpoint",
        "corpus-endpoint-config",
        "corpus-job",
        "corpus-job",
        "corpus-job",
        "corpus-job",
        "corpus-model",
    ]
    (transform,) = local.calls_to("CreateTransformJob")
    assert transform.params["ModelName"] == "corpus-model"
    (endpoint,) = local.calls_to("CreateEndpoint")
    assert endpoint.params == {
        "EndpointName": "corpus-endpoint",
        "EndpointConfigName": "corpus-endpoint-config",
        "Tags": [{"Key": "pulumi-sagemaker:owner", "Value": "demo/local/corpus-endpoint"}],  # who made it
    }
    order = [
        c.operation
        for c in local.calls
        if c.operation in ("CreateModel", "CreateEndpointConfig", "CreateEndpoint")
    ]
    assert order == ["CreateModel", "CreateEndpointConfig", "CreateEndpoint"]
    (config,) = local.calls_to("CreateEndpointConfig")
    assert config.params["DataCaptureConfig"]["CaptureOptions"] == [
        {"CaptureMode": "Input"},
        {"CaptureMode": "Output"},
    ]


def test_acks_e2e_resources_deploy(local):
    hosting = deploy(
        local,
        "ack/e2e/xgboost_model.yaml",
        "ack/e2e/endpoint_config_single_variant.yaml",
        "ack/e2e/endpoint_base.yaml",
        "ack/e2e/xgboost_transformjob.yaml",
        "ack/e2e/xgboost_trainingjob.yaml",
        "ack/e2e/xgboost_hpojob.yaml",
        "ack/e2e/kmeans_processingjob.yaml",
    )
    assert len(created(hosting)) == 7
    (training,) = local.calls_to("CreateTrainingJob")
    assert training.params["RetryStrategy"] == {"MaximumRetryAttempts": 2}
    assert training.params["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == (
        "s3://corpus-data/sagemaker/training/train"
    )
    (tuning,) = local.calls_to("CreateHyperParameterTuningJob")
    assert tuning.params["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"] == {
        "Type": "Minimize",
        "MetricName": "validation:error",
    }
    others = deploy(
        local,
        "ack/e2e/xgboost_trainingjob_debugger.yaml",
        "ack/e2e/xgboost_model_with_model_location.yaml",
        "ack/e2e/endpoint_config_multi_variant.yaml",
        values={
            "TRAINING_JOB_NAME": "corpus-debugger",
            "MODEL_NAME": "corpus-located",
            "ENDPOINT_CONFIG_NAME": "corpus-multi",
        },
    )
    assert len(created(others)) == 3
    debugger = [
        c for c in local.calls_to("CreateTrainingJob") if c.params["TrainingJobName"] == "corpus-debugger"
    ]
    assert (
        debugger[0].params["DebugRuleConfigurations"][0]["RuleParameters"]["rule_to_invoke"]
        == "LossNotDecreasing"
    )
    capture = deploy(
        local,
        "ack/e2e/endpoint_config_data_capture_single_variant.yaml",
        values={"ENDPOINT_CONFIG_NAME": "corpus-capture"},
    )
    assert created(capture) == ["corpus-capture"]
    components = deploy(
        local,
        "ack/e2e/endpoint_config_inference_component.yaml",
        "ack/e2e/cross_region_model.yaml",
        values={
            "ENDPOINT_CONFIG_NAME": "corpus-components",
            "MODEL_NAME": "corpus-elsewhere",
            "REGION": "eu-west-1",
        },
    )
    assert len(created(components)) == 2, "a config for inference components has no model"
    (elsewhere,) = [c for c in local.calls_to("CreateModel") if c.params["ModelName"] == "corpus-elsewhere"]
    assert elsewhere.region == "eu-west-1", "the services.k8s.aws/region annotation"


@pytest.mark.parametrize(
    "sample", ["hosting-autoscaling-predefined.yaml", "hosting-autoscaling-custom-metric.yaml"]
)
def test_acks_autoscaling_samples_attach_to_the_endpoint_they_name(local, sample):
    deploy(
        local,
        "ack/e2e/xgboost_model.yaml",
        "ack/e2e/endpoint_config_single_variant.yaml",
        "ack/e2e/endpoint_base.yaml",
        f"ack-autoscaling/samples/{sample}",
    )
    aas = local.client("application-autoscaling")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["ResourceId"] == "endpoint/corpus-endpoint/variant/variant-1"
    (policy,) = aas.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]
    assert policy["PolicyName"].startswith("ack-scaling-policy-")


@pytest.mark.parametrize(
    "policy",
    ["sagemaker_endpoint_autoscaling_policy.yaml", "sagemaker_endpoint_custom_autoscaling_policy.yaml"],
)
def test_acks_autoscaling_e2e_resources_attach_too(local, policy):
    deploy(
        local,
        "ack/e2e/xgboost_model.yaml",
        "ack/e2e/endpoint_config_single_variant.yaml",
        "ack/e2e/endpoint_base.yaml",
        "ack-autoscaling/e2e/sagemaker_endpoint_autoscaling_target.yaml",
        f"ack-autoscaling/e2e/{policy}",
    )
    aas = local.client("application-autoscaling")
    (registered,) = aas.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]
    assert registered["PolicyName"] == "corpus-policy"


def test_an_autoscaling_document_for_an_endpoint_not_deployed_here_is_refused(local):
    (line,) = refused(local, "ack-autoscaling/e2e/sagemaker_endpoint_autoscaling_target.yaml")
    assert "spec.resourceID: names endpoint 'corpus-endpoint', which none of these manifests deploys" in line
    assert "pulumi-aws's appautoscaling.Target and Policy" in line
