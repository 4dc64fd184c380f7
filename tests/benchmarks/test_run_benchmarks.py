"""The full benchmarks as a pytest entry: `.venv/bin/pytest tests/benchmarks -s`.

Each test runs one benchmark at full size and prints its table; it checks only
that the figures were produced. PASS or MISS against the targets is printed,
never asserted.
"""

from __future__ import annotations

from tests.benchmarks import bench_intake, bench_queue, bench_supervisor, bench_sync


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


def test_sync_benchmark() -> None:
    result = bench_sync.run()
    bench_sync.report(result)
    cases = result["cases"]
    assert result["drain"]["report"]["sent"] == cases
    assert result["drain"]["platform"]["distinct_cases"] == cases
    assert result["drain_baseline"]["report"]["sent"] == result["baseline_cases"]
    assert result["pull"]["report"]["changes"] == result["pull"]["published"]["published"]


def test_supervisor_benchmark() -> None:
    result = bench_supervisor.run()
    bench_supervisor.report(result)
    assert result["same_as_baseline"]
    assert all(row["ours"]["median_ms"] > 0 for row in result["rows"])
