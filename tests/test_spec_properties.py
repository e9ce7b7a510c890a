"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import random

from botocore import xform_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_sagemaker.shapes import Failure, canonicalize_input, input_shape, to_request
from pulumi_sagemaker.shapes.keys import CAMEL, render

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
API_INPUT = {
    "TrainingJobName": "mnist-1",
    "HyperParameters": {"num_round": "10", "Objective": "multi:softmax"},
    "AlgorithmSpecification": {
        "TrainingImage": "img:1",
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "acc", "Regex": "acc=(\\S+)"}],
    },
    "RoleArn": ROLE,
    "InputDataConfig": [
        {
            "ChannelName": "train",
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": "s3://bucket/train",
                    "S3DataDistributionType": "FullyReplicated",
                }
            },
            "ContentType": "text/csv",
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://bucket/jobs/"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
    "VpcConfig": {"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
    "Tags": [{"Key": "Team", "Value": "ml"}],
    "EnableManagedSpotTraining": True,
    "CheckpointConfig": {"S3Uri": "s3://bucket/ckpt", "LocalPath": "/opt/ml/checkpoints"},
    "DebugHookConfig": {"S3OutputPath": "s3://bucket/debug", "HookParameters": {"save_interval": "100"}},
    "Environment": {"MY_VAR": "x"},
    "RetryStrategy": {"MaximumRetryAttempts": 2},
}
BASE, BASE_FAILURES = canonicalize_input("CreateTrainingJob", API_INPUT)

SPELLINGS = (
    lambda m, rnd: xform_name(m),
    lambda m, rnd: render(m, CAMEL),
    lambda m, rnd: m,
    lambda m, rnd: xform_name(m).upper(),
    lambda m, rnd: xform_name(m).replace("_", "-"),
    lambda m, rnd: "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in xform_name(m)),
)


def recase(shape, value, rnd):
    """`value` with every member name respelled at random; map keys (user data) left alone."""
    if shape.type_name == "structure":
        return {
            SPELLINGS[rnd.randrange(len(SPELLINGS))](k, rnd): recase(shape.members[k], v, rnd)
            for k, v in value.items()
        }
    if shape.type_name == "list":
        return [recase(shape.member, v, rnd) for v in value]
    return value


def test_base_is_valid():
    assert BASE_FAILURES == []


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_any_spelling_of_member_names_gives_the_same_canonical_form(seed):
    spelled = recase(input_shape("CreateTrainingJob"), API_INPUT, random.Random(seed))
    assert canonicalize_input("CreateTrainingJob", spelled) == (BASE, [])


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=100)
def test_maps_and_tags_as_lists_of_pairs_in_any_spelling(seed):
    rnd = random.Random(seed)

    def pairs(mapping, name):
        names = (name, name.upper(), name.capitalize())
        return [
            {rnd.choice(names): k, rnd.choice(("value", "Value", "VALUE")): v} for k, v in mapping.items()
        ]

    spelled = {
        **API_INPUT,
        "HyperParameters": pairs(API_INPUT["HyperParameters"], "name"),
        "Environment": pairs(API_INPUT["Environment"], "name"),
        "Tags": pairs({"Team": "ml"}, rnd.choice(("key", "name"))),
    }
    assert canonicalize_input("CreateTrainingJob", spelled) == (BASE, [])


# The model's patterns for these are `.*`, which (in Java as in Python) does not match a newline.
line_text = st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\n")
map_keys = st.text(line_text, max_size=20)
map_values = st.one_of(
    st.text(line_text, max_size=30),
    st.integers(-(10**6), 10**6),
    st.booleans(),
)


@given(
    hyper_parameters=st.dictionaries(map_keys, map_values, max_size=10),
    count=st.integers(0, 10_000),
    as_float=st.booleans(),
    tags=st.dictionaries(
        st.text(st.sampled_from("abcXYZ09_.:/=+-@ é"), min_size=1, max_size=10),
        st.text(st.sampled_from("abcXYZ09_.:/=+-@ é"), max_size=10),
        max_size=5,
    ),
)
@settings(max_examples=200)
def test_valid_input_round_trips_through_the_api_form(hyper_parameters, count, as_float, tags):
    props = {
        **BASE,
        "hyper_parameters": hyper_parameters,
        "resource_config": {
            "instance_type": "ml.m5.xlarge",
            "instance_count": float(count) if as_float else count,
        },
        "tags": tags,
    }
    canonical, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert canonical["resource_config"]["instance_count"] == count
    assert type(canonical["resource_config"]["instance_count"]) is int
    assert all(isinstance(v, str) for v in canonical["hyper_parameters"].values())
    assert canonicalize_input("CreateTrainingJob", to_request("CreateTrainingJob", canonical)) == (
        canonical,
        [],
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "value", "key", "s3Uri", "instanceCount", "x", "Tags", "channelName"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
members = st.sampled_from(
    [*(xform_name(m) for m in input_shape("CreateTrainingJob").members), "region", "bogus", "hyperParameters"]
)


@given(st.dictionaries(members, json_values, max_size=8))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_garbage_never_raises(props):
    canonical, failures = canonicalize_input("CreateTrainingJob", props)
    assert isinstance(canonical, dict)
    assert all(isinstance(f, Failure) and isinstance(f.path, str) and f.reason for f in failures)
