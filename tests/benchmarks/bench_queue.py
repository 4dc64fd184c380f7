"""Queue benchmark: today's queue in a store holding a year of cases, beside raw sqlite3.

    python -m tests.benchmarks.bench_queue [--cases 200000] [--today 300] [--runs 200]
                                           [--page 100] [--dir PATH] [--no-cache]

A fresh desk is opened in a scratch folder on the project's disk and
`case_record` (the ORM's table, created by the migrations) is filled in one
raw-SQL transaction: `--cases` cases over the 365 days before today, on
working days, in office hours, from eight desks, with realistic columns
(catalog items and snapshots, persons and companies with well-formed ID
numbers and credit codes, agents, decisions, states by age, due dates from the
working-day calendar); then `--today` cases taken in today, in a second
transaction. Only `case_record` is filled: the queue reads nothing else.

Building 200,000 cases takes about 20 s on a 2-core machine, so the year of
cases is kept in `<temp>/counter-bench-cache/`, keyed by schema revision,
catalog version, generator version and size, and copied into the scratch
folder on later runs (about a second); `--no-cache` builds afresh and keeps
nothing. Today's cases are always written anew. Delete the cache folder at
will.

Each run then times, interleaved:

- ours: `counter.cases.queries.queue_ids(session, today)` and `queue_rows` for the
  first `--page` ids, in one read session, as the queue screen does;
- baseline: the same two SELECTs (same ids, the columns a queue row shows)
  through a plain `sqlite3` connection.

Then the queue as a clerk narrows it: `queue_ids` with a state, item or clerk
filter, a search (acceptance-number tail, part of a name, a whole ID number,
an ID number's last four) and each sort order, every one timed `--runs` times
beside the baseline's bare id SELECT through sqlite3 (the unfiltered one
above), with the plan of each statement sent, to show that every variant
searches the day's index and never scans the year.

Target: under 50 ms (reported PASS or MISS, never asserted). The query plans of
the statements the ORM actually sent are printed to show the index is used.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import time
import uuid
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event

from counter.bootstrap import open_desk
from counter.cases.queries import queue_ids, queue_rows
from counter.cases.queue_filters import QueueFilter, QueueSort
from counter.catalog.seed import SEED_CATALOG
from counter.catalog.workcal import WorkCalendar
from counter.clock import office_date, utc_now
from counter.settings import DATABASE_FILE, Settings
from counter.store import driver
from counter.store.schema import head_revision
from tests.benchmarks._common import (
    address,
    credit_code,
    machine_info,
    mobile,
    person_name,
    print_machine,
    print_table,
    resident_id,
    scratch_dir,
    scratch_parent,
    summarize,
    verdict,
)

DEFAULT_CASES = 200_000
DEFAULT_TODAY = 300
DEFAULT_RUNS = 200
DEFAULT_PAGE = 100
WARMUP_RUNS = 5
# Bump when the generated cases change, so a cached store is not reused.
GENERATOR_VERSION = 1
TARGET_MS = 50.0
INDEX = "ix_case_local_date_accepted"

OFFICE = "140121"
DESKS = tuple(f"{n:02d}" for n in range(1, 9))
CLERKS = (
    (1, "王芳"),
    (2, "赵磊"),
    (5, "孙丽"),
    (6, "周建国"),
    (7, "吴敏"),
    (8, "郑海燕"),
    (9, "冯涛"),
    (10, "陈静"),
)
COMPANY_WORDS = ("晋源", "清泉", "汾河", "龙城", "并州", "丰泽", "恒泰", "德润", "鑫盛", "华康")
COMPANY_KINDS = ("商贸有限公司", "餐饮管理有限公司", "科技有限公司", "农业专业合作社", "建材经营部")
REFUSALS = ("申请事项不属于本机关职权范围", "申请人不具备申请资格", "申请材料存在虚假内容")
DECISIONS = (
    ("accept", 0.85),
    ("accept_pending", 0.05),
    ("request_correction", 0.07),
    ("refuse", 0.03),
)

IDS_SQL = (
    "SELECT id FROM case_record WHERE local_date = ? ORDER BY accepted_at DESC, acceptance_no DESC"
)
ROW_COLUMNS = (
    "id, acceptance_no, accepted_at, service_name, applicant_name, applicant_id_number, "
    "state, due_date, clerk_name"
)
COLUMNS = (
    "id",
    "acceptance_no",
    "office_code",
    "desk_code",
    "service_code",
    "service_name",
    "department",
    "decision",
    "state",
    "applicant_kind",
    "applicant_name",
    "applicant_id_type",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "legal_rep_name",
    "agent_name",
    "agent_id_type",
    "agent_id_number",
    "agent_phone",
    "accepted_at",
    "local_date",
    "promised_days",
    "due_date",
    "due_provisional",
    "makeup_deadline",
    "commitment_signed",
    "reason",
    "clerk_id",
    "clerk_name",
    "updated_at",
)
INSERT_SQL = (
    f"INSERT INTO case_record ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)


def _stamp(instant: datetime) -> str:
    """A UTC instant as SQLAlchemy stores DateTime in SQLite (naive, with microseconds)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class _CaseMaker:
    """Makes case_record rows as an intake would have written them, then aged."""

    def __init__(self, rng: random.Random, calendar: WorkCalendar, zone: str, today: date):
        self.rng = rng
        self.calendar = calendar
        self.zone = ZoneInfo(zone)
        self.today = today
        self.now = utc_now()
        self.items = SEED_CATALOG.items
        self._due: dict[tuple[date, int], tuple[str, int]] = {}

    def due(self, day: date, days: int) -> tuple[str, int]:
        key = (day, days)
        if key not in self._due:
            deadline = self.calendar.add_working_days(day, days)
            self._due[key] = (deadline.due.isoformat(), int(deadline.provisional))
        return self._due[key]

    def _state(self, decision: str, due: str, day: date) -> str:
        if decision == "refuse":
            return "refused"
        if decision == "request_correction":
            return "correction_requested"
        r = self.rng.random()
        if day == self.today:
            return "accepted" if decision == "accept" else "accepted_pending"
        if due < self.today.isoformat():
            return "delivered" if r < 0.85 else "rejected" if r < 0.9 else "result_ready"
        return "in_review" if r < 0.5 else "submitted" if r < 0.8 else "approved"

    def rows_for_day(self, day: date, count: int) -> list[tuple]:
        rng = self.rng
        opening = datetime.combine(day, clock_time(8, 30), self.zone)
        seconds = sorted(rng.uniform(0, 9 * 3600) for _ in range(count))
        sequences = dict.fromkeys(DESKS, 0)
        rows = []
        for offset in seconds:
            desk = rng.choice(DESKS)
            sequences[desk] += 1
            accepted = opening + timedelta(seconds=offset)
            rows.append(self._row(day, desk, sequences[desk], accepted))
        return rows

    def _row(self, day: date, desk: str, seq: int, accepted: datetime) -> tuple:
        rng = self.rng
        item = rng.choice(self.items)
        decision = rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS])[0]
        if item.promised_days == 0 and decision == "accept_pending":
            decision = "accept"
        due, provisional = ("", 0)
        if decision in ("accept", "accept_pending"):
            due, provisional = self.due(day, item.promised_days)
        state = self._state(decision, due or "9999", day)
        if item.for_company:
            name = rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)
            applicant = ("company", f"清徐县{name}", "credit_code", credit_code(rng))
            legal_rep = person_name(rng)
        else:
            applicant = ("person", person_name(rng), "resident_id", resident_id(rng))
            legal_rep = ""
        agent = ("", "", "", "")
        if item.for_company or rng.random() < 0.15:
            agent = (person_name(rng), "resident_id", resident_id(rng), mobile(rng))
        makeup = None
        if decision == "accept_pending":
            makeup = (day + timedelta(days=5)).isoformat()
        reason = ""
        if decision == "refuse":
            reason = rng.choice(REFUSALS)
        elif decision == "request_correction":
            reason = "请按一次性告知单补齐材料后再来办理"
        clerk_id, clerk_name = CLERKS[DESKS.index(desk)]
        updated = accepted
        if day < self.today:
            updated = min(accepted + timedelta(days=rng.randint(0, 20)), self.now)
        return (
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            f"{OFFICE}-{desk}-{day:%Y%m%d}-{seq:04d}",
            OFFICE,
            desk,
            item.code,
            item.name,
            item.department,
            decision,
            state,
            *applicant,
            mobile(rng),
            address(rng),
            legal_rep,
            *agent,
            _stamp(accepted),
            day.isoformat(),
            item.promised_days,
            due or None,
            provisional,
            makeup,
            int(decision == "accept_pending"),
            reason,
            clerk_id,
            clerk_name,
            _stamp(updated),
        )


def fill_year(path: Path, calendar: WorkCalendar, zone: str, today: date, cases: int) -> None:
    """Add `cases` cases over the working days of the 365 days before `today`, in one commit."""
    rng = random.Random(20261127)
    year = [today - timedelta(days=n) for n in range(365, 0, -1)]
    working = [d for d in year if calendar.is_working_day(d)] or year
    per_day = dict.fromkeys(working, 0)
    for day in rng.choices(working, k=cases):
        per_day[day] += 1
    _insert(path, _CaseMaker(rng, calendar, zone, today), per_day)


def fill_today(path: Path, calendar: WorkCalendar, zone: str, today: date, cases: int) -> None:
    """Add `cases` cases taken in today, in one commit."""
    _insert(path, _CaseMaker(random.Random(20261128), calendar, zone, today), {today: cases})


def _insert(path: Path, maker: _CaseMaker, per_day: dict[date, int]) -> None:
    with closing(driver.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MiB: the random UUID keys spread wide
        conn.execute("BEGIN IMMEDIATE")
        for day, count in per_day.items():
            conn.executemany(INSERT_SQL, maker.rows_for_day(day, count))
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def default_cache_dir() -> Path:
    return scratch_parent() / "counter-bench-cache"


def cache_file(cache_dir: Path, cases: int) -> Path:
    """The cached store for `cases`, keyed by everything that shapes its content."""
    key = f"r{head_revision()}-catalog{SEED_CATALOG.version}-gen{GENERATOR_VERSION}-{cases}"
    return cache_dir / f"queue-{key}.db"


def prepare_year(
    desk_dir: Path, settings: Settings, today: date, cases: int, cache_dir: Path | None
) -> bool:
    """Put a desk store holding a year of cases in `desk_dir`; True if it came from the cache.

    With `cache_dir`, a store built before for the same schema revision, catalog and
    generator is copied from there, and a new build is saved there for next time.
    """
    cached = cache_file(cache_dir, cases) if cache_dir is not None else None
    database = desk_dir / DATABASE_FILE
    if cached is not None and cached.exists():
        desk_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, database)
        return True
    desk = open_desk(desk_dir, settings).desk
    try:
        fill_year(desk.store.path, desk.calendar, desk.zone, today, cases)
    finally:
        desk.store.dispose()
    wal = database.with_name(database.name + "-wal")
    if cached is not None and (not wal.exists() or wal.stat().st_size == 0):
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        shutil.copyfile(database, partial)
        os.replace(partial, cached)
    return False


def filtered_queries(raw: driver.Connection, today: date) -> list[tuple[str, QueueFilter]]:
    """The narrowed queues a clerk asks for, built from what today's cases hold."""
    day = today.isoformat()
    row = raw.execute(
        "SELECT service_code, clerk_id, applicant_id_number, acceptance_no FROM case_record "
        "WHERE local_date = ? AND applicant_kind = 'person' ORDER BY acceptance_no LIMIT 1",
        (day,),
    ).fetchone()
    service, clerk, id_number, number = row if row else ("SCJG-001", 1, "0" * 18, "0001")
    return [
        ("state accepted, by due date", QueueFilter(state="accepted", sort=QueueSort.DUE)),
        ("one item, by number", QueueFilter(service_code=service, sort=QueueSort.NUMBER,
                                            descending=False)),
        ("one clerk, by state", QueueFilter(clerk_id=clerk, sort=QueueSort.STATE)),
        ("search: number tail", QueueFilter(search=number[-4:])),
        ("search: part of a name", QueueFilter(search="王")),
        ("search: whole ID number", QueueFilter(search=id_number)),
        ("search: ID last 4, by due", QueueFilter(search=id_number[-4:], sort=QueueSort.DUE)),
        ("state + item + search", QueueFilter(state="accepted", service_code=service,
                                              search="伟", sort=QueueSort.DUE)),
    ]


def _time_filtered(
    store, raw: driver.Connection, today: date, runs: int  # type: ignore[no-untyped-def]
) -> list[dict]:
    """Each narrowed id query `runs` times, interleaved with the baseline's bare id SELECT."""
    results = []
    clock = time.perf_counter
    for name, query in filtered_queries(raw, today):
        sent: list[tuple[str, tuple]] = []

        def listener(_conn, _cursor, statement: str, parameters, _context, _many,  # type: ignore[no-untyped-def]
                     sent: list[tuple[str, tuple]] = sent) -> None:
            sent.append((statement, tuple(parameters or ())))

        with store.read() as session:
            engine = session.get_bind()
            event.listen(engine, "before_cursor_execute", listener)
            try:
                found = len(queue_ids(session, today, query))
            finally:
                event.remove(engine, "before_cursor_execute", listener)
        plans = [(sql, _plan(raw, sql, params)) for sql, params in sent if "SELECT" in sql]
        ours_s: list[float] = []
        bare_s: list[float] = []
        for n in range(WARMUP_RUNS + runs):
            t0 = clock()
            with store.read() as session:
                queue_ids(session, today, query)
            t1 = clock()
            raw.execute(IDS_SQL, (today.isoformat(),)).fetchall()
            t2 = clock()
            if n >= WARMUP_RUNS:
                ours_s.append(t1 - t0)
                bare_s.append(t2 - t1)
        plan_lines = [line for _sql, plan in plans for line in plan]
        results.append({
            "name": name,
            "ids": found,
            "ours": summarize(ours_s),
            "baseline": summarize(bare_s),
            "plans": plans,
            "index_used": bool(plan_lines) and all(
                not line.startswith("SCAN") for line in plan_lines
            ) and any(INDEX in line for line in plan_lines),
        })
    return results


def _plan(conn: driver.Connection, sql: str, params: tuple) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def run(
    cases: int = DEFAULT_CASES,
    *,
    today_cases: int = DEFAULT_TODAY,
    runs: int = DEFAULT_RUNS,
    page: int = DEFAULT_PAGE,
    directory: Path | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> dict:
    """Prepare the store, time the queue `runs` times beside raw sqlite3; return the figures.

    With `cache` (the default) the year of cases is kept between runs in `cache_dir`
    (by default a folder beside the scratch folders); today's cases are always new.
    """
    settings = Settings()
    today = office_date(utc_now(), settings.timezone)
    if cache and cache_dir is None:
        cache_dir = default_cache_dir()
    with scratch_dir(directory) as tmp:
        started = time.perf_counter()
        from_cache = prepare_year(
            tmp / "desk", settings, today, cases, cache_dir if cache else None
        )
        desk = open_desk(tmp / "desk", settings).desk
        store = desk.store
        try:
            fill_today(store.path, desk.calendar, desk.zone, today, today_cases)
            build_s = time.perf_counter() - started

            def ours() -> tuple[list[str], int]:
                with store.read() as session:
                    ids = queue_ids(session, today)
                    rows = queue_rows(session, ids[:page])
                return ids, len(rows)

            raw = driver.connect(store.path)
            raw.execute("PRAGMA busy_timeout=5000")

            def bare() -> tuple[list[str], int]:
                ids = [row[0] for row in raw.execute(IDS_SQL, (today.isoformat(),))]
                shown = ids[:page]
                marks = ", ".join("?" * len(shown))
                sql = f"SELECT {ROW_COLUMNS} FROM case_record WHERE id IN ({marks})"
                rows = raw.execute(sql, shown).fetchall() if shown else []
                return ids, len(rows)

            # The statements the ORM really sends, for their query plans.
            sent: list[tuple[str, tuple]] = []

            def listener(_conn, _cursor, statement: str, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
                sent.append((statement, tuple(parameters or ())))

            with store.read() as session:
                engine = session.get_bind()
                event.listen(engine, "before_cursor_execute", listener)
                try:
                    our_ids = queue_ids(session, today)
                    our_rows = len(queue_rows(session, our_ids[:page]))
                finally:
                    event.remove(engine, "before_cursor_execute", listener)
            bare_ids, bare_rows = bare()
            plans = [(sql, _plan(raw, sql, params)) for sql, params in sent if "SELECT" in sql]

            for _ in range(WARMUP_RUNS):
                ours()
                bare()
            ours_s: list[float] = []
            bare_s: list[float] = []
            clock = time.perf_counter
            for _ in range(runs):
                t0 = clock()
                ours()
                t1 = clock()
                bare()
                t2 = clock()
                ours_s.append(t1 - t0)
                bare_s.append(t2 - t1)

            filtered = _time_filtered(store, raw, today, runs)
            total = raw.execute("SELECT count(*) FROM case_record").fetchone()[0]
            raw.close()
            machine = machine_info(tmp)
            db_bytes = store.path.stat().st_size
        finally:
            store.dispose()

    result = {
        "cases": cases,
        "today_cases": today_cases,
        "runs": runs,
        "page": page,
        "today": today.isoformat(),
        "cases_in_store": total,
        "queue_ids": len(our_ids),
        "queue_rows": our_rows,
        "same_as_baseline": our_ids == bare_ids and our_rows == bare_rows,
        "build_s": build_s,
        "from_cache": from_cache,
        "db_mib": db_bytes / 2**20,
        "ours": summarize(ours_s),
        "baseline": summarize(bare_s),
        "plans": plans,
        "index_used": any(INDEX in line for _, plan in plans for line in plan),
        "filtered": filtered,
        "machine": machine,
    }
    result["ratio_median"] = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["targets"] = {
        "under_50ms": result["ours"]["p99_ms"] < TARGET_MS,
        "filtered_under_50ms": all(f["ours"]["p99_ms"] < TARGET_MS for f in filtered),
    }
    return result


def report(result: dict) -> None:
    """Print the figures, the query plans and the verdict on the target."""
    print()
    print(
        f"Queue benchmark: {result['cases_in_store']:,} cases in the store "
        f"({result['cases']:,} over the past year + {result['today_cases']} today, "
        f"{result['db_mib']:.0f} MiB), "
        f"{'copied from the cache' if result['from_cache'] else 'built'} "
        f"in {result['build_s']:.1f} s; "
        f"{result['runs']} runs after {WARMUP_RUNS} warm-up"
    )
    print_machine(result["machine"])
    print(
        f"today ({result['today']}): {result['queue_ids']} ids, first {result['page']} "
        f"read as rows ({result['queue_rows']}); same ids and rows as the baseline: "
        f"{'yes' if result['same_as_baseline'] else 'NO'}"
    )
    ours, base = result["ours"], result["baseline"]
    print_table(
        ("", "median ms", "p99 ms", "min ms", "max ms"),
        [
            (
                f"ours: queue_ids + queue_rows({result['page']})",
                ours["median_ms"],
                ours["p99_ms"],
                ours["min_ms"],
                ours["max_ms"],
            ),
            (
                "baseline: the same two SELECTs via sqlite3",
                base["median_ms"],
                base["p99_ms"],
                base["min_ms"],
                base["max_ms"],
            ),
        ],
    )
    print(f"ratio of medians, ours / baseline: {result['ratio_median']:.1f}x")
    print(
        f"target: under {TARGET_MS:g} ms (p99): {verdict(result['targets']['under_50ms'])} "
        f"({ours['p99_ms']:.2f} ms)"
    )
    print(f"query plans (index {INDEX} used: {'yes' if result['index_used'] else 'NO'}):")
    for sql, plan in result["plans"]:
        print(f"  {_shorten(sql)}")
        for line in plan:
            print(f"    {line}")
    filtered = result.get("filtered", [])
    if not filtered:
        return
    print()
    print("narrowed queues: queue_ids(filter, search, order) beside the baseline's bare id SELECT")
    print_table(
        ("", "ids", "median ms", "p99 ms", "baseline median", "baseline p99", "day index"),
        [
            (
                f"ours: {f['name']}",
                f["ids"],
                f["ours"]["median_ms"],
                f["ours"]["p99_ms"],
                f["baseline"]["median_ms"],
                f["baseline"]["p99_ms"],
                "yes" if f["index_used"] else "NO",
            )
            for f in filtered
        ],
    )
    worst = max(f["ours"]["p99_ms"] for f in filtered)
    print(
        f"target: every narrowed queue under {TARGET_MS:g} ms (p99): "
        f"{verdict(result['targets']['filtered_under_50ms'])} (worst {worst:.2f} ms)"
    )
    print("query plans of the narrowed queues:")
    for f in filtered:
        for sql, plan in f["plans"]:
            print(f"  {f['name']}: {'; '.join(plan)}")


def _shorten(sql: str) -> str:
    """The statement with its long column and parameter lists elided."""
    sql = " ".join(sql.split())
    sql = re.sub(r"\((?:\?, )+\?\)", lambda m: f"(<{m.group(0).count('?')} ids>)", sql)
    head, sep, tail = sql.partition(" FROM ")
    if len(head) > 60:
        head = head[:48] + " ..."
    text = head + sep + tail
    return text if len(text) <= 160 else text[:157] + "..."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="cases over the year")
    parser.add_argument("--today", type=int, default=DEFAULT_TODAY, help="cases taken in today")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs")
    parser.add_argument("--page", type=int, default=DEFAULT_PAGE, help="rows read per run")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    parser.add_argument(
        "--no-cache", action="store_true", help="build the year of cases afresh, keep nothing"
    )
    args = parser.parse_args(argv)
    report(
        run(
            args.cases,
            today_cases=args.today,
            runs=args.runs,
            page=args.page,
            directory=args.dir,
            cache=not args.no_cache,
        )
    )


if __name__ == "__main__":
    main()
