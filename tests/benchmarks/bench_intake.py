"""Intake benchmark: one durable intake beside a bare SQLite commit of the same size.

    python -m tests.benchmarks.bench_intake [--n 300] [--warmup 30] [--dir PATH]

A fresh desk is opened in a scratch folder on the project's disk (never a
memory file system). Each round times, one after the other:

- ours: `counter.intake.submit.submit_intake` for a typical case (GA-001, an ID-card
  renewal with four materials): validation, acceptance number, case,
  materials, first event, audit entry and outbox item in one BEGIN IMMEDIATE
  transaction, committed durably (WAL, synchronous=FULL);
- baseline: a bare `sqlite3` INSERT + COMMIT of one row holding one real case
  serialized (the values of its case, material, event and outbox rows as
  JSON), into a database with the same pragmas on the same disk;
- context: a 4 KiB write and `os.fsync` on the same disk, which is what a
  durable commit waits for.

The intake sends its SQL itself, on the session's own DB-API connection, so
there is no ORM layer left to subtract: the gap between ours and the baseline
is the intake's Python (validation, row building, payload JSON), the session
that opens and commits the transaction, and its extra statements. `--profile`
shows where that time goes.

Rounds interleave the three so that a noisy neighbour on a shared machine
hurts all of them alike. Targets: median within 2.5x the baseline (issue #10;
issue #3 asked for 3x), p99 under 20 ms; they are reported as PASS or MISS,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import event

from counter.bootstrap import open_desk
from counter.desk import Desk
from counter.intake.request import (
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.intake.submit import submit_intake
from counter.settings import Settings
from counter.store import driver
from counter.users import Actor, sign_in
from counter.validation import IdType
from tests.benchmarks._common import (
    address,
    machine_info,
    mobile,
    person_name,
    print_machine,
    print_table,
    resident_id,
    scratch_dir,
    summarize,
    verdict,
)

DEFAULT_N = 300
DEFAULT_WARMUP = 30
TARGET_RATIO = 2.5  # issue #10
TARGET_RATIO_3 = 3.0  # issue #3, still in the result's "targets"
TARGET_P99_MS = 20.0
SERVICE = "GA-001"
MATERIALS = ("M01", "M02", "M03", "M04")
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000")


def _request(rng: random.Random) -> IntakeRequest:
    return IntakeRequest(
        service_code=SERVICE,
        decision=Decision.ACCEPT,
        applicant=PersonInput(
            name=person_name(rng),
            id_type=IdType.RESIDENT_ID,
            id_number=resident_id(rng),
            phone=mobile(rng),
            address=address(rng),
        ),
        materials=tuple(MaterialInput(code, MaterialStatus.RECEIVED) for code in MATERIALS),
    )


def _connect(path: Path) -> driver.Connection:
    """A plain connection with the store's pragmas; transactions are issued explicitly."""
    conn = driver.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def serialize_case(conn: driver.Connection, case_id: str) -> str:
    """One case as stored: the values of its case, material, event and outbox rows, as JSON.

    Values only, no column names, so its size is close to what the intake stores.
    """

    def rows(table: str, key: str) -> list[list[Any]]:
        cur = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (case_id,))
        return [list(row) for row in cur.fetchall()]

    data = [
        rows("case_record", "id"),
        rows("case_material", "case_id"),
        rows("case_event", "case_id"),
        rows("outbox_item", "case_id"),
    ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _count_statements(desk: Desk, actor: Actor, request: IntakeRequest) -> int:
    """Run one intake and count the statements SQLite ran for it, BEGIN and COMMIT included.

    The intake writes through the DB-API connection directly, past SQLAlchemy's
    statement events, so the count comes from SQLite's own trace callback on
    the connection `Store.write_sql` keeps and on every connection the write
    engine hands out meanwhile. An `executemany` counts once per row; a
    trigger's program counts once.
    """
    count = 0
    traced: list[driver.Connection] = []

    def trace(_sql: str) -> None:
        nonlocal count
        count += 1

    def on_checkout(dbapi_conn, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.set_trace_callback(trace)
        traced.append(dbapi_conn)

    engine = desk.store.engine
    event.listen(engine, "checkout", on_checkout)
    with desk.store.write_sql() as kept:  # an empty transaction, to reach the connection
        kept.set_trace_callback(trace)
        traced.append(kept)
    count = 0
    try:
        submit_intake(desk, actor, request)
    finally:
        event.remove(engine, "checkout", on_checkout)
        for conn in traced:
            conn.set_trace_callback(None)
    return count


def run(n: int = DEFAULT_N, *, warmup: int = DEFAULT_WARMUP, directory: Path | None = None) -> dict:
    """Time `n` intakes, bare commits and fsyncs after `warmup` of each; return the figures."""
    rng = random.Random(20261127)
    with scratch_dir(directory) as tmp:
        opened = open_desk(tmp / "desk", Settings())
        desk = opened.desk
        try:
            actor = sign_in(desk.store, "clerk", "demo1234")
            for _ in range(warmup):
                submit_intake(desk, actor, _request(rng))
            statements = _count_statements(desk, actor, _request(rng))

            with closing(desk.store.raw_connection()) as source:
                last_case = source.execute(
                    "SELECT id FROM case_record ORDER BY accepted_at DESC LIMIT 1"
                ).fetchone()[0]
                body = serialize_case(source, last_case)

            base = _connect(tmp / "baseline.db")
            base.execute("CREATE TABLE bench_row (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")

            probe = os.open(tmp / "fsync.probe", os.O_WRONLY | os.O_CREAT, 0o600)
            page = os.urandom(4096)

            def write_and_fsync() -> None:
                os.pwrite(probe, page, 0)
                os.fsync(probe)

            def bare_commit() -> None:
                base.execute("BEGIN IMMEDIATE")
                base.execute("INSERT INTO bench_row (body) VALUES (?)", (body,))
                base.execute("COMMIT")

            for _ in range(warmup):
                bare_commit()
                write_and_fsync()

            requests = [_request(rng) for _ in range(n)]
            ours: list[float] = []
            bare: list[float] = []
            synced: list[float] = []
            clock = time.perf_counter
            for request in requests:
                t0 = clock()
                submit_intake(desk, actor, request)
                t1 = clock()
                bare_commit()
                t2 = clock()
                write_and_fsync()
                t3 = clock()
                ours.append(t1 - t0)
                bare.append(t2 - t1)
                synced.append(t3 - t2)

            with closing(desk.store.raw_connection()) as check:
                cases_in_store = check.execute("SELECT count(*) FROM case_record").fetchone()[0]
            base.close()
            os.close(probe)
            machine = machine_info(tmp)
        finally:
            desk.store.dispose()

    result = {
        "n": n,
        "warmup": warmup,
        "cases_in_store": cases_in_store,
        "row_bytes": len(body.encode("utf-8")),
        "statements": statements,
        "ours": summarize(ours),
        "baseline": summarize(bare),
        "fsync": summarize(synced),
        "machine": machine,
    }
    ratio = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["ratio_median"] = ratio
    result["targets"] = {
        "median_within_3x": ratio <= TARGET_RATIO_3,
        "p99_under_20ms": result["ours"]["p99_ms"] < TARGET_P99_MS,
    }
    # Issue #10's target, kept apart from issue #3's.
    result["targets_10"] = {"median_within_2_5x": ratio <= TARGET_RATIO}
    return result


def report(result: dict) -> None:
    """Print the figures as a small table with the verdict on each target."""
    print()
    print(
        f"Intake benchmark: {result['n']} rounds after {result['warmup']} warm-up, "
        f"{result['cases_in_store']} cases in the store at the end"
    )
    print_machine(result["machine"])
    ours, base, sync = (result[k] for k in ("ours", "baseline", "fsync"))
    print_table(
        ("", "median ms", "p99 ms", "min ms", "max ms"),
        [
            (
                f"ours: submit_intake ({SERVICE}, {len(MATERIALS)} materials)",
                ours["median_ms"],
                ours["p99_ms"],
                ours["min_ms"],
                ours["max_ms"],
            ),
            (
                f"baseline: bare INSERT+COMMIT, {result['row_bytes']} B row",
                base["median_ms"],
                base["p99_ms"],
                base["min_ms"],
                base["max_ms"],
            ),
            (
                "context: 4 KiB write + os.fsync",
                sync["median_ms"],
                sync["p99_ms"],
                sync["min_ms"],
                sync["max_ms"],
            ),
        ],
    )
    targets = result["targets"]
    print(f"statements SQLite ran for one intake: {result['statements']}")
    print(f"ratio of medians, ours / baseline: {result['ratio_median']:.2f}x")
    print(
        f"target: median within {TARGET_RATIO:g}x the bare commit: "
        f"{verdict(result['targets_10']['median_within_2_5x'])} ({result['ratio_median']:.2f}x)"
    )
    print(
        f"target: p99 under {TARGET_P99_MS:g} ms: "
        f"{verdict(targets['p99_under_20ms'])} ({ours['p99_ms']:.2f} ms)"
    )


# Where an intake's time goes: (label, file the function is in, function name). A row
# with an empty label adds to the row above. The entries nest (audit.append and
# outbox.enqueue insert through rawsql; the first statement of a transaction checks out
# the connection and runs BEGIN IMMEDIATE), so the shares overlap.
# The driver's C types as cProfile names them ("sqlite3.Cursor" for the standard library's).
_CURSOR = f"{driver.Cursor.__module__}.{driver.Cursor.__qualname__}"
_CONNECTION = f"{driver.Connection.__module__}.{driver.Connection.__qualname__}"
_PROFILE_SPOTS = (
    ("submit_intake, whole", "counter/intake/submit.py", "submit_intake"),
    ("catalog cache lookup (version read)", "counter/catalog/items.py", "get"),
    ("validation (parties, materials, decision)", "counter/intake/checks.py", "check_request"),
    ("due date (workcal.add_working_days)", "counter/catalog/workcal.py", "add_working_days"),
    ("acceptance number (numbering.allocate)", "counter/intake/numbering.py", "allocate"),
    ("case row and payload (_case_row, _intake_payload)", "counter/intake/submit.py", "_case_row"),
    ("", "counter/intake/submit.py", "_intake_payload"),
    ("rawsql inserts, all (incl. audit, outbox)", "counter/store/rawsql.py", "insert"),
    ("", "counter/store/rawsql.py", "insert_many"),
    ("audit.append (last entry, hash, insert)", "counter/audit/log.py", "append"),
    ("outbox.enqueue (payload JSON, insert)", "counter/exchange/outbox.py", "enqueue"),
    # store.write_sql is a generator: its time is the checkout and BEGIN IMMEDIATE
    # and, after the block, COMMIT and the return to the pool; not the block itself.
    (
        "write transaction: checkout, BEGIN, COMMIT (store.write_sql)",
        "counter/store/database.py",
        "write_sql",
    ),
    (
        "SQLite: statements incl. BEGIN and COMMIT with fsync",
        "~",
        f"<method 'execute' of '{_CURSOR}' objects>",
    ),
    ("", "~", f"<method 'executemany' of '{_CURSOR}' objects>"),
    ("", "~", f"<method 'execute' of '{_CONNECTION}' objects>"),
)


def profile(
    n: int = 200, *, warmup: int = DEFAULT_WARMUP, directory: Path | None = None
) -> list[tuple[str, float, str]]:
    """Run `n` intakes under cProfile, print where the time goes (profiled time).

    Returns the printed breakdown: (label, ms per intake, share of the whole).
    """
    import cProfile
    import pstats

    rng = random.Random(20261128)
    with scratch_dir(directory) as tmp:
        desk = open_desk(tmp / "desk", Settings()).desk
        try:
            actor = sign_in(desk.store, "clerk", "demo1234")
            for _ in range(warmup):
                submit_intake(desk, actor, _request(rng))
            requests = [_request(rng) for _ in range(n)]
            profiler = cProfile.Profile()
            profiler.enable()
            for request in requests:
                submit_intake(desk, actor, request)
            profiler.disable()
        finally:
            desk.store.dispose()
    stats = pstats.Stats(profiler)
    table = stats.stats  # type: ignore[attr-defined]
    whole = _cumulative(table, "counter/intake/submit.py", "submit_intake")
    print()
    print(f"Profile of {n} intakes (cProfile adds overhead to Python code, not to SQLite's):")
    rows: list[tuple[str, float, str]] = []
    label = ""
    total = 0.0
    for spot_label, path, name in _PROFILE_SPOTS:
        if spot_label:
            if label:
                rows.append((label, total / n * 1000, f"{total / whole:.0%}"))
            label, total = spot_label, 0.0
        total += _cumulative(table, path, name)
    rows.append((label, total / n * 1000, f"{total / whole:.0%}"))
    print_table(("cumulative, per intake", "ms", "share"), rows)
    print()
    stats.strip_dirs().sort_stats("tottime").print_stats(15)
    return rows


def _cumulative(table: dict, path: str, name: str) -> float:
    """Cumulative seconds of every profiled function `name` in a file ending with `path`."""
    return sum(
        entry[3]
        for (filename, _line, func), entry in table.items()
        if func == name and filename.replace("\\", "/").endswith(path)
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="timed rounds (default 300)")
    parser.add_argument("--warmup", type=int, default=DEFAULT_WARMUP, help="untimed rounds first")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    parser.add_argument(
        "--profile", action="store_true", help="also profile N intakes with cProfile afterwards"
    )
    args = parser.parse_args(argv)
    report(run(args.n, warmup=args.warmup, directory=args.dir))
    if args.profile:
        profile(args.n, warmup=args.warmup, directory=args.dir)


if __name__ == "__main__":
    main()
