"""The policy pack's entry point, run by the Pulumi CLI (`--policy-pack policy`).

`PolicyPack(...)` starts serving as soon as it is constructed, so it is built here only; the policies
themselves live in `sagemaker_guardrails`, importable by tests without serving anything.
"""

from pulumi_policy import EnforcementLevel, PolicyPack
from sagemaker_guardrails import PACK_NAME, POLICIES

PolicyPack(name=PACK_NAME, policies=POLICIES, enforcement_level=EnforcementLevel.MANDATORY)
