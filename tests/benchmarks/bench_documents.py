"""Document benchmark: the acceptance receipt and the daily report, each beside a baseline.

    python -m tests.benchmarks.bench_documents [--runs 100] [--report-runs 10]
                                               [--year-cases 20000] [--today 2000]
                                               [--dir PATH] [--no-cache]

Receipt, timed interleaved round by round after a warm-up:

- ours: `printing.receipt.build_acceptance_receipt` for a typical accepted
  case (a food business permit, six materials): layout, tables, Code 128, QR,
  embedded font subset, page N of M;
- baseline: a bare reportlab canvas, one A4 page with the same text (the text
  extracted from our receipt, line by line) in the same font, embedded the
  same way, and nothing else.

Target: the receipt under 30 ms (median).

Daily report: a desk store with `--year-cases` cases over the past year (the
queue benchmark's generator and cache) plus `--today` cases taken in today,
and an outbox with a backlog and dead letters. Timed interleaved:

- ours: `counter.day.figures.daily_figures` in one read session, then
  `printing.daily_report.build_daily_report` (figures and PDF shown apart);
- baseline: plain sqlite3 reading today's rows once (every column), the least
  any report of the day must do.

Target: figures + PDF under 2 s (median).
"""

from __future__ import annotations

import argparse
import io
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, timedelta
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter.bootstrap import open_desk
from counter.clock import office_date, to_office_time, utc_now
from counter.day.figures import daily_figures
from counter.settings import Settings
from counter.store import driver
from printing.daily_report import build_daily_report
from printing.fonts import CjkFont, resolve_cjk_font
from printing.receipt import build_acceptance_receipt
from printing.samples import sample_receipt
from tests.benchmarks import bench_queue
from tests.benchmarks._common import (
    machine_info,
    print_machine,
    print_table,
    scratch_dir,
    summarize,
    verdict,
)

DEFAULT_RUNS = 100
DEFAULT_REPORT_RUNS = 10
DEFAULT_YEAR_CASES = 20_000
DEFAULT_TODAY = 2_000
WARMUP = 5
RECEIPT_TARGET_MS = 30.0
REPORT_TARGET_MS = 2000.0
BACKLOG = 300  # pending outbox items
DEAD = 12  # dead letters


def bare_page(lines: list[str], font: CjkFont) -> bytes:
    """One A4 page with `lines` drawn top to bottom: the least a PDF of this text costs."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font.regular)
    canvas.setFont(font.regular, 10)
    y = A4[1] - 20 * mm
    for line in lines:
        canvas.drawString(20 * mm, y, line)
        y -= 5 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _interleaved(
    first: Callable[[], object], second: Callable[[], object], runs: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Time `first` and `second` alternately, round by round, so both see the same load."""
    for _ in range(warmup):
        first()
        second()
    a: list[float] = []
    b: list[float] = []
    clock = time.perf_counter
    for _ in range(runs):
        t0 = clock()
        first()
        t1 = clock()
        second()
        t2 = clock()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return a, b


def run_receipt(runs: int = DEFAULT_RUNS, warmup: int = WARMUP) -> dict:
    font = resolve_cjk_font()
    data = sample_receipt()
    pdf = build_acceptance_receipt(data, font)
    reader = PdfReader(io.BytesIO(pdf))
    lines = [ln for page in reader.pages for ln in page.extract_text().splitlines() if ln.strip()]
    bare = bare_page(lines, font)
    ours_s, base_s = _interleaved(
        lambda: build_acceptance_receipt(data, font), lambda: bare_page(lines, font), runs, warmup
    )
    result = {
        "runs": runs,
        "pages": len(reader.pages),
        "lines": len(lines),
        "chars": sum(len(ln) for ln in lines),
        "pdf_kib": len(pdf) / 1024,
        "bare_kib": len(bare) / 1024,
        "ours": summarize(ours_s),
        "baseline": summarize(base_s),
        "font": font.regular,
    }
    result["ratio_median"] = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["targets"] = {"receipt_under_30ms": result["ours"]["median_ms"] < RECEIPT_TARGET_MS}
    return result


def _fill_outbox(path: Path, today_iso: str) -> None:
    """A backlog of pending items and a few dead letters, for today's cases."""
    with closing(driver.connect(path, isolation_level=None)) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM case_record WHERE local_date = ? ORDER BY accepted_at LIMIT ?",
                (today_iso, BACKLOG + DEAD),
            )
        ]
        now = utc_now()
        rows = [
            (
                str(uuid.uuid4()),
                case_id,
                "case.intake",
                "{}",
                (now - timedelta(minutes=len(ids) - n)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                "dead" if n < DEAD else "pending",
                2 if n < DEAD else 0,
                "schema: applicant.phone is not a telephone number" if n < DEAD else "",
            )
            for n, case_id in enumerate(ids)
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO outbox_item (idempotency_key, case_id, kind, payload, created_at,"
            " state, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")


def run_report(
    year_cases: int = DEFAULT_YEAR_CASES,
    today_cases: int = DEFAULT_TODAY,
    *,
    runs: int = DEFAULT_REPORT_RUNS,
    warmup: int = 2,
    directory: Path | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> dict:
    settings = Settings()
    font = resolve_cjk_font()
    today = office_date(utc_now(), settings.timezone)
    if cache and cache_dir is None:
        cache_dir = bench_queue.default_cache_dir()
    with scratch_dir(directory) as tmp:
        started = time.perf_counter()
        from_cache = bench_queue.prepare_year(
            tmp / "desk", settings, today, year_cases, cache_dir if cache else None
        )
        desk = open_desk(tmp / "desk", settings).desk
        store = desk.store
        try:
            bench_queue.fill_today(store.path, desk.calendar, desk.zone, today, today_cases)
            _fill_outbox(store.path, today.isoformat())
            build_s = time.perf_counter() - started
            calendar = desk.calendar
            split: dict[str, list[float]] = {"figures": [], "pdf": []}
            last: dict = {}

            def ours() -> None:
                t0 = time.perf_counter()
                with store.read() as session:
                    figures = daily_figures(
                        session,
                        today,
                        calendar=calendar,
                        office_code=settings.office_code,
                        office_name=settings.office_name,
                        generated_at=to_office_time(utc_now(), settings.timezone),
                    )
                t1 = time.perf_counter()
                pdf = build_daily_report(figures, font)
                t2 = time.perf_counter()
                split["figures"].append(t1 - t0)
                split["pdf"].append(t2 - t1)
                last["figures"], last["pdf"] = figures, pdf

            raw = driver.connect(store.path)

            def bare() -> None:
                raw.execute(
                    "SELECT * FROM case_record WHERE local_date = ?", (today.isoformat(),)
                ).fetchall()

            ours_s, base_s = _interleaved(ours, bare, runs, warmup)
            raw.close()
            with closing(driver.connect(store.path)) as conn:
                total = conn.execute("SELECT count(*) FROM case_record").fetchone()[0]
            machine = machine_info(tmp)
        finally:
            store.dispose()
    figures, pdf = last["figures"], last["pdf"]
    keep = runs  # the warm-up rounds are in `split` too: keep the timed ones
    result = {
        "runs": runs,
        "year_cases": year_cases,
        "today_cases": today_cases,
        "cases_in_store": total,
        "from_cache": from_cache,
        "build_s": build_s,
        "day_total": figures.total,
        "items": len(figures.by_item),
        "overdue": figures.overdue_total,
        "due_soon": figures.due_soon_total,
        "backlog": figures.backlog,
        "dead": figures.dead_total,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_kib": len(pdf) / 1024,
        "ours": summarize(ours_s),
        "figures": summarize(split["figures"][-keep:]),
        "pdf": summarize(split["pdf"][-keep:]),
        "baseline": summarize(base_s),
        "machine": machine,
        "at": utc_now().astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    result["ratio_median"] = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["targets"] = {"report_under_2s": result["ours"]["median_ms"] < REPORT_TARGET_MS}
    return result


def _row(label: str, s: dict) -> tuple:
    return (label, s["median_ms"], s["p99_ms"], s["min_ms"], s["max_ms"])


def report_receipt(result: dict) -> None:
    print()
    print(
        f"Receipt benchmark: {result['runs']} rounds after {WARMUP} warm-up, font "
        f"{result['font']}; receipt {result['pages']} page(s), {result['pdf_kib']:.0f} KiB; "
        f"bare page {result['lines']} lines / {result['chars']} characters, "
        f"{result['bare_kib']:.0f} KiB"
    )
    print_table(
        ("", "median ms", "p99 ms", "min ms", "max ms"),
        [
            _row("ours: build_acceptance_receipt", result["ours"]),
            _row("baseline: bare canvas, same text", result["baseline"]),
        ],
    )
    print(f"ratio of medians, ours / baseline: {result['ratio_median']:.1f}x")
    print(
        f"target: receipt under {RECEIPT_TARGET_MS:g} ms (median): "
        f"{verdict(result['targets']['receipt_under_30ms'])} ({result['ours']['median_ms']:.2f} ms)"
    )


def report_report(result: dict) -> None:
    print()
    print(
        f"Daily report benchmark: {result['cases_in_store']:,} cases in the store "
        f"({result['year_cases']:,} over the past year, "
        f"{'copied from the cache' if result['from_cache'] else 'built'}, "
        f"+ {result['today_cases']:,} today), built in {result['build_s']:.1f} s; "
        f"{result['runs']} rounds"
    )
    print_machine(result["machine"])
    print(
        f"the day: {result['day_total']} cases, {result['items']} items, "
        f"{result['overdue']} overdue, {result['due_soon']} due soon, "
        f"backlog {result['backlog']}, dead letters {result['dead']}; "
        f"PDF {result['pages']} pages, {result['pdf_kib']:.0f} KiB"
    )
    print_table(
        ("", "median ms", "p99 ms", "min ms", "max ms"),
        [
            _row("ours: figures + PDF", result["ours"]),
            _row("  of which daily_figures", result["figures"]),
            _row("  of which build_daily_report", result["pdf"]),
            _row("baseline: read the day's rows (sqlite3)", result["baseline"]),
        ],
    )
    print(f"ratio of medians, ours / baseline: {result['ratio_median']:.1f}x")
    print(
        f"target: figures + PDF under {REPORT_TARGET_MS / 1000:g} s (median): "
        f"{verdict(result['targets']['report_under_2s'])} ({result['ours']['median_ms']:.0f} ms)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="receipt rounds")
    parser.add_argument("--report-runs", type=int, default=DEFAULT_REPORT_RUNS)
    parser.add_argument("--year-cases", type=int, default=DEFAULT_YEAR_CASES)
    parser.add_argument("--today", type=int, default=DEFAULT_TODAY)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    parser.add_argument("--no-cache", action="store_true", help="build the year of cases afresh")
    args = parser.parse_args(argv)
    report_receipt(run_receipt(args.runs))
    report_report(
        run_report(
            args.year_cases,
            args.today,
            runs=args.report_runs,
            directory=args.dir,
            cache=not args.no_cache,
        )
    )


if __name__ == "__main__":
    main()
