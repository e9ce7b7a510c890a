"""Malformed manifests: each gets its precise error (file, document, kind, metadata.name, the field as the
YAML writes it, the fix), every document's at once, before anything is registered or called."""

from __future__ import annotations

import textwrap

import pulumi_sagemaker as sm
import pytest
from pulumi_sagemaker.manifests import ManifestError
from pulumi_sagemaker.testing import ResourceError, run

from .manifests_support import CORPUS, ROLE, VALUES

TRAINING = f"""\
apiVersion: sagemaker.aws.amazon.com/v1
kind: TrainingJob
metadata:
  name: mnist
spec:
  region: us-west-2
  roleArn: {ROLE}
  algorithmSpecification:
    trainingImage: 433757028032.dkr.ecr.us-west-2.amazonaws.com/xgboost:1
    trainingInputMode: File
  outputDataConfig:
    s3OutputPath: s3://my-bucket/xgboost/
  resourceConfig:
    instanceCount: 1
    instanceType: ml.m4.xlarge
    volumeSizeInGB: 5
"""


def problems(text, **kw) -> list[str]:
    with pytest.raises(ManifestError) as raised:
        sm.from_manifests(textwrap.dedent(text) if isinstance(text, str) else text, **kw)
    return [str(p) for p in raised.value.problems]


def test_a_manifest_that_deploys_as_a_check_of_the_others():
    from pulumi_sagemaker.manifests.loading import load

    assert load(TRAINING).problems == []


def test_the_seed_articles_mangled_api_group_says_which_group_its_kind_is():
    (problem,) = problems((CORPUS / "seeds/hosting.yaml").read_text(), values=VALUES)
    assert problem == (
        "<text>, document 1 (HostingDeployment 'hosting-deployment'): apiVersion: apiVersion group "
        "'sagemaker.thinkwithwp.com' is not one this project reads: HostingDeployment is "
        "sagemaker.aws.amazon.com/v1"
    )


def test_unknown_kinds_and_versions_name_the_fix():
    found = problems(
        TRAINING.replace("kind: TrainingJob", "kind: Trainingjob")
        + "---\n"
        + TRAINING.replace("/v1\n", "/v2\n", 1).replace("name: mnist", "name: other")
    )
    assert found[0].endswith(
        "kind: kind 'Trainingjob' of sagemaker.aws.amazon.com is not one from_manifests "
        "deploys; did you mean 'TrainingJob'? the kinds are: BatchTransformJob, "
        "EndpointConfig, HostingAutoscalingPolicy, HostingDeployment, "
        "HyperparameterTuningJob, Model, ProcessingJob, TrainingJob"
    )
    assert found[1].endswith(
        "apiVersion: version 'v2' of sagemaker.aws.amazon.com is not one this project reads: use "
        "sagemaker.aws.amazon.com/v1"
    )


def test_other_api_groups_are_errors_unless_skipped_but_sagemaker_ones_never_are():
    configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n---\n"
    (found,) = problems(configmap + TRAINING)
    assert found == (
        "<text>, document 1 (ConfigMap 'settings'): apiVersion: apiVersion 'v1' (Kubernetes' core group) is "
        "not one this project reads (sagemaker.aws.amazon.com/v1, sagemaker.services.k8s.aws/v1alpha1, "
        "applicationautoscaling.services.k8s.aws/v1alpha1); skip_unknown=True leaves documents of other "
        "API groups out"
    )
    from pulumi_sagemaker.manifests.loading import load

    assert load(configmap + TRAINING, skip_unknown=True).problems == []
    mangled = TRAINING.replace("sagemaker.aws.amazon.com", "sagemaker.thinkwithwp.com")
    assert len(load(configmap + mangled, skip_unknown=True).problems) == 1


def test_a_missing_required_field_an_unknown_one_and_a_list_item_that_is_no_object():
    text = TRAINING.replace(f"  roleArn: {ROLE}\n", "").replace(
        "  resourceConfig:",
        "  hyperParameter:\n    - name: eta\n      value: '0.2'\n  inputDataConfig:\n    - train\n  "
        "resourceConfig:",
    )
    found = problems(text)
    assert found == [
        "<text>, document 1 (TrainingJob 'mnist'): spec.hyperParameter: unknown field; did you mean "
        "'hyperParameters'?",
        "<text>, document 1 (TrainingJob 'mnist'): spec.inputDataConfig[0]: must be an object, got 'train'",
        "<text>, document 1 (TrainingJob 'mnist'): spec.roleArn: is required",
    ]


def test_acks_documents_are_told_the_member_as_ack_spells_it():
    (found,) = problems(
        (CORPUS / "ack/e2e/xgboost_trainingjob.yaml")
        .read_text()
        .replace("  roleARN: $SAGEMAKER_EXECUTION_ROLE_ARN\n", ""),
        values=VALUES,
    )
    assert found == "<text>, document 1 (TrainingJob '$TRAINING_JOB_NAME'): spec.roleARN: is required"


def test_a_member_missing_beside_acks_type_underscore_is_told_in_acks_spelling():
    """Found by the fuzz suite: ACK's `type_` read as snake_case, so the member missing beside it was
    named `metric_name` in a lowerCamelCase document."""
    (found,) = problems(
        (CORPUS / "ack/e2e/xgboost_hpojob.yaml")
        .read_text()
        .replace("      metricName: validation:error\n", ""),
        values=VALUES,
    )
    assert found.endswith(
        ": spec.hyperParameterTuningJobConfig.hyperParameterTuningJobObjective.metricName: is required"
    )


def test_an_unfilled_placeholder_names_the_file_document_field_and_how_to_fill_it():
    found = problems(CORPUS / "operator/testfiles/xgboost-model.yaml")
    assert found == [
        f"{CORPUS}/operator/testfiles/xgboost-model.yaml, document 1 (Model 'xgboost-model'): "
        "spec.primaryContainer.modelDataUrl: placeholder {DATA_BUCKET} is not filled: give it a value with "
        "values={'DATA_BUCKET': ...} to from_manifests, or `pulumi config set sagemaker:values.DATA_BUCKET "
        "<value>`",
        f"{CORPUS}/operator/testfiles/xgboost-model.yaml, document 1 (Model 'xgboost-model'): "
        "spec.executionRoleArn: placeholder {ROLE_ARN} is not filled: give it a value with "
        "values={'ROLE_ARN': ...} to from_manifests, or `pulumi config set sagemaker:values.ROLE_ARN "
        "<value>`",
    ]


def test_one_metric_definition_split_across_two_items_says_so():
    text = TRAINING.replace(
        "    trainingInputMode: File\n",
        "    trainingInputMode: File\n    metricDefinitions:\n     - name: val_acc\n     - regex: 'val_acc: "
        "([0-9\\\\.]+)'\n",
    )
    (found,) = problems(text)
    assert found == (
        "<text>, document 1 (TrainingJob 'mnist'): spec.algorithmSpecification.metricDefinitions[0]: one "
        "item "
        "written as two: [0] has only name, [1] only regex; write them as one item, `- name: ...` with "
        "`regex: ...` on the next line, indented under it (without a dash)"
    )


def test_a_duplicate_name_within_a_kind_and_a_variant_naming_a_missing_model():
    hosting = (CORPUS / "operator/samples/xgboost-mnist-hostingdeployment.yaml").read_text()
    found = problems(
        TRAINING
        + "---\n"
        + TRAINING
        + "---\n"
        + hosting.replace("modelName: xgboost-model", "modelName: xgb")
    )
    assert found == [
        "<text>, document 2 (TrainingJob 'mnist'): metadata.name: a second TrainingJob named 'mnist' (also "
        "<text>, document 1 (TrainingJob 'mnist')): names are unique per kind",
        "<text>, document 3 (HostingDeployment 'hosting-deployment'): spec.productionVariants[0].modelName: "
        "'xgb' is not one of the models ('xgboost-model')",
    ]


def test_fields_the_operator_took_that_are_not_supported_are_errors_never_dropped():
    hap = (CORPUS / "operator/testfiles/xgboost-hostingautoscaling.yaml").read_text()
    target = (CORPUS / "ack-autoscaling/e2e/sagemaker_endpoint_autoscaling_target.yaml").read_text()
    found = problems(
        hap.replace("policyType: TargetTrackingScaling", "policyType: StepScaling")
        + "\n---\n"
        + target
        + "\n  roleARN: arn:aws:iam::123456789012:role/aas\n",
        values=VALUES,
    )
    assert found[0].endswith(
        "spec.policyType: step scaling is not supported here (target tracking is); use "
        'targetTrackingScalingPolicyConfiguration, or let ACK\'s controller apply it (via="cluster")'
    )
    assert found[1].endswith(
        "spec.roleARN: is not taken: Application Auto Scaling uses its service-linked role for SageMaker; "
        "remove it"
    )


def test_yaml_syntax_errors_and_documents_that_are_no_objects():
    found = problems("apiVersion: sagemaker.aws.amazon.com/v1\nkind: TrainingJob\nspec: [\n")
    assert found[0].startswith("<text>, document 1: is not valid YAML: line 4:")
    (found,) = problems("- just\n- a list\n")
    assert (
        found == "<text>, document 1: is not an object (apiVersion, kind, metadata, spec): ['just', 'a list']"
    )


def test_every_documents_problem_is_raised_at_once_and_nothing_is_called(local):
    text = (
        TRAINING.replace("trainingInputMode: File", "trainingInputMode: Files")
        + "---\n"
        + TRAINING.replace("name: mnist", "name: second").replace("ml.m4.xlarge", "ml.m4.xlarg")
    )

    def program() -> None:
        sm.from_manifests(text)

    with pytest.raises(ResourceError) as failed:
        run(program, config=local.config)
    lines = str(failed.value.__cause__).splitlines()
    assert lines[0] == "2 problems in the manifests (nothing was deployed):"
    assert (
        "document 1 (TrainingJob 'mnist'): spec.algorithmSpecification.trainingInputMode: 'Files'" in lines[1]
    )
    assert (
        "document 2 (TrainingJob 'second'): spec.resourceConfig.instanceType: 'ml.m4.xlarg' is not"
        in lines[2]
    )
    assert local.calls == [] and failed.value.operations == []


HOSTING_WITH_POLICY = f"""\
apiVersion: sagemaker.aws.amazon.com/v1
kind: HostingDeployment
metadata:
  name: hosting
spec:
  region: us-west-2
  productionVariants:
    - {{variantName: AllTraffic, modelName: xgb, initialInstanceCount: 1, instanceType: ml.m5.large}}
  models:
    - name: xgb
      executionRoleArn: {ROLE}
      containers: [{{image: 433757028032.dkr.ecr.us-west-2.amazonaws.com/xgboost:1}}]
---
apiVersion: sagemaker.aws.amazon.com/v1
kind: HostingAutoscalingPolicy
metadata:
  name: scaling
spec:
  resourceId: [{{endpointName: hosting, variantName: AllTraffic@EXTRA@}}]
  minCapacity: 1
  maxCapacity: 2
  targetTrackingScalingPolicyConfiguration:
    targetValue: @TARGET@
    customizedMetricSpecification: @METRIC@
"""
METRIC = "{metricName: CPUUtilization, namespace: /aws/sagemaker/Endpoints, statistic: Average}"
VARIANTS = (
    "\n    - {variantName: AllTraffic, modelName: xgb, initialInstanceCount: 1, instanceType: ml.m5.large}"
)


def with_policy(extra: str = "", target: str = "70", metric: str = METRIC) -> str:
    return (
        HOSTING_WITH_POLICY.replace("@EXTRA@", extra).replace("@TARGET@", target).replace("@METRIC@", metric)
    )


def test_a_wrong_value_inside_an_autoscaling_policys_configuration_is_named_once_at_its_field():
    """Found by the fuzz suite: the configuration's key was written twice in the path
    (spec.targetTrackingScalingPolicyConfiguration.targetTrackingScalingPolicyConfiguration.targetValue)."""
    (found,) = problems(with_policy(target="[70]"))
    assert ": spec.targetTrackingScalingPolicyConfiguration.targetValue: must be a number" in found
    found = problems(with_policy(metric="{metricName: CPUUtilization, namespace: [x], statistic: Average}"))
    assert any(
        ": spec.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.namespace: must be"
        in p
        for p in found
    ), found


def test_an_unknown_field_in_an_autoscaling_policys_resource_id_is_an_error_not_dropped():
    """Found by the fuzz suite: `resourceId: [{endpointName, variantName, <anything>}]` passed silently."""
    (found,) = problems(with_policy(extra=", regionn: us-west-2"))
    assert ": spec.resourceId[0].regionn: unknown field" in found


def test_a_missing_member_of_an_operator_manifest_is_named_in_its_camel_case():
    """Found by the fuzz suite: a HostingDeployment spec whose keys are one word each (models, region) gave
    no casing to go by, and the missing member was named `spec.production_variants`."""
    text = HOSTING_WITH_POLICY.split("---")[0].replace(f"  productionVariants:{VARIANTS}\n", "")
    assert "productionVariants" not in text
    (found,) = problems(text)
    assert ": spec.productionVariants: is required" in found


@pytest.mark.parametrize(
    "variants, path",
    [("[5, {variantName: AllTraffic}]", "spec.productionVariants[0]"), ("5", "spec.productionVariants")],
)
def test_an_autoscaling_policy_for_a_deployment_whose_variants_are_malformed_is_a_problem(variants, path):
    """Found by the fuzz suite: attaching the policy raised TypeError (an item that is no object, or
    variants that are no list)."""
    text = with_policy().replace(VARIANTS, f" {variants}")
    assert any(f": {path}: " in p for p in problems(text))
