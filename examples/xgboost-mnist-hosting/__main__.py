"""The seed article's XGBoost MNIST endpoint: its hosting.yaml deployed with `from_manifests`.

`kubectl apply -f hosting.yaml` becomes `pulumi up`; `kubectl get hostingdeployments` becomes the stack's
outputs (the endpoint's name, status and URL). Edit the instance type in hosting.yaml and `pulumi up`
rolls a new endpoint config out with SageMaker's blue/green deployment while the old one keeps serving,
then deletes the old config. Invoke it with 784 CSV features (one MNIST image):
`aws sagemaker-runtime invoke-endpoint --endpoint-name <endpoint_name> --content-type text/csv ...`.
"""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_sagemaker as sm


def program() -> None:
    deployed = sm.from_manifests(Path(__file__).parent / "hosting.yaml")
    hosting = deployed["HostingDeployment"]["hosting-deployment"]
    pulumi.export("endpoint_name", hosting.endpoint_name)
    pulumi.export("status", hosting.status)
    pulumi.export("endpoint_url", hosting.endpoint_url)
    pulumi.export("endpoint_config_name", hosting.endpoint_config_name)


if __name__ == "__main__":
    program()
