"""A user's session with the SageMaker Python SDK v2, run against a local SageMaker.

Run by tests/test_sdk_client.py in its own virtualenv (.venv-sdk: the SDK pins `packaging<25`,
which the project's Pulumi cannot use), pointed at the local SageMaker through the standard
AWS_ENDPOINT_URL. Prints what the SDK printed (job logs) and, last, one JSON line with what the
test asserts on. Only the SDK's polling sleeps are shortened, so the run takes seconds, not minutes.
"""

from __future__ import annotations

import json
import sys
import time

import boto3
import sagemaker
import sagemaker.telemetry.telemetry_logging
from sagemaker.estimator import Estimator
from sagemaker.serializers import CSVSerializer
from sagemaker.tuner import ContinuousParameter, HyperparameterTuner, IntegerParameter

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
METRICS = [{"Name": "validation:auc", "Regex": "validation:auc=([0-9.]+)"}]
_sleep, _time = time.sleep, time.time
_skipped = 0.0


def fast_polls() -> None:
    """The SDK waits 5-30 s between polls (and describes a job at most every 30 s while it tails
    logs); the local SageMaker's jobs take fractions of a second. Sleeps are cut short and the
    SDK's clock moves on by what was skipped, so it behaves as after a full wait."""

    def sleep(seconds: float) -> None:
        global _skipped
        _sleep(min(seconds, 0.05))
        _skipped += max(0.0, seconds - 0.05)

    time.sleep = sleep
    time.time = lambda: _time() + _skipped


def no_telemetry() -> None:
    # The SDK reports usage to an AWS bucket after each call; offline that is a network timeout.
    sagemaker.telemetry.telemetry_logging._send_telemetry_request = lambda *args, **kwargs: None


def main() -> None:
    fast_polls()
    no_telemetry()
    role_arn, bucket = sys.argv[1], sys.argv[2]
    session = sagemaker.Session(boto3.Session(region_name="us-east-1"), default_bucket=bucket)
    estimator = Estimator(
        image_uri=IMAGE,
        role=role_arn,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=f"s3://{bucket}/models",
        metric_definitions=METRICS,
        hyperparameters={"objective": "binary:logistic", "num_round": "20"},
        sagemaker_session=session,
    )
    inputs = {"train": f"s3://{bucket}/train", "validation": f"s3://{bucket}/validation"}
    estimator.fit(inputs, job_name="sdk-train", logs="All")
    attached = Estimator.attach("sdk-train", sagemaker_session=session)
    predictor = estimator.deploy(
        initial_instance_count=1,
        instance_type="ml.m5.large",
        endpoint_name="sdk-ep",
        serializer=CSVSerializer(),
    )
    prediction = predictor.predict("0.5,1.5,2.5\n1.0,2.0,3.0").decode()
    predictor.update_endpoint(initial_instance_count=2, instance_type="ml.m5.xlarge")
    updated = session.sagemaker_client.describe_endpoint(EndpointName="sdk-ep")
    tuner = HyperparameterTuner(
        estimator,
        objective_metric_name="validation:auc",
        hyperparameter_ranges={"eta": ContinuousParameter(0.01, 0.3), "max_depth": IntegerParameter(3, 8)},
        metric_definitions=METRICS,
        max_jobs=4,
        max_parallel_jobs=2,
    )
    tuner.fit(inputs, job_name="sdk-tune")
    tuner.wait()
    best = tuner.best_training_job()
    reattached = HyperparameterTuner.attach("sdk-tune", sagemaker_session=session)
    transformer = estimator.transformer(
        instance_count=1, instance_type="ml.m5.large", output_path=f"s3://{bucket}/batch-out"
    )
    transformer.transform(
        f"s3://{bucket}/batch-in", content_type="text/csv", split_type="Line", job_name="sdk-batch", wait=True
    )
    predictor.delete_endpoint()
    predictor.delete_model()
    summary = {
        "model_data": estimator.model_data,
        "attached_model_data": attached.model_data,
        "attached_hyperparameters": attached.hyperparameters(),
        "prediction": prediction,
        "updated_config": updated["EndpointConfigName"],
        "updated_count": updated["ProductionVariants"][0]["CurrentInstanceCount"],
        "best_training_job": best,
        "reattached_max_jobs": reattached.max_jobs,
        "reattached_ranges": sorted(reattached.hyperparameter_ranges()),
        "transform_output": transformer.output_path,
        "transform_status": session.sagemaker_client.describe_transform_job(TransformJobName="sdk-batch")[
            "TransformJobStatus"
        ],
        "endpoints_left": session.sagemaker_client.list_endpoints()["Endpoints"],
    }
    print("SUMMARY " + json.dumps(summary, default=str))


if __name__ == "__main__":
    main()
