"""What the typed surface accepts and shows, read by pyright (tests/test_typed_surface.py): no error
anywhere, and each `reveal_type` is what an IDE shows for it.

Not a test module: pytest does not collect it.
"""

from typing import Any, reveal_type

import pulumi
import pulumi_sagemaker as sm
from pulumi_sagemaker.types import ResourceConfig, ResourceLimits

# What a completion pop-up on `sm.TrainingJob("x", ` lists: the signature, every parameter typed.
reveal_type(sm.TrainingJob.__init__)
reveal_type(sm.HostingDeployment.__init__)

# An operator manifest's spec, in its lowerCamelCase, goes through `**spec` as it is.
manifest: dict[str, Any] = {"spec": {"roleArn": "arn:aws:iam::123456789012:role/r"}}
job = sm.TrainingJob("from-manifest", **manifest["spec"])

# Outputs are typed, the best training job and the variants as TypedDicts; `name` is on every resource.
limits: ResourceLimits = {"max_number_of_training_jobs": 4, "max_parallel_training_jobs": 2}
tuning = sm.HyperparameterTuningJob(
    "tuning", hyper_parameter_tuning_job_config={"strategy": "Random", "resource_limits": limits}
)
hosting = sm.HostingDeployment(
    "hosting",
    models=[{"name": "xgb", "containers": [{"image": "image", "model_data_url": job.model_artifacts}]}],
    production_variants=[{"variant_name": "AllTraffic", "model_name": "xgb", "instance_type": "ml.m5.large"}],
)
reveal_type(tuning.best_training_job)
reveal_type(hosting.variants)
reveal_type(job.name)
reveal_type(hosting.name)

# Another resource's Output fits any input; an instance type read from config is a plain str.
config = pulumi.Config()
resources: ResourceConfig = {
    "instance_type": config.get("instanceType") or "ml.m5.xlarge",
    "instance_count": pulumi.Output.from_input(2),
}
