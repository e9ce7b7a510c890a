"""The spec layer (pure: no I/O, no clients).

User input in snake_case, lowerCamelCase or PascalCase is mapped onto the SageMaker API shapes of
botocore's service model and validated against it. See docs/internals.md for the contract.
"""

from .canonical import canonicalize_input
from .errors import Failure, SpecError, in_written_order
from .model import input_shape, member_names, output_shape
from .request import from_response, to_request
from .unknown import contains_unknown, is_unknown

__all__ = [
    "Failure",
    "SpecError",
    "canonicalize_input",
    "contains_unknown",
    "from_response",
    "in_written_order",
    "input_shape",
    "is_unknown",
    "member_names",
    "output_shape",
    "to_request",
]
