"""`python -m pulumi_sagemaker_local [--port N] [--region R] [--training-phase SECONDS ...]`."""

import sys

from .serve import main

if __name__ == "__main__":
    sys.exit(main())
