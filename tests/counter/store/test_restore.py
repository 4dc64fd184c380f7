"""Restoring a desk from its backup: the way back from a lost or damaged store.

A restore never deletes the file it replaces, refuses another desk's backup and
a sound store unless told, and moves the numbering past every number the
desk's saved documents show, so no printed number is issued again.
"""

from __future__ import annotations

import os
import random
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.intake.numbering import parse, unconfirmed
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE, DOCUMENTS_FOLDER, Settings
from counter.store import driver
from counter.store.backup import backup
from counter.store.folder import MARKER_FILE, read_marker
from counter.store.restore import RestoreRefused, restore
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request, table_counts
from tests.test_damaged_folder import snapshot

SETTINGS = Settings()


def take_cases(folder: Path, clerk: Actor, count: int) -> list[str]:
    opened = open_desk(folder)
    try:
        return [submit_intake(opened.desk, clerk, intake_request(opened.desk),
                              now=MONDAY_MORNING).acceptance_no for _ in range(count)]
    finally:
        opened.desk.store.dispose()


def backup_of(folder: Path, target: Path) -> Path:
    opened = open_desk(folder)
    try:
        return backup(opened.desk.store, target)
    finally:
        opened.desk.store.dispose()


def save_receipt(folder: Path, number: str) -> None:
    documents = folder / DOCUMENTS_FOLDER
    documents.mkdir(exist_ok=True)
    (documents / f"{number}-受理回执.pdf").write_bytes(b"%PDF-1.4\n")


@pytest.fixture
def with_backup(desk_dir: Path, clerk: Actor, tmp_path: Path) -> tuple[Path, Path]:
    """A desk with two cases in its backup; the store since then is lost."""
    take_cases(desk_dir, clerk, 2)
    taken = backup_of(desk_dir, tmp_path / "backups" / "desk.db")
    return desk_dir, taken


def test_restoring_an_emptied_store_brings_its_cases_back(
    with_backup: tuple[Path, Path], clerk: Actor
) -> None:
    folder, taken = with_backup
    marker = read_marker(folder, folder / DATABASE_FILE)
    os.truncate(folder / DATABASE_FILE, 0)
    done = restore(folder, taken, SETTINGS)
    # The emptied file is kept beside it, never deleted.
    kept = [p.name for p in folder.glob("counter.db.replaced-*")]
    assert [p.name for p in done.set_aside] == kept
    # A backup taken of this desk is restored as the same store.
    restored = read_marker(folder, folder / DATABASE_FILE)
    assert marker is not None and restored is not None
    assert (restored.store_id, restored.desk) == (marker.store_id, marker.desk)
    opened = open_desk(folder)
    try:
        assert table_counts(opened.desk.store)["case_record"] == 2
    finally:
        opened.desk.store.dispose()
    assert parse(take_cases(folder, clerk, 1)[0]).seq == 3


def test_numbers_printed_after_the_backup_are_not_issued_again(
    with_backup: tuple[Path, Path], clerk: Actor
) -> None:
    folder, taken = with_backup
    # Three more cases after the backup, their receipts saved; then the store is lost.
    for number in take_cases(folder, clerk, 3):
        save_receipt(folder, number)
    (folder / DATABASE_FILE).unlink()
    done = restore(folder, taken, SETTINGS)
    assert done.numbers_advanced == {"140121-01-20260302": 5}
    assert parse(take_cases(folder, clerk, 1)[0]).seq == 6


def test_the_platforms_record_moves_the_numbering_past_numbers_no_document_shows(
    with_backup: tuple[Path, Path], clerk: Actor
) -> None:
    folder, taken = with_backup
    # Five more after the backup; only the first two receipts were saved to the folder.
    for number in take_cases(folder, clerk, 5)[:2]:
        save_receipt(folder, number)
    (folder / DATABASE_FILE).unlink()
    syncing = replace(SETTINGS, exchange_url="https://exchange.example", exchange_token="t")
    done = restore(folder, taken, syncing, issued={("140121", "01", "20260302"): 7,
                                                   ("140121", "01", "20260301"): 9})
    assert done.numbers_advanced == {"140121-01-20260301": 9, "140121-01-20260302": 7}
    assert not done.unconfirmed
    assert parse(take_cases(folder, clerk, 1)[0]).seq == 8


def test_a_restore_that_could_not_ask_the_platform_leaves_the_question_marked(
    with_backup: tuple[Path, Path],
) -> None:
    folder, taken = with_backup
    (folder / DATABASE_FILE).unlink()
    syncing = replace(SETTINGS, exchange_url="https://exchange.example", exchange_token="t")
    assert restore(folder, taken, syncing, issued=None).unconfirmed
    with closing(driver.connect(folder / DATABASE_FILE)) as conn:
        assert unconfirmed(conn)
    # A desk that does not sync has no platform to ask: nothing is left marked.
    (folder / DATABASE_FILE).unlink()
    assert not restore(folder, taken, SETTINGS).unconfirmed
    with closing(driver.connect(folder / DATABASE_FILE)) as conn:
        assert not unconfirmed(conn)


def test_a_backup_of_another_desk_is_refused_unless_told(
    with_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, taken = with_backup
    os.truncate(folder / DATABASE_FILE, 0)
    before = snapshot(folder)
    desk_02 = replace(SETTINGS, desk_code="02")
    with pytest.raises(RestoreRefused) as refused:
        restore(folder, taken, desk_02)
    assert str(refused.value) == (
        f"{taken} is a backup of desk 140121-01, not of this desk 140121-02; "
        "add --other-desk to restore it here all the same")
    assert snapshot(folder) == before
    done = restore(folder, taken, desk_02, other_desk=True)
    # Restored as another desk's store, it is a store of its own from now on.
    marker = read_marker(folder, folder / DATABASE_FILE)
    assert marker is not None and marker.desk == "140121-02" and marker.store_id == done.store_id


def test_a_backup_of_another_store_is_refused(
    with_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _ = with_backup
    other = tmp_path / "other"
    open_desk(other).desk.store.dispose()  # a new desk, same codes, another store
    foreign = backup_of(other, tmp_path / "other.db")
    os.truncate(folder / DATABASE_FILE, 0)
    with pytest.raises(RestoreRefused, match="is a backup of another store than this folder held"):
        restore(folder, foreign, SETTINGS)


def test_a_sound_store_is_replaced_only_when_told(
    with_backup: tuple[Path, Path], clerk: Actor
) -> None:
    folder, taken = with_backup
    take_cases(folder, clerk, 1)
    before = snapshot(folder)
    with pytest.raises(RestoreRefused, match="is sound; restoring .* add --replace"):
        restore(folder, taken, SETTINGS)
    assert snapshot(folder) == before
    done = restore(folder, taken, SETTINGS, replace=True)
    # What the replaced store held is kept beside it: three cases.
    with closing(driver.connect(done.set_aside[0])) as conn:
        assert conn.execute("SELECT count(*) FROM case_record").fetchone()[0] == 3


def test_a_store_open_in_a_running_desk_is_not_replaced(with_backup: tuple[Path, Path]) -> None:
    folder, taken = with_backup
    running = open_desk(folder)
    try:
        with running.desk.store.read() as session:
            session.connection()  # the running desk holds its connections open
            with pytest.raises(RestoreRefused, match="is open in a running Counter Desk"):
                restore(folder, taken, SETTINGS, replace=True)
    finally:
        running.desk.store.dispose()


@pytest.mark.parametrize(("content", "says"), [
    (lambda: random.Random(5).randbytes(40960), "not an SQLite database"),
    (lambda: b"", "not an SQLite database"),
])
def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(
    with_backup: tuple[Path, Path], tmp_path: Path,
    content, says: str,  # type: ignore[no-untyped-def]
) -> None:
    folder, _ = with_backup
    os.truncate(folder / DATABASE_FILE, 0)
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content())
    before = snapshot(folder)
    with pytest.raises(RestoreRefused) as refused:
        restore(folder, bogus, SETTINGS)
    assert str(refused.value) == (f"{bogus} is not a sound Counter Desk backup ({says}); "
                                  "choose a file written by counter-desk backup")
    assert snapshot(folder) == before


def test_a_backup_from_a_newer_version_is_refused(
    with_backup: tuple[Path, Path]
) -> None:
    folder, taken = with_backup
    with closing(driver.connect(taken)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    (folder / DATABASE_FILE).unlink()
    with pytest.raises(RestoreRefused, match=r"written by a newer Counter Desk \(schema 9999\)"):
        restore(folder, taken, SETTINGS)
    assert not (folder / DATABASE_FILE).exists()
    assert (folder / MARKER_FILE).exists()


def test_a_backup_restores_into_an_empty_folder_on_a_new_machine(
    with_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    _, taken = with_backup
    folder = tmp_path / "new-machine" / "counter-desk"
    done = restore(folder, taken, SETTINGS)
    assert done.set_aside == ()
    marker = read_marker(folder, folder / DATABASE_FILE)
    assert marker is not None and marker.store_id == done.store_id
    opened = open_desk(folder)
    try:
        assert table_counts(opened.desk.store)["case_record"] == 2
    finally:
        opened.desk.store.dispose()
