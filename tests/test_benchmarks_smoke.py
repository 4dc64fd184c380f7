"""The benchmarks at tiny sizes, so they keep working (figures are not judged here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks import (
    bench_documents,
    bench_encryption,
    bench_intake,
    bench_queue,
    bench_supervisor,
    bench_sync,
)


def _sane(figures: dict, n: int) -> None:
    assert figures["n"] == n
    assert 0 < figures["min_ms"] <= figures["median_ms"] <= figures["p99_ms"] <= figures["max_ms"]


def test_intake_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_intake.run(10, warmup=2, directory=tmp_path)
    # warm-up, the intake whose statements were counted, then the timed ones
    assert result["cases_in_store"] == 2 + 1 + 10
    assert result["row_bytes"] > 1000
    # at least BEGIN, the case, its materials, event, audit entry, outbox item and COMMIT
    assert result["statements"] > 5
    for name in ("ours", "baseline", "fsync"):
        _sane(result[name], 10)
    assert result["ratio_median"] > 0
    assert set(result["targets"]) == {"median_within_3x", "p99_under_20ms"}
    bench_intake.report(result)
    out = capsys.readouterr().out
    assert "submit_intake" in out
    assert "reference" not in out


def test_encryption_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_encryption.run(8, warmup=2, directory=tmp_path)
    for name in ("ours", "baseline"):
        _sane(result[name], 8)
    assert result["header_is_plain_sqlite"] is False  # the encrypted store really is
    assert result["cipher"].startswith("4.")
    bench_encryption.report(result)
    assert "encrypted / plain" in capsys.readouterr().out


def test_intake_profile_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = bench_intake.profile(5, warmup=2, directory=tmp_path)
    assert "submit_intake, whole" in capsys.readouterr().out
    # every spot was found in the profile: a renamed or removed function would show 0 ms
    labels = [label for label, _path, _name in bench_intake._PROFILE_SPOTS if label]
    assert [label for label, _ms, _share in rows] == labels
    assert all(ms > 0 for _label, ms, _share in rows), rows


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


def test_sync_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result = bench_sync.run(
        50,
        baseline_cases=10,
        memory_sizes=(50,),
        memory_modes=("rss",),
        changes=100,
        directory=tmp_path,
    )
    ours, base = result["drain"], result["drain_baseline"]
    # every case reached the platform once, and left the outbox on an explicit answer
    assert ours["report"]["sent"] == 50 and ours["report"]["dead"] == 0
    assert ours["outbox_after"] == {"sent": 50}
    # one desk_case change per case for the office's other desks, published with the upload
    assert ours["platform"] == {"cases": 50, "distinct_cases": 50, "received": 50, "changes": 50}
    assert base["report"]["sent"] == 10 and base["batch_size"] == 1
    assert base["platform"]["cases"] == base["platform"]["distinct_cases"] == 10
    assert 0 < ours["waited"] < ours["seconds"]
    assert ours["per_s"] > 0 and base["per_s"] > 0 and result["drain_ratio"] > 0

    (memory,) = result["memory"]
    assert memory["backlog"] == 50
    assert memory["rss"]["sent"] == 50
    assert memory["rss"]["rss_peak_kib"] >= memory["rss"]["rss_before_kib"] > 0

    pull = result["pull"]
    published = pull["published"]["published"]
    assert pull["drained"] == 50
    assert published >= 100  # all 50 cases decided: a review and one or three more each
    assert pull["report"]["changes"] == published and pull["report"]["error"] == ""
    assert pull["again"]["changes"] == 0
    for fetched in ("transport_before", "transport_after", "raw_http"):
        assert pull[fetched]["changes"] == published
        assert pull[fetched]["pages"] == pull["report"]["pages"]
    # every case came back decided, with a certificate for each approval
    assert set(pull["cases_after"]) <= {"result_ready", "rejected"}
    assert sum(pull["cases_after"].values()) == 50
    assert pull["certificates"] == pull["cases_after"].get("result_ready", 0)
    assert set(result["targets"]) == {
        "drain_1000_per_s",
        "drain_10x_per_case",
        "memory_flat",
        "pull_2000_per_s",
    }
    bench_sync.report(result)
    out = capsys.readouterr().out
    assert "one request per case" in out and "changes/s" in out


def test_documents_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    receipt = bench_documents.run_receipt(3, warmup=1)
    _sane(receipt["ours"], 3)
    _sane(receipt["baseline"], 3)
    assert receipt["lines"] > 20 and receipt["pages"] >= 1
    assert set(receipt["targets"]) == {"receipt_under_30ms"}
    daily = bench_documents.run_report(
        300, 40, runs=2, warmup=1, directory=tmp_path / "scratch", cache_dir=tmp_path / "cache"
    )
    assert daily["cases_in_store"] == 340 and daily["day_total"] == 40
    assert daily["backlog"] + daily["dead"] == 40  # fewer cases today than the outbox wants
    for name in ("ours", "figures", "pdf", "baseline"):
        _sane(daily[name], 2)
    assert daily["pages"] >= 1
    assert set(daily["targets"]) == {"report_under_2s"}
    bench_documents.report_receipt(receipt)
    bench_documents.report_report(daily)
    out = capsys.readouterr().out
    assert "build_acceptance_receipt" in out and "daily_figures" in out


def test_supervisor_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    sizes = {"today_cases": 30, "runs": 2, "page": 10, "directory": tmp_path / "scratch"}
    first = bench_supervisor.run(2_000, **sizes, cache_dir=tmp_path / "cache")
    again = bench_supervisor.run(2_000, **sizes, cache_dir=tmp_path / "cache")
    assert (first["from_cache"], again["from_cache"]) == (False, True)
    for result in (first, again):
        assert result["cases_in_store"] == 2_030
        assert result["events"] > 2_000 and result["ratings"] > 300
        # the day view twice, then the statistics for today, a month and the year (cache
        # warm), and the month and the year filled afresh
        assert [r["name"].split(":")[0] for r in result["rows"]] == ["day view"] * 2 + [
            "statistics"
        ] * 5
        assert result["same_as_baseline"]
        assert result["rows"][-1]["size"] == 2_030
        for row in result["rows"]:
            runs = 3 if "first fill" in row["name"] else 2  # the cold fills run cold_runs times
            _sane(row["ours"], runs)
            _sane(row["baseline"], runs)
    bench_supervisor.report(again)
    out = capsys.readouterr().out
    assert "statistics: the year" in out and "same" in out


def test_platform_load_harness_runs_and_every_desk_gets_its_feed_exactly(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from tests import pg_cluster
    from tests.benchmarks import bench_platform

    if not pg_cluster.available():
        pytest.skip("PostgreSQL server binaries not installed (Debian package postgresql)")
    result = bench_platform.run(desks=8, backlog=5, workers=2, desks_per_office=4, clients=2,
                                threads=2, db_connections=8, directory=tmp_path)
    assert result["cases"] == 40 == result["baseline"]["cases"]
    # Both offices' feeds: 20 desk cases each plus the departments' steps, to all 4 desks.
    assert result["feed"]["delivered"] > 8 * 20
    assert (result["feed"]["lost"], result["feed"]["duplicated"],
            result["feed"]["out_of_order_desks"]) == (0, 0, 0)
    assert result["targets"]["feed_exact"]
    bench_platform.report(result)
    assert "bare psycopg COPY" in capsys.readouterr().out
