"""The store: durable settings on every connection, migrations in place, backups while working."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from counter.audit import log as audit
from counter.bootstrap import open_desk
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.store import driver
from counter.store.backup import backup
from counter.store.database import Store
from counter.store.models import Case, CaseEvent, CaseMaterial, Meta, OutboxItem, ServiceItem, User
from counter.store.schema import (
    alembic_config,
    current_revision,
    declared_head,
    head_revision,
    migrate,
)
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request


def pragma(session, name: str) -> object:  # type: ignore[no-untyped-def]
    return session.connection().exec_driver_sql(f"PRAGMA {name}").scalar()


@pytest.mark.parametrize("mode", ["read", "write"])
def test_every_connection_is_wal_synchronous_full_with_foreign_keys(desk: Desk, mode: str):
    with getattr(desk.store, mode)() as session:
        assert pragma(session, "journal_mode") == "wal"
        assert pragma(session, "synchronous") == 2  # FULL: a commit is on disk when it returns
        assert pragma(session, "foreign_keys") == 1
        assert pragma(session, "busy_timeout") == desk.store.busy_timeout_ms


def test_foreign_keys_are_enforced(desk: Desk):
    with pytest.raises(IntegrityError), desk.store.write() as session:
        session.add(
            CaseMaterial(
                case_id="no-such-case", position=0, code="M01", name="x", required=True,
                key=True, status="received", form="原件", copies=1,
            )
        )  # fmt: skip


def test_writes_take_the_write_lock_up_front(desk: Desk):
    """BEGIN IMMEDIATE: while a write is open, another writer cannot even begin."""
    with desk.store.write() as session:
        session.exec(select(Meta)).all()  # the transaction has begun
        other = driver.connect(desk.store.path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(driver.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_failed_write_rolls_back_entirely(desk: Desk):
    with pytest.raises(RuntimeError), desk.store.write() as session:
        session.add(Meta(key="half", value="done"))
        session.flush()
        raise RuntimeError("interrupted")
    with desk.store.read() as session:
        assert session.get(Meta, "half") is None


# --- migrations --------------------------------------------------------------------


def test_migrations_bring_a_new_file_to_head_matching_the_models(tmp_path: Path):
    store = Store(tmp_path / "new.db")
    try:
        assert current_revision(store) is None
        migrate(store)
        assert current_revision(store) == head_revision() is not None
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == [], "the models differ from what the migrations create"
    finally:
        store.dispose()


def test_migrating_again_changes_nothing(tmp_path: Path):
    store = Store(tmp_path / "new.db")
    try:
        migrate(store)
        with store.write() as session:
            session.add(Meta(key="desk", value="kept"))
        migrate(store)
        # Even a forced upgrade at head is a no-op.
        cfg = alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert current_revision(store) == head_revision()
        with store.read() as session:
            assert session.get(Meta, "desk") is not None
    finally:
        store.dispose()


def test_the_quick_head_check_agrees_with_alembic():
    """`migrate` skips Alembic when the store is at the head read from the files."""
    assert declared_head() == head_revision() is not None


def test_a_store_behind_the_head_is_upgraded(tmp_path: Path):
    store = Store(tmp_path / "old.db")
    try:
        cfg = alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        assert current_revision(store) == "0001"
        migrate(store)
        assert current_revision(store) == head_revision()
    finally:
        store.dispose()


def test_opening_a_desk_again_does_not_seed_twice(desk_dir: Path):
    def counts() -> tuple[int, int]:
        opened = open_desk(desk_dir)
        try:
            with opened.desk.store.read() as s:
                users = s.exec(select(func.count()).select_from(User)).one()
                items = s.exec(select(func.count()).select_from(ServiceItem)).one()
            return users, items
        finally:
            opened.desk.store.dispose()

    first = counts()
    assert first == counts()
    assert first[0] == 4 and first[1] > 0


# --- backup while working ----------------------------------------------------------


def test_backup_while_intakes_go_on_is_a_consistent_copy(desk: Desk, clerk: Actor, tmp_path: Path):
    before = [
        submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).acceptance_no
        for _ in range(10)
    ]
    done: list[str] = []
    stop = threading.Event()

    def keep_taking_cases() -> None:
        while not stop.is_set():
            result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
            done.append(result.acceptance_no)

    with ThreadPoolExecutor(max_workers=1) as pool:
        worker = pool.submit(keep_taking_cases)

        def wait_for(count: int) -> None:
            while len(done) < count and not worker.done():
                stop.wait(0.005)

        try:
            wait_for(3)
            folder = tmp_path / "backups"
            folder.mkdir()
            target = backup(desk.store, folder)
            wait_for(len(done) + 3)  # the desk kept working after the backup
        finally:
            stop.set()
        worker.result(timeout=30)  # re-raises anything that went wrong in the worker
    assert [p.name for p in folder.iterdir()] == [target.name]  # no .partial left behind

    # One self-contained file (no -wal beside it), sound, readable from read-only media.
    with closing(driver.connect(f"file:{target}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy = Store(target)
    try:
        with copy.read() as session:
            numbers = set(session.exec(select(Case.acceptance_no)).all())
            case_ids = set(session.exec(select(Case.id)).all())
            outboxed = set(session.exec(select(OutboxItem.case_id)).all())
            evented = set(session.exec(select(CaseEvent.case_id)).all())
            chain = audit.verify(session)
            tables = {r[0] for r in session.exec(text("SELECT name FROM sqlite_master"))}
    finally:
        copy.dispose()
    assert set(before) <= numbers
    assert numbers <= set(before) | set(done)
    # One point in time: every case in the copy came with its event, outbox item and audit entry.
    assert case_ids == outboxed == evented
    assert chain.ok, chain
    assert "alembic_version" in tables
