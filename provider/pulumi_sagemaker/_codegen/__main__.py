"""`python -m pulumi_sagemaker._codegen [--check]`: write the generated files, or list those out of date."""

from __future__ import annotations

import sys

from . import ROOT, generate, stale, write


def main(argv: list[str]) -> int:
    if not (ROOT / "pyproject.toml").exists():
        print("run this from a checkout of pulumi-sagemaker (it writes docs/ beside provider/)")
        return 2
    files = generate()
    if "--check" in argv:
        out_of_date = stale(files)
        for path in out_of_date:
            print(f"out of date: {path}")
        return 1 if out_of_date else 0
    for path in write(files):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
