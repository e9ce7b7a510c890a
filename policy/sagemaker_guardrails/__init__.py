"""SageMaker and IAM guardrails for the platform stacks, as pulumi-policy policies.

Importing this package serves nothing: the pack is built in policy/__main__.py only.
"""

from .policies import POLICIES
from .stack_config import for_stack_file, policy_config

PACK_NAME = "sagemaker-guardrails"

__all__ = ["PACK_NAME", "POLICIES", "for_stack_file", "policy_config"]
