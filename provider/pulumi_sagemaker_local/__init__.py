"""A local AWS for offline tests: SageMaker with a real lifecycle, the rest from moto.

with LocalSageMaker() as aws:
    sm = aws.client()
    sm.create_training_job(...)

Shipped in pulumi-sagemaker's `testing` extra, which brings moto; it imports nothing from the
provider (`pulumi_sagemaker`), so it can be used, and reasoned about, on its own.
"""

from ._requirements import require_moto

require_moto()

from .calls import Call  # noqa: E402  (after the check, so a plain install gets the clear error)
from .lifecycle import Timings  # noqa: E402
from .local_sagemaker import LocalSageMaker  # noqa: E402

__all__ = ["Call", "LocalSageMaker", "Timings"]
