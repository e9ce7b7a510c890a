"""Defect 2 of issue 11: an `up` that fails after SageMaker made something leaves nothing state does not
know about unsaid. Autoscaling is validated against Application Auto Scaling's model at check (so the
issue's example never reaches the API), and a create that fails half way either deletes what it made
or leaves it for the next create to adopt, and says which."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber
from pulumi_sagemaker.aws import AwsError
from pulumi_sagemaker.hosting import check_inputs
from pulumi_sagemaker.hosting.scaling import SERVICE, policy_requests, target_request
from pulumi_sagemaker.lifecycle import WaitTimeout
from pulumi_sagemaker.resources import TrainingJobProvider
from pulumi_sagemaker.resources.hosting_deployment import HostingDeploymentProvider

from ..conftest import configured
from ..test_hosting_deployment import checked, names, scalable_targets, scaling_policies
from ..test_hosting_specs import autoscaled, python_spec, variant
from ..training_inputs import as_engine_sends
from ..training_inputs import python_spec as training_spec
from .client_faults import ClientFaults

CUSTOM = {
    "target_value": 60,
    "customized_metric_specification": {
        "metric_name": "CPUUtilization",
        "namespace": {"not": "a string"},
        "statistic": "Average",
        "dimensions": {"EndpointName": ["x"], "VariantName": "AllTraffic"},
    },
}


def test_custom_metric_fields_of_the_wrong_type_fail_check_with_their_paths():
    block = {"min_capacity": 1, "max_capacity": 2, "policies": [CUSTOM]}
    _, failures = check_inputs(python_spec(production_variants=[variant(autoscaling=block)]))
    base = "production_variants[0].autoscaling.policies[0].customized_metric_specification"
    assert [(f.path, f.reason) for f in failures] == [
        (f"{base}.namespace", "must be a string, got an object"),
        (f"{base}.dimensions.EndpointName", "must be a string, got a list"),
    ]


def test_what_passes_check_is_what_botocores_validator_accepts():
    block = {**CUSTOM, "customized_metric_specification": {**CUSTOM["customized_metric_specification"]}}
    block["customized_metric_specification"].update(namespace="/aws/sagemaker/Endpoints", dimensions={"A": 5})
    spec = python_spec(
        production_variants=[
            variant(
                autoscaling={"min_capacity": 1, "max_capacity": 3, "policies": [block, {"target_value": 9}]}
            )
        ]
    )
    inputs, failures = check_inputs(spec)
    assert failures == []
    autoscaling = inputs["production_variants"][0]["autoscaling"]
    from pulumi_sagemaker.aws import Aws, AwsSettings

    client = Aws(AwsSettings(region="us-east-1")).client(SERVICE)
    with Stubber(client) as stub:  # botocore validates each request against its model before stubbing
        requests = [
            target_request("ep", "AllTraffic", autoscaling),
            *policy_requests("ep", "AllTraffic", autoscaling),
        ]
        stub.add_response("register_scalable_target", {}, requests[0])
        for request in requests[1:]:
            stub.add_response("put_scaling_policy", {"PolicyARN": "arn", "Alarms": []}, request)
        client.register_scalable_target(**requests[0])
        for request in requests[1:]:
            client.put_scaling_policy(**request)
    assert requests[1]["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"][
        "Dimensions"
    ] == [{"Name": "A", "Value": "5"}]


@pytest.fixture
def hosting(local):
    return configured(HostingDeploymentProvider, {**local.config, "sagemaker:maxAttempts": "2"})


def test_an_endpoint_made_before_autoscaling_failed_is_left_for_the_next_up_and_the_error_says_so(
    local, hosting
):
    inputs = checked(hosting, autoscaled(python_spec()))
    faults = ClientFaults(hosting.aws, [SERVICE], 1.0, kinds=["throttle"], operations=["PutScalingPolicy"])
    with faults, pytest.raises(AwsError) as raised:
        hosting.create(inputs)
    (note,) = raised.value.__notes__
    models, configs, (endpoint,) = names(local)
    assert note.startswith(
        f"The endpoint {endpoint} exists (InService, and billing): the next `pulumi up` adopts"
    )
    assert "`pulumi destroy` does not know them" in note and f"--endpoint-name {endpoint}" in note
    assert configs[0] in note and all(m in note for m in models)
    # The next create adopts all of it: nothing twice, and autoscaling is complete.
    created = hosting.create(inputs)
    assert created.id == endpoint and names(local) == (models, configs, [endpoint])
    assert len(local.calls_to("CreateEndpoint")) == 2 and len(scalable_targets(local)) == 1
    assert len(scaling_policies(local)) == 1


def test_models_made_before_the_config_was_refused_are_deleted_and_the_error_says_so(local, hosting):
    local.inject_faults(1.0, kinds=("5xx",), operations=["CreateEndpointConfig"])
    with pytest.raises(AwsError) as raised:
        hosting.create(checked(hosting, python_spec()))
    local.clear_faults()
    (note,) = raised.value.__notes__
    assert note.startswith("What this `up` made for it was deleted (")
    assert names(local) == ([], [], [])


def test_a_job_whose_wait_failed_after_its_create_is_left_for_the_next_up_and_the_error_says_so(local):
    jobs = configured(TrainingJobProvider, local.config)
    local.timings.training_phase = 0.5
    spec = {**training_spec(), "name_seed": "demo/local/mnist", "wait_timeout_seconds": 0.05}
    inputs = as_engine_sends(jobs.check({}, as_engine_sends(spec)).inputs)
    with pytest.raises(WaitTimeout) as raised:
        jobs.create(inputs)
    (note,) = raised.value.__notes__
    (job,) = local.client().list_training_jobs()["TrainingJobSummaries"]
    name = job["TrainingJobName"]
    assert note == (
        f"TrainingJob {name} exists in SageMaker: the next `pulumi up` adopts it instead of starting "
        "another. Until an `up` succeeds, `pulumi destroy` does not know it; if it still runs and you "
        f"do not want it, stop it with `aws sagemaker stop-training-job --training-job-name {name}`."
    )
