"""A local AWS for offline tests: SageMaker with a real lifecycle, the rest from moto.

with LocalSageMaker() as aws:
    sm = aws.client()
    sm.create_training_job(...)
"""

from .calls import Call
from .lifecycle import Timings
from .local_sagemaker import LocalSageMaker

__all__ = ["Call", "LocalSageMaker", "Timings"]
