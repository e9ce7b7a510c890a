"""HostingDeployment failures a user reads in `pulumi up`: what happened first, then what to do."""

from __future__ import annotations

from ..kinds import console_url
from ..lifecycle import ProviderFailure, one_line


def endpoint_log_url(endpoint: str, region: str) -> str:
    """The CloudWatch console page of the endpoint's container logs."""
    return console_url(region, f"logStream:group=/aws/sagemaker/Endpoints/{endpoint}")


class EndpointFailed(ProviderFailure):
    """Creating the endpoint ended Failed; what was created for it has been removed again."""

    def __init__(self, endpoint: str, reason: str | None, log_url: str) -> None:
        self.endpoint, self.reason = endpoint, reason
        super().__init__(
            f"HostingDeployment endpoint {endpoint} Failed: "
            f"{one_line(reason) or 'SageMaker gave no FailureReason'} (logs: {log_url})\n"
            "The failed endpoint, its config and its models were deleted, so nothing is left behind: "
            "fix the cause and run `pulumi up` again."
        )


class UpdateRolledBack(ProviderFailure):
    """SageMaker rolled an update back: the endpoint serves its previous config, as state says."""

    def __init__(self, endpoint: str, reason: str | None, serving: str, attempted: str, log_url: str) -> None:
        self.endpoint, self.reason, self.serving, self.attempted = endpoint, reason, serving, attempted
        super().__init__(
            f"HostingDeployment endpoint {endpoint}: SageMaker rolled the update back: "
            f"{one_line(reason) or 'no FailureReason given'} (logs: {log_url})\n"
            f"The endpoint still serves its previous config {serving}; the config {attempted} and the "
            "models created for this update were deleted. Fix the cause and run `pulumi up` again."
        )


class UpdateFailed(ProviderFailure):
    """An update ended in a status other than InService (Failed, UpdateRollbackFailed, OutOfService)."""

    def __init__(self, endpoint: str, status: str, reason: str | None, log_url: str) -> None:
        super().__init__(
            f"HostingDeployment endpoint {endpoint} is {status} after the update: "
            f"{one_line(reason) or 'SageMaker gave no FailureReason'} (logs: {log_url})\n"
            "Fix the cause and run `pulumi up` again (a Failed endpoint is deleted and created anew)."
        )


class EndpointCreateFailed(ProviderFailure):
    """A standalone Endpoint ended Failed while being created; the failed endpoint has been deleted."""

    def __init__(self, endpoint: str, reason: str | None, log_url: str) -> None:
        self.endpoint, self.reason = endpoint, reason
        super().__init__(
            f"Endpoint {endpoint} Failed: {one_line(reason) or 'SageMaker gave no FailureReason'} "
            f"(logs: {log_url})\n"
            "The failed endpoint was deleted (its endpoint config and models are resources of their own "
            "and stay): fix the cause and run `pulumi up` again."
        )


class EndpointRolledBack(ProviderFailure):
    """SageMaker rolled a standalone Endpoint's switch to another config back: it serves the old one."""

    def __init__(self, endpoint: str, reason: str | None, serving: str, attempted: str, log_url: str) -> None:
        self.endpoint, self.reason, self.serving, self.attempted = endpoint, reason, serving, attempted
        super().__init__(
            f"Endpoint {endpoint}: SageMaker rolled the update to {attempted} back: "
            f"{one_line(reason) or 'no FailureReason given'} (logs: {log_url})\n"
            f"The endpoint still serves {serving}, without a gap in traffic. Fix the cause (the config "
            "or its models) and run `pulumi up` again."
        )


class EndpointNotInService(ProviderFailure):
    """A standalone Endpoint ended an operation in a status other than InService."""

    def __init__(self, endpoint: str, status: str, reason: str | None, log_url: str) -> None:
        super().__init__(
            f"Endpoint {endpoint} is {status}: {one_line(reason) or 'SageMaker gave no FailureReason'} "
            f"(logs: {log_url})\n"
            "Fix the cause and run `pulumi up` again (a Failed endpoint is deleted and created anew)."
        )
