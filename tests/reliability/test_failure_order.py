"""Defect 7: failures come in the order the user wrote the fields, the same in every process (the first
line of an error must not change between runs or between CI machines with another PYTHONHASHSEED)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from pulumi_sagemaker.aws import Aws, AwsSettings
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.kinds import ENDPOINT_CONFIG, MODEL, TRAINING_JOB
from pulumi_sagemaker.lifecycle import JobLifecycle
from pulumi_sagemaker.lifecycle.create_only import CreateOnlyLifecycle

from .. import training_inputs
from ..test_hosting_specs import model, python_spec, variant


def training_failures(spec):
    return JobLifecycle(TRAINING_JOB, Aws(AwsSettings(region="us-east-1"))).check(spec)[1]


def tops(failures):
    return [f.path.split(".")[0].split("[")[0] for f in failures]


def test_a_training_jobs_failures_follow_the_order_of_its_fields():
    spec = {
        "wait_for": "Never",
        **training_inputs.python_spec(stopping_condition={"max_runtime_in_seconds": -5}),
        "zzz": 1,
        "stream_logs": "sometimes",
    }
    assert tops(training_failures(spec)) == ["wait_for", "stopping_condition", "zzz", "stream_logs"]


def test_a_models_and_an_endpoint_configs_failures_follow_the_order_of_their_fields():
    aws = Aws(AwsSettings(region="us-east-1"))
    model_spec = {
        "adopt_existing": "yes",
        "execution_role_arn": "sagemaker-role",
        "arn": "arn:aws:sagemaker:us-east-1:123456789012:model/m",  # an output, given a value
        "model_name": "no spaces",
        "primary_container": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"},
    }
    failures = CreateOnlyLifecycle(MODEL, aws).check(model_spec)[1]
    assert tops(failures) == ["adopt_existing", "execution_role_arn", "arn", "model_name"]
    config_spec = {"region": 5, "production_variants": [{"variant_name": "A"}], "tags": {"aws:x": "y"}}
    failures = CreateOnlyLifecycle(ENDPOINT_CONFIG, aws).check(config_spec)[1]
    assert tops(failures) == ["region", "production_variants", "tags"]


def test_a_hosting_deployments_failures_follow_the_order_of_its_fields():
    spec = {
        "wait_timeout_seconds": -1,
        "tags": {"aws:owner": "x"},
        **python_spec(
            models=[model(name="a"), model(name="a")], production_variants=[variant(model_name="b")]
        ),
        "bogus": 1,
    }
    assert tops(check_inputs(spec)[1]) == [
        "wait_timeout_seconds",
        "tags",
        "production_variants",
        "models",
        "bogus",
    ]


SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from tests.reliability.test_failure_order import every_failure
    print(json.dumps(every_failure()))
    """
)


def every_failure():
    """Failures of every layer at once (unknown fields, enums, ranges, rules, options), as text."""
    hosting = python_spec(
        models=[model(name="a"), model(name="a"), model(name="b")],
        production_variants=[
            variant(name="v", model_name="zz", autoscaling={"min_capacity": 0, "max_capacity": "x"}),
            variant(name="v", model_name="a", instance_type="ml.bad"),
        ],
        bogus=1,
        other=2,
        wait_timeout_seconds=-1,
        region="nowhere",
    )
    job = training_inputs.python_spec(zzz=1, aaa=2, wait_for="x", region="bad", tags={"aws:x": "1"})
    return [str(f) for f in check_inputs(hosting)[1] + training_failures(job)]


def test_the_failures_are_the_same_whatever_the_hash_seed():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    seen = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT, root], env=env, capture_output=True, text=True, check=True
        ).stdout
        seen.add(out)
    assert len(seen) == 1
    assert json.loads(seen.pop()) == every_failure()
