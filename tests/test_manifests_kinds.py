"""Every kind, from the operator's YAML and from ACK's, reaches SageMaker (and Application Auto Scaling)
with the request the Python API sends for the same resource, as the local SageMaker received it."""

from __future__ import annotations

from typing import Any

import pulumi_sagemaker as sm
from pulumi_sagemaker.testing import run

ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
IMAGE = "433757028032.dkr.ecr.us-west-2.amazonaws.com/xgboost:1"
OPERATOR = "apiVersion: sagemaker.aws.amazon.com/v1"
ACK = "apiVersion: sagemaker.services.k8s.aws/v1alpha1"
AAS = "apiVersion: applicationautoscaling.services.k8s.aws/v1alpha1"

TRAINING = {
    "role_arn": ROLE,
    "hyper_parameters": {"num_round": "10", "objective": "multi:softmax"},
    "algorithm_specification": {"training_image": IMAGE, "training_input_mode": "File"},
    "input_data_config": [
        {
            "channel_name": "train",
            "data_source": {
                "s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://data-bucket/train/"}
            },
            "content_type": "text/csv",
        }
    ],
    "output_data_config": {"s3_output_path": "s3://data-bucket/jobs/"},
    "resource_config": {"instance_count": 1, "instance_type": "ml.m5.xlarge", "volume_size_in_gb": 5},
    "stopping_condition": {"max_runtime_in_seconds": 3600},
    "tags": {"team": "ml"},
}
TRAINING_OPERATOR = f"""
  roleArn: {ROLE}
  hyperParameters:
    - {{name: num_round, value: "10"}}
    - {{name: objective, value: "multi:softmax"}}
  algorithmSpecification: {{trainingImage: {IMAGE}, trainingInputMode: File}}
  inputDataConfig:
    - channelName: train
      dataSource: {{s3DataSource: {{s3DataType: S3Prefix, s3Uri: "s3://data-bucket/train/"}}}}
      contentType: text/csv
  outputDataConfig: {{s3OutputPath: "s3://data-bucket/jobs/"}}
  resourceConfig: {{instanceCount: 1, instanceType: ml.m5.xlarge, volumeSizeInGB: 5}}
  stoppingCondition: {{maxRuntimeInSeconds: 3600}}
  tags: [{{key: team, value: ml}}]
"""
TRAINING_ACK = f"""
  roleARN: {ROLE}
  hyperParameters: {{num_round: "10", objective: "multi:softmax"}}
  algorithmSpecification: {{trainingImage: {IMAGE}, trainingInputMode: File}}
  inputDataConfig:
    - channelName: train
      dataSource: {{s3DataSource: {{s3DataType: S3Prefix, s3URI: "s3://data-bucket/train/"}}}}
      contentType: text/csv
  outputDataConfig: {{s3OutputPath: "s3://data-bucket/jobs/"}}
  resourceConfig: {{instanceCount: 1, instanceType: ml.m5.xlarge, volumeSizeInGB: 5}}
  stoppingCondition: {{maxRuntimeInSeconds: 3600}}
  tags: [{{key: team, value: ml}}]
"""
DEFINITION = {k: v for k, v in TRAINING.items() if k not in ("hyper_parameters", "tags")}
TUNING = {
    "hyper_parameter_tuning_job_config": {
        "strategy": "Bayesian",
        "hyper_parameter_tuning_job_objective": {"type": "Minimize", "metric_name": "validation:error"},
        "resource_limits": {"max_number_of_training_jobs": 2, "max_parallel_training_jobs": 2},
        "parameter_ranges": {
            "continuous_parameter_ranges": [
                {"name": "eta", "min_value": "0.1", "max_value": "0.5", "scaling_type": "Linear"}
            ]
        },
    },
    "training_job_definition": {"static_hyper_parameters": {"num_round": "10"}, **DEFINITION},
}


def _indent(text: str, by: int) -> str:
    return "\n".join((" " * by + line) if line.strip() else line for line in text.strip("\n").splitlines())


TUNING_COMMON = """
  hyperParameterTuningJobConfig:
    strategy: Bayesian
    hyperParameterTuningJobObjective: {{{type}: Minimize, metricName: "validation:error"}}
    resourceLimits: {{maxNumberOfTrainingJobs: 2, maxParallelTrainingJobs: 2}}
    parameterRanges:
      continuousParameterRanges: [{{name: eta, minValue: "0.1", maxValue: "0.5", scalingType: Linear}}]
  trainingJobDefinition:
    staticHyperParameters: {static}
{definition}
"""
TRANSFORM = {
    "transform_input": {
        "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": "s3://data-bucket/test/"}},
        "content_type": "text/csv",
        "split_type": "Line",
    },
    "transform_output": {"s3_output_path": "s3://data-bucket/scores/"},
    "transform_resources": {"instance_count": 1, "instance_type": "ml.m5.large"},
    "environment": {"MODE": "batch"},
}
TRANSFORM_YAML = """
  transformInput:
    dataSource: {{s3DataSource: {{s3DataType: S3Prefix, {uri}: "s3://data-bucket/test/"}}}}
    contentType: text/csv
    splitType: Line
  transformOutput: {{s3OutputPath: "s3://data-bucket/scores/"}}
  transformResources: {{instanceCount: 1, instanceType: ml.m5.large}}
  environment: {environment}
"""
PROCESSING = {
    "role_arn": ROLE,
    "app_specification": {"image_uri": IMAGE, "container_entrypoint": ["python", "/opt/ml/code/run.py"]},
    "processing_resources": {
        "cluster_config": {"instance_count": 1, "instance_type": "ml.m5.xlarge", "volume_size_in_gb": 20}
    },
    "processing_inputs": [
        {
            "input_name": "code",
            "s3_input": {
                "s3_uri": "s3://data-bucket/code/run.py",
                "local_path": "/opt/ml/code",
                "s3_data_type": "S3Prefix",
                "s3_input_mode": "File",
            },
        }
    ],
    "stopping_condition": {"max_runtime_in_seconds": 1800},
}
PROCESSING_YAML = """
  {role}: {ROLE}
  appSpecification: {{{image}: {IMAGE}, containerEntrypoint: [python, /opt/ml/code/run.py]}}
  processingResources: {{clusterConfig: {{instanceCount: 1, instanceType: ml.m5.xlarge, volumeSizeInGB: 20}}}}
  processingInputs:
    - inputName: code
      s3Input:
        {uri}: "s3://data-bucket/code/run.py"
        localPath: /opt/ml/code
        s3DataType: S3Prefix
        s3InputMode: File
  stoppingCondition: {{maxRuntimeInSeconds: 1800}}
"""
MODEL = {
    "execution_role_arn": ROLE,
    "primary_container": {
        "image": IMAGE,
        "model_data_url": "s3://data-bucket/model.tar.gz",
        "environment": {"A": "1"},
    },
}
MODEL_YAML = """
  {role}: {ROLE}
  primaryContainer: {{image: {IMAGE}, {url}: "s3://data-bucket/model.tar.gz", environment: {environment}}}
"""
VARIANTS = [{"variant_name": "AllTraffic", "instance_type": "ml.m5.large", "initial_instance_count": 1}]


def python_program() -> None:
    sm.TrainingJob("py-training", training_job_name="py-training", **TRAINING)
    sm.HyperparameterTuningJob("py-tuning", hyper_parameter_tuning_job_name="py-tuning", **TUNING)
    model = sm.Model("py-model", model_name="py-model", **MODEL)
    sm.BatchTransformJob(
        "py-transform", transform_job_name="py-transform", model_name=model.model_name, **TRANSFORM
    )
    sm.ProcessingJob("py-processing", processing_job_name="py-processing", **PROCESSING)
    config = sm.EndpointConfig(
        "py-config",
        endpoint_config_name="py-config",
        production_variants=[{**VARIANTS[0], "model_name": model.model_name}],
    )
    sm.Endpoint(
        "py-endpoint",
        endpoint_name="py-endpoint",
        endpoint_config_name=config.endpoint_config_name,
        autoscaling={
            "AllTraffic": {
                "min_capacity": 1,
                "max_capacity": 3,
                "policies": [{"policy_name": "invocations", "target_value": 70}],
            }
        },
    )
    sm.HostingDeployment(
        "py-hosting",
        endpoint_name="py-hosting",
        models=[{"name": "xgb", **MODEL}],
        production_variants=[
            {
                **VARIANTS[0],
                "model_name": "xgb",
                "autoscaling": {
                    "min_capacity": 1,
                    "max_capacity": 3,
                    "policies": [{"policy_name": "invocations", "target_value": 70}],
                },
            }
        ],
    )


def doc(api: str, kind: str, name: str, spec: str) -> str:
    return f"{api}\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec.strip(chr(10))}\n"


def operator_yaml() -> str:
    definition = _indent(
        "\n".join(
            line
            for line in TRAINING_OPERATOR.strip("\n").splitlines()
            if not line.startswith(("  hyperParameters", "    - {name", "  tags"))
        ),
        2,
    )
    docs = [
        doc(OPERATOR, "TrainingJob", "op-training", "  trainingJobName: op-training" + TRAINING_OPERATOR),
        doc(
            OPERATOR,
            "HyperparameterTuningJob",
            "op-tuning",
            "  hyperParameterTuningJobName: op-tuning"
            + TUNING_COMMON.format(
                type="type", static='[{name: num_round, value: "10"}]', definition=definition
            ),
        ),
        doc(
            OPERATOR,
            "Model",
            "op-model",
            MODEL_YAML.format(
                role="executionRoleArn",
                ROLE=ROLE,
                IMAGE=IMAGE,
                url="modelDataUrl",
                environment="[{name: A, value: '1'}]",
            ),
        ),
        doc(
            OPERATOR,
            "BatchTransformJob",
            "op-transform",
            "  transformJobName: op-transform\n  modelName: op-model"
            + TRANSFORM_YAML.format(uri="s3Uri", environment="[{name: MODE, value: batch}]"),
        ),
        doc(
            OPERATOR,
            "ProcessingJob",
            "op-processing",
            "  processingJobName: op-processing"
            + PROCESSING_YAML.format(role="roleArn", ROLE=ROLE, image="imageUri", IMAGE=IMAGE, uri="s3Uri"),
        ),
        doc(
            OPERATOR,
            "EndpointConfig",
            "op-config",
            "  productionVariants: "
            "[{variantName: AllTraffic, modelName: op-model, instanceType: ml.m5.large, "
            "initialInstanceCount: 1}]",
        ),
        doc(
            OPERATOR,
            "HostingDeployment",
            "op-hosting",
            "  endpointName: op-hosting\n"
            "  productionVariants: [{variantName: AllTraffic, modelName: xgb, instanceType: ml.m5.large, "
            "initialInstanceCount: 1}]\n"
            f"  models:\n    - name: xgb\n      executionRoleArn: {ROLE}\n"
            f'      containers: [{{image: {IMAGE}, modelDataUrl: "s3://data-bucket/model.tar.gz", '
            "environment: [{name: A, value: '1'}]}]",
        ),
        doc(
            OPERATOR,
            "HostingAutoscalingPolicy",
            "op-scaling",
            "  resourceId: [{endpointName: op-hosting, variantName: AllTraffic}]\n  minCapacity: 1\n  "
            "maxCapacity: 3\n"
            "  policyName: invocations\n  targetTrackingScalingPolicyConfiguration:\n    targetValue: 70\n"
            "    predefinedMetricSpecification: "
            "{predefinedMetricType: SageMakerVariantInvocationsPerInstance}",
        ),
    ]
    return "---\n".join(docs)


def ack_yaml() -> str:
    definition = _indent(
        "\n".join(
            line
            for line in TRAINING_ACK.strip("\n").splitlines()
            if not line.startswith(("  hyperParameters", "  tags"))
        ),
        2,
    )
    docs = [
        doc(ACK, "TrainingJob", "ack-training", "  trainingJobName: ack-training" + TRAINING_ACK),
        doc(
            ACK,
            "HyperParameterTuningJob",
            "ack-tuning",
            "  hyperParameterTuningJobName: ack-tuning"
            + TUNING_COMMON.format(type="type_", static='{num_round: "10"}', definition=definition),
        ),
        doc(
            ACK,
            "Model",
            "ack-model",
            "  modelName: ack-model"
            + MODEL_YAML.format(
                role="executionRoleARN", ROLE=ROLE, IMAGE=IMAGE, url="modelDataURL", environment="{A: '1'}"
            ),
        ),
        doc(
            ACK,
            "TransformJob",
            "ack-transform",
            "  transformJobName: ack-transform\n  modelName: ack-model"
            + TRANSFORM_YAML.format(uri="s3URI", environment="{MODE: batch}"),
        ),
        doc(
            ACK,
            "ProcessingJob",
            "ack-processing",
            "  processingJobName: ack-processing"
            + PROCESSING_YAML.format(role="roleARN", ROLE=ROLE, image="imageURI", IMAGE=IMAGE, uri="s3URI"),
        ),
        doc(
            ACK,
            "EndpointConfig",
            "ack-config",
            "  endpointConfigName: ack-config\n  productionVariants: "
            "[{variantName: AllTraffic, modelName: ack-model, instanceType: ml.m5.large, "
            "initialInstanceCount: 1}]",
        ),
        doc(
            ACK, "Endpoint", "ack-endpoint", "  endpointName: ack-endpoint\n  endpointConfigName: ack-config"
        ),
        doc(
            AAS,
            "ScalableTarget",
            "ack-target",
            "  resourceID: endpoint/ack-endpoint/variant/AllTraffic\n  scalableDimension: "
            "sagemaker:variant:DesiredInstanceCount\n  serviceNamespace: sagemaker\n"
            "  minCapacity: 1\n  maxCapacity: 3",
        ),
        doc(
            AAS,
            "ScalingPolicy",
            "ack-policy",
            "  policyName: invocations\n  policyType: TargetTrackingScaling\n  resourceID: "
            "endpoint/ack-endpoint/variant/AllTraffic\n"
            "  scalableDimension: sagemaker:variant:DesiredInstanceCount\n  serviceNamespace: sagemaker\n"
            "  targetTrackingScalingPolicyConfiguration:\n    targetValue: 70\n"
            "    predefinedMetricSpecification: "
            "{predefinedMetricType: SageMakerVariantInvocationsPerInstance}",
        ),
    ]
    return "---\n".join(docs)


NAMES = {
    "CreateTrainingJob": "TrainingJobName",
    "CreateHyperParameterTuningJob": "HyperParameterTuningJobName",
    "CreateTransformJob": "TransformJobName",
    "CreateProcessingJob": "ProcessingJobName",
    "CreateModel": "ModelName",
    "CreateEndpointConfig": "EndpointConfigName",
    "CreateEndpoint": "EndpointName",
}


def requests(local, flavour: str) -> dict[str, Any]:
    """Each Create request of one flavour (its resources are named `<flavour>-<role>...`) by operation and
    role, without what differs by flavour: its own names and the owner tag (who made it)."""
    found: dict[str, Any] = {}
    for operation, name_member in NAMES.items():
        for call in local.calls_to(operation):
            name = call.params[name_member]
            if name.startswith(f"{flavour}-"):
                role = name.split("-")[1]
                found[f"{operation}:{role}"] = _neutral(call.params, flavour, name_member)
    aas = local.client("application-autoscaling")
    for policy in aas.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]:
        endpoint = policy["ResourceId"].split("/")[1]
        if endpoint.startswith(f"{flavour}-"):
            config = policy["TargetTrackingScalingPolicyConfiguration"]
            found[f"policy:{endpoint.split('-')[1]}"] = (policy["PolicyName"], config)
    return found


def _neutral(params: dict[str, Any], flavour: str, name_member: str) -> dict[str, Any]:
    out = {k: v for k, v in params.items() if k != name_member}
    out["Tags"] = [t for t in params.get("Tags", []) if t["Key"] != "pulumi-sagemaker:owner"]
    for variant in out.get("ProductionVariants", []):
        variant["ModelName"] = variant["ModelName"].split("-")[1]  # <flavour>-model, or hosting's generated
    if "ModelName" in out:  # a transform's: the operator's Model has a generated name
        out["ModelName"] = out["ModelName"].split("-")[1]
    if "EndpointConfigName" in out:
        out["EndpointConfigName"] = out["EndpointConfigName"].split("-")[1]
    return out


def test_every_kind_sends_what_the_python_api_sends_from_either_api_group(local):
    def manifests() -> None:
        sm.from_manifests([operator_yaml(), ack_yaml()])

    run(python_program, config=local.config)
    run(manifests, config=local.config)
    python, operator, ack = requests(local, "py"), requests(local, "op"), requests(local, "ack")
    assert sorted(python) == [
        "CreateEndpoint:endpoint",
        "CreateEndpoint:hosting",
        "CreateEndpointConfig:config",
        "CreateEndpointConfig:hosting",
        "CreateHyperParameterTuningJob:tuning",
        "CreateModel:hosting",
        "CreateModel:model",
        "CreateProcessingJob:processing",
        "CreateTrainingJob:training",
        "CreateTransformJob:transform",
        "policy:endpoint",
        "policy:hosting",
    ]
    # The operator has no Endpoint kind (a HostingDeployment makes its own), ACK no HostingDeployment.
    assert {k: v for k, v in python.items() if not k.endswith(":endpoint")} == operator
    assert {k: v for k, v in python.items() if not k.endswith(":hosting")} == ack
