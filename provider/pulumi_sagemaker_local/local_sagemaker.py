"""`LocalSageMaker`: the public face of the local AWS (start/stop, clients, injections, calls)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import boto3
import boto3.session
from botocore.config import Config

from . import moto_backends
from .autoscaling_guard import refuse_missing_variants
from .calls import Call, CallLog
from .control import ControlApp
from .faults import FAULT_KINDS, FailureRule, FaultControl, FaultPlan, OutputRule
from .lifecycle import Timings
from .regions import Regions
from .runtime import RuntimeApp
from .sagemaker_app import SageMakerApp
from .server import Router, ServerThread, moto_app
from .state import Shared
from .training import FAILURE_PHASES

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

DEFAULT_TRAINING_FAILURE = (
    "AlgorithmError: ExecuteUserScriptError: the training script exited with non-zero exit code 1 "
    "(failure injected by LocalSageMaker)"
)
DEFAULT_CREATE_FAILURE = (
    "The primary container for production variant AllTraffic did not pass the ping health check. "
    "Please check CloudWatch logs for this endpoint. (failure injected by LocalSageMaker)"
)
DEFAULT_UPDATE_FAILURE = (
    "Failed to update endpoint: the new production variants did not pass the ping health check; "
    "the endpoint was rolled back to its previous configuration. (failure injected by LocalSageMaker)"
)
DEFAULT_TUNING_FAILURE = (
    "InternalServerError: An internal error occurred while launching the training jobs of this tuning "
    "job (failure injected by LocalSageMaker)"
)
DEFAULT_TRANSFORM_FAILURE = (
    "ClientError: See job logs for more information: the model container answered 500 to /invocations "
    "(failure injected by LocalSageMaker)"
)
DEFAULT_PROCESSING_FAILURE = (
    "AlgorithmError: See job logs for more information: the processing script exited with non-zero "
    "exit code 1 (failure injected by LocalSageMaker)"
)


class LocalSageMaker:
    """A local AWS on one port: SageMaker with a real lifecycle, every other service from moto.

    moto keeps its state per process, so two instances in one process share IAM, S3, ...
    (and `reset()` wipes it for both); SageMaker state is per instance.
    """

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        timings: Timings | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        rollback_reasons: bool = True,
        check_existence: bool = False,
    ) -> None:
        """`rollback_reasons=False`: a rolled-back update leaves the endpoint's FailureReason empty, as
        AWS sometimes does (a client must tell a rollback by the config name, not by the reason).

        `check_existence=True`: execution roles must exist in moto's IAM and trust
        sagemaker.amazonaws.com, S3 inputs and model data must exist in moto's S3, or the request
        is refused (or the job / endpoint fails) as on AWS. Off by default: a test then needs no
        roles or data seeded (`create_role`, `put_object`).
        """
        self.region = region
        self.host = host
        self.port = port
        # Each region a namespace of its own, ARNs of the region signed for, as on AWS.
        self._regions = Regions(
            region,
            Shared(timings or Timings(), rollback_reasons=rollback_reasons, check_existence=check_existence),
        )
        self._state = self._regions.get(region).state  # the default region's
        self._calls = CallLog()
        self._faults = FaultControl()
        self._app = Router(
            sagemaker=SageMakerApp(self._regions, self._calls, self._faults),
            runtime=RuntimeApp(self._regions, self._calls),
            control=ControlApp(self),
            fallback=moto_app(),
            on_reset=self._reset_sagemaker,  # POST /moto-api/reset wipes SageMaker too
            guards=(refuse_missing_variants(lambda region: self._regions.get(region).endpoints),),
        )
        self._server: ServerThread | None = None
        self._session: boto3.session.Session | None = None
        self._session_lock = threading.Lock()

    # -- lifecycle of the server -----------------------------------------------------------

    def start(self) -> LocalSageMaker:
        if self._server is None:
            server = ServerThread(self._app, self.host, self.port)
            server.start()
            self._server = server
            self.port = server.address[1]
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> LocalSageMaker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        if self._server is None:
            raise RuntimeError("LocalSageMaker is not started: call start() or use it as a context manager")
        return f"http://{self.host}:{self.port}"

    @property
    def timings(self) -> Timings:
        return self._state.timings

    @timings.setter
    def timings(self, value: Timings) -> None:
        self._regions.shared.timings = value

    @property
    def rollback_reasons(self) -> bool:
        """Whether a rolled-back update sets the endpoint's FailureReason (changeable at run time)."""
        return self._regions.shared.rollback_reasons

    @rollback_reasons.setter
    def rollback_reasons(self, value: bool) -> None:
        self._regions.shared.rollback_reasons = value

    @property
    def check_existence(self) -> bool:
        """Whether roles and S3 data are looked up in IAM and S3 (changeable at run time)."""
        return self._regions.shared.check_existence

    @check_existence.setter
    def check_existence(self, value: bool) -> None:
        self._regions.shared.check_existence = value

    # -- what SageMaker expects to exist: roles and S3 data --------------------------------

    def create_role(self, arn: str, *, trusted_service: str = "sagemaker.amazonaws.com") -> None:
        """An IAM role (at the ARN's path) that `trusted_service` may assume, straight into moto's IAM.

        For roles a stack names but does not create; the trust policy is replaced if it exists.
        """
        head, _, rest = arn.partition(":role/")
        fields = head.split(":")
        if not rest or len(fields) != 5 or fields[4] != moto_backends.ACCOUNT:
            raise ValueError(
                f"not an IAM role ARN of moto's account: {arn!r} "
                f"(arn:aws:iam::{moto_backends.ACCOUNT}:role/NAME)"
            )
        path, _, name = rest.rpartition("/")
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": trusted_service}, "Action": "sts:AssumeRole"}
            ],
        }
        moto_backends.create_role(name, f"/{path}/" if path else "/", json.dumps(trust), fields[1])

    def put_object(self, uri: str, body: bytes = b"", *, region: str | None = None) -> None:
        """An S3 object at `uri` (s3://bucket/key), its bucket created if need be, straight into moto's S3
        (of `region`'s partition: China's S3 is its own; default: this server's region)."""
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        if not uri.startswith("s3://") or not bucket or not key:
            raise ValueError(f"not an S3 object URI: {uri!r} (s3://BUCKET/KEY)")
        region = region or self.region
        if not moto_backends.create_bucket(region, bucket):
            raise ValueError(f"not a valid S3 bucket name: {bucket!r} (3-63 characters, a-z 0-9 . -)")
        moto_backends.put_object(region, bucket, key, body)

    @property
    def config(self) -> dict[str, str]:
        """The stack config that points the providers at this server: SageMaker's calls by
        `sagemaker:endpointUrl`, the other services' by pulumi-aws's `aws:endpoints` (as the CLI stores
        it: JSON text)."""
        url = self.endpoint_url
        services = ("applicationautoscaling", "cloudwatchlogs", "iam", "s3", "sts")
        return {
            "aws:region": self.region,
            "aws:accessKey": CREDENTIALS["aws_access_key_id"],
            "aws:secretKey": CREDENTIALS["aws_secret_access_key"],
            "aws:endpoints": json.dumps([{service: url for service in services}]),
            "sagemaker:endpointUrl": url,
            "sagemaker:pollIntervalSeconds": "0.02",
        }

    def client(self, service: str = "sagemaker", **kw: Any) -> Any:
        """A boto3 client pointed at this server; no retries, so faults reach the caller."""
        # total_max_attempts=1: a single attempt. (retries={"max_attempts": 1} would still allow
        # one retry, which hides injected faults from the caller.)
        config = Config(retries={"total_max_attempts": 1})
        if "config" in kw:
            config = config.merge(kw.pop("config"))
        options: dict[str, Any] = {
            "region_name": self.region,
            "endpoint_url": self.endpoint_url,
            **CREDENTIALS,
        }
        options.update(kw)
        with self._session_lock:
            # One session: its loader caches the service models, so later clients are cheap.
            session = self._session = self._session or boto3.session.Session()
            return session.client(service, config=config, **options)

    # -- what the server received ----------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        return self._calls.snapshot()

    def calls_to(self, operation: str) -> list[Call]:
        return [c for c in self._calls.snapshot() if c.operation == operation]

    def clear_calls(self) -> None:
        self._calls.clear()

    # -- failures: resources that go wrong -------------------------------------------------

    def fail_training_job(
        self, name: str = "*", reason: str = DEFAULT_TRAINING_FAILURE, at: str = "Training"
    ) -> None:
        """The next job created whose name matches `name` (fnmatch) fails at the end of phase `at`."""
        if at not in FAILURE_PHASES:
            raise ValueError(f"at must be one of {FAILURE_PHASES}, got {at!r}")
        with self._state.lock:
            self._state.failures.training.append(FailureRule(name, reason, at))

    def fail_tuning_job(self, name: str = "*", reason: str = DEFAULT_TUNING_FAILURE) -> None:
        """The next tuning job whose name matches goes Failed with `reason` once its first child ends.

        Its children still running are stopped. (To fail one child instead, `fail_training_job`
        with a pattern such as "mytuning-002-*".)
        """
        with self._state.lock:
            self._state.failures.tuning.append(FailureRule(name, reason))

    def fail_transform_job(self, name: str = "*", reason: str = DEFAULT_TRANSFORM_FAILURE) -> None:
        """The next transform job whose name matches goes Failed with `reason` instead of completing."""
        with self._state.lock:
            self._state.failures.transform.append(FailureRule(name, reason))

    def fail_processing_job(
        self, name: str = "*", reason: str = DEFAULT_PROCESSING_FAILURE, exit_message: str | None = None
    ) -> None:
        """The next processing job whose name matches goes Failed with `reason` and `exit_message`.

        Without `exit_message`, the ExitMessage is the last line of the traceback it logs.
        """
        with self._state.lock:
            self._state.failures.processing.append(FailureRule(name, reason, exit_message=exit_message))

    def job_output(self, name: str = "*", lines: Sequence[str] = ()) -> None:
        """The next job of any kind whose name matches prints exactly `lines` on each log stream.

        Written when its containers start (an injected failure's traceback follows them), so a
        test can assert what a client streams end to end.
        """
        with self._state.lock:
            self._state.failures.outputs.append(OutputRule(name, list(lines)))

    def fail_endpoint_create(self, name: str = "*", reason: str = DEFAULT_CREATE_FAILURE) -> None:
        """The next endpoint created whose name matches goes Creating -> Failed."""
        with self._state.lock:
            self._state.failures.endpoint_create.append(FailureRule(name, reason))

    def fail_endpoint_update(self, name: str = "*", reason: str = DEFAULT_UPDATE_FAILURE) -> None:
        """The next UpdateEndpoint of a matching endpoint rolls back to the old config."""
        with self._state.lock:
            self._state.failures.endpoint_update.append(FailureRule(name, reason))

    # -- faults: requests that go wrong ----------------------------------------------------

    def inject_faults(
        self,
        rate: float,
        *,
        kinds: Sequence[str] = FAULT_KINDS,
        operations: Sequence[str] | None = None,
        when: str = "before",
        seed: int | None = None,
    ) -> None:
        """Answer SageMaker requests with a fault with probability `rate` (replaces any plan)."""
        self._faults.plan = FaultPlan(rate, kinds, operations, when, seed)

    def clear_faults(self) -> None:
        self._faults.plan = None

    @property
    def faults_injected(self) -> int:
        return self._faults.injected

    def reset(self) -> None:
        """Wipe SageMaker state, failures, faults, calls, and moto's backends."""
        self._reset_sagemaker()
        moto_backends.reset()

    def _reset_sagemaker(self) -> None:
        self._regions.reset()
        self.clear_faults()
        self._faults.injected = 0
        self._calls.clear()
