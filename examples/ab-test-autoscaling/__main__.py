"""An A/B test of two XGBoost models, trained in the same `pulumi up` that serves them.

- a small MNIST-shaped sample uploaded to the bucket the stack makes (`mnist/train/` and
  `mnist/validation/`): SageMaker refuses a job whose input prefix holds no object, so the jobs read the
  prefixes through the uploads' outputs and start once the data is there. Upload MNIST itself under
  those prefixes to train real models on it;
- two TrainingJobs (the champion's hyperparameters and a challenger's) on the same data;
- one HostingDeployment serving both, each model's `model_data_url` the `model_artifacts` of its job;
- the champion's variant autoscaled on invocations per instance (2 to 6 instances);
- a canary blue/green rollout for later changes of model or instance type, rolled back by SageMaker
  if the endpoint's 5xx alarm goes off;
- an execution role that may read the data and write the models of this bucket, and write its logs
  and metrics, nothing else.

Shift traffic with `pulumi config set challengerWeight 50`: the next `up` changes the weights in place
(no new instances, no new endpoint config). Retraining (a changed hyperparameter) rolls the new model
out with the canary deployment while the endpoint keeps serving.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import Channel, ContainerDefinition, HostingModel

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
CHAMPION = {"num_round": "50", "objective": "multi:softmax", "num_class": "10", "max_depth": "5"}
CHALLENGER = {**CHAMPION, "num_round": "200", "eta": "0.1", "max_depth": "8"}


def mnist_like_csv(digits: Iterable[int]) -> str:
    """A few 28x28 "images" as SageMaker's XGBoost reads CSV: per line the label, then 784 pixel values,
    no header. Each digit lights a row of pixels of its own."""

    def line(digit: int) -> str:
        pixels = ["1" if pixel // 28 == 4 + 2 * digit else "0" for pixel in range(28 * 28)]
        return ",".join([str(digit), *pixels])

    return "".join(f"{line(digit)}\n" for digit in digits)


def upload_sample(bucket: aws.s3.Bucket, channel: str) -> pulumi.Output[str]:
    """The sample uploaded under `mnist/<channel>/`; that prefix's S3 URI, made of the upload's outputs
    so that a job reading it is created after the object exists."""
    sample = aws.s3.BucketObjectv2(
        f"mnist-{channel}",
        bucket=bucket.id,
        key=f"mnist/{channel}/sample.csv",
        content=mnist_like_csv(range(10)),
        content_type="text/csv",
    )
    return pulumi.Output.concat("s3://", sample.bucket, f"/mnist/{channel}")


def execution_role(bucket: aws.s3.Bucket) -> aws.iam.Role:
    role = aws.iam.Role(
        "sagemaker-execution",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "sagemaker.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    policy = bucket.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
                    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"{arn}/*"},
                    {
                        "Effect": "Allow",
                        "Action": [
                            "logs:CreateLogGroup",
                            "logs:CreateLogStream",
                            "logs:DescribeLogStreams",
                            "logs:PutLogEvents",
                        ],
                        "Resource": "arn:aws:logs:*:*:log-group:/aws/sagemaker/*",
                    },
                    {
                        "Effect": "Allow",
                        "Action": "cloudwatch:PutMetricData",
                        "Resource": "*",
                        "Condition": {"StringLike": {"cloudwatch:namespace": "/aws/sagemaker/*"}},
                    },
                ],
            }
        )
    )
    aws.iam.RolePolicy("sagemaker-execution", role=role.id, policy=policy)
    return role


def training_job(
    name: str,
    data: dict[str, pulumi.Output[str]],
    bucket: aws.s3.Bucket,
    role: aws.iam.Role,
    hyper: dict[str, str],
) -> sm.TrainingJob:
    """A job on `data` (channel name: S3 prefix URI), writing its model to the bucket's `jobs/`."""
    channels: list[Channel] = [
        {
            "channel_name": channel_name,
            "content_type": "text/csv",
            "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": uri}},
        }
        for channel_name, uri in data.items()
    ]
    return sm.TrainingJob(
        name,
        role_arn=role.arn,
        algorithm_specification={"training_image": XGBOOST_IMAGE, "training_input_mode": "File"},
        input_data_config=channels,
        output_data_config={"s3_output_path": bucket.bucket.apply(lambda b: f"s3://{b}/jobs/")},
        resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        stopping_condition={"max_runtime_in_seconds": 3600},
        hyper_parameters=hyper,
        tags={"experiment": "mnist-ab"},
    )


def program() -> None:
    config = pulumi.Config()
    challenger_weight = config.get_float("challengerWeight")
    if challenger_weight is None:
        challenger_weight = 10.0
    endpoint_name = f"mnist-ab-{pulumi.get_stack()}"

    bucket = aws.s3.Bucket("data", force_destroy=True)
    role = execution_role(bucket)
    data = {channel: upload_sample(bucket, channel) for channel in ("train", "validation")}
    champion = training_job("champion", data, bucket, role, CHAMPION)
    challenger = training_job("challenger", data, bucket, role, CHALLENGER)

    # SageMaker rolls a deployment back when this alarm fires during its canary wait.
    alarm = aws.cloudwatch.MetricAlarm(
        "mnist-ab-5xx",
        namespace="AWS/SageMaker",
        metric_name="Invocation5XXErrors",
        dimensions={"EndpointName": endpoint_name, "VariantName": "Champion"},
        statistic="Sum",
        period=60,
        evaluation_periods=1,
        threshold=1,
        comparison_operator="GreaterThanOrEqualToThreshold",
        treat_missing_data="notBreaching",
    )

    def model(name: str, job: sm.TrainingJob) -> HostingModel:
        container: ContainerDefinition = {"image": XGBOOST_IMAGE, "model_data_url": job.model_artifacts}
        return {"name": name, "execution_role_arn": role.arn, "containers": [container]}

    ab = sm.HostingDeployment(
        "mnist-ab",
        endpoint_name=endpoint_name,
        models=[model("champion", champion), model("challenger", challenger)],
        production_variants=[
            {
                "variant_name": "Champion",
                "model_name": "champion",
                "instance_type": "ml.m5.large",
                "initial_instance_count": 2,
                "initial_variant_weight": 100 - challenger_weight,
                "autoscaling": {
                    "min_capacity": 2,
                    "max_capacity": 6,
                    "policies": [{"target_value": 200, "scale_in_cooldown": 300, "scale_out_cooldown": 60}],
                },
            },
            {
                "variant_name": "Challenger",
                "model_name": "challenger",
                "instance_type": "ml.m5.large",
                "initial_instance_count": 1,
                "initial_variant_weight": challenger_weight,
            },
        ],
        deployment_config={
            "blue_green_update_policy": {
                "traffic_routing_configuration": {
                    "type": "CANARY",
                    "canary_size": {"type": "CAPACITY_PERCENT", "value": 10},
                    "wait_interval_in_seconds": 300,
                },
                "termination_wait_in_seconds": 300,
            },
            "auto_rollback_configuration": {"alarms": [{"alarm_name": alarm.name}]},
        },
        tags={"experiment": "mnist-ab"},
    )

    pulumi.export("champion_job", champion.training_job_name)
    pulumi.export("challenger_job", challenger.training_job_name)
    pulumi.export("endpoint_name", ab.endpoint_name)
    pulumi.export("endpoint_url", ab.endpoint_url)
    pulumi.export("endpoint_config", ab.endpoint_config_name)
    pulumi.export("variants", ab.variants)


if __name__ == "__main__":
    program()
