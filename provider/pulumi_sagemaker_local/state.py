"""The in-memory state of the local SageMaker: one record per resource, one lock for all."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .faults import FailureRule, Failures
from .guardrails import Stage
from .job_logs import JobLog
from .lifecycle import Timings
from .moto_backends import ACCOUNT
from .search_space import Definition


@dataclass
class TrainingJob:
    name: str
    arn: str
    request: dict[str, Any]  # the CreateTrainingJob request, echoed by Describe
    created: float
    modified: float
    status: str = "InProgress"
    secondary: str = "Starting"
    since: float = 0.0  # when `secondary` began
    transitions: list[dict[str, Any]] = field(default_factory=list)
    failure: FailureRule | None = None
    failure_reason: str | None = None
    training_start: float | None = None
    end: float | None = None
    secondary_before_stop: str | None = None
    log: JobLog | None = None
    # Set on the training jobs a tuning job launches:
    tuning: TuningJob | None = None
    definition: Definition | None = None
    tuned: dict[str, str] = field(default_factory=dict)  # TunedHyperParameters
    objective_value: float | None = None  # what it reports for the tuning objective metric


@dataclass
class TuningJob:
    name: str
    arn: str
    request: dict[str, Any]  # the CreateHyperParameterTuningJob request, echoed by Describe
    created: float
    modified: float
    definitions: list[Definition]
    max_jobs: int  # MaxNumberOfTrainingJobs, or the grid's size
    candidates: list[dict[str, str]] = field(default_factory=list)  # Grid: the combinations, in order
    status: str = "InProgress"
    clock: float = 0.0  # the time of the last transition applied (of the job or of a child)
    children: list[TrainingJob] = field(default_factory=list)
    ending: str | None = None  # why it launches no more: stop | target | runtime | failure | all-failed
    failure: FailureRule | None = None
    failure_reason: str | None = None
    end: float | None = None


@dataclass
class BatchJob:
    """A transform or processing job: Starting (instances launch), Running, then an end status."""

    name: str
    arn: str
    request: dict[str, Any]
    created: float
    modified: float
    log: JobLog
    status: str = "InProgress"
    phase: str = "Starting"  # Starting | Running | Stopping | ended
    since: float = 0.0  # when `phase` began
    start: float | None = None  # TransformStartTime / ProcessingStartTime
    end: float | None = None
    failure: FailureRule | None = None
    failure_reason: str | None = None
    exit_message: str | None = None


@dataclass
class Model:
    name: str
    arn: str
    request: dict[str, Any]
    created: float


@dataclass
class EndpointConfig:
    name: str
    arn: str
    request: dict[str, Any]
    created: float


@dataclass
class Deployment:
    """An update in progress: new variants (and config) not yet serving."""

    kind: str  # "config" (UpdateEndpoint) or "weights" (UpdateEndpointWeightsAndCapacities)
    started: float
    config_name: str | None = None
    variants: list[dict[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # DataCaptureConfig summary, async config...
    deployment_config: dict[str, Any] | None = None
    failure: FailureRule | None = None
    # UpdateEndpoint's stages (guardrails.py): provisioning, then a baking period per traffic step.
    stages: list[Stage] = field(default_factory=list)
    stage: int = 0  # the index of the stage under way
    stage_since: float = 0.0
    alarms: list[str] = field(default_factory=list)  # AutoRollbackConfiguration's CloudWatch alarms


@dataclass
class Endpoint:
    name: str
    arn: str
    config_name: str
    created: float
    modified: float
    status: str = "Creating"
    since: float = 0.0  # when `status` began
    variants: list[dict[str, Any]] = field(default_factory=list)  # ProductionVariantSummary dicts
    extras: dict[str, Any] = field(default_factory=dict)  # DataCaptureConfig summary, async config...
    deployment_config: dict[str, Any] | None = None  # shown as LastDeploymentConfig
    failure_reason: str | None = None
    create_failure: FailureRule | None = None
    pending: Deployment | None = None
    gone: bool = False  # deleted: dropped from the store at the next look
    served: int = 0  # invocations so far, for deterministic weighted routing


def partition(region: str) -> str:
    """The ARN partition a region belongs to (China and GovCloud have their own)."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass
class Shared:
    """What the regions of one local SageMaker share: durations, injected rules, one lock."""

    timings: Timings
    failures: Failures = field(default_factory=Failures)
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Whether a rolled-back update's endpoint shows a FailureReason: AWS's is sometimes empty
    # (terraform-provider-aws PR 49020), and a client must tell a rollback by the config name.
    rollback_reasons: bool = True
    # Whether roles and S3 data are looked up in moto's IAM and S3 (existence.py); off by default.
    check_existence: bool = False


class State:
    """What the SageMaker application knows of one region; guarded by `lock` (requests are threaded).

    Each region is a namespace of its own, as in AWS: the same name can exist in two regions, and
    ARNs carry the region (and partition) the request was signed for.
    """

    def __init__(self, region: str, shared: Shared) -> None:
        self.region = region
        self.shared = shared
        self.training_jobs: dict[str, TrainingJob] = {}
        self.tuning_jobs: dict[str, TuningJob] = {}
        self.transform_jobs: dict[str, BatchJob] = {}
        self.processing_jobs: dict[str, BatchJob] = {}
        self.models: dict[str, Model] = {}
        self.endpoint_configs: dict[str, EndpointConfig] = {}
        self.endpoints: dict[str, Endpoint] = {}
        self.tags: dict[str, dict[str, str]] = {}  # ARN -> tags, insertion ordered

    @property
    def timings(self) -> Timings:
        return self.shared.timings

    @property
    def failures(self) -> Failures:
        return self.shared.failures

    @property
    def lock(self) -> threading.RLock:
        return self.shared.lock

    @property
    def checks_existence(self) -> bool:
        return self.shared.check_existence

    def rollback_reason(self, reason: str) -> str | None:
        """What a rolled-back endpoint's FailureReason says (None: SageMaker left it empty)."""
        return reason if self.shared.rollback_reasons else None

    def reset(self) -> None:
        with self.lock:
            self.training_jobs.clear()
            self.tuning_jobs.clear()
            self.transform_jobs.clear()
            self.processing_jobs.clear()
            self.models.clear()
            self.endpoint_configs.clear()
            self.endpoints.clear()
            self.tags.clear()

    def arn(self, kind: str, name: str) -> str:
        # SageMaker lowercases names in ARNs; names are unique regardless of case.
        return f"arn:{partition(self.region)}:sagemaker:{self.region}:{ACCOUNT}:{kind}/{name.lower()}"

    def set_tags(self, arn: str, tags: list[dict[str, str]] | None) -> None:
        current = self.tags.setdefault(arn, {})
        for tag in tags or ():
            current[tag["Key"]] = tag.get("Value", "")

    def drop_tags(self, arn: str) -> None:
        self.tags.pop(arn, None)
