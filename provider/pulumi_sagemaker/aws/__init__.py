"""AWS access: settings from stack config, lazily built clients, one counted call path."""

from .calls import (
    CALL_COUNTS,
    Aws,
    AwsUnreachable,
    error_code,
    error_message,
    is_already_exists,
    is_not_found,
)
from .settings import AwsSettings

__all__ = [
    "CALL_COUNTS",
    "Aws",
    "AwsSettings",
    "AwsUnreachable",
    "error_code",
    "error_message",
    "is_already_exists",
    "is_not_found",
]
