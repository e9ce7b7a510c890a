"""Print the policy pack's config for a stack file: `python policy/config_for.py Pulumi.dev.yaml`."""

import json
import sys
from pathlib import Path

from sagemaker_guardrails.stack_config import for_stack_file

if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python policy/config_for.py Pulumi.<stack>.yaml")
    print(json.dumps(for_stack_file(Path(sys.argv[1])), indent=2))
