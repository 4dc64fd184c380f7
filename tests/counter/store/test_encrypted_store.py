"""A store keyed with a 256-bit key: encrypted on disk, whole to the desk, shut to anyone else.

The desk does not key its store yet (the key's keeping and the upgrade of a plain store come
next); these are the store's own promises with a key, on the same durable-write paths.
"""

from __future__ import annotations

import os
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import select

from counter.desk import Desk
from counter.errors import StoreUnavailable
from counter.intake.submit import submit_intake
from counter.store import driver
from counter.store.backup import backup
from counter.store.database import Store
from counter.store.models import Case
from counter.store.schema import migrate
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, folder_bytes, intake_request, person

NAME = "欧阳修远"


@pytest.fixture
def key() -> bytes:
    return os.urandom(driver.KEY_BYTES)


def keyed_store(path: Path, key: bytes) -> Store:
    store = Store(path, key=key)
    migrate(store)
    return store


def keyed_copy(desk: Desk, path: Path, key: bytes) -> Store:
    """The desk's store (catalog, users) exported into a new file encrypted with `key`."""
    with closing(driver.connect(desk.store.path)) as plain:
        driver.export_copy(plain, path, key)
    return Store(path, key=key)


def test_a_keyed_store_holds_no_readable_personal_data_and_reads_back_whole(
        tmp_path: Path, key: bytes, clerk: Actor, desk: Desk) -> None:
    store = keyed_copy(desk, tmp_path / "counter.db", key)
    try:
        keyed = Desk(store, "140121", "01")
        request = intake_request(keyed, applicant=person(name=NAME))
        result = submit_intake(keyed, clerk, request, now=MONDAY_MORNING)
        with store.read() as session:
            case = session.exec(select(Case).where(Case.id == result.case_id)).one()
        assert case.applicant_name == NAME
        raw = folder_bytes(tmp_path)  # the file, its WAL and shared memory
        assert NAME.encode() not in raw and request.applicant.id_number.encode() not in raw
        assert not (tmp_path / "counter.db").read_bytes().startswith(b"SQLite format 3")
    finally:
        store.dispose()
    again = Store(tmp_path / "counter.db", key=key)
    try:
        with again.read() as session:
            assert session.exec(select(Case.applicant_name)).all() == [NAME]
    finally:
        again.dispose()


def test_the_wrong_key_or_no_key_opens_nothing_and_says_so(tmp_path: Path, key: bytes) -> None:
    keyed_store(tmp_path / "counter.db", key).dispose()
    for wrong in (os.urandom(driver.KEY_BYTES), None):
        store = Store(tmp_path / "counter.db", key=wrong)
        try:
            with pytest.raises(StoreUnavailable, match="not a Counter Desk database"), \
                    store.read() as session:
                session.exec(select(Case)).all()
        finally:
            store.dispose()


def test_a_backup_of_a_keyed_store_is_encrypted_with_its_key(
        tmp_path: Path, key: bytes) -> None:
    store = keyed_store(tmp_path / "desk" / "counter.db", key)
    try:
        copy = backup(store, tmp_path / "backups")
    finally:
        store.dispose()
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(driver.DatabaseError, match="not a database"), \
            closing(driver.connect(copy)) as conn:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    with closing(driver.connect(copy, key)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM case_record").fetchone() == (0,)


def test_a_key_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        driver.connect(":memory:", b"short")
