"""What the benchmarks share: timing tables, and rewriting one benchmark's section of docs/benchmarks.md."""

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


def timing_table(timings: dict[str, tuple[float, float]]) -> list[str]:
    """Markdown lines of a `label -> (median ms, p95 ms)` table."""
    return [
        "| input | median ms | p95 ms |",
        "|---|---|---|",
        *(f"| {label} | {m:.2f} | {p:.2f} |" for label, (m, p) in timings.items()),
    ]


def publish(heading: str, lines: list[str]) -> None:
    """Print a benchmark's section and write it into docs/benchmarks.md under `heading`."""
    text = "\n".join(lines)
    print(text)
    write_section(Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md", heading, text)
