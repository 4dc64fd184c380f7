"""Intake benchmark: one durable intake beside a bare SQLite commit of the same size.

    python -m tests.benchmarks.bench_intake [--n 300] [--warmup 30] [--dir PATH]

A fresh desk is opened in a scratch folder on the project's disk (never a
memory file system). Each round times, one after the other:

- ours: `counter.intake.submit_intake` for a typical case (GA-001, an ID-card
  renewal with four materials): validation, acceptance number, case,
  materials, first event, audit entry and outbox item in one BEGIN IMMEDIATE
  transaction, committed durably (WAL, synchronous=FULL);
- baseline: a bare `sqlite3` INSERT + COMMIT of one row holding one real case
  serialized (the values of its case, material, event and outbox rows as
  JSON), into a database with the same pragmas on the same disk;
- reference: the very SQL statements one intake issued, captured once and
  replayed through plain `sqlite3` on a copy of the desk's database. It shows
  what the same writes cost the database with no Python domain or ORM work
  around them: the floor for this transaction;
- context: a 4 KiB write and `os.fsync` on the same disk, which is what a
  durable commit waits for.

Rounds interleave the three so that a noisy neighbour on a shared machine
hurts all of them alike. Targets: median within 3x the baseline, p99 under
20 ms; they are reported as PASS or MISS, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import event

from counter.bootstrap import open_desk
from counter.desk import Desk
from counter.intake import submit_intake
from counter.intake_request import (
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.settings import Settings
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
TARGET_RATIO = 3.0
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


def _connect(path: Path) -> sqlite3.Connection:
    """A plain connection with the store's pragmas; transactions are issued explicitly."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def serialize_case(conn: sqlite3.Connection, case_id: str) -> str:
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


class _Replay:
    """The statements of one captured intake, replayed with fresh unique values each time."""

    def __init__(self, conn: sqlite3.Connection, statements: list[tuple[str, tuple]]):
        self.conn = conn
        self.statements = statements
        self.case_id, self.number, self.key = self._unique_values(statements)
        row = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_entry").fetchone()
        self.next_audit_id: int = row[0]
        self.round = 0

    @staticmethod
    def _unique_values(statements: list[tuple[str, tuple]]) -> tuple[str, str, str]:
        case = next(p for s, p in statements if s.startswith("INSERT INTO case_record"))
        outbox = next(p for s, p in statements if s.startswith("INSERT INTO outbox_item"))
        return case[0], case[1], outbox[0]

    def once(self) -> None:
        self.round += 1
        swaps = {
            self.case_id: str(uuid.uuid4()),
            self.number: f"{self.number}-R{self.round}",
            self.key: str(uuid.uuid4()),
        }
        cur = self.conn.cursor()
        for sql, params in self.statements:
            fresh = tuple(_swap(v, swaps) for v in params)
            if sql.startswith("INSERT INTO audit_entry"):
                fresh = (self.next_audit_id, *fresh[1:])
                self.next_audit_id += 1
            cur.execute(sql, fresh).fetchall()
        cur.execute("COMMIT")


def _swap(value: object, swaps: dict[str, str]) -> object:
    if isinstance(value, str):
        for old, new in swaps.items():
            value = value.replace(old, new)
    return value


def _capture(desk: Desk, actor: Actor, request: IntakeRequest) -> list[tuple[str, tuple]]:
    """Run one intake and record every statement it sent to SQLite, in order."""
    captured: list[tuple[str, tuple]] = []
    engine = desk.store.engine

    def listener(_conn, _cursor, statement: str, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        captured.append((statement, tuple(parameters or ())))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        submit_intake(desk, actor, request)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return captured


def run(n: int = DEFAULT_N, *, warmup: int = DEFAULT_WARMUP, directory: Path | None = None) -> dict:
    """Time `n` intakes, bare commits and replays after `warmup` of each; return the figures."""
    rng = random.Random(20261127)
    with scratch_dir(directory) as tmp:
        opened = open_desk(tmp / "desk", Settings())
        desk = opened.desk
        try:
            actor = sign_in(desk.store, "clerk", "demo1234")
            for _ in range(warmup):
                submit_intake(desk, actor, _request(rng))
            statements = _capture(desk, actor, _request(rng))

            with closing(desk.store.raw_connection()) as source:
                last_case = source.execute(
                    "SELECT id FROM case_record ORDER BY accepted_at DESC LIMIT 1"
                ).fetchone()[0]
                body = serialize_case(source, last_case)
                replay_conn = sqlite3.connect(tmp / "replay.db", isolation_level=None)
                source.backup(replay_conn)
            for pragma in PRAGMAS:
                replay_conn.execute(pragma)
            replay = _Replay(replay_conn, statements)

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
                replay.once()
                write_and_fsync()

            requests = [_request(rng) for _ in range(n)]
            ours: list[float] = []
            bare: list[float] = []
            replayed: list[float] = []
            synced: list[float] = []
            clock = time.perf_counter
            for request in requests:
                t0 = clock()
                submit_intake(desk, actor, request)
                t1 = clock()
                bare_commit()
                t2 = clock()
                replay.once()
                t3 = clock()
                write_and_fsync()
                t4 = clock()
                ours.append(t1 - t0)
                bare.append(t2 - t1)
                replayed.append(t3 - t2)
                synced.append(t4 - t3)

            with closing(desk.store.raw_connection()) as check:
                cases_in_store = check.execute("SELECT count(*) FROM case_record").fetchone()[0]
            base.close()
            replay_conn.close()
            os.close(probe)
            machine = machine_info(tmp)
        finally:
            desk.store.dispose()

    result = {
        "n": n,
        "warmup": warmup,
        "cases_in_store": cases_in_store,
        "row_bytes": len(body.encode("utf-8")),
        "statements": len(statements),
        "ours": summarize(ours),
        "baseline": summarize(bare),
        "reference": summarize(replayed),
        "fsync": summarize(synced),
        "machine": machine,
    }
    ratio = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["ratio_median"] = ratio
    result["reference_ratio_median"] = (
        result["reference"]["median_ms"] / result["baseline"]["median_ms"]
    )
    result["targets"] = {
        "median_within_3x": ratio <= TARGET_RATIO,
        "p99_under_20ms": result["ours"]["p99_ms"] < TARGET_P99_MS,
    }
    return result


def report(result: dict) -> None:
    """Print the figures as a small table with the verdict on each target."""
    print()
    print(
        f"Intake benchmark: {result['n']} rounds after {result['warmup']} warm-up, "
        f"{result['cases_in_store']} cases in the store at the end"
    )
    print_machine(result["machine"])
    ours, base, ref, sync = (result[k] for k in ("ours", "baseline", "reference", "fsync"))
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
                f"reference: the intake's {result['statements']} statements via sqlite3",
                ref["median_ms"],
                ref["p99_ms"],
                ref["min_ms"],
                ref["max_ms"],
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
    print(
        f"ratio of medians, ours / baseline: {result['ratio_median']:.1f}x "
        f"(reference / baseline: {result['reference_ratio_median']:.1f}x)"
    )
    print(
        f"target: median within {TARGET_RATIO:g}x the bare commit: "
        f"{verdict(targets['median_within_3x'])} ({result['ratio_median']:.1f}x)"
    )
    print(
        f"target: p99 under {TARGET_P99_MS:g} ms: "
        f"{verdict(targets['p99_under_20ms'])} ({ours['p99_ms']:.2f} ms)"
    )


# Where an intake's time goes: (label, file the function is in, function name). The
# entries nest (an audit append flushes the case rows), so the shares overlap.
_PROFILE_SPOTS = (
    ("submit_intake, whole", "counter/intake.py", "submit_intake"),
    ("catalog lookup (get_item)", "counter/catalog.py", "get_item"),
    ("validation (parties, materials, decision)", "counter/intake.py", "_check_parties"),
    ("", "counter/intake.py", "_material_lines"),
    ("", "counter/intake.py", "_check_decision"),
    ("acceptance number (numbering.allocate)", "counter/numbering.py", "allocate"),
    ("audit.append (its autoflush writes case rows)", "counter/audit.py", "append"),
    ("outbox.enqueue (payload JSON)", "counter/outbox.py", "enqueue"),
    ("ORM flushes (unit of work), all", "sqlalchemy/orm/session.py", "_flush"),
    ("ORM query execution (Session.execute)", "sqlalchemy/orm/session.py", "execute"),
    ("model construction (SQLModel __init__)", "sqlmodel/main.py", "__init__"),
    ("SQLite: statements (cursor.execute)", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("SQLite: COMMIT incl. fsync", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
)


def profile(n: int = 200, *, warmup: int = DEFAULT_WARMUP, directory: Path | None = None) -> None:
    """Run `n` intakes under cProfile and print where the time goes (profiled time)."""
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
    whole = _cumulative(table, "counter/intake.py", "submit_intake")
    print()
    print(f"Profile of {n} intakes (cProfile adds overhead to Python code, not to SQLite's):")
    rows = []
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
