"""`python -m pulumi_sagemaker.manifests to-ack DIR [-o OUT] [--set NAME=VALUE ...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .conversion import write
from .errors import ManifestError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pulumi_sagemaker.manifests")
    commands = parser.add_subparsers(dest="command", required=True)
    to_ack = commands.add_parser(
        "to-ack",
        help="write the SageMaker Operator's manifests as ACK's (a HostingDeployment as a Model, an "
        "EndpointConfig and an Endpoint)",
    )
    to_ack.add_argument("source", help="a manifest file or a directory of them (read recursively)")
    to_ack.add_argument("-o", "--out", help="where to write (default: <source>-ack)")
    to_ack.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill a placeholder (others are kept)",
    )
    args = parser.parse_args(argv)
    values = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set takes NAME=VALUE, got {item!r}")
        values[name] = value
    source = Path(args.source)
    out = (
        Path(args.out)
        if args.out
        else source.with_name(f"{source.stem if source.is_file() else source.name}-ack")
    )
    try:
        written = write(source, out, values)
    except ManifestError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
