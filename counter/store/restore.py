"""Restore a desk's store from a backup (`counter-desk backup`), refusing what would lose data.

Refused unless the operator says otherwise:
- a file that is not a sound Counter Desk backup, or one written by a newer version;
- a backup of another desk (another store id than the folder's marker, or
  numbers issued under another office or desk code): ``other_desk``;
- a store in place that opens and is sound, since what was recorded after the
  backup would be lost: ``replace``.
Always refused: a store that a running Counter Desk has open.

The store in place, if any, is never deleted: it and its journal files are
renamed beside it (``counter.db.replaced-<time>``). The backup is copied in,
then the numbering is moved past every acceptance number this folder's
documents show (receipts and notices are saved as ``<number>-….pdf``) and
the platform says the desk uploaded, so no number printed after the backup
was taken is issued again. The folder's marker then names the restored store.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from counter.clock import utc_now
from counter.errors import DomainError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake import numbering
from counter.settings import DATABASE_FILE, DOCUMENTS_FOLDER, Settings
from counter.store import driver
from counter.store.folder import (
    MARKER_FILE,
    NOT_SQLITE,
    STORE_ID_KEY,
    Marker,
    file_problem,
    read_marker,
    read_only,
    write_marker,
)
from counter.store.schema import declared_revisions

_JOURNALS = ("-wal", "-shm", "-journal")
_NUMBER_IN_NAME = re.compile(r"^([A-Z0-9]{2,12})-([0-9]{2})-([0-9]{8})-([0-9]{4,5})-")


class RestoreRefused(DomainError):
    """The restore was not done; the folder is as it was."""


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    store: Path
    set_aside: tuple[Path, ...]
    store_id: str
    numbers_advanced: dict[str, int] = field(default_factory=dict)
    """(office-desk-day) -> the sequence moved up to, from the documents and the platform."""
    unconfirmed: bool = False
    """The platform's record of the numbers is still to be applied, at the next sync."""


@dataclass(frozen=True)
class _Backup:
    store_id: str | None
    desks: frozenset[str]  # "office-desk" of every number the backup issued


def restore(directory: Path, backup: Path, settings: Settings, *, other_desk: bool = False,
            replace: bool = False, issued: Mapping[tuple[str, str, str], int] | None = None,
            now: datetime | None = None) -> Restored:
    """Put the store in `backup` in place as this desk's store (see the module's rules).

    `issued` is the platform's record of the desk's highest number of each
    (office, desk, YYYYMMDD); None when it could not be asked, and then a desk
    that syncs asks at its next pass, before it sends anything
    (`numbering.UNCONFIRMED_KEY`).
    """
    found = _read_backup(backup)
    store = directory / DATABASE_FILE
    marker = read_marker(directory, store)
    desk = f"{settings.office_code}-{settings.desk_code}"
    others = sorted(found.desks - {desk})
    foreign_id = marker is not None and found.store_id not in (None, marker.store_id)
    if others and not other_desk:
        raise RestoreRefused(
            QT_TRANSLATE_NOOP(
                "core", "{backup} is a backup of desk {found}, not of this desk {desk}; "
                "add --other-desk to restore it here all the same"),
            backup=backup, found=", ".join(others), desk=desk,
        )
    if foreign_id and not other_desk:
        raise RestoreRefused(
            QT_TRANSLATE_NOOP(
                "core", "{backup} is a backup of another store than this folder held "
                "({marker} names {store_id}); add --other-desk to restore it here all the same"),
            backup=backup, marker=MARKER_FILE, store_id=marker.store_id if marker else "",
        )
    if _in_use(store):
        raise RestoreRefused(
            QT_TRANSLATE_NOOP("core", "{path} is open in a running Counter Desk; close it, "
                              "then restore"),
            path=store,
        )
    if _sound(store) and not replace:
        raise RestoreRefused(
            QT_TRANSLATE_NOOP(
                "core", "{path} is sound; restoring {backup} would lose what was recorded "
                "since that backup: add --replace to restore over it"),
            path=store, backup=backup,
        )
    stamp = f"{(now or utc_now()):%Y%m%dT%H%M%SZ}"
    directory.mkdir(parents=True, exist_ok=True)
    partial = store.with_name(store.name + ".restoring")
    shutil.copyfile(backup, partial)
    with partial.open("rb+") as fh:
        os.fsync(fh.fileno())
    # A backup taken to this desk keeps its id; one of another desk becomes a store of its own.
    store_id = found.store_id if found.store_id and not (others or foreign_id) else uuid.uuid4().hex
    with closing(driver.connect(partial, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (STORE_ID_KEY, store_id))
        highest = _highest_in_documents(directory / DOCUMENTS_FOLDER)
        for key, seq in (issued or {}).items():
            highest[key] = max(highest.get(key, 0), seq)
        advanced = numbering.advance_past(conn, highest)
        if issued is None and settings.sync_enabled:
            numbering.mark_unconfirmed(conn, now or utc_now())
        conn.execute("COMMIT")
    set_aside = _set_aside(store, stamp)
    os.replace(partial, store)
    write_marker(directory, Marker(store_id, settings.office_code, settings.desk_code,
                                   (now or utc_now()).isoformat()))
    return Restored(store, set_aside, store_id, advanced,
                    unconfirmed=issued is None and settings.sync_enabled)


def _read_backup(path: Path) -> _Backup:
    def refuse(reason: str) -> RestoreRefused:
        return RestoreRefused(
            QT_TRANSLATE_NOOP(
                "core", "{backup} is not a sound Counter Desk backup ({reason}); choose a file "
                "written by counter-desk backup"),
            backup=path, reason=reason,
        )

    if not path.is_file():
        raise refuse("no such file")
    problem = file_problem(path)
    if problem is not None:
        raise refuse(problem)
    try:
        with closing(read_only(path)) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise refuse(check)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"meta", "alembic_version", "number_sequence"} <= tables:
                raise refuse("it has none of a desk's tables")
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE key = ?",
                               (STORE_ID_KEY,)).fetchone()
            desks = frozenset(f"{o}-{d}" for o, d in conn.execute(
                "SELECT DISTINCT office_code, desk_code FROM number_sequence"))
    except driver.DatabaseError as exc:
        raise refuse(NOT_SQLITE if "not a database" in str(exc) else str(exc)) from exc
    revision = version[0] if version else None
    if revision not in declared_revisions():
        raise RestoreRefused(
            QT_TRANSLATE_NOOP("core", "{backup} was written by a newer Counter Desk (schema "
                              "{revision}); install that version, then restore"),
            backup=path, revision=revision,
        )
    return _Backup(row[0] if row else None, desks)


def _in_use(store: Path) -> bool:
    """Whether another connection has the store open (a running desk holds one all along)."""
    if not store.exists() or store.stat().st_size == 0 or file_problem(store) is not None:
        return False
    try:
        with closing(driver.connect(store, timeout=0, isolation_level=None)) as conn:
            # In WAL mode every open connection holds a shared lock on the file, so an
            # exclusive one is had only when nobody else has the store open.
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
    except driver.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except driver.DatabaseError:
        return False
    return False


def _sound(store: Path) -> bool:
    """Whether the store in place opens and passes SQLite's quick check."""
    if not store.exists() or store.stat().st_size == 0 or file_problem(store) is not None:
        return False
    try:
        with closing(read_only(store)) as conn:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except driver.DatabaseError:
        return False


def _set_aside(store: Path, stamp: str) -> tuple[Path, ...]:
    """Rename the store in place and its journals beside it; never delete them."""
    moved = []
    for suffix in ("", *_JOURNALS):
        path = store.with_name(store.name + suffix)
        if path.exists():
            target = store.with_name(f"{store.name}.replaced-{stamp}{suffix}")
            os.replace(path, target)
            moved.append(target)
    return tuple(moved)


def _highest_in_documents(documents: Path) -> dict[tuple[str, str, str], int]:
    """The highest number of each (office, desk, day) among the saved documents' names."""
    highest: dict[tuple[str, str, str], int] = {}
    if documents.is_dir():
        for path in documents.rglob("*.pdf"):
            match = _NUMBER_IN_NAME.match(path.name)
            if match:
                office, desk, day, seq = match.groups()
                key = (office, desk, day)
                highest[key] = max(highest.get(key, 0), int(seq))
    return highest
