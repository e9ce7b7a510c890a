"""The shapes layer (pure: no I/O, no clients).

User input in snake_case, lowerCamelCase or PascalCase is mapped onto the SageMaker API shapes of
botocore's service model and validated against it. See docs/internals.md for the contract.
"""

from . import secrets
from .canonical import canonicalize_input
from .checks import describe
from .errors import Failure, SpecError, in_written_order
from .keys import CAMEL, close_matches, normalise, render
from .model import info, input_shape, member_names, output_shape, service_model
from .paths import Path, spelled
from .request import from_response, to_request
from .rules import check_region
from .secrets import Redactor, is_secret, leaves, redacting
from .unknown import contains_unknown, is_unknown

__all__ = [
    "CAMEL",
    "Failure",
    "Path",
    "Redactor",
    "SpecError",
    "canonicalize_input",
    "check_region",
    "close_matches",
    "contains_unknown",
    "describe",
    "from_response",
    "in_written_order",
    "info",
    "input_shape",
    "is_secret",
    "is_unknown",
    "leaves",
    "member_names",
    "normalise",
    "output_shape",
    "redacting",
    "render",
    "secrets",
    "service_model",
    "spelled",
    "to_request",
]
