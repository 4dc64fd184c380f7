"""The interface benchmarks at tiny sizes, so they keep working (figures are not judged here)."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks import bench_responsive, bench_startup


def test_startup_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_startup.run(runs=1, directory=tmp_path)
    for name in ("ours", "baseline"):
        assert result[name]["n"] == 1 and result[name]["median_ms"] > 0
    assert result["first_start_ms"] > 0
    bench_startup.report(result)
    assert "counter-desk sign-in screen" in capsys.readouterr().out


def test_responsiveness_benchmark_runs(qapp, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_responsive.run(sync_cases=30, year_cases=500, today_cases=40, idle_s=0.2,
                                  directory=tmp_path, cache_dir=tmp_path / "cache")
    # Every case reached the platform through the window's own sync, once.
    assert result["platform"]["distinct_cases"] == 30
    for scene in ("idle", "sync", "year"):
        assert result[scene]["ticks"] > 0
    bench_responsive.report(result)
    assert "no stall over 50 ms" in capsys.readouterr().out
