"""The pack's policy config for one environment, derived from its stack file's `guardrails` block, so that
the rules live in one place (Pulumi.<stack>.yaml) for the stack and for the pack.

    python policy/config_for.py Pulumi.prod.yaml > policy-config.json
    pulumi preview --stack prod --policy-pack policy --policy-pack-config policy-config.json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# The stack's defaults (stacks/sagemaker_platform/settings.py, Guardrails); a test keeps them equal.
DEFAULTS = {"requireKms": False, "network": "any", "protectHosting": False}


def _level(on: bool) -> str:
    return "mandatory" if on else "disabled"


def policy_config(guardrails: dict[str, Any]) -> dict[str, Any]:
    rules = {**DEFAULTS, **guardrails}
    network = rules["network"]
    return {
        "sagemaker-kms-encryption": {"enforcementLevel": _level(bool(rules["requireKms"]))},
        "sagemaker-network": {
            "enforcementLevel": _level(network != "any"),
            "require": network if network != "any" else "vpcOrIsolation",
        },
        "sagemaker-instance-types": {
            "enforcementLevel": "mandatory",
            "allowedInstanceTypes": list(rules["allowedInstanceTypes"]),
        },
        "sagemaker-max-training-runtime": {
            "enforcementLevel": "mandatory",
            "maxRuntimeInSeconds": int(rules["maxTrainingRuntimeSeconds"]),
        },
        "sagemaker-protect-hosting": {"enforcementLevel": _level(bool(rules["protectHosting"]))},
        "iam-no-sagemaker-full-access": {"enforcementLevel": "mandatory"},
        "iam-no-wildcard-s3-or-passrole": {"enforcementLevel": "mandatory"},
    }


def for_stack_file(stack_file: Path) -> dict[str, Any]:
    """The policy config for `stack_file` (its project's name from the Pulumi.yaml beside it)."""
    project = yaml.safe_load((stack_file.parent / "Pulumi.yaml").read_text())["name"]
    config = (yaml.safe_load(stack_file.read_text()) or {}).get("config") or {}
    guardrails = config.get(f"{project}:guardrails")
    if not isinstance(guardrails, dict):
        raise SystemExit(f"{stack_file}: no {project}:guardrails block to derive the policy config from")
    return policy_config(guardrails)
