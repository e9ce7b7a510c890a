"""Kubernetes manifests of the SageMaker operators, deployed unchanged: `from_manifests`, and `to_ack`.

- `from_manifests(path_or_text, values=..., opts=...)` reads the original operator's
  (`sagemaker.aws.amazon.com/v1`) and ACK's (`sagemaker.services.k8s.aws/v1alpha1`,
  `applicationautoscaling.services.k8s.aws/v1alpha1`) manifests and registers this package's resources
  for them; with `via="cluster"`, it applies their ACK form to a cluster's controller instead.
- `to_ack(path_or_text)` writes the operator's manifests as ACK's (`python -m pulumi_sagemaker.manifests
  to-ack DIR`).
See docs/manifests.md.
"""

from .api import from_manifests
from .deploy import Manifests
from .errors import ManifestError, Problem, Where

__all__ = ["ManifestError", "Manifests", "Problem", "Where", "from_manifests"]
