"""A receipt in a citizen's hand is always in the store: crashes, locks, read-only files, full disks.

The crash test runs a desk in a child process that prints each acceptance
number only after `submit_intake` returned (the moment the receipt would be
printed), kills it with SIGKILL at a random moment, and reopens the store.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import select

from counter.audit import log as audit
from counter.bootstrap import open_desk
from counter.desk import Desk
from counter.errors import StoreUnavailable
from counter.intake.numbering import parse
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store import driver
from counter.store.database import Store
from counter.store.models import Case, OutboxItem
from counter.users import Actor
from tests.conftest import (
    MONDAY_MORNING,
    PYTHON,
    REPO_ROOT,
    child_env,
    intake_request,
    table_counts,
)

# --- SIGKILL mid-work --------------------------------------------------------------

DESK_PROCESS = """
import sys
from pathlib import Path

from counter.bootstrap import open_desk
from counter.intake.submit import submit_intake
from counter.users import sign_in
from tests.conftest import DEMO_PASSWORD, MONDAY_MORNING, intake_request

desk = open_desk(Path(sys.argv[1])).desk
clerk = sign_in(desk.store, "clerk", DEMO_PASSWORD)
request = intake_request(desk)
while True:
    result = submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    # The receipt would be printed now, and only now.
    print(result.acceptance_no, flush=True)
"""


def acknowledged(output: str) -> list[str]:
    """Numbers the child printed in full (a line cut short by the kill is not a receipt)."""
    return [line.strip() for line in output.splitlines(keepends=True) if line.endswith("\n")]


def crash_trial(desk_dir: Path, script: Path, rng: random.Random, clerk: Actor) -> None:
    """Run the desk, kill it mid-work, reopen: every acknowledged number must be there."""
    kill_after = rng.randint(5, 30)
    child = subprocess.Popen(
        [PYTHON, str(script), str(desk_dir)],
        cwd=REPO_ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acks: list[str] = []
    try:
        assert child.stdout is not None
        while len(acks) < kill_after:
            line = child.stdout.readline()
            if not line:
                break
            acks.extend(acknowledged(line))
        time.sleep(rng.uniform(0, 0.015))  # land anywhere in the next intake
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # Read the rest through the same reader: `communicate` reads the pipe itself and
        # would miss lines `readline` had already taken into its buffer.
        rest, err = child.stdout.read(), child.stderr.read()
        child.stdout.close()
        child.stderr.close()
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL, err
    acks.extend(acknowledged(rest))
    assert len(acks) >= 5

    opened = open_desk(desk_dir)
    store = opened.desk.store
    try:
        with closing(store.raw_connection()) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with store.read() as session:
            cases = session.exec(select(Case)).all()
            verdict = audit.verify(session)
            outbox_cases = set(
                session.exec(
                    select(OutboxItem.case_id).where(OutboxItem.kind == "case.intake")
                ).all()
            )
        stored = {c.acceptance_no for c in cases}
        missing = [n for n in acks if n not in stored]
        assert not missing, f"acknowledged but lost: {missing}"
        assert verdict.ok, verdict
        assert {c.id for c in cases} <= outbox_cases, "a case without its outbox item"
        # At most one intake committed without being acknowledged (killed before printing);
        # a rolled-back one gave its number back, so the sequence has no gap.
        seqs = sorted(parse(n).seq for n in stored)
        assert seqs == list(range(1, len(seqs) + 1))
        assert len(acks) <= len(seqs) <= len(acks) + 1

        after = submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
        assert after.acceptance_no not in stored
        assert parse(after.acceptance_no).seq == len(seqs) + 1
    finally:
        store.dispose()


def run_trials(template_dir: Path, tmp_path: Path, clerk: Actor, trials: int) -> None:
    seed = random.randrange(2**32)
    script = tmp_path / "desk_process.py"
    script.write_text(DESK_PROCESS, encoding="utf-8")
    rng = random.Random(seed)
    for trial in range(trials):
        desk_dir = tmp_path / f"trial-{trial}"
        desk_dir.mkdir()
        (desk_dir / DATABASE_FILE).write_bytes((template_dir / DATABASE_FILE).read_bytes())
        try:
            crash_trial(desk_dir, script, rng, clerk)
        except AssertionError as exc:
            raise AssertionError(f"trial {trial} (seed {seed}): {exc}") from exc


def test_acknowledged_intakes_survive_sigkill(template_dir: Path, tmp_path: Path, clerk: Actor):
    run_trials(template_dir, tmp_path, clerk, trials=3)


@pytest.mark.slow
def test_acknowledged_intakes_survive_sigkill_many_times(
    template_dir: Path, tmp_path: Path, clerk: Actor
):
    run_trials(template_dir, tmp_path, clerk, trials=50)


# --- the store refuses plainly, and writes nothing ---------------------------------


def test_a_locked_store_gives_store_unavailable_and_writes_nothing(desk_dir: Path, clerk: Actor):
    path = desk_dir / DATABASE_FILE
    store = Store(path, busy_timeout_ms=200)
    desk = Desk(store, "140121", "01")
    before = table_counts(store)
    other = driver.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="locked") as exc:
            submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
        waited = time.monotonic() - started
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert str(exc.value).startswith("Nothing was recorded")
    assert 0.15 <= waited < 3, "the clerk waits about the busy timeout, no longer"
    assert table_counts(store) == before
    # Once the lock is gone, the same intake goes through with the first number.
    assert submit_intake(
        desk, clerk, intake_request(desk), now=MONDAY_MORNING
    ).acceptance_no.endswith("-0001")
    store.dispose()


class ReadOnlyStore(Store):
    """The same file opened read-only by SQLite itself (chmod cannot stop root)."""

    @property
    def url(self) -> str:
        return f"sqlite:///file:{self.path}?mode=ro&uri=true"


def test_a_read_only_store_gives_store_unavailable(desk_dir: Path, clerk: Actor):
    store = ReadOnlyStore(desk_dir / DATABASE_FILE)
    desk = Desk(store, "140121", "01")
    try:
        with pytest.raises(StoreUnavailable, match="read-only"):
            submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    finally:
        store.dispose()
    writable = Store(desk_dir / DATABASE_FILE)
    assert table_counts(writable)["case_record"] == 0
    writable.dispose()


def test_a_full_disk_gives_store_unavailable_and_nothing_half_written(desk: Desk, clerk: Actor):
    store = desk.store
    with closing(store.raw_connection()) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limit = {"pages": pages}

    @event.listens_for(store.engine, "connect")
    def cap_database_size(dbapi_conn: driver.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={limit['pages']}")

    store.engine.dispose()  # new write connections get the cap
    accepted = []
    with pytest.raises(StoreUnavailable, match="disk is full") as exc:
        for _ in range(200):
            accepted.append(
                submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).acceptance_no
            )
    assert str(exc.value).startswith("Nothing was recorded")

    # Every table holds exactly the accepted intakes: nothing of the failed one.
    counts = table_counts(store)
    assert counts["case_record"] == counts["case_event"] == counts["outbox_item"] == len(accepted)
    assert counts["numbers_issued"] == len(accepted)
    with store.read() as session:
        assert audit.verify(session).ok
        assert set(session.exec(select(Case.acceptance_no)).all()) == set(accepted)

    # Space freed: the next intake takes the next number, none was lost or skipped.
    limit["pages"] = 1_000_000
    store.engine.dispose()
    after = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    assert parse(after.acceptance_no).seq == len(accepted) + 1
