"""Supervisor benchmark: the day view and the statistics over a year of cases, beside raw sqlite3.

    python -m tests.benchmarks.bench_supervisor [--cases 200000] [--today 300] [--runs 30]
                                                [--dir PATH] [--no-cache]

The year of cases comes from the queue benchmark (`bench_queue.prepare_year`,
with its cache), and today's cases from its `fill_today`. The queue benchmark
fills only `case_record`; the statistics also read the departments' results
and the ratings, so a second step adds, on the copy, what a year of sync and
of 好差评 would have left: for every case the departments decided, the
transition events submitted → in review → approved / rejected (decided some
working days after intake, now and then after the promised date), and a
rating for about a third of the visits. That step is cached beside the
queue's cache (`supervisor-….db`), keyed the same way.

Each run then times, interleaved with a baseline in the same process:

- the day view: `queue_ids(today)` and `queue_rows` of the first page, then
  the same narrowed to a state and a clerk, as the supervisor's review opens;
  the baseline is the same SELECTs through a plain `sqlite3` connection;
- the statistics (`counter.reports.statistics.case_statistics`) for today, the last
  full month and the whole year; the baseline is hand-written SQL, one plain
  query per figure, whose numbers are checked equal to ours.

Target: each under 300 ms (p99; reported PASS or MISS, never asserted).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
import uuid
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from counter.bootstrap import open_desk
from counter.cases.queries import queue_ids, queue_rows
from counter.cases.queue_filters import QueueFilter
from counter.catalog.workcal import WorkCalendar
from counter.clock import office_date, utc_now
from counter.reports.statistics import CaseStatistics, case_statistics, refresh_statistics_cache
from counter.settings import DATABASE_FILE, Settings
from counter.store import driver
from counter.users import Actor, Role
from tests.benchmarks import bench_queue
from tests.benchmarks._common import (
    machine_info,
    print_machine,
    print_table,
    scratch_dir,
    summarize,
    verdict,
)

DEFAULT_CASES = 200_000
DEFAULT_TODAY = 300
DEFAULT_RUNS = 30
DEFAULT_COLD_RUNS = 3
DEFAULT_PAGE = 100
WARMUP_RUNS = 2
TARGET_MS = 300.0
# Bump when the added events or ratings change, so a cached store is not reused.
EXTRA_VERSION = 1
RATED_SHARE = 0.35
LEVEL_WEIGHTS = ((5, 0.70), (4, 0.18), (3, 0.07), (2, 0.03), (1, 0.02))

SUPERVISOR = Actor(id=3, username="supervisor", display_name="李军", role=Role.SUPERVISOR)
EVENT_SQL = (
    "INSERT INTO case_event (case_id, kind, from_state, to_state, actor_id, actor_name, at,"
    " reason, data) VALUES (?, 'transition', ?, ?, NULL, '省数据共享交换平台', ?, ?, '{}')"
)
RATING_SQL = (
    "INSERT INTO evaluation (id, case_id, visit, level, reason, at, local_date, clerk_id,"
    " clerk_name, follow_up, follow_up_note, followed_by_name)"
    " VALUES (?, ?, 'intake', ?, ?, ?, ?, ?, ?, ?, '', '')"
)


# ---- the store -------------------------------------------------------------------------------


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


def _stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def add_results_and_ratings(path: Path, calendar: WorkCalendar, today: date) -> tuple[int, int]:
    """Add result events for the decided cases and ratings for some visits; (events, ratings)."""
    rng = random.Random(20261129)
    now = utc_now()
    events: list[tuple] = []
    ratings: list[tuple] = []
    with closing(driver.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA cache_size=-262144")
        rows = conn.execute(
            "SELECT id, state, accepted_at, local_date, due_date, clerk_id, clerk_name"
            " FROM case_record WHERE local_date < ? ORDER BY accepted_at", (today.isoformat(),)
        ).fetchall()
        for case_id, state, accepted_at, local, due, clerk_id, clerk_name in rows:
            accepted = _parse(accepted_at)
            if state in ("submitted", "in_review", "approved", "result_ready", "delivered",
                         "rejected"):
                submitted = accepted + timedelta(minutes=rng.randint(5, 90))
                events.append((case_id, "accepted", "submitted", _stamp(submitted), ""))
                if state != "submitted":
                    review = submitted + timedelta(hours=rng.randint(1, 30))
                    events.append((case_id, "submitted", "in_review", _stamp(review), ""))
            if state in ("approved", "result_ready", "delivered", "rejected"):
                target = "rejected" if state == "rejected" else (
                    "rejected" if state == "delivered" and rng.random() < 0.06 else "approved")
                promised = calendar.working_days_between(date.fromisoformat(local),
                                                         date.fromisoformat(due))
                # Most on time; about one in twelve a few working days late.
                used = rng.randint(0, max(promised, 0))
                if rng.random() < 0.08:
                    used = promised + rng.randint(1, 4)
                day = calendar.add_working_days(date.fromisoformat(local), used).due
                decided = datetime.combine(day, accepted.timetz()) + timedelta(
                    hours=rng.uniform(0, 5))
                decided = min(max(decided, accepted + timedelta(hours=2)), now)
                reason = "不符合法定条件" if target == "rejected" else ""
                events.append((case_id, "in_review", target, _stamp(decided), reason))
            if rng.random() < RATED_SHARE:
                level = rng.choices([lv for lv, _ in LEVEL_WEIGHTS],
                                    [w for _, w in LEVEL_WEIGHTS])[0]
                rated = accepted + timedelta(minutes=rng.randint(1, 10))
                ratings.append((
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)), case_id, level,
                    "等候时间太长" if level <= 2 else "", _stamp(rated), local, clerk_id,
                    clerk_name, "open" if level <= 2 else "",
                ))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(EVENT_SQL, events)
        conn.executemany(RATING_SQL, ratings)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(events), len(ratings)


def prepare_store(
    desk_dir: Path, settings: Settings, today: date, cases: int, cache_dir: Path | None
) -> bool:
    """The queue benchmark's year plus results and ratings in `desk_dir`; True if from cache."""
    queue_cached = bench_queue.cache_file(cache_dir, cases) if cache_dir is not None else None
    cached = (queue_cached.with_name(f"supervisor-v{EXTRA_VERSION}-{queue_cached.name}")
              if queue_cached is not None else None)
    database = desk_dir / DATABASE_FILE
    if cached is not None and cached.exists():
        desk_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, database)
        return True
    bench_queue.prepare_year(desk_dir, settings, today, cases, cache_dir)
    desk = open_desk(desk_dir, settings).desk
    try:
        add_results_and_ratings(desk.store.path, desk.calendar, today)
    finally:
        desk.store.dispose()
    if cached is not None:
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        shutil.copyfile(database, partial)
        os.replace(partial, cached)
    return False


# ---- the baseline: one plain query per figure --------------------------------------------------

_RESULT = ("SELECT e.to_state FROM case_event e WHERE e.case_id = c.id"
           " AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')")


def baseline_statistics(
    raw: driver.Connection, start: date, end: date, as_of: date, calendar: WorkCalendar
) -> dict:
    """The statistics' figures by hand-written SQL, each on its own, as a DBA would check them."""
    span = (start.isoformat(), end.isoformat())
    where = "c.local_date BETWEEN ? AND ?"

    def grouped(column: str) -> dict[str, int]:
        sql = f"SELECT {column}, count(*) FROM case_record c WHERE {where} GROUP BY 1"
        return {str(k): n for k, n in raw.execute(sql, span)}

    total = raw.execute(f"SELECT count(*) FROM case_record c WHERE {where}", span).fetchone()[0]
    outcome_sql = f"""
        SELECT CASE
          WHEN c.state IN ('approved', 'result_ready') THEN 'approved'
          WHEN c.state = 'delivered' THEN
            coalesce(({_RESULT}), 'approved')
          WHEN c.state IN ('accepted', 'submitted', 'in_review') THEN 'accepted'
          ELSE c.state END, count(*)
        FROM case_record c WHERE {where} GROUP BY 1"""
    decided = raw.execute(
        f"""SELECT count(*), avg((julianday(e.at) - julianday(c.accepted_at)) * 24),
                   sum(date(e.at, '+8 hours') <= c.due_date),
                   sum(date(e.at, '+8 hours') > c.due_date)
            FROM case_record c JOIN case_event e ON e.case_id = c.id
            WHERE {where} AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')""",
        span,
    ).fetchone()
    overdue = raw.execute(
        f"""SELECT count(*) FROM case_record c WHERE {where}
            AND c.state IN ('accepted', 'accepted_pending', 'submitted', 'in_review')
            AND c.due_date < ?""",
        (*span, as_of.isoformat()),
    ).fetchone()[0]
    days = [
        calendar.working_days_between(date.fromisoformat(local), date.fromisoformat(result))
        for local, result in raw.execute(
            f"""SELECT c.local_date, date(e.at, '+8 hours')
                FROM case_record c JOIN case_event e ON e.case_id = c.id
                WHERE {where} AND e.kind = 'transition'
                AND e.to_state IN ('approved', 'rejected')""",
            span,
        )
    ]
    levels = dict(raw.execute(
        "SELECT level, count(*) FROM evaluation WHERE local_date BETWEEN ? AND ? GROUP BY level",
        span,
    ).fetchall())
    return {
        "total": total,
        "by_item": grouped("c.service_code"),
        "by_department": grouped("c.department"),
        "by_clerk": grouped("c.clerk_id"),
        "by_decision": grouped("c.decision"),
        "by_outcome": {k: n for k, n in raw.execute(outcome_sql, span)},
        "decided": decided[0],
        "hours": decided[1],
        "on_time": decided[2] or 0,
        "late": decided[3] or 0,
        "overdue_open": overdue,
        "working_days": sum(max(d, 0) for d in days) / len(days) if days else None,
        "levels": tuple(levels.get(level, 0) for level in range(1, 6)),
    }


def figures_of(s: CaseStatistics) -> dict:
    """Our statistics in the baseline's shape, for the comparison."""
    return {
        "total": s.total,
        "by_item": {r.key: r.count for r in s.by_item},
        "by_department": {r.key: r.count for r in s.by_department},
        "by_clerk": {r.key: r.count for r in s.by_clerk},
        "by_decision": {r.key: r.count for r in s.by_decision},
        "by_outcome": {r.key: r.count for r in s.by_outcome if r.count},
        "decided": s.decided,
        "hours": s.hours_to_result,
        "on_time": s.on_time,
        "late": s.late,
        "overdue_open": s.overdue_open,
        "working_days": s.working_days_to_result,
        "levels": s.evaluations.by_level,
    }


def same_figures(ours: dict, base: dict) -> bool:
    def close(a: object, b: object) -> bool:
        if isinstance(a, float) or isinstance(b, float):
            return a is not None and b is not None and abs(a - b) < 1e-6 * max(1, abs(b))
        return a == b

    return ours.keys() == base.keys() and all(close(ours[k], base[k]) for k in ours)


# ---- timing ----------------------------------------------------------------------------------


def _timed(ours, bare, runs: int) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    clock = time.perf_counter
    ours_s: list[float] = []
    bare_s: list[float] = []
    for n in range(WARMUP_RUNS + runs):
        t0 = clock()
        ours()
        t1 = clock()
        bare()
        t2 = clock()
        if n >= WARMUP_RUNS:
            ours_s.append(t1 - t0)
            bare_s.append(t2 - t1)
    return summarize(ours_s), summarize(bare_s)


def _last_full_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def run(
    cases: int = DEFAULT_CASES,
    *,
    today_cases: int = DEFAULT_TODAY,
    runs: int = DEFAULT_RUNS,
    page: int = DEFAULT_PAGE,
    directory: Path | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
    cold_runs: int = DEFAULT_COLD_RUNS,
) -> dict:
    """Prepare the store, time the day view and the statistics beside raw SQL; the figures."""
    settings = Settings()
    today = office_date(utc_now(), settings.timezone)
    if cache and cache_dir is None:
        cache_dir = bench_queue.default_cache_dir()
    with scratch_dir(directory) as tmp:
        started = time.perf_counter()
        from_cache = prepare_store(tmp / "desk", settings, today, cases,
                                   cache_dir if cache else None)
        opened = open_desk(tmp / "desk", settings)
        desk = opened.desk
        store = desk.store
        try:
            bench_queue.fill_today(store.path, desk.calendar, desk.zone, today, today_cases)
            build_s = time.perf_counter() - started
            raw = driver.connect(store.path)
            raw.execute("PRAGMA busy_timeout=5000")
            counts = {
                "events": raw.execute("SELECT count(*) FROM case_event").fetchone()[0],
                "ratings": raw.execute("SELECT count(*) FROM evaluation").fetchone()[0],
                "cases_in_store": raw.execute("SELECT count(*) FROM case_record").fetchone()[0],
            }
            calendar = desk.calendar
            clerk = raw.execute(
                "SELECT clerk_id FROM case_record WHERE local_date = ? LIMIT 1",
                (today.isoformat(),),
            ).fetchone()
            views = [
                ("day view: all of today", QueueFilter()),
                ("day view: accepted, one clerk",
                 QueueFilter(state="accepted", clerk_id=clerk[0] if clerk else 1)),
            ]
            rows: list[dict] = []
            for name, query in views:
                sql, args = _bare_ids_sql(today, query)

                def ours(query: QueueFilter = query) -> tuple[list[str], int]:
                    with store.read() as session:
                        ids = queue_ids(session, today, query)
                        return ids, len(queue_rows(session, ids[:page]))

                def bare(sql: str = sql, args: tuple = args) -> tuple[list[str], int]:
                    ids = [r[0] for r in raw.execute(sql, args)]
                    shown = ids[:page]
                    found = raw.execute(
                        f"SELECT {bench_queue.ROW_COLUMNS} FROM case_record"
                        f" WHERE id IN ({', '.join('?' * len(shown))})", shown,
                    ).fetchall() if shown else []
                    return ids, len(found)

                ours_fig, bare_fig = _timed(ours, bare, runs)
                our_ids, bare_ids = ours(), bare()
                rows.append({"name": name, "size": len(our_ids[0]),
                             "same": our_ids == bare_ids, "ours": ours_fig,
                             "baseline": bare_fig})

            year = (today - timedelta(days=365), today)
            ranges = [("statistics: today", (today, today)),
                      ("statistics: last full month", _last_full_month(today)),
                      ("statistics: the year", year)]
            for name, (start, end) in ranges:

                def stats(start: date = start, end: date = end) -> CaseStatistics:
                    with store.read() as session:
                        return case_statistics(session, SUPERVISOR, start, end,
                                               calendar=calendar, zone=desk.zone, as_of=today)

                def base(start: date = start, end: date = end) -> dict:
                    return baseline_statistics(raw, start, end, today, calendar)

                def fill_and_stats(start: date = start, end: date = end) -> CaseStatistics:
                    refresh_statistics_cache(desk, start, end, as_of=today)
                    return stats(start, end)

                if start < today:
                    # The first opening after the cache was emptied: counts and caches the
                    # past days, then reads. Not a target (a day close fills its day).
                    ours_s, bare_s = [], []
                    for _ in range(cold_runs):
                        _clear_cache(raw)
                        t0 = time.perf_counter()
                        fill_and_stats()
                        t1 = time.perf_counter()
                        base()
                        ours_s.append(t1 - t0)
                        bare_s.append(time.perf_counter() - t1)
                    result = stats()
                    rows.append({"name": f"{name}, cold (first fill)", "size": result.total,
                                 "same": same_figures(figures_of(result), base()),
                                 "ours": summarize(ours_s), "baseline": summarize(bare_s),
                                 "target": False})
                # Warm: the past days cached, as after the day closes (the page still asks
                # the cache for missing days before reading, which is timed too).
                refresh_statistics_cache(desk, start, end, as_of=today)
                ours_fig, bare_fig = _timed(fill_and_stats, base, runs)
                result = stats()
                rows.append({"name": name + (", warm cache" if start < today else ""),
                             "size": result.total,
                             "same": same_figures(figures_of(result), base()),
                             "ours": ours_fig, "baseline": bare_fig,
                             "plan": _plan(raw, start, end, today)})
            raw.close()
            machine = machine_info(tmp)
            db_bytes = store.path.stat().st_size
        finally:
            store.dispose()
    return {
        "cases": cases,
        "today_cases": today_cases,
        "runs": runs,
        "cold_runs": cold_runs,
        "page": page,
        "today": today.isoformat(),
        "build_s": build_s,
        "from_cache": from_cache,
        "db_mib": db_bytes / 2**20,
        **counts,
        "rows": rows,
        "same_as_baseline": all(r["same"] for r in rows),
        "targets": {"under_300ms": all(r["ours"]["p99_ms"] < TARGET_MS
                                       for r in rows if r.get("target", True))},
        "machine": machine,
    }


def _bare_ids_sql(today: date, query: QueueFilter) -> tuple[str, tuple]:
    where, args = ["local_date = ?"], [today.isoformat()]
    if query.state:
        where.append("+state = ?")
        args.append(query.state)
    if query.clerk_id is not None:
        where.append("clerk_id = ?")
        args.append(query.clerk_id)
    return ((f"SELECT id FROM case_record WHERE {' AND '.join(where)}"
            " ORDER BY accepted_at DESC, acceptance_no DESC"), tuple(args))


def _plan(raw: driver.Connection, start: date, end: date, today: date) -> list[str]:
    """The query plans of the statistics' grouped passes: the live days, then the cached ones."""
    from counter.reports.statistics import (
        _CACHED_FACTS_SQL,
        _GROUPS_SQL,
        _LIVE_DAYS_SQL,
        SHORT_CACHED_RANGE_DAYS,
        _cached_end,
        _days_where,
    )

    cached_end = _cached_end(end, today)
    args: dict[str, object] = {
        "start": start.isoformat(), "end": end.isoformat(), "as_of": today.isoformat(),
        "cached_end": cached_end.isoformat(), "offset": "+480 minutes"}
    live = _days_where([r[0] for r in raw.execute(_LIVE_DAYS_SQL, args)], args)
    plans = [f"live: {row[3]}" for row in raw.execute(
        f"EXPLAIN QUERY PLAN {_GROUPS_SQL.format(day='', where=live)}", args)
    ] if live != "0" else ["live: no day"]
    days = (cached_end - start).days + 1
    if days > 0:
        column = "local_date" if days <= SHORT_CACHED_RANGE_DAYS else "+local_date"
        plans += [f"cached: {row[3]}" for row in raw.execute(
            f"EXPLAIN QUERY PLAN {_CACHED_FACTS_SQL.format(date=column)}", args)]
    return plans


def _clear_cache(raw: driver.Connection) -> None:
    for table in ("stat_day", "stat_fact", "stat_result_day"):
        raw.execute(f"DELETE FROM {table}")
    raw.commit()


def report(result: dict) -> None:
    print()
    print(
        f"Supervisor benchmark: {result['cases_in_store']:,} cases in the store "
        f"({result['cases']:,} over the past year + "
        f"{result['today_cases']} today), {result['events']:,} case events, "
        f"{result['ratings']:,} ratings, {result['db_mib']:.0f} MiB; "
        f"{'copied from the cache' if result['from_cache'] else 'built'} in "
        f"{result['build_s']:.1f} s; {result['runs']} runs after {WARMUP_RUNS} warm-up "
        f"({result['cold_runs']} runs of the cold fills, the cache emptied before each)"
    )
    print_machine(result["machine"])
    print_table(
        ("", "cases", "median ms", "p99 ms", "baseline median", "baseline p99", "same"),
        [
            (r["name"], r["size"], r["ours"]["median_ms"], r["ours"]["p99_ms"],
             r["baseline"]["median_ms"], r["baseline"]["p99_ms"],
             "yes" if r["same"] else "NO")
            for r in result["rows"]
        ],
    )
    worst = max(r["ours"]["p99_ms"] for r in result["rows"] if r.get("target", True))
    print(f"target: each under {TARGET_MS:g} ms (p99), cold fills aside: "
          f"{verdict(result['targets']['under_300ms'])} (worst {worst:.1f} ms)")
    print("baseline: the day view's same SELECTs via sqlite3; the statistics by one plain "
          "query per figure (numbers checked equal)")
    for r in result["rows"]:
        if "plan" in r:
            print(f"plan of the grouped pass, {r['name']}: {'; '.join(r['plan'])}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--today", type=int, default=DEFAULT_TODAY)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--page", type=int, default=DEFAULT_PAGE)
    parser.add_argument("--cold-runs", type=int, default=DEFAULT_COLD_RUNS)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)
    report(run(args.cases, today_cases=args.today, runs=args.runs, page=args.page,
               directory=args.dir, cache=not args.no_cache, cold_runs=args.cold_runs))


if __name__ == "__main__":
    main()
