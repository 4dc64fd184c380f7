"""The benchmarks at tiny sizes, so they keep working (figures are not judged here)."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks import bench_intake, bench_queue


def _sane(figures: dict, n: int) -> None:
    assert figures["n"] == n
    assert 0 < figures["min_ms"] <= figures["median_ms"] <= figures["p99_ms"] <= figures["max_ms"]


def test_intake_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_intake.run(10, warmup=2, directory=tmp_path)
    # warm-up, the captured intake, then the timed ones
    assert result["cases_in_store"] == 2 + 1 + 10
    assert result["row_bytes"] > 1000
    assert result["statements"] > 5
    for name in ("ours", "baseline", "reference", "fsync"):
        _sane(result[name], 10)
    assert result["ratio_median"] > 0
    assert set(result["targets"]) == {"median_within_3x", "p99_under_20ms"}
    bench_intake.report(result)
    assert "submit_intake" in capsys.readouterr().out


def test_queue_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    sizes = {"today_cases": 30, "runs": 5, "page": 10, "directory": tmp_path / "scratch"}
    first = bench_queue.run(2_000, **sizes, cache_dir=tmp_path / "cache")
    again = bench_queue.run(2_000, **sizes, cache_dir=tmp_path / "cache")
    assert (first["from_cache"], again["from_cache"]) == (False, True)
    for result in (first, again):
        assert result["cases_in_store"] == 2_030
        assert result["queue_ids"] == 30
        assert result["queue_rows"] == 10
        assert result["same_as_baseline"]
        _sane(result["ours"], 5)
        _sane(result["baseline"], 5)
        assert result["plans"]
    bench_queue.report(again)
    assert "queue_ids" in capsys.readouterr().out
