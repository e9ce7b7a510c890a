"""What the benchmarks share: rewriting one benchmark's section of docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, text: str) -> None:
    """Replace (or add) one benchmark's section of docs/benchmarks.md, keeping the others."""
    existing = (
        path.read_text()
        if path.exists()
        else "# Benchmarks\n\nMeasured on the project's 2-core build machine.\n"
    )
    sections = existing.split("\n## ")
    kept = [s for s in sections[1:] if not ("## " + s).startswith(heading)]
    path.write_text("\n## ".join([sections[0].rstrip() + "\n", *kept]).rstrip() + "\n\n" + text)
