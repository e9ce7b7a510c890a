"""`python -m pulumi_sagemaker.testing serve | demo`.

serve: run the local SageMaker until SIGINT/SIGTERM; prints the endpoint URL, then the Pulumi config
that points a stack at it (the same as `python -m pulumi_sagemaker_local`). demo: deploy the demo
stack to a local SageMaker (see demo.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pulumi_sagemaker_local.serve import add_arguments, serve, timings_from


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pulumi_sagemaker.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    add_arguments(commands.add_parser("serve", help="serve a local SageMaker (plus moto) on 127.0.0.1"))
    demo = commands.add_parser("demo", help="deploy the demo stack (stacks/) to a local SageMaker")
    demo.add_argument("--project-dir", default=".", help="the directory holding Pulumi.yaml (default: .)")
    demo.add_argument("--stack", default="local")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from pathlib import Path

        from .demo import main as demo

        return demo(Path(args.project_dir), args.stack)
    return serve(args.port, args.region, timings_from(args), args.check_existence)


if __name__ == "__main__":
    sys.exit(main())
