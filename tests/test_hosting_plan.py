"""Planning a HostingDeployment (pure): deterministic names, model reuse, and the kind of each change."""

from __future__ import annotations

from pulumi_sagemaker.hosting import ChangeKind, build_plan, check_inputs, classify
from pulumi_sagemaker.hosting.plan import endpoint_name, is_config_of, is_model_of, retained_counts

from .test_hosting_specs import SEED, ab_spec, autoscaled, model, python_spec, variant


def canonical(spec):
    inputs, failures = check_inputs(spec)
    assert failures == []
    return inputs


def plan_of(spec, endpoint="hosting-1234abcd", counts=None):
    return build_plan(canonical(spec), endpoint, counts)


def test_names_are_deterministic_and_fit_sagemaker_limits():
    inputs = canonical(python_spec())
    endpoint = endpoint_name(inputs, SEED)
    assert endpoint == endpoint_name(inputs, SEED) and endpoint.startswith("hosting-")
    assert endpoint != endpoint_name(inputs, "demo/prod/hosting")  # another stack, another endpoint
    assert endpoint_name(canonical(python_spec(endpoint_name="mnist")), SEED) == "mnist"
    plan = plan_of(python_spec(), endpoint)
    assert plan == plan_of(python_spec(), endpoint)
    (model_name,) = plan.model_names.values()
    assert model_name.startswith(f"{endpoint}-xgboost-model-")
    assert plan.config_name.startswith(f"{endpoint}-") and is_config_of(endpoint, plan.config_name)
    assert is_model_of(endpoint, model_name)
    # Another endpoint whose name starts like ours does not own our models, nor we its.
    other = plan_of(python_spec(), f"{endpoint}-2")
    assert not is_model_of(endpoint, other.model_names["xgboost-model"])
    assert not is_config_of(endpoint, other.config_name)
    assert not is_model_of(f"{endpoint}-2", model_name) and not is_config_of(
        f"{endpoint}-2", plan.config_name
    )
    # A model renamed in the program is still recognised as this endpoint's (a leftover to sweep).
    renamed = plan_of(
        python_spec(models=[model("xgb-v2")], production_variants=[variant(model_name="xgb-v2")]), endpoint
    )
    assert renamed.model_names["xgb-v2"] != model_name and is_model_of(
        endpoint, renamed.model_names["xgb-v2"]
    )
    long = "e" * 63
    plan = plan_of(python_spec(), long)
    assert all(len(n) <= 63 for n in [plan.config_name, *plan.model_names.values()])
    assert is_config_of(long, plan.config_name)
    assert is_model_of(long, plan.model_names["xgboost-model"])


def test_deployments_whose_names_start_alike_share_nothing_and_claim_nothing_of_each_other():
    # Two stacks' endpoints whose names differ only past the part that fits, and a model name that
    # reads the same split two ways: each owns its own names, and none of the other's.
    pairs = [
        (("e" * 60 + "-a1", "xgboost-model"), ("e" * 60 + "-b2", "xgboost-model")),
        (("churn", "v2-xgb"), ("churn-v2", "xgb")),
        (
            ("recommendations-prod-a1b2c3d4", "xgboost-mnist-classifier-v2"),
            ("recommendations-prod-a1b2c3d5", "xgboost-mnist-classifier-v2"),
        ),
    ]
    for (ours, our_model), (theirs, their_model) in pairs:
        mine = plan_of(
            python_spec(models=[model(our_model)], production_variants=[variant(model_name=our_model)]), ours
        )
        other = plan_of(
            python_spec(models=[model(their_model)], production_variants=[variant(model_name=their_model)]),
            theirs,
        )
        for name in [
            mine.config_name,
            *mine.model_names.values(),
            other.config_name,
            *other.model_names.values(),
        ]:
            assert len(name) <= 63, name
        assert mine.config_name != other.config_name
        assert set(mine.model_names.values()).isdisjoint(other.model_names.values())
        assert not is_config_of(ours, other.config_name) and not is_config_of(theirs, mine.config_name)
        assert not any(is_model_of(ours, m) for m in other.model_names.values())
        assert not any(is_model_of(theirs, m) for m in mine.model_names.values())


def test_requests_follow_the_api():
    plan = plan_of(python_spec(kms_key_id="alias/hosting"))
    (model_plan,) = plan.models.values()
    # One container is the primary container; several would be an inference pipeline.
    assert model_plan.request["PrimaryContainer"]["ModelDataUrl"] == "s3://bucket-name/model.tar.gz"
    assert "Containers" not in model_plan.request
    assert plan.config_request["KmsKeyId"] == "alias/hosting"
    (pv,) = plan.config_request["ProductionVariants"]
    assert pv == {
        "VariantName": "AllTraffic",
        "ModelName": model_plan.name,
        "InitialInstanceCount": 1,
        "InstanceType": "ml.r5.large",
        "InitialVariantWeight": 1.0,
    }
    pipeline = plan_of(python_spec(models=[{**model(), "containers": model()["containers"] * 2}]))
    assert len(next(iter(pipeline.models.values())).request["Containers"]) == 2


def test_an_unchanged_model_keeps_its_name_and_a_changed_one_gets_a_new_one():
    before = plan_of(ab_spec())
    retyped = plan_of(
        {
            **ab_spec(),
            "production_variants": [
                variant("A", "champion", "ml.c5.2xlarge"),
                ab_spec()["production_variants"][1],
            ],
        }
    )
    assert retyped.model_names == before.model_names
    assert retyped.config_name != before.config_name
    retrained = ab_spec()
    retrained["models"][1] = model("challenger", data="s3://bucket-name/v3/model.tar.gz")
    after = plan_of(retrained)
    assert after.model_names["champion"] == before.model_names["champion"]
    assert after.model_names["challenger"] != before.model_names["challenger"]
    assert after.config_name != before.config_name


def test_tags_do_not_change_names():
    assert plan_of(python_spec(tags={"team": "ml"})).config_name == plan_of(python_spec()).config_name


def test_classify_takes_the_least_disruptive_path():
    old = canonical(ab_spec())
    assert classify(old, old).kind is ChangeKind.NONE
    change = classify(old, canonical(ab_spec(weight_a=3)))
    assert change.kind is ChangeKind.WEIGHTS_AND_CAPACITIES
    assert change.desired == {"A": {"DesiredWeight": 3.0}}
    more = ab_spec()
    more["production_variants"][1]["initial_instance_count"] = 3
    assert classify(old, canonical(more)).desired == {"B": {"DesiredInstanceCount": 3}}
    tagged = classify(old, canonical({**ab_spec(), "tags": {"team": "ml"}}))
    assert tagged.kind is ChangeKind.TAGS_ONLY and tagged.tags
    scaled = classify(old, canonical(autoscaled(ab_spec())))
    assert scaled.kind is ChangeKind.AUTOSCALING_ONLY and scaled.autoscaling
    retyped = ab_spec()
    retyped["production_variants"][0]["instance_type"] = "ml.c5.2xlarge"
    retyped["production_variants"][0]["initial_variant_weight"] = 5
    assert classify(old, canonical(retyped)).kind is ChangeKind.NEW_CONFIG
    one = canonical(python_spec())
    assert classify(one, canonical(python_spec(kms_key_id="alias/k"))).kind is ChangeKind.NEW_CONFIG
    reordered = ab_spec()
    reordered["production_variants"].reverse()
    assert classify(old, canonical(reordered)).kind is ChangeKind.NONE
    guarded = {
        "rolling_update_policy": {
            "maximum_batch_size": {"type": "INSTANCE_COUNT", "value": 1},
            "wait_interval_in_seconds": 0,
        }
    }
    assert classify(one, canonical(python_spec(deployment_config=guarded))).kind is ChangeKind.NONE


def test_a_default_weight_equals_weight_one():
    implicit = python_spec(
        production_variants=[{k: v for k, v in variant().items() if k != "initial_variant_weight"}]
    )
    assert classify(canonical(implicit), canonical(python_spec())).kind is ChangeKind.NONE


def test_autoscaled_counts_are_retained_unless_the_spec_changes_them():
    old = canonical(autoscaled(python_spec()))
    retyped = autoscaled(python_spec(production_variants=[variant(instance_type="ml.c5.2xlarge")]))
    new = canonical(retyped)
    assert retained_counts(old, new, {"AllTraffic": 3}) == {"AllTraffic": 3}
    plan = build_plan(new, "ep", retained_counts(old, new, {"AllTraffic": 3}))
    assert plan.config_request["ProductionVariants"][0]["InitialInstanceCount"] == 3
    resized = canonical(
        autoscaled(python_spec(production_variants=[variant(instance_type="ml.c5.2xlarge", count=2)]))
    )
    assert retained_counts(old, resized, {"AllTraffic": 3}) == {}
    assert plan.autoscaling["AllTraffic"]["max_capacity"] == 4
