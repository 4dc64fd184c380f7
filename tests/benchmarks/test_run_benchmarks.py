"""The full benchmarks as a pytest entry: `.venv/bin/pytest tests/benchmarks -s`.

Each test runs one benchmark at full size and prints its table; it checks only
that the figures were produced. PASS or MISS against the targets is printed,
never asserted.
"""

from __future__ import annotations

from tests.benchmarks import bench_intake, bench_queue


def test_intake_benchmark() -> None:
    result = bench_intake.run()
    bench_intake.report(result)
    assert result["ours"]["median_ms"] > 0
    assert result["baseline"]["median_ms"] > 0


def test_queue_benchmark() -> None:
    result = bench_queue.run()
    bench_queue.report(result)
    assert result["same_as_baseline"]
    assert result["ours"]["median_ms"] > 0
