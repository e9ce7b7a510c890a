"""Serving the local SageMaker from a shell: `python -m pulumi_sagemaker_local` (and the rig's `serve`)."""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
from collections.abc import Sequence

from .lifecycle import Timings
from .local_sagemaker import LocalSageMaker


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--port, --region and one flag per `Timings` field (e.g. --training-phase SECONDS)."""
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0: a free one)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument(
        "--check-existence",
        action="store_true",
        help="refuse (or fail) what names an IAM role or S3 data missing from this server's IAM and S3, "
        "as AWS does (off by default)",
    )
    for timing in dataclasses.fields(Timings):
        flag = "--" + timing.name.replace("_", "-")
        parser.add_argument(flag, type=float, default=timing.default, metavar="SECONDS", dest=timing.name)


def timings_from(args: argparse.Namespace) -> Timings:
    return Timings(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Timings)})


def serve(port: int, region: str, timings: Timings, check_existence: bool = False) -> int:
    """Run until SIGINT/SIGTERM; print the URL, then the Pulumi config that points a stack at it."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    local = LocalSageMaker(region=region, timings=timings, port=port, check_existence=check_existence).start()
    try:
        print(f"LocalSageMaker listening on {local.endpoint_url}")
        print(
            f"pulumi config set sagemaker:endpointUrl {local.endpoint_url} && "
            f"pulumi config set --path 'aws:endpoints[0].applicationautoscaling' {local.endpoint_url} && "
            f"pulumi config set --path 'aws:endpoints[0].cloudwatchlogs' {local.endpoint_url} && "
            f"pulumi config set --path 'aws:endpoints[0].iam' {local.endpoint_url} && "
            f"pulumi config set --path 'aws:endpoints[0].s3' {local.endpoint_url} && "
            "pulumi config set aws:s3UsePathStyle true && "
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
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_sagemaker_local",
        description="serve a local SageMaker (plus moto) on 127.0.0.1",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return serve(args.port, args.region, timings_from(args), args.check_existence)
