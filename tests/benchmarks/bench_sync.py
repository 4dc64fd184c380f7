"""Sync benchmark: draining a backlog to the reference platform, and pulling its changes.

    python -m tests.benchmarks.bench_sync [--cases 10000] [--baseline-cases 1000]
        [--memory-sizes 1000,5000,10000] [--changes 10000] [--dir PATH] [--profile DIR]

A desk is filled with N real intakes (`counter.intake.submit.submit_intake`, GA-001
with four materials, a different applicant each), so the outbox rows are
exactly what intakes write. Copies of that store are taken along the way
(SQLite's backup API) at the sizes the memory runs use. The reference
platform runs in a child process under uvicorn on 127.0.0.1 (an ephemeral
port), on its own SQLite file, simulator timer off; a desk token is
registered for the desk's office before it starts. Each run below gets a
fresh platform database and a fresh copy of the desk store.

- drain, ours: `SyncEngine.run_once()` with the engine's defaults (batches of
  100) until the outbox is empty; figure: cases per second.
- drain, baseline: the same engine and client with batches of 1 (one request
  per case), on the first `--baseline-cases` cases of the same store (the
  copy taken at that size), since the per-case way is slow; figure: cases per
  second over that subset.
- memory: for each backlog size a child process opens its copy of the desk
  and drains it with the defaults, once reading its peak RSS (VmHWM against
  the RSS before the drain) and once under tracemalloc (peak traced bytes
  during the drain). Flat means these do not grow with the backlog.
- pull: the platform's department simulator (the reference platform's own
  code, run against its database) moves the drained cases through review to
  approval (with a signed certificate) or rejection until the office's feed
  holds at least `--changes` new changes; then `run_once()` pulls and applies
  every page (each page with its cursor in one transaction); figure: changes
  per second. Baseline: the same pages fetched from the same cursor through
  the same client (`ExchangeClient.changes`: HTTP and schema parsing) without
  applying them, once before and once after ours, and the raw HTTP of it
  (requests and JSON decoding only).

- a week offline: the same drain of the copy taken at `--week-cases` (2,000)
  cases, timed on its own.

Targets (issue #3): drain at least 1,000 cases/s and at least 10x the
one-request-per-case way; memory flat as the backlog grows; pull at least
2,000 changes/s. Issue #10: a week offline drained in under 1 s; pull at
least 10,000 changes/s. They are reported as PASS or MISS, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlmodel import col, func, select

from counter.bootstrap import open_desk
from counter.clock import utc_now
from counter.desk import Desk
from counter.exchange.changes import changes_cursor
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE, Settings
from counter.store import driver
from counter.store.models import Case, Certificate, OutboxItem
from counter.users import sign_in
from sync.client import ExchangeClient
from sync.engine import SyncEngine, SyncReport
from sync.server import simulator
from sync.server.app import init_database
from sync.server.auth import add_desk
from sync.server.db import make_engine, session_scope
from sync.server.settings import ServerSettings, SimulatorSettings
from sync.server.tables import ChangeRow, PlatformCase, ReceivedItem
from tests.benchmarks._common import (
    PROJECT_ROOT,
    machine_info,
    print_machine,
    print_table,
    scratch_dir,
    verdict,
)
from tests.benchmarks.bench_intake import _request

_MODULE = "tests.benchmarks.bench_sync"  # the children import it by name
DEFAULT_CASES = 10_000
DEFAULT_BASELINE_CASES = 1_000
DEFAULT_MEMORY_SIZES = (1_000, 5_000, 10_000)
DEFAULT_CHANGES = 10_000
DEFAULT_WEEK_CASES = 2_000  # a week offline at a busy desk
TARGET_WEEK_S = 1.0
TARGET_DRAIN_PER_S = 1_000.0
TARGET_DRAIN_RATIO = 10.0
TARGET_PULL_PER_S = 2_000.0
TARGET_PULL_FAST_PER_S = 10_000.0  # issue #10
# Flat: the largest backlog's peak is within this much of the smallest's.
FLAT_RSS_MIB = 16.0
FLAT_TRACED_MIB = 8.0
TIMEOUTS = (3.05, 120.0)
# The simulator moves cases the moment `advance` is called.
INSTANT = SimulatorSettings(enabled=False, review_after_s=0, decide_after_s=0, seed=7)


# ---- the platform in a child process --------------------------------------------------------


@dataclass
class Platform:
    db_path: Path
    url: str
    token: str
    process: subprocess.Popen


def _platform_settings(db_path: Path) -> ServerSettings:
    return ServerSettings(
        db_url=f"sqlite:///{db_path}",
        simulator=SimulatorSettings(enabled=False),
    )


def serve_platform(db_path: str) -> None:
    """Child process: serve the reference platform on 127.0.0.1, print the port, run."""
    import socket

    import uvicorn

    from sync.server.app import create_app

    app = create_app(_platform_settings(Path(db_path)))
    sock = socket.socket()
    # Without it, every answer on a kept-alive connection waited about 40 ms here (Nagle's
    # algorithm against the client's delayed ACK): a stall of this serving set-up, not of
    # the desk or the platform's work. Accepted connections inherit the option.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


@contextmanager
def platform(db_path: Path, office_code: str, desk_code: str) -> Iterator[Platform]:
    """A fresh platform database with a token for the desk, served by a child process."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        init_database(engine, _platform_settings(db_path))
        with session_scope(engine) as session:
            token = add_desk(session, office_code, desk_code)
    finally:
        engine.dispose()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from {_MODULE} import serve_platform; serve_platform({str(db_path)!r})",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError("the platform did not start")
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(url + "/v1/health", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield Platform(db_path, url, token, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def platform_counts(db_path: Path, office_code: str) -> dict[str, int]:
    """What the platform holds: cases, distinct case ids, items answered, changes for the office."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        with session_scope(engine) as session:
            cases = session.exec(select(func.count()).select_from(PlatformCase)).one()
            distinct = session.exec(select(func.count(func.distinct(PlatformCase.case_id)))).one()
            received = session.exec(select(func.count()).select_from(ReceivedItem)).one()
            changes = session.exec(
                select(func.count()).where(ChangeRow.office_code == office_code)
            ).one()
    finally:
        engine.dispose()
    return {"cases": cases, "distinct_cases": distinct, "received": received, "changes": changes}


# ---- the desk --------------------------------------------------------------------------------


def _snapshot(desk: Desk, target: Path) -> None:
    """A consistent copy of the desk's store (SQLite's backup API) as `target/DATABASE_FILE`."""
    target.mkdir(parents=True)
    with (
        closing(desk.store.raw_connection()) as source,
        closing(driver.connect(target / DATABASE_FILE)) as copy,
    ):
        source.backup(copy)


def build_desk(directory: Path, cases: int, snapshot_at: Sequence[int]) -> dict:
    """Fill a desk with `cases` real intakes; copy its store at each size in `snapshot_at`.

    Returns the snapshot folders by size (the full size always included) and
    the seconds the intakes took.
    """
    rng = random.Random(20261203)
    settings = Settings()
    desk = open_desk(directory / "build", settings).desk
    snapshots: dict[int, Path] = {}
    wanted = sorted({*snapshot_at, cases})
    try:
        actor = sign_in(desk.store, "clerk", "demo1234")
        started = time.perf_counter()
        done = 0
        for size in wanted:
            while done < size:
                submit_intake(desk, actor, _request(rng))
                done += 1
            snapshots[size] = directory / f"desk-{size}"
            _snapshot(desk, snapshots[size])
        seconds = time.perf_counter() - started
    finally:
        desk.store.dispose()
    return {
        "snapshots": snapshots,
        "seconds": seconds,
        "office_code": settings.office_code,
        "desk_code": settings.desk_code,
    }


def _open_copy(snapshot: Path, target: Path) -> Desk:
    target.mkdir(parents=True)
    shutil.copyfile(snapshot / DATABASE_FILE, target / DATABASE_FILE)
    return open_desk(target, Settings()).desk


class _TimedClient(ExchangeClient):
    """The exchange client, adding up the seconds spent in uploads and feed pages: the time
    the engine waits for the platform (request, platform's work, answer, schema parsing)."""

    waited = 0.0

    def upload_body(self, body, sent):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return super().upload_body(body, sent)
        finally:
            self.waited += time.perf_counter() - t0

    def changes(self, cursor, limit=100):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return super().changes(cursor, limit)
        finally:
            self.waited += time.perf_counter() - t0


def _engine(desk: Desk, live: Platform, **kwargs: int) -> SyncEngine:
    client = _TimedClient(live.url, live.token, timeouts=TIMEOUTS)
    return SyncEngine(desk, client, **kwargs)  # type: ignore[arg-type]


def _outbox_states(desk: Desk) -> dict[str, int]:
    with desk.store.read() as session:
        rows = session.exec(
            select(OutboxItem.state, func.count()).group_by(col(OutboxItem.state))
        ).all()
    return {state: n for state, n in rows}


def _case_states(desk: Desk) -> dict[str, int]:
    with desk.store.read() as session:
        rows = session.exec(select(Case.state, func.count()).group_by(col(Case.state))).all()
    return {state: n for state, n in rows}


def _report_dict(report: SyncReport) -> dict:
    return {
        "sent": report.sent,
        "duplicates": report.duplicates,
        "dead": report.dead,
        "retried": report.retried,
        "pages": report.pages,
        "changes": report.changes,
        "cases_moved": len(report.applied.cases_moved),
        "certificates": len(report.applied.certificates),
        "skipped": report.applied.skipped,
        "connection": str(report.connection),
        "error": report.error,
    }


@contextmanager
def _profiled(path: Path | None) -> Iterator[None]:
    """Run the block under cProfile and write the stats to `path` (nothing when None)."""
    if path is None:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(path)


# ---- drain -----------------------------------------------------------------------------------


def time_drain(
    snapshot: Path,
    work: Path,
    office: str,
    desk_code: str,
    batch_size: int,
    profile_to: Path | None = None,
) -> dict:
    """Drain a copy of `snapshot` to a fresh platform with `run_once()`, timed."""
    desk = _open_copy(snapshot, work / "desk")
    try:
        with platform(work / "exchange.db", office, desk_code) as live:
            engine = _engine(desk, live, batch_size=batch_size)
            try:
                engine.client.health()  # the connection is open before the clock starts
                backlog = _outbox_states(desk).get("pending", 0)
                engine.client.waited = 0.0
                engine.client.waited = 0.0
                with _profiled(profile_to):
                    t0 = time.perf_counter()
                    report = engine.run_once()
                    seconds = time.perf_counter() - t0
                waited = engine.client.waited
                waited = engine.client.waited
            finally:
                engine.client.close()
        counts = platform_counts(work / "exchange.db", office)
        outbox = _outbox_states(desk)
    finally:
        desk.store.dispose()
    return {
        "batch_size": batch_size,
        "backlog": backlog,
        "seconds": seconds,
        "per_s": report.sent / seconds if seconds else 0.0,
        "waited": waited,
        "report": _report_dict(report),
        "outbox_after": outbox,
        "platform": counts,
    }


# ---- memory (child processes) --------------------------------------------------------------


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def memory_child(desk_dir: str, url: str, token: str, mode: str) -> None:
    """Child process: drain the desk in `desk_dir` once, print what memory it took as JSON."""
    import tracemalloc

    desk = open_desk(Path(desk_dir), Settings()).desk
    client = ExchangeClient(url, token, timeouts=TIMEOUTS)
    engine = SyncEngine(desk, client)
    client.health()
    engine.state()  # the read engine's pool is warm, as in a desk that has been running
    out: dict[str, object] = {"mode": mode}
    if mode == "tracemalloc":
        tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        report = engine.run_once()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out.update(traced_before=before, traced_peak=peak, traced_after=current)
    else:
        rss_before = _status_kib("VmRSS")
        report = engine.run_once()
        out.update(
            rss_before_kib=rss_before,
            rss_peak_kib=_status_kib("VmHWM"),
            rss_after_kib=_status_kib("VmRSS"),
            maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        )
    out["sent"] = report.sent
    out["error"] = report.error
    client.close()
    desk.store.dispose()
    print(json.dumps(out), flush=True)


def measure_memory(snapshot: Path, work: Path, office: str, desk_code: str, mode: str) -> dict:
    desk_dir = work / "desk"
    desk_dir.mkdir(parents=True)
    shutil.copyfile(snapshot / DATABASE_FILE, desk_dir / DATABASE_FILE)
    with platform(work / "exchange.db", office, desk_code) as live:
        code = (
            f"from {_MODULE} import memory_child; "
            f"memory_child({str(desk_dir)!r}, {live.url!r}, {live.token!r}, {mode!r})"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- pull ------------------------------------------------------------------------------------


def publish_changes(db_path: Path, office: str, at_least: int) -> dict:
    """Let the platform's department simulator decide cases until the office's feed holds
    at least `at_least` more changes than now; returns what it published."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:

        def count() -> int:
            with session_scope(engine) as session:
                return session.exec(
                    select(func.count()).where(ChangeRow.office_code == office)
                ).one()

        start = count()
        t0 = time.perf_counter()
        while count() - start < at_least:
            if not simulator.advance(engine, INSTANT, utc_now()):
                break  # every case is decided
        seconds = time.perf_counter() - t0
        with session_scope(engine) as session:
            kinds = session.exec(
                select(ChangeRow.kind, func.count())
                .where(ChangeRow.office_code == office)
                .group_by(col(ChangeRow.kind))
            ).all()
            decided = session.exec(
                select(PlatformCase.dept_state, func.count()).group_by(col(PlatformCase.dept_state))
            ).all()
        published = count() - start
    finally:
        engine.dispose()
    return {
        "published": published,
        "seconds": seconds,
        "kinds": dict(kinds),
        "platform_dept_states": dict(decided),
    }


def _fetch_parsed(client: ExchangeClient, cursor: str | None, page_size: int) -> dict:
    pages = changes = 0
    t0 = time.perf_counter()
    while True:
        page = client.changes(cursor, page_size)
        pages += 1
        changes += len(page.changes)
        cursor = page.next_cursor
        if not page.has_more:
            break
    seconds = time.perf_counter() - t0
    return {"pages": pages, "changes": changes, "seconds": seconds, "per_s": changes / seconds}


def _fetch_raw(live: Platform, cursor: str | None, page_size: int) -> dict:
    session = requests.Session()
    headers = {"Authorization": f"Bearer {live.token}", "Accept": "application/json"}
    pages = changes = 0
    t0 = time.perf_counter()
    try:
        while True:
            params: dict[str, object] = {"limit": page_size}
            if cursor:
                params["cursor"] = cursor
            response = session.get(
                live.url + "/v1/changes", params=params, headers=headers, timeout=TIMEOUTS
            )
            response.raise_for_status()
            body = response.json()
            pages += 1
            changes += len(body["changes"])
            cursor = body["next_cursor"]
            if not body["has_more"]:
                break
    finally:
        session.close()
    seconds = time.perf_counter() - t0
    return {"pages": pages, "changes": changes, "seconds": seconds, "per_s": changes / seconds}


@contextmanager
def _timed_apply() -> Iterator[list[float]]:
    """Add up the seconds spent in `apply_page` (the desk writing a page and its
    cursor, in its write transaction) while the block runs; the total is in [0]."""
    from counter.exchange import changes as platform_changes

    total = [0.0]
    apply_page = platform_changes.apply_page

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return apply_page(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - t0

    platform_changes.apply_page = timed
    try:
        yield total
    finally:
        platform_changes.apply_page = apply_page


def time_pull(
    snapshot: Path, work: Path, office: str, desk_code: str, changes: int, profile_to: Path | None
) -> dict:
    """Drain a copy of the store, have the platform publish `changes` changes, time the pull."""
    desk = _open_copy(snapshot, work / "desk")
    try:
        with platform(work / "exchange.db", office, desk_code) as live:
            engine = _engine(desk, live)
            try:
                first = engine.run_once()  # drain; the feed is still empty
                published = publish_changes(live.db_path, office, changes)
                with desk.store.read() as session:
                    cursor = changes_cursor(session)
                page_size = engine.page_size
                engine.client.health()
                before = _fetch_parsed(engine.client, cursor, page_size)
                raw = _fetch_raw(live, cursor, page_size)
                cases_before = _case_states(desk)
                engine.client.waited = 0.0
                with _profiled(profile_to), _timed_apply() as applying:
                    t0 = time.perf_counter()
                    report = engine.run_once()
                    seconds = time.perf_counter() - t0
                waited = engine.client.waited
                after = _fetch_parsed(engine.client, cursor, page_size)
                again = engine.run_once()  # nothing new: one empty page
            finally:
                engine.client.close()
        cases_after = _case_states(desk)
        with desk.store.read() as session:
            certificates = session.exec(select(func.count()).select_from(Certificate)).one()
    finally:
        desk.store.dispose()
    return {
        "drained": first.sent,
        "published": published,
        "page_size": page_size,
        "seconds": seconds,
        "per_s": report.changes / seconds if seconds else 0.0,
        "waited": waited,
        "applying": applying[0],
        "report": _report_dict(report),
        "again": _report_dict(again),
        "transport_before": before,
        "transport_after": after,
        "raw_http": raw,
        "cases_before": cases_before,
        "cases_after": cases_after,
        "certificates": certificates,
    }


# ---- the whole run ---------------------------------------------------------------------------


def run(
    cases: int = DEFAULT_CASES,
    *,
    baseline_cases: int = DEFAULT_BASELINE_CASES,
    memory_sizes: Sequence[int] = DEFAULT_MEMORY_SIZES,
    memory_modes: Sequence[str] = ("rss", "tracemalloc"),
    changes: int = DEFAULT_CHANGES,
    week_cases: int = DEFAULT_WEEK_CASES,
    directory: Path | None = None,
    profile_dir: Path | None = None,
) -> dict:
    """Build the desk, then drain (ours, a week's backlog, and baseline), measure memory,
    pull; return figures.

    With `profile_dir`, the timed drain and the timed pull run under cProfile
    (slower; the figures are then not the benchmark's) and their stats are
    written there as drain.prof and pull.prof.
    """
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
    baseline_cases = min(baseline_cases, cases)
    week_cases = min(week_cases, cases)
    memory_sizes = sorted({min(size, cases) for size in memory_sizes})
    with scratch_dir(directory) as tmp:
        built = build_desk(tmp, cases, [baseline_cases, week_cases, *memory_sizes])
        office, desk_code = built["office_code"], built["desk_code"]
        snapshots = built["snapshots"]

        ours = time_drain(
            snapshots[cases],
            tmp / "drain-ours",
            office,
            desk_code,
            100,
            profile_dir / "drain.prof" if profile_dir else None,
        )
        week = (
            ours
            if week_cases == cases
            else time_drain(snapshots[week_cases], tmp / "drain-week", office, desk_code, 100)
        )
        baseline = time_drain(
            snapshots[baseline_cases], tmp / "drain-baseline", office, desk_code, 1
        )
        memory = []
        for size in memory_sizes:
            row: dict[str, object] = {"backlog": size}
            for mode in memory_modes:
                row[mode] = measure_memory(
                    snapshots[size], tmp / f"memory-{mode}-{size}", office, desk_code, mode
                )
            memory.append(row)
        pull = time_pull(
            snapshots[cases],
            tmp / "pull",
            office,
            desk_code,
            changes,
            profile_dir / "pull.prof" if profile_dir else None,
        )
        machine = machine_info(tmp)

    result = {
        "cases": cases,
        "baseline_cases": baseline_cases,
        "build_seconds": built["seconds"],
        "drain": ours,
        "drain_week": week,
        "drain_baseline": baseline,
        "memory": memory,
        "pull": pull,
        "machine": machine,
    }
    result["drain_ratio"] = ours["per_s"] / baseline["per_s"] if baseline["per_s"] else 0.0
    result["memory_flat"] = _memory_flat(memory)
    result["targets"] = {
        "drain_1000_per_s": ours["per_s"] >= TARGET_DRAIN_PER_S,
        "drain_10x_per_case": result["drain_ratio"] >= TARGET_DRAIN_RATIO,
        "memory_flat": all(result["memory_flat"].values()),
        "pull_2000_per_s": pull["per_s"] >= TARGET_PULL_PER_S,
    }
    # Issue #10's targets, kept apart from issue #3's.
    result["targets_10"] = {
        "week_under_1s": week["seconds"] < TARGET_WEEK_S,
        "pull_10000_per_s": pull["per_s"] >= TARGET_PULL_FAST_PER_S,
    }
    return result


def _memory_flat(memory: list[dict]) -> dict[str, bool]:
    """Per mode: the largest backlog's peak is within the allowance of the smallest's."""
    flat: dict[str, bool] = {}
    if len(memory) < 2:
        return flat
    first, last = memory[0], memory[-1]
    if "rss" in first:
        grew = _rss_growth(last["rss"]) - _rss_growth(first["rss"])
        flat["rss"] = grew / 1024 <= FLAT_RSS_MIB
    if "tracemalloc" in first:
        grew = last["tracemalloc"]["traced_peak"] - first["tracemalloc"]["traced_peak"]
        flat["tracemalloc"] = grew / 2**20 <= FLAT_TRACED_MIB
    return flat


def _rss_growth(row: dict) -> int:
    return row["rss_peak_kib"] - row["rss_before_kib"]


def report(result: dict) -> None:
    """Print the figures as tables with the verdict on each target."""
    ours, base, pull = result["drain"], result["drain_baseline"], result["pull"]
    print()
    print(
        f"Sync benchmark: {result['cases']} queued cases built by real intakes "
        f"in {result['build_seconds']:.1f} s; reference platform in a child process "
        "(uvicorn, SQLite file, 127.0.0.1)"
    )
    print_machine(result["machine"])
    print()
    print("Drain: SyncEngine.run_once() until the outbox is empty")
    print_table(
        ("", "cases", "requests", "seconds", "cases/s", "ms/case", "of which platform"),
        [
            (
                f"ours: batches of {ours['batch_size']}",
                ours["report"]["sent"],
                -(-ours["report"]["sent"] // ours["batch_size"]),
                ours["seconds"],
                ours["per_s"],
                1000 * ours["seconds"] / max(ours["report"]["sent"], 1),
                1000 * ours["waited"] / max(ours["report"]["sent"], 1),
            ),
            (
                f"baseline: one request per case (first {base['backlog']})",
                base["report"]["sent"],
                base["report"]["sent"],
                base["seconds"],
                base["per_s"],
                1000 * base["seconds"] / max(base["report"]["sent"], 1),
                1000 * base["waited"] / max(base["report"]["sent"], 1),
            ),
        ],
    )
    print(
        "(ms/case: wall time per case; of which platform: the part spent in the client's "
        "upload calls, i.e. HTTP, the platform's work and parsing the answer)"
    )
    print(
        f"platform after ours: {ours['platform']['cases']} cases, "
        f"{ours['platform']['distinct_cases']} distinct, {ours['platform']['received']} items; "
        f"desk outbox after: {ours['outbox_after']}"
    )
    week = result["drain_week"]
    print(
        f"a week offline: {week['report']['sent']} cases drained in {week['seconds']:.2f} s "
        f"({week['per_s']:,.0f}/s, {1000 * week['waited']:.0f} ms of it in the platform calls)"
    )
    targets = result["targets"]
    print(
        f"target: a week offline ({week['backlog']} cases) in under {TARGET_WEEK_S:g} s: "
        f"{verdict(result['targets_10']['week_under_1s'])} ({week['seconds']:.2f} s)"
    )
    print(
        f"target: at least {TARGET_DRAIN_PER_S:,.0f} cases/s: "
        f"{verdict(targets['drain_1000_per_s'])} ({ours['per_s']:,.0f}/s)"
    )
    print(
        f"target: at least {TARGET_DRAIN_RATIO:g}x one request per case: "
        f"{verdict(targets['drain_10x_per_case'])} ({result['drain_ratio']:.1f}x)"
    )

    if result["memory"]:
        print()
        print("Memory of the draining process (a child per run; batches of 100)")
        rows = []
        for row in result["memory"]:
            line: list[object] = [f"backlog {row['backlog']}"]
            if "rss" in row:
                rss = row["rss"]
                line += [
                    f"{rss['rss_before_kib'] / 1024:.1f}",
                    f"{rss['rss_peak_kib'] / 1024:.1f}",
                    f"{_rss_growth(rss) / 1024:.1f}",
                ]
            else:
                line += ["-", "-", "-"]
            if "tracemalloc" in row:
                tm = row["tracemalloc"]
                line += [
                    f"{(tm['traced_peak'] - tm['traced_before']) / 2**20:.2f}",
                    f"{(tm['traced_after'] - tm['traced_before']) / 2**20:.2f}",
                ]
            else:
                line += ["-", "-"]
            rows.append(line)
        print_table(
            (
                "",
                "RSS before MiB",
                "peak RSS MiB",
                "peak - before",
                "traced peak MiB",
                "traced kept MiB",
            ),
            rows,
        )
        print(
            f"target: memory flat as the backlog grows: {verdict(targets['memory_flat'])} "
            f"({result['memory_flat']})"
        )

    print()
    published = pull["published"]
    print(
        f"Pull: {published['published']} changes published by the platform's simulator "
        f"in {published['seconds']:.1f} s ({published['kinds']}); pages of {pull['page_size']}"
    )
    rows = [
        (
            "ours: run_once() fetch + apply + cursor",
            pull["report"]["changes"],
            pull["report"]["pages"],
            pull["seconds"],
            pull["per_s"],
        )
    ]
    for label, key in (
        ("baseline: client.changes only (before)", "transport_before"),
        ("baseline: client.changes only (after)", "transport_after"),
        ("context: raw HTTP + JSON, no schema", "raw_http"),
    ):
        fig = pull[key]
        rows.append((label, fig["changes"], fig["pages"], fig["seconds"], fig["per_s"]))
    print_table(("", "changes", "pages", "seconds", "changes/s"), rows)
    print(
        f"of ours, {pull['waited']:.2f} s in the client's feed calls (HTTP, the platform's "
        f"work, parsing; on the engine's fetching thread, alongside the applying), "
        f"{pull['applying']:.2f} s in apply_page (the desk's writes, one transaction a page)"
    )
    print(
        f"applied: {pull['report']['cases_moved']} case moves, "
        f"{pull['report']['certificates']} certificates, {pull['report']['skipped']} skipped; "
        f"desk cases after: {pull['cases_after']}"
    )
    print(
        f"target: at least {TARGET_PULL_PER_S:,.0f} changes/s: "
        f"{verdict(targets['pull_2000_per_s'])} ({pull['per_s']:,.0f}/s)"
    )
    print(
        f"target: at least {TARGET_PULL_FAST_PER_S:,.0f} changes/s: "
        f"{verdict(result['targets_10']['pull_10000_per_s'])} ({pull['per_s']:,.0f}/s)"
    )


def print_profile(path: Path, top: int = 25) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="queued cases")
    parser.add_argument(
        "--baseline-cases",
        type=int,
        default=DEFAULT_BASELINE_CASES,
        help="cases the one-request-per-case baseline drains (default 1000)",
    )
    parser.add_argument(
        "--memory-sizes",
        type=_sizes,
        default=list(DEFAULT_MEMORY_SIZES),
        help="backlogs for the memory runs, comma-separated (default 1000,5000,10000)",
    )
    parser.add_argument("--changes", type=int, default=DEFAULT_CHANGES, help="changes to pull")
    parser.add_argument(
        "--week-cases",
        type=int,
        default=DEFAULT_WEEK_CASES,
        help="the week's backlog drained on its own (default 2000)",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="profile the timed drain and pull with cProfile, stats to DIR (slows them)",
    )
    args = parser.parse_args(argv)
    result = run(
        args.cases,
        baseline_cases=args.baseline_cases,
        memory_sizes=args.memory_sizes,
        changes=args.changes,
        week_cases=args.week_cases,
        directory=args.dir,
        profile_dir=args.profile,
    )
    report(result)
    if args.profile:
        for name in ("drain.prof", "pull.prof"):
            print(f"\n== {name}")
            print_profile(args.profile / name)


if __name__ == "__main__":
    main()
