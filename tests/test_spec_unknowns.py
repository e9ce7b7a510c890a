"""Preview: Unknowns pass through at any depth, untouched and never judged."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown
from pulumi_sagemaker.shapes import canonicalize_input, contains_unknown, is_unknown, to_request

SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def base(**overrides):
    props = {
        "training_job_name": "mnist-1",
        "role_arn": ROLE,
        "algorithm_specification": {"training_image": "img:1", "training_input_mode": "File"},
        "output_data_config": {"s3_output_path": "s3://bucket/jobs/"},
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1},
        "stopping_condition": {"max_runtime_in_seconds": 3600},
    }
    props.update(overrides)
    return props


@pytest.fixture(params=["instance", "sentinel"])
def unknown(request):
    return Unknown() if request.param == "instance" else SENTINEL


def test_is_unknown(unknown):
    assert is_unknown(unknown)
    assert not is_unknown("arn:aws:iam::123456789012:role/x")
    assert not is_unknown(None)
    assert not is_unknown({"a": unknown})


def test_contains_unknown(unknown):
    assert contains_unknown({"a": [1, {"b": unknown}]})
    assert contains_unknown([unknown])
    assert not contains_unknown({"a": [1, {"b": "c"}]})


def test_unknown_top_level_members(unknown):
    props = base(role_arn=unknown, training_job_name=unknown, hyper_parameters=unknown, tags=unknown)
    result, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert result["role_arn"] is unknown
    assert result["hyper_parameters"] is unknown
    assert result["tags"] is unknown


def test_unknown_nested_values(unknown):
    props = base(
        resource_config={"instance_type": unknown, "instance_count": unknown},
        output_data_config={"s3_output_path": unknown},
        input_data_config=[
            {
                "channel_name": "train",
                "data_source": {"s3_data_source": {"s3_data_type": "S3Prefix", "s3_uri": unknown}},
            },
            unknown,
        ],
        hyper_parameters={"eta": unknown},
        environment=[{"name": "A", "value": unknown}],
        tags=[{"key": "owner", "value": unknown}],
    )
    result, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert result["resource_config"]["instance_type"] is unknown
    assert result["output_data_config"]["s3_output_path"] is unknown
    assert result["input_data_config"][0]["data_source"]["s3_data_source"]["s3_uri"] is unknown
    assert result["input_data_config"][1] is unknown
    assert result["hyper_parameters"] == {"eta": unknown}
    assert result["environment"] == {"A": unknown}
    assert result["tags"] == {"owner": unknown}


def test_whole_structures_and_lists_unknown(unknown):
    props = base(resource_config=unknown, input_data_config=unknown, output_data_config=unknown)
    result, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert result["input_data_config"] is unknown


def test_unknown_entry_name_makes_the_map_unknown(unknown):
    props = base(hyper_parameters=[{"name": "a", "value": "1"}, {"name": unknown, "value": "2"}])
    result, failures = canonicalize_input("CreateTrainingJob", props)
    assert failures == []
    assert is_unknown(result["hyper_parameters"])


def test_known_values_beside_unknowns_are_still_checked(unknown):
    props = base(resource_config={"instance_type": unknown, "instance_count": 1.5})
    _, failures = canonicalize_input("CreateTrainingJob", props)
    assert [f.path for f in failures] == ["resource_config.instance_count"]


def test_to_request_keeps_unknowns(unknown):
    request = to_request("CreateTrainingJob", {"role_arn": unknown, "tags": unknown})
    assert request == {"RoleArn": unknown, "Tags": unknown}
