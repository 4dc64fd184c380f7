"""Opening a desk's folder: a store is created only where none existed, and never re-seeded.

The marker beside the store (desk-identity.json) says which store the folder
holds; a store that is missing, emptied, cut short, overwritten or another one
is refused before anything is written.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store import driver
from counter.store.folder import MARKER_FILE, STORE_ID_KEY, DeskFolderError, read_marker
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request, table_counts
from tests.test_damaged_folder import snapshot


def store_id(folder: Path) -> str:
    with closing(driver.connect(folder / DATABASE_FILE)) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = ?", (STORE_ID_KEY,)).fetchone()[0]


def opened_once(folder: Path) -> Path:
    open_desk(folder).desk.store.dispose()
    return folder


def test_a_new_folder_gets_a_store_and_a_marker_naming_it(tmp_path: Path) -> None:
    folder = opened_once(tmp_path / "new")
    marker = read_marker(folder, folder / DATABASE_FILE)
    assert marker is not None
    assert (marker.store_id, marker.desk) == (store_id(folder), "140121-01")
    # The marker is plain data about the desk, nothing personal.
    assert set(json.loads((folder / MARKER_FILE).read_text("utf-8"))) == {
        "store_id", "office_code", "desk_code", "created_at"}


def test_a_store_from_before_markers_gets_its_id_and_marker_when_opened(desk_dir: Path) -> None:
    with closing(driver.connect(desk_dir / DATABASE_FILE)) as conn, conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (STORE_ID_KEY,))
    opened_once(desk_dir)
    marker = read_marker(desk_dir, desk_dir / DATABASE_FILE)
    assert marker is not None and marker.store_id == store_id(desk_dir)
    opened_once(desk_dir)  # and opens again as the same store
    assert read_marker(desk_dir, desk_dir / DATABASE_FILE) == marker


def test_opening_again_keeps_the_cases(desk_dir: Path, clerk: Actor) -> None:
    opened = open_desk(desk_dir)
    submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
    opened.desk.store.dispose()
    again = open_desk(desk_dir)
    try:
        assert table_counts(again.desk.store)["numbers_issued"] == 1
    finally:
        again.desk.store.dispose()


@pytest.mark.parametrize(("damage", "says"), [
    (lambda store: store.unlink(), "is missing, but this folder held the store of desk 140121-01"),
    (lambda store: os.truncate(store, 0), "is empty, but this folder held the store of desk"),
    (lambda store: os.truncate(store, 8192), "is damaged (cut short at 8192 of "),
    (lambda store: os.truncate(store, 5000), "is damaged (cut short at 5000 bytes"),
    (lambda store: store.write_bytes(random.Random(1).randbytes(65536)),
     "is not a Counter Desk database"),
    (lambda store: store.write_bytes(b"SQLite format 3\x00" + bytes(10)), "is damaged (cut short"),
])
def test_a_lost_or_damaged_store_is_refused_and_nothing_is_written(
    desk_dir: Path, damage, says: str  # type: ignore[no-untyped-def]
) -> None:
    opened_once(desk_dir)
    damage(desk_dir / DATABASE_FILE)
    before = snapshot(desk_dir)
    with pytest.raises(DeskFolderError) as refused:
        open_desk(desk_dir)
    message = str(refused.value)
    assert message.startswith(str(desk_dir / DATABASE_FILE)), message
    assert says in message
    assert message.endswith((
        "restore its latest backup with: counter-desk restore BACKUP",
        "restore the desk's latest backup with: counter-desk restore BACKUP",
    ))
    assert snapshot(desk_dir) == before


def test_damage_inside_the_pages_is_refused_as_damaged(desk_dir: Path) -> None:
    # The header and size look right; the tables the opening reads do not.
    opened_once(desk_dir)
    store = desk_dir / DATABASE_FILE
    data = bytearray(store.read_bytes())
    noise = random.Random(3).randbytes(len(data) - 4096)
    data[4096:] = noise
    store.write_bytes(bytes(data))
    with pytest.raises(DeskFolderError, match="is damaged|is not a Counter Desk database") as \
            refused:
        open_desk(desk_dir)
    assert str(refused.value).startswith(str(store))
    assert "counter-desk restore BACKUP" in str(refused.value)


def test_another_desks_store_put_in_the_folder_is_refused(desk_dir: Path, tmp_path: Path) -> None:
    opened_once(desk_dir)
    other = opened_once(tmp_path / "other")  # a new desk: a store with an id of its own
    before = (desk_dir / MARKER_FILE).read_bytes()
    shutil.copyfile(other / DATABASE_FILE, desk_dir / DATABASE_FILE)
    with pytest.raises(DeskFolderError, match="is not the store this folder held") as refused:
        open_desk(desk_dir)
    assert "put that store back, or restore its latest backup" in str(refused.value)
    assert (desk_dir / MARKER_FILE).read_bytes() == before


def test_a_damaged_marker_is_refused_with_what_to_do(desk_dir: Path) -> None:
    opened_once(desk_dir)
    (desk_dir / MARKER_FILE).write_bytes(b"\x00\xff")
    with pytest.raises(DeskFolderError, match="desk-identity.json is damaged"):
        open_desk(desk_dir)
    (desk_dir / MARKER_FILE).unlink()  # as the message says: the desk writes it again
    opened_once(desk_dir)
    assert read_marker(desk_dir, desk_dir / DATABASE_FILE) is not None


def test_a_desk_open_elsewhere_opens_again(desk_dir: Path, clerk: Actor) -> None:
    # A running desk keeps a write-ahead log beside the store: the checks let it be.
    first = open_desk(desk_dir)
    try:
        submit_intake(first.desk, clerk, intake_request(first.desk), now=MONDAY_MORNING)
        assert (desk_dir / f"{DATABASE_FILE}-wal").exists()
        second = open_desk(desk_dir)
        second.desk.store.dispose()
    finally:
        first.desk.store.dispose()
