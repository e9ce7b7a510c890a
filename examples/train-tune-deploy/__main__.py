"""Train, tune, deploy and batch-score in one `pulumi up`, each step fed by the outputs of the one before.

0. a small MNIST-shaped sample uploaded to the bucket the stack makes: `mnist/train/` and
   `mnist/validation/` (a label, then 784 pixels per line) and `mnist/test/` (pixels only, to score).
   SageMaker refuses a job whose input prefix holds no object, so each job reads its prefixes through
   the uploads' outputs and is created once the data is there. Upload MNIST itself under those
   prefixes to train and score a real model;
1. a baseline TrainingJob: XGBoost on MNIST with hand-picked hyperparameters;
2. a HyperparameterTuningJob over them: the baseline's own hyperparameters are its static ones, except
   those it searches (eta, max_depth, min_child_weight), minimising the validation error;
3. a HostingDeployment serving the tuning job's `best_model_artifacts`;
4. a BatchTransformJob scoring the test set with the model the deployment serves (`model_names`).

`pulumi up` waits for each step and prints its progress (the tuning job's training jobs completed, in
progress and failed, and the best objective so far) and the training and transform jobs' logs.
`pulumi config set maxTrainingJobs 20` widens the search (a new tuning job; the endpoint then rolls the
new best model out without downtime).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import Channel, ResourceConfig, StoppingCondition

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
BASELINE = {
    "num_round": "50",
    "objective": "multi:softmax",
    "num_class": "10",
    "eta": "0.3",
    "max_depth": "6",
    "min_child_weight": "1",
}
TUNED = {"eta", "max_depth", "min_child_weight"}


def mnist_like_csv(digits: Iterable[int], *, labelled: bool = True) -> str:
    """A few 28x28 "images" as SageMaker's XGBoost reads CSV: per line the label (for training), then
    784 pixel values, no header. Each digit lights a row of pixels of its own."""

    def line(digit: int) -> str:
        pixels = ["1" if pixel // 28 == 4 + 2 * digit else "0" for pixel in range(28 * 28)]
        return ",".join([str(digit), *pixels] if labelled else pixels)

    return "".join(f"{line(digit)}\n" for digit in digits)


def upload_sample(bucket: aws.s3.Bucket, channel: str, content: str) -> pulumi.Output[str]:
    """`content` uploaded under `mnist/<channel>/`; that prefix's S3 URI, made of the upload's outputs so
    that a job reading it is created after the object exists."""
    sample = aws.s3.BucketObjectv2(
        f"mnist-{channel}",
        bucket=bucket.id,
        key=f"mnist/{channel}/sample.csv",
        content=content,
        content_type="text/csv",
    )
    return pulumi.Output.concat("s3://", sample.bucket, f"/mnist/{channel}")


def execution_role(bucket: aws.s3.Bucket) -> aws.iam.Role:
    """Read the data and write the models of this bucket, write logs and metrics; nothing else."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = aws.iam.Role("sagemaker-execution", assume_role_policy=json.dumps(trust))

    def policy(arn: str) -> str:
        statements = [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"{arn}/*"},
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "arn:aws:logs:*:*:log-group:/aws/sagemaker/*",
            },
            {
                "Effect": "Allow",
                "Action": "cloudwatch:PutMetricData",
                "Resource": "*",
                "Condition": {"StringLike": {"cloudwatch:namespace": "/aws/sagemaker/*"}},
            },
        ]
        return json.dumps({"Version": "2012-10-17", "Statement": statements})

    aws.iam.RolePolicy("sagemaker-execution", role=role.id, policy=bucket.arn.apply(policy))
    return role


def program() -> None:
    config = pulumi.Config()
    max_jobs = config.get_int("maxTrainingJobs") or 4

    bucket = aws.s3.Bucket("data", force_destroy=True)
    role = execution_role(bucket)

    def s3(path: str) -> pulumi.Output[str]:
        return bucket.bucket.apply(lambda b: f"s3://{b}/{path}")

    data = {
        "train": upload_sample(bucket, "train", mnist_like_csv(range(10))),
        "validation": upload_sample(bucket, "validation", mnist_like_csv(reversed(range(10)))),
        "test": upload_sample(bucket, "test", mnist_like_csv(range(3), labelled=False)),
    }

    def channel(name: str) -> Channel:
        return {
            "channel_name": name,
            "content_type": "text/csv",
            "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": data[name]}},
        }

    # What the baseline and the tuning job's training jobs share (typed: pulumi_sagemaker.types).
    channels: list[Channel] = [channel("train"), channel("validation")]
    resources: ResourceConfig = {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5}
    stopping: StoppingCondition = {"max_runtime_in_seconds": 3600}
    baseline = sm.TrainingJob(
        "baseline",
        role_arn=role.arn,
        algorithm_specification={"training_image": XGBOOST_IMAGE, "training_input_mode": "File"},
        input_data_config=channels,
        output_data_config={"s3_output_path": s3("baseline/")},
        resource_config=resources,
        stopping_condition=stopping,
        hyper_parameters=BASELINE,
    )

    tuning = sm.HyperparameterTuningJob(
        "mnist-tuning",
        hyper_parameter_tuning_job_config={
            "strategy": "Bayesian",
            "hyper_parameter_tuning_job_objective": {"type": "Minimize", "metric_name": "validation:merror"},
            "resource_limits": {"max_number_of_training_jobs": max_jobs, "max_parallel_training_jobs": 2},
            "parameter_ranges": {
                "continuous_parameter_ranges": [
                    {"name": "eta", "min_value": "0.05", "max_value": "0.5", "scaling_type": "Logarithmic"},
                    {"name": "min_child_weight", "min_value": "1", "max_value": "10"},
                ],
                "integer_parameter_ranges": [{"name": "max_depth", "min_value": "3", "max_value": "10"}],
            },
            "training_job_early_stopping_type": "Auto",
        },
        training_job_definition={
            # The baseline's own hyperparameters, but those the tuning job searches.
            "static_hyper_parameters": baseline.hyper_parameters.apply(
                lambda hp: {k: v for k, v in (hp or {}).items() if k not in TUNED}
            ),
            "role_arn": role.arn,
            "algorithm_specification": {"training_image": XGBOOST_IMAGE, "training_input_mode": "File"},
            "input_data_config": channels,
            "output_data_config": {"s3_output_path": s3("tuning/")},
            "resource_config": resources,
            "stopping_condition": stopping,
        },
        tags={"experiment": "mnist-tuning"},
    )

    hosting = sm.HostingDeployment(
        "mnist-best",
        models=[
            {
                "name": "xgb",
                "execution_role_arn": role.arn,
                "containers": [{"image": XGBOOST_IMAGE, "model_data_url": tuning.best_model_artifacts}],
            }
        ],
        production_variants=[
            {
                "variant_name": "AllTraffic",
                "model_name": "xgb",
                "instance_type": "ml.m5.large",
                "initial_instance_count": 1,
            }
        ],
    )

    scoring = sm.BatchTransformJob(
        "mnist-test-scores",
        model_name=hosting.model_names.apply(lambda names: names["xgb"]),
        transform_input={
            "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": data["test"]}},
            "content_type": "text/csv",
            "split_type": "Line",
        },
        transform_output={"s3_output_path": s3("scores/"), "assemble_with": "Line"},
        transform_resources={"instance_type": "ml.m5.large", "instance_count": 1},
    )

    pulumi.export("baseline_job", baseline.training_job_name)
    pulumi.export("tuning_job", tuning.hyper_parameter_tuning_job_name)
    pulumi.export("best_training_job", tuning.best_training_job)
    pulumi.export("best_model_artifacts", tuning.best_model_artifacts)
    pulumi.export("endpoint_name", hosting.endpoint_name)
    pulumi.export("endpoint_url", hosting.endpoint_url)
    pulumi.export("scores", scoring.output_path)
    pulumi.export("scoring_status", scoring.status)


if __name__ == "__main__":
    program()
