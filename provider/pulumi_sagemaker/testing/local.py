"""The local SageMaker under its former import path; it lives in `pulumi_sagemaker_local` now."""

from pulumi_sagemaker_local import Call, LocalSageMaker, Timings

__all__ = ["Call", "LocalSageMaker", "Timings"]
