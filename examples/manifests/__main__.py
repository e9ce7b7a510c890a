"""The seed article's four scenarios as the SageMaker Operator's YAML and as ACK's, deployed through
`from_manifests` as they are written.

`operator/` holds the operator's manifests (sagemaker.aws.amazon.com/v1: lowerCamelCase, `{name, value}`
hyperparameters, `region` in the spec); `ack/` the same four as `python -m pulumi_sagemaker.manifests
to-ack operator -o ack` writes them for ACK's controller (sagemaker.services.k8s.aws/v1alpha1: maps,
`roleARN`, `s3URI`, the region as an annotation, the HostingDeployment as a Model, an EndpointConfig and
an Endpoint). `pulumi config set flavour ack` deploys those instead; either way `kubectl apply -f` of a
folder becomes `pulumi up`. The manifests' `<ACCOUNT_ID>` placeholder is filled from stack config
(`pulumi config set sagemaker:values.ACCOUNT_ID 123456789012`).
"""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_sagemaker as sm

HERE = Path(__file__).parent
FLAVOURS = ("operator", "ack")


def program() -> None:
    flavour = pulumi.Config().get("flavour") or "operator"
    if flavour not in FLAVOURS:
        raise ValueError(f"config flavour must be one of {', '.join(FLAVOURS)}, got {flavour!r}")
    deployed = sm.from_manifests(HERE / flavour)
    for kind in ("TrainingJob", "HyperparameterTuningJob", "HyperParameterTuningJob"):
        for name, job in deployed.get(kind, {}).items():
            pulumi.export(f"{name}:status", job.status)
    pulumi.export("endpoint_urls", deployed.endpoint_urls)


if __name__ == "__main__":
    program()
