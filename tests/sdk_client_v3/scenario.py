"""A user's session with the SageMaker Python SDK v3, run against a local SageMaker.

Run by tests/test_sdk_client_v3.py in its own virtualenv (.venv-sdk3: v3 brings mlflow, pandas
and scipy, which the project has no use for), pointed at the local SageMaker through the standard
AWS_ENDPOINT_URL and nothing else: the SDK validates the roles with IAM SimulatePrincipalPolicy
as it does against AWS. Prints what the SDK logged (the jobs' CloudWatch lines among it) and,
last, one JSON line with what the test asserts on. Only the SDK's polling sleeps are shortened,
so the run takes seconds, not minutes.

Where v3 itself is broken the scenario takes the SDK's other documented road and says why:
- ModelBuilder(model=TrainingJob.get(...)).build() takes any TrainingJob for a fine-tuning job
  (`_is_model_customization` compares fields to the class `Unassigned`, not its instance, so
  every unset field counts as set) and then asks for `base_model_name`; no upstream issue found.
  The model is built from the ModelTrainer instead, whose branch compares correctly.
- ModelBuilder.deploy(update_endpoint=True) calls Session.create_endpoint_config with v2's
  arguments (`model_name=...`: TypeError in sagemaker-core 2.27; aws/sagemaker-python-sdk#5609
  reports the same call when the method was missing). The update goes through sagemaker-core's
  EndpointConfig and Endpoint resources, as the SDK's own notebooks do.
- Session.default_bucket() without a bucket name asks STS for the account at a hard-coded
  regional endpoint (`sts_regional_endpoint`), which AWS_ENDPOINT_URL does not override; the
  session names its default bucket, as many users' sessions do.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3
from sagemaker.core.helper.iam_role_resolver import RoleValidationError
from sagemaker.core.helper.session_helper import Session
from sagemaker.core.parameter import ContinuousParameter, IntegerParameter
from sagemaker.core.resources import Endpoint, EndpointConfig, HyperParameterTuningJob, Model, TrainingJob
from sagemaker.core.shapes import ProductionVariant
from sagemaker.core.utils.exceptions import FailedStatusError
from sagemaker.serve.model_builder import ModelBuilder
from sagemaker.train import ModelTrainer
from sagemaker.train.configs import Compute, InputData, OutputDataConfig, SourceCode
from sagemaker.train.tuner import HyperparameterTuner

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
PYTORCH = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.5-cpu-py311"
METRICS = [{"Name": "validation:auc", "Regex": "validation:auc=([0-9.]+)"}]
# The SDK's documented opt-out (SDK defaults config): offline, its telemetry GETs to AWS would
# only time out on background threads.
NO_TELEMETRY = {"SchemaVersion": "1.0", "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}}}
_sleep, _time = time.sleep, time.time
_skipped = 0.0


def fast_polls() -> None:
    """The SDK waits 5-30 s between polls; the local SageMaker's jobs take fractions of a second.
    Sleeps are cut short and the SDK's clock moves on by what was skipped, so it behaves as
    after a full wait."""

    def sleep(seconds: float) -> None:
        global _skipped
        _sleep(min(seconds, 0.05))
        _skipped += max(0.0, seconds - 0.05)

    time.sleep = sleep
    time.time = lambda: _time() + _skipped


def show_sdk_logs() -> None:
    # v3 logs through `logging` and leaves configuring it to the application, as a user's script
    # does; the jobs' CloudWatch lines arrive as INFO records of sagemaker.core.resources.
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(name)s: %(message)s", force=True)
    logging.getLogger("botocore").setLevel(logging.WARNING)


def channels(bucket: str) -> list[InputData]:
    return [
        InputData(channel_name="train", data_source=f"s3://{bucket}/train", content_type="text/csv"),
        InputData(
            channel_name="validation", data_source=f"s3://{bucket}/validation", content_type="text/csv"
        ),
    ]


def xgboost(session: Session, role_arn: str, bucket: str, base_job_name: str) -> ModelTrainer:
    return ModelTrainer(
        training_image=XGBOOST,
        role=role_arn,
        sagemaker_session=session,
        base_job_name=base_job_name,
        compute=Compute(instance_type="ml.m5.large", instance_count=1),
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"),
        hyperparameters={"objective": "binary:logistic", "num_round": 20},
    )


def train(
    summary: dict[str, Any], session: Session, boto: boto3.Session, role: str, bucket: str
) -> ModelTrainer:
    trainer = xgboost(session, role, bucket, "sdk3-train")
    trainer.train(input_data_config=channels(bucket), wait=True, logs=True)
    job_name = trainer._latest_training_job.training_job_name  # v3 keeps no public handle on it
    attached = TrainingJob.get(training_job_name=job_name, session=boto)
    summary["training_job"] = job_name
    summary["attached_status"] = attached.training_job_status
    summary["model_data"] = attached.model_artifacts.s3_model_artifacts
    summary["attached_hyperparameters"] = attached.hyper_parameters
    summary["secondary_statuses"] = [t.status for t in attached.secondary_status_transitions]

    failing = xgboost(session, role, bucket, "sdk3-fail")
    try:
        failing.train(input_data_config=channels(bucket), wait=True, logs=True)
    except FailedStatusError as error:
        summary["failed_job"] = str(error)

    with tempfile.TemporaryDirectory() as code:
        Path(code, "train.py").write_text("print('training')\n")
        script = ModelTrainer(
            training_image=PYTORCH,
            role=role,
            sagemaker_session=session,
            base_job_name="sdk3-script",
            source_code=SourceCode(source_dir=code, entry_script="train.py"),
            compute=Compute(instance_type="ml.m5.large", instance_count=1),
            output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"),
        )
        script.train(input_data_config=channels(bucket)[:1], wait=True, logs=False)
    staged = script._latest_training_job.input_data_config
    summary["script_channels"] = {c.channel_name: c.data_source.s3_data_source.s3_uri for c in staged}
    return trainer


def deploy_update(
    summary: dict[str, Any], builder: ModelBuilder, boto: boto3.Session
) -> tuple[Model, Endpoint]:
    model = builder.build(model_name="sdk3-model")
    summary["model_image"] = Model.get(model_name=model.model_name, session=boto).primary_container.image
    endpoint = builder.deploy(endpoint_name="sdk3-ep", initial_instance_count=1, instance_type="ml.m5.large")
    summary["deployed_status"] = endpoint.endpoint_status
    answer = endpoint.invoke(body="0.5,1.5,2.5\n1.0,2.0,3.0", content_type="text/csv")
    summary["prediction"] = answer.body.read().decode()
    summary["served_by"] = answer.invoked_production_variant

    larger = ProductionVariant(
        variant_name="larger",
        model_name=model.model_name,
        instance_type="ml.m5.xlarge",
        initial_instance_count=2,
    )
    config = EndpointConfig.create(
        endpoint_config_name="sdk3-ep-larger", production_variants=[larger], session=boto
    )
    summary["config_before_update"] = endpoint.endpoint_config_name
    endpoint.endpoint_config_name = config.endpoint_config_name
    endpoint.update()
    summary["status_while_updating"] = endpoint.endpoint_status
    endpoint.wait_for_status("InService")
    updated = Endpoint.get(endpoint_name="sdk3-ep", session=boto)
    summary["updated_config"] = updated.endpoint_config_name
    summary["updated_variants"] = [
        (v.variant_name, v.current_instance_count) for v in updated.production_variants
    ]
    answer = updated.invoke(body="0.5,1.5,2.5", content_type="text/csv")
    summary["prediction_after_update"] = answer.body.read().decode()
    summary["served_by_after_update"] = answer.invoked_production_variant
    return model, updated


def tune(summary: dict[str, Any], trainer: ModelTrainer, boto: boto3.Session, bucket: str) -> None:
    tuner = HyperparameterTuner(
        model_trainer=trainer,
        objective_metric_name="validation:auc",
        hyperparameter_ranges={"eta": ContinuousParameter(0.01, 0.3), "max_depth": IntegerParameter(3, 8)},
        metric_definitions=METRICS,
        max_jobs=4,
        max_parallel_jobs=2,
    )
    tuner.tune(inputs=channels(bucket), job_name="sdk3-tune", wait=True)
    summary["best_training_job"] = tuner.best_training_job()
    reread = HyperParameterTuningJob.get(hyper_parameter_tuning_job_name="sdk3-tune", session=boto)
    summary["tuning_status"] = reread.hyper_parameter_tuning_job_status
    summary["tuning_completed"] = reread.training_job_status_counters.completed
    ranges = reread.hyper_parameter_tuning_job_config.parameter_ranges
    tuned = [*ranges.continuous_parameter_ranges, *ranges.integer_parameter_ranges]
    summary["tuning_ranges"] = sorted(r.name for r in tuned)


def main() -> None:
    fast_polls()
    show_sdk_logs()
    role_arn, bare_role_arn, bucket = sys.argv[1:4]
    boto = boto3.Session(region_name="us-east-1")
    # The role may write only its own bucket, not this default bucket: the SDK stages code under
    # the output path instead, after asking IAM (SimulatePrincipalPolicy with the bucket's ARN).
    session = Session(boto, default_bucket="sdk3-staging", sagemaker_config=NO_TELEMETRY)
    summary: dict[str, Any] = {}

    try:
        xgboost(session, bare_role_arn, bucket, "sdk3-bare")
    except RoleValidationError as error:
        summary["refused_role"] = str(error)

    trainer = train(summary, session, boto, role_arn, bucket)
    builder = ModelBuilder(
        model=trainer,
        image_uri=XGBOOST,
        role_arn=role_arn,
        sagemaker_session=session,
        instance_type="ml.m5.large",
    )
    model, endpoint = deploy_update(summary, builder, boto)
    tune(summary, trainer, boto, bucket)

    transformer = builder.transformer(
        instance_count=1, instance_type="ml.m5.large", output_path=f"s3://{bucket}/batch-out"
    )
    transformer.transform(
        f"s3://{bucket}/batch-in",
        content_type="text/csv",
        split_type="Line",
        job_name="sdk3-batch",
        logs=True,
    )
    summary["transform_status"] = transformer.latest_transform_job.refresh().transform_job_status

    endpoint.delete()
    endpoint.wait_for_delete()
    for name in (summary["config_before_update"], summary["updated_config"]):
        EndpointConfig.get(endpoint_config_name=name, session=boto).delete()
    model.delete()
    sagemaker = boto.client("sagemaker")
    summary["endpoints_left"] = sagemaker.list_endpoints()["Endpoints"]
    summary["configs_left"] = sagemaker.list_endpoint_configs()["EndpointConfigs"]
    summary["models_left"] = sagemaker.list_models()["Models"]
    print("SUMMARY " + json.dumps(summary, default=str))


if __name__ == "__main__":
    main()
