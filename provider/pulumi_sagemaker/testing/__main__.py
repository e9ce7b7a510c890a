"""`python -m pulumi_sagemaker.testing serve | demo`.

serve: run the local SageMaker until SIGINT/SIGTERM; prints the endpoint URL, then the Pulumi config
that points a stack at it. demo: deploy the demo stack to a local SageMaker (see demo.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
from collections.abc import Sequence

from .local import LocalSageMaker, Timings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pulumi_sagemaker.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a local SageMaker (plus moto) on 127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="port to bind (default 0: a free one)")
    serve.add_argument("--region", default="us-east-1")
    for timing in dataclasses.fields(Timings):
        flag = "--" + timing.name.replace("_", "-")
        serve.add_argument(flag, type=float, default=timing.default, metavar="SECONDS", dest=timing.name)
    demo = commands.add_parser("demo", help="deploy the demo stack (stacks/) to a local SageMaker")
    demo.add_argument("--project-dir", default=".", help="the directory holding Pulumi.yaml (default: .)")
    demo.add_argument("--stack", default="local")
    return parser


def serve(port: int, region: str, timings: Timings) -> int:
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    local = LocalSageMaker(region=region, timings=timings, port=port).start()
    try:
        print(f"LocalSageMaker listening on {local.endpoint_url}")
        print(
            f"pulumi config set sagemaker:endpointUrl {local.endpoint_url} && "
            f"pulumi config set aws:region {region} && "
            "pulumi config set aws:accessKey testing && pulumi config set --secret aws:secretKey testing"
        )
        sys.stdout.flush()
        # wait() with a timeout so the main thread gets to run the signal handler promptly.
        while not stop.wait(0.5):
            pass
    finally:
        local.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from pathlib import Path

        from .demo import main as demo

        return demo(Path(args.project_dir), args.stack)
    timings = Timings(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Timings)})
    return serve(args.port, args.region, timings)


if __name__ == "__main__":
    sys.exit(main())
