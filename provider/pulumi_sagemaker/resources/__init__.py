"""The Pulumi surface: dynamic resources and their providers."""

from .base import SageMakerProvider
from .create_only import CreateOnlyProvider
from .endpoint import Endpoint, EndpointProvider
from .endpoint_config import EndpointConfig, EndpointConfigProvider
from .hosting_deployment import HostingDeployment, HostingDeploymentProvider
from .job_provider import JobProvider
from .kind_resource import KindResource, options_of
from .model import Model, ModelProvider
from .processing_job import ProcessingJob, ProcessingJobProvider
from .training_job import TrainingJob, TrainingJobProvider
from .transform_job import BatchTransformJob, BatchTransformJobProvider
from .tuning_job import HyperparameterTuningJob, HyperparameterTuningJobProvider

__all__ = [
    "BatchTransformJob",
    "BatchTransformJobProvider",
    "CreateOnlyProvider",
    "Endpoint",
    "EndpointConfig",
    "EndpointConfigProvider",
    "EndpointProvider",
    "HostingDeployment",
    "HostingDeploymentProvider",
    "HyperparameterTuningJob",
    "HyperparameterTuningJobProvider",
    "JobProvider",
    "KindResource",
    "Model",
    "ModelProvider",
    "ProcessingJob",
    "ProcessingJobProvider",
    "SageMakerProvider",
    "TrainingJob",
    "TrainingJobProvider",
    "options_of",
]
