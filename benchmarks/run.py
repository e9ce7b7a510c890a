"""Every benchmark of the project, one command: performance figures against their goals and baselines
(docs/performance.md), then calls per operation of every kind (docs/benchmarks.md).

    .venv/bin/python benchmarks/run.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import hosting_deployment, jobs, performance


def main() -> int:
    figures = performance.main()
    jobs.main()
    hosting_deployment.main()
    missed = [f.measure for f in figures if not f.met]
    if missed:
        print("\nGoals not met: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
