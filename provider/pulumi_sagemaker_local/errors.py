"""Errors answered the way AWS answers them (JSON 1.1 protocol: `__type` + `message`)."""

from __future__ import annotations


class ApiError(Exception):
    """An error answer: `code` is what botocore reports as `Error.Code`."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def validation(message: str) -> ApiError:
    # SageMaker answers most semantic errors (not found, wrong state, duplicates of
    # models/configs/endpoints) as ValidationException, not with a dedicated code.
    return ApiError("ValidationException", message)


def resource_in_use(message: str) -> ApiError:
    return ApiError("ResourceInUse", message)


def resource_not_found(message: str) -> ApiError:
    return ApiError("ResourceNotFound", message)
