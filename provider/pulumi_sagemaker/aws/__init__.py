"""AWS access: settings from stack config, lazily built clients, one counted call path."""

from .calls import (
    AWS_FAILURES,
    CALL_COUNTS,
    Aws,
    AwsError,
    AwsUnreachable,
    Call,
    error_code,
    error_message,
    is_already_exists,
    is_not_found,
)
from .pages import items, pages
from .settings import AwsSettings

__all__ = [
    "AWS_FAILURES",
    "CALL_COUNTS",
    "Aws",
    "AwsError",
    "AwsSettings",
    "AwsUnreachable",
    "Call",
    "error_code",
    "error_message",
    "is_already_exists",
    "is_not_found",
    "items",
    "pages",
]
