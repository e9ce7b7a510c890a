"""The reliability suites' shared set-up: botocore's backoff compressed, as `Timings` compress SageMaker's.

Throttling is retried after rand(0, 1) x 2^attempt seconds (botocore's ExponentialBackoff, base 1 s);
at 20% injected faults that is most of a suite's time and tests nothing the retries themselves do not.
The base is cut to 5 ms: the same retries, in the same order, with the same attempt limits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botocore.retries.standard import ExponentialBackoff

BACKOFF_BASE_SECONDS = 0.005


@pytest.fixture(autouse=True)
def compressed_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    config = ExponentialBackoff._DEFAULT_BACKOFF_CONFIG
    monkeypatch.setitem(config, "throttling_base_scale", BACKOFF_BASE_SECONDS)
    monkeypatch.setitem(config, "non_throttling_base_scale", BACKOFF_BASE_SECONDS)
    yield


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from .figures import FIGURES

    lines = FIGURES.lines()
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
