"""Placeholders users keep in manifests, filled from `values` (outputs too) or from stack config."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pulumi_sagemaker as sm
from pulumi_sagemaker.manifests.placeholders import MISSING, fill, lookup_in
from pulumi_sagemaker.testing import run

from .manifests_support import CORPUS


def test_every_published_form_is_found_and_filled():
    body = {
        "role": "arn:aws:iam::<ACCOUNT_ID>:role/x",  # the operator's samples
        "bucket": "s3://<YOUR BUCKET/PATH>",
        "flow": {"ROLE_ARN": None},  # `{ROLE_ARN}` unquoted: YAML reads an object
        "quoted": "{ROLE_ARN}",
        "dollar": "$MODEL_NAME",  # ACK's e2e tests (envsubst)
        "braced": "s3://${BUCKET}/x",
        "bare": "SAGEMAKER_EXECUTION_ROLE_ARN",  # the AWS blog's
        "word": "s3://BUCKET_NAME/model.tar.gz",
        "given": "PLACEHOLDER-ENDPOINT-1",  # a bare word values names (the operator's HAP tests)
        "kept": ["MNIST_DATA", "ml.m5.large", "val_acc: ([0-9\\\\.]+)$", "${lower}"],
    }
    values = {
        "ACCOUNT_ID": "123456789012",
        "YOUR BUCKET/PATH": "b/p",
        "ROLE_ARN": "arn:aws:iam::1:role/r",
        "MODEL_NAME": "m",
        "BUCKET": "bkt",
        "SAGEMAKER_EXECUTION_ROLE_ARN": "arn:aws:iam::1:role/e",
        "BUCKET_NAME": "models",
        "PLACEHOLDER-ENDPOINT-1": "named-endpoint",
        "lower": 3,
    }
    filled, unfilled = fill(body, lookup_in(values), bare=values)
    assert unfilled == []
    assert filled == {
        "role": "arn:aws:iam::123456789012:role/x",
        "bucket": "s3://b/p",
        "flow": "arn:aws:iam::1:role/r",
        "quoted": "arn:aws:iam::1:role/r",
        "dollar": "m",
        "braced": "s3://bkt/x",
        "bare": "arn:aws:iam::1:role/e",
        "word": "s3://models/model.tar.gz",
        "given": "named-endpoint",
        "kept": ["MNIST_DATA", "ml.m5.large", "val_acc: ([0-9\\\\.]+)$", 3],
    }
    _, missing = fill({"a": {"b": ["<X>", "$Y"]}}, lookup_in({}))
    assert [(u.path, u.text) for u in missing] == [("a.b[0]", "<X>"), ("a.b[1]", "$Y")]
    assert lookup_in({}, lambda name: None)("X") is MISSING


def test_outputs_and_stack_config_fill_placeholders(local):
    def program() -> None:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"Service": "sagemaker.amazonaws.com"},
                }
            ],
        }
        role = aws.iam.Role("execution", assume_role_policy=json.dumps(trust))
        deployed = sm.from_manifests(
            CORPUS / "operator/testfiles/xgboost-model.yaml", values={"ROLE_ARN": role.arn}
        )
        pulumi.export("model", deployed["Model"]["xgboost-model"].model_name)

    result = run(program, config={**local.config, "sagemaker:values.DATA_BUCKET": "from-config"})
    (model,) = local.calls_to("CreateModel")
    assert model.params["ExecutionRoleArn"] == "arn:aws:iam::123456789012:role/execution"
    assert model.params["PrimaryContainer"]["ModelDataUrl"] == (
        "s3://from-config/batch-transform/xgboost-mnist/model.tar.gz"
    )
    assert model.params["ModelName"] == result.outputs["model"]
