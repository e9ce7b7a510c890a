"""The SageMaker Operator's manifests, deployed as they are written.

`kubectl apply -f manifests/` becomes `pulumi up`: each manifest's `spec` is the resource's arguments,
unchanged (lowerCamelCase, `{name, value}` hyperparameters, `{key, value}` tags, `region`), and
`metadata.name` is the resource's name. Only the kinds this project has today are read; a manifest of
another kind is an error that says so rather than something silently skipped.
"""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_sagemaker as sm
import yaml

MANIFESTS = Path(__file__).parent / "manifests"
KINDS = {"TrainingJob": sm.TrainingJob, "HostingDeployment": sm.HostingDeployment}


def program() -> None:
    for path in sorted(MANIFESTS.glob("*.yaml")):
        manifest = yaml.safe_load(path.read_text())
        kind, name = manifest["kind"], manifest["metadata"]["name"]
        if kind not in KINDS:
            raise ValueError(f"{path.name}: kind {kind} is not supported yet (have: {', '.join(KINDS)})")
        resource = KINDS[kind](name, **manifest["spec"])
        if isinstance(resource, sm.TrainingJob):
            pulumi.export(f"{name}:status", resource.status)
            pulumi.export(f"{name}:model_artifacts", resource.model_artifacts)
        else:
            pulumi.export("endpoint_name", resource.endpoint_name)
            pulumi.export("endpoint_url", resource.endpoint_url)


if __name__ == "__main__":
    program()
