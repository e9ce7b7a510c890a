"""Failures name the property as the user wrote it, the rule, and what is allowed."""

from __future__ import annotations

import pytest
from pulumi_sagemaker.shapes import Failure, SpecError, canonicalize_input

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def base(**overrides):
    props = {
        "training_job_name": "mnist-1",
        "role_arn": ROLE,
        "algorithm_specification": {"training_image": "img:1", "training_input_mode": "File"},
        "output_data_config": {"s3_output_path": "s3://bucket/jobs/"},
        "resource_config": {"instance_type": "ml.m5.xlarge", "instance_count": 1, "volume_size_in_gb": 5},
        "stopping_condition": {"max_runtime_in_seconds": 3600},
    }
    props.update(overrides)
    return props


def failures_of(props, operation="CreateTrainingJob", **kw):
    _, failures = canonicalize_input(operation, props, **kw)
    return {f.path: f.reason for f in failures}


def test_valid_base_has_no_failures():
    assert failures_of(base()) == {}


def test_fractional_number_for_an_integer():
    found = failures_of(base(resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 1.5}))
    assert found == {"resource_config.instance_count": "must be an integer, got 1.5"}


@pytest.mark.parametrize("value", [True, "many", [1], {"n": 1}])
def test_wrong_type_for_an_integer(value):
    found = failures_of(base(resource_config={"instance_type": "ml.m5.xlarge", "instance_count": value}))
    assert found["resource_config.instance_count"].startswith("must be an integer, got ")


def test_unknown_field_with_did_you_mean_in_the_users_style():
    found = failures_of(base(resource_config={"instance_type": "ml.m5.xlarge", "instance_cont": 1}))
    assert found == {"resource_config.instance_cont": "unknown field; did you mean 'instance_count'?"}
    camel = {"resourceConfig": {"instanceType": "ml.m5.xlarge", "volumeSizeInGb": 5, "instanceCont": 1}}
    found = failures_of({**camel, "roleArn": ROLE}, supplied=("TrainingJobName",))
    assert found["resourceConfig.instanceCont"] == "unknown field; did you mean 'instanceCount'?"
    assert "resourceConfig.volumeSizeInGb" not in found  # any casing of a real member is fine


def test_unknown_field_without_close_match_lists_the_fields():
    found = failures_of(base(stopping_condition={"zzz": 1}))
    reason = found["stopping_condition.zzz"]
    assert reason.startswith("unknown field; the fields here are: ")
    assert "max_runtime_in_seconds, max_wait_time_in_seconds, max_pending_time_in_seconds" in reason


def test_top_level_unknown_field():
    found = failures_of(base(hyperparameters_typo={"a": "b"}, rolearn_x="x"))
    assert (
        "hyperparameters_typo" in found
        and "did you mean 'hyper_parameters'?" in found["hyperparameters_typo"]
    )


def test_missing_required_members():
    props = base()
    del props["role_arn"], props["output_data_config"]
    assert failures_of(props) == {"role_arn": "is required", "output_data_config": "is required"}
    camel = {"trainingJobName": "a", "algorithmSpecification": {"trainingInputMode": "File"}}
    found = failures_of(camel)
    assert found == {"roleArn": "is required", "outputDataConfig": "is required"}


def test_supplied_members_are_not_required():
    props = base()
    del props["training_job_name"], props["role_arn"]
    assert failures_of(props, supplied=("TrainingJobName", "RoleArn")) == {}


def test_nested_required_member_path():
    found = failures_of(base(output_data_config={"kms_key_id": "k"}))
    assert found == {"output_data_config.s3_output_path": "is required"}


def test_enum_failure_training_input_mode():
    found = failures_of(base(algorithm_specification={"training_image": "i", "training_input_mode": "file"}))
    assert found == {
        "algorithm_specification.training_input_mode": (
            "'file' is not an allowed value; did you mean 'File'? Allowed: File, Pipe, FastFile"
        )
    }


def test_enum_failure_instance_type_typo_suggests_the_right_one():
    found = failures_of(base(resource_config={"instance_type": "ml.m5.xlrge", "instance_count": 1}))
    reason = found["resource_config.instance_type"]
    assert reason.startswith("'ml.m5.xlrge' is not an allowed value; did you mean 'ml.m5.xlarge'? Allowed: ")
    allowed = reason.split("Allowed: ")[1]
    assert allowed.startswith("ml.m5.xlarge, ")
    assert allowed.endswith(" in all)") and allowed.count(",") <= 11  # ten shown, then the count


def test_enum_failure_without_a_close_match():
    found = failures_of(base(algorithm_specification={"training_input_mode": "Stream"}))
    assert found["algorithm_specification.training_input_mode"] == (
        "'Stream' is not an allowed value. Allowed: Pipe, File, FastFile"
    )


def test_numeric_ranges_from_the_model():
    found = failures_of(base(stopping_condition={"max_runtime_in_seconds": 0}))
    assert found == {"stopping_condition.max_runtime_in_seconds": "must be an integer >= 1, got 0"}
    found = failures_of(base(retry_strategy={"maximum_retry_attempts": 31.0}))
    assert found == {"retry_strategy.maximum_retry_attempts": "must be an integer between 1 and 30, got 31"}
    # The model allows 0 instances here; only the model's limits are enforced.
    assert failures_of(base(resource_config={"instance_type": "ml.m5.xlarge", "instance_count": 0})) == {}


def test_string_lengths_and_list_sizes():
    found = failures_of(base(input_data_config=[]))
    assert found == {"input_data_config": "must be 1-20 items, got 0"}
    found = failures_of(
        base(vpc_config={"security_group_ids": [f"sg-{i}" for i in range(6)], "subnets": ["s"]})
    )
    assert found == {"vpc_config.security_group_ids": "must be 1-5 items, got 6"}
    found = failures_of(
        base(algorithm_specification={"training_input_mode": "File", "training_image": "i" * 256})
    )
    assert found == {"algorithm_specification.training_image": "must be at most 255 characters long, got 256"}


def test_model_pattern_failure():
    found = failures_of(base(environment={"MY-VAR": "x"}))
    assert found == {
        "environment.MY-VAR": "the name must match the pattern [a-zA-Z_][a-zA-Z0-9_]*, got 'MY-VAR'"
    }
    found = failures_of(base(input_data_config=[{"channel_name": "train data", "data_source": {}}]))
    assert found == {
        "input_data_config[0].channel_name": "must match the pattern [A-Za-z0-9\\.\\-_]+, got 'train data'"
    }


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("bucket/key", "must be an S3 URI like s3://bucket/prefix, got 'bucket/key'"),
        ("s3:/bucket/key", "must be an S3 URI like s3://bucket/prefix, got 's3:/bucket/key'"),
        ("s3:///key", "must name a bucket (s3://bucket/prefix), got 's3:///key'"),
        ("s3://My_Bucket/key", "'My_Bucket' is not a valid S3 bucket name: bucket names are 3-63 characters"),
        ("s3://ab/key", "'ab' is not a valid S3 bucket name"),
        ("s3://-bucket/key", "'-bucket' is not a valid S3 bucket name"),
        ("s3://a..b/key", "'a..b' is not a valid S3 bucket name"),
    ],
)
def test_bad_s3_uri(uri, reason):
    manifest = {
        "trainingJobName": "a",
        "roleArn": ROLE,
        "algorithmSpecification": {"trainingInputMode": "File"},
        "outputDataConfig": {"s3OutputPath": "s3://bucket/out"},
        "inputDataConfig": [
            {"channelName": "train", "dataSource": {"s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": uri}}}
        ],
    }
    found = failures_of(manifest)
    assert list(found) == ["inputDataConfig[0].dataSource.s3DataSource.s3Uri"]
    assert found["inputDataConfig[0].dataSource.s3DataSource.s3Uri"].startswith(reason)


@pytest.mark.parametrize(
    "uri", ["s3://bucket", "s3://bucket/", "s3://my.bucket-1/a/b/c.tar.gz", "https://s3.amazonaws.com/b/k"]
)
def test_good_s3_uris(uri):
    assert failures_of(base(output_data_config={"s3_output_path": uri})) == {}


def test_s3_rule_applies_to_every_s3_member():
    found = failures_of(base(checkpoint_config={"s3_uri": "/local/ckpt"}))
    assert found == {
        "checkpoint_config.s3_uri": "must be an S3 URI like s3://bucket/prefix, got '/local/ckpt'"
    }


@pytest.mark.parametrize(
    ("arn", "hint"),
    [
        ("SageMakerRole", " (a role name? give the role's ARN)"),
        ("arn:aws:iam::123456789012:user/alice", " (an IAM ARN, but not of a role)"),
        ("arn:aws:iam::1234:role/x", ""),
        ("arn:aws:s3:::bucket", ""),
    ],
)
def test_bad_role_arn(arn, hint):
    found = failures_of(base(role_arn=arn))
    assert found == {
        "role_arn": f"must be an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerExecutionRole, "
        f"got {arn!r}{hint}"
    }


def test_good_role_arns():
    for arn in ("arn:aws:iam::123456789012:role/a", "arn:aws-cn:iam::123456789012:role/service-role/x"):
        assert failures_of(base(role_arn=arn)) == {}


NAME_RULE = (
    "must be 1-63 characters of letters, digits and hyphens, starting and ending with a letter or digit"
)


@pytest.mark.parametrize(
    ("name", "got"),
    [
        ("a" * 64, "got 64 characters"),
        ("-mnist", "got '-mnist'"),
        ("mnist-", "got 'mnist-'"),
        ("mnist_1", "got 'mnist_1'"),
        ("", "got ''"),
    ],
)
def test_bad_resource_name(name, got):
    assert failures_of(base(training_job_name=name)) == {"training_job_name": f"{NAME_RULE}, {got}"}


def test_good_resource_names():
    for name in ("a", "a" * 63, "mnist--1", "A1-b2"):
        assert failures_of(base(training_job_name=name)) == {}


def test_name_rule_follows_the_model_limit():
    found = failures_of(base(experiment_config={"experiment_name": "x" * 121}))
    assert found == {
        "experiment_config.experiment_name": "must be 1-120 characters of letters, digits and hyphens, "
        "starting and ending with a letter or digit, got 121 characters"
    }


def test_map_as_list_problems():
    found = failures_of(
        base(
            hyper_parameters=[
                {"name": "a", "value": "1"},
                {"name": "a", "value": "2"},
                {"name": "b"},
                {"value": "3"},
                {"name": "c", "value": "4", "type": "x"},
                "d=5",
            ]
        )
    )
    assert found == {
        "hyper_parameters[1].name": "duplicate name 'a' (also at [0])",
        "hyper_parameters[2].value": 'is required (write "" for an empty value)',
        "hyper_parameters[3].name": "is required",
        "hyper_parameters[4].type": "unknown field; an entry has a name and a value",
        "hyper_parameters[5]": "must be a {name, value} object, got 'd=5'",
    }


def test_map_value_paths():
    found = failures_of(base(hyper_parameters={"eta": {"x": 1}}))
    assert found == {"hyper_parameters.eta": "must be a string, got an object"}
    found = failures_of(base(hyperParameters=[{"name": "eta", "value": ["x"]}]))
    assert found == {"hyperParameters[0].value": "must be a string, got a list"}
    found = failures_of(base(hyper_parameters={"a.b": "x" * 2501}))
    assert found == {"hyper_parameters['a.b']": "must be at most 2500 characters long, got 2501"}


def test_map_size_limit():
    found = failures_of(base(hyper_parameters={f"p{i}": "1" for i in range(101)}))
    assert found == {"hyper_parameters": "must be at most 100 entries, got 101"}


def test_tags_problems():
    found = failures_of(base(tags={"team": "a#b"}))
    assert list(found) == ["tags.team"]
    assert found["tags.team"].startswith("must match the pattern")
    found = failures_of(base(tags=[{"key": "", "value": "x"}]))
    assert found == {"tags[0].key": "the key must be 1-128 characters long, got 0"}
    found = failures_of(base(tags="team=ml"))
    assert list(found) == ["tags"]
    # Unicode letters are allowed in tags (the model's \p{L}).
    assert failures_of(base(tags={"équipe": "données"})) == {}
    # AWS keeps the aws: prefix for itself; SageMaker would refuse it only at create time.
    found = failures_of(base(tags=[{"key": "AWS:cost-center", "value": "42"}]))
    assert found == {
        "tags[0].key": "the key 'AWS:cost-center' starts with 'aws:', a prefix AWS reserves for its own tags"
    }


def test_wrong_container_types():
    found = failures_of(base(resource_config="ml.m5.xlarge", input_data_config={"channel_name": "x"}))
    assert found == {
        "resource_config": "must be an object, got 'ml.m5.xlarge'",
        "input_data_config": "must be a list, got an object",
    }


def test_same_member_twice():
    found = failures_of(base(roleArn=ROLE))
    assert found == {"roleArn": "given twice (also as 'role_arn')"}


def test_boolean_strings_other_than_true_false_fail():
    found = failures_of(base(enable_network_isolation="yes"))
    assert found == {"enable_network_isolation": "must be true or false, got 'yes'"}


def test_union_accepts_exactly_one_member():
    props = {
        "AIRecommendationJobName": "r",
        "ModelSource": {"S3": {"S3Uri": "s3://bucket/model"}},
        "OutputConfig": {"S3OutputLocation": "s3://bucket/out"},
        "AIWorkloadConfigIdentifier": "w",
        "PerformanceTarget": {},
        "RoleArn": ROLE,
    }
    found = failures_of({**props, "AdapterSource": {}}, "CreateAIRecommendationJob")
    assert found.get("AdapterSource") == "must set exactly one of: ModelPackageArns, S3Uris"
    both = {
        "ModelPackageArns": [{"AdapterId": "a", "ModelPackageArn": "arn"}],
        "S3Uris": [{"AdapterId": "a", "S3Uri": "s3://bucket/a"}],
    }
    found = failures_of({**props, "AdapterSource": both}, "CreateAIRecommendationJob")
    assert found.get("AdapterSource") == (
        "must set exactly one of: ModelPackageArns, S3Uris; got 2 (ModelPackageArns, S3Uris)"
    )
    found = failures_of({**props, "AdapterSource": {"S3Uris": both["S3Uris"]}}, "CreateAIRecommendationJob")
    assert "AdapterSource" not in found


def test_many_failures_at_once_and_spec_error():
    props = base(
        role_arn="role",
        resource_config={"instance_type": "ml.m5.xlrge", "instance_count": 1.5},
        stopping_condition={"max_runtime_in_seconds": 0},
    )
    _, failures = canonicalize_input("CreateTrainingJob", props)
    assert len(failures) == 4
    assert all(isinstance(f, Failure) for f in failures)
    error = SpecError(failures)
    assert error.failures == failures
    lines = str(error).splitlines()
    assert len(lines) == 4
    assert "resource_config.instance_count: must be an integer, got 1.5" in lines
    assert "stopping_condition.max_runtime_in_seconds: must be an integer >= 1, got 0" in lines


def test_spec_error_survives_pickling():
    import pickle

    error = SpecError([Failure("role_arn", "is required")])
    again = pickle.loads(pickle.dumps(error))
    assert again.failures == error.failures and str(again) == "role_arn: is required"


def test_upper_case_s3_scheme_hint():
    found = failures_of(base(output_data_config={"s3_output_path": "S3://bucket/x"}))
    assert found["output_data_config.s3_output_path"].endswith("(write the scheme in lower case)")


def test_container_hostname_gets_the_name_message():
    _, failures = canonicalize_input(
        "CreateModel", {"model_name": "m", "primary_container": {"container_hostname": "tf_serving"}}
    )
    assert [(f.path, f.reason) for f in failures] == [
        ("primary_container.container_hostname", f"{NAME_RULE}, got 'tf_serving'")
    ]
