"""What the published manifests' own test harnesses substitute (sed, yq, envsubst): account-specific
values for their placeholders, shared by the manifest tests."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).parent / "manifests_corpus"
ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution"
XGBOOST = "433757028032.dkr.ecr.us-west-2.amazonaws.com/xgboost:1"

VALUES = {
    # The operator's tests ({ROLE_ARN}, {DATA_BUCKET}, {FSX_ID}) and the AWS blog's bare words.
    "ROLE_ARN": ROLE,
    "DATA_BUCKET": "corpus-data",
    "FSX_ID": "fs-0123456789abcdef0",
    "SAGEMAKER_EXECUTION_ROLE_ARN": ROLE,
    # The samples' <YOUR ...> and <ACCOUNT_ID>.
    "ACCOUNT_ID": "123456789012",
    "YOUR SAGEMAKER ROLE ARN": ROLE,
    "YOUR BUCKET": "corpus-data",
    "YOUR BUCKET/OUTPUT": "corpus-data/output",
    "YOUR BUCKET/PATH": "corpus-data/path",
    "YOUR JOB NAME": "corpus-job",
    "YOUR MODEL NAME": "corpus-model",
    "YOUR ENDPOINT NAME": "corpus-endpoint",
    "YOUR ENDPOINT CONFIG NAME": "corpus-endpoint-config",
    "YOUR ECR IMAGE": "123456789012.dkr.ecr.us-west-2.amazonaws.com/mask-rcnn:latest",
    "YOUR REGION": "us-west-2",
    # ACK's e2e tests ($VAR) and the autoscaling samples (<endpoint_name>).
    "SAGEMAKER_DATA_BUCKET": "corpus-data",
    "XGBOOST_IMAGE_URI": XGBOOST,
    "XGBOOST_V1_IMAGE_URI": XGBOOST,
    "DEBUGGER_IMAGE_URI": "895741380848.dkr.ecr.us-west-2.amazonaws.com/sagemaker-debugger-rules:latest",
    "PYTORCH_TRAIN_IMAGE_URI": (
        "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.5.0-cpu-py36-ubuntu16.04"
    ),
    "TRAINING_JOB_NAME": "corpus-training",
    "TRAINING_JOB_INSTANCE_TYPE": "ml.m5.xlarge",
    "HPO_JOB_NAME": "corpus-hpo",
    "TRANSFORM_JOB_NAME": "corpus-transform",
    "PROCESSING_JOB_NAME": "corpus-processing",
    "MODEL_NAME": "corpus-model",
    "ENDPOINT_CONFIG_NAME": "corpus-config",
    "ENDPOINT_NAME": "corpus-endpoint",
    "ENDPOINT_INSTANCE_TYPE": "ml.c5.large",
    "MODEL_LOCATION": "s3://corpus-data/sagemaker/model/xgboost-mnist-model.tar.gz",
    "SCALABLETARGET_NAME": "corpus-target",
    "SCALINGPOLICY_NAME": "corpus-policy",
    "RESOURCE_ID": "endpoint/corpus-endpoint/variant/variant-1",
    "VARIANT_NAME": "variant-1",
    "endpoint_name": "corpus-endpoint",
    "variant_name": "variant-1",
}
