"""The desk's folder before its store opens: a store that existed is never replaced by a new one.

From its first opening on, a store has an id (kept in its `meta` table) and the
folder holds a marker, ``desk-identity.json``, naming that id with the office and
desk. The marker lives outside the store, so a store that is deleted, emptied,
overwritten or swapped for another desk's file is refused with the way back
(``counter-desk restore``), never seeded again as a new desk that would issue the
acceptance numbers already printed a second time. The marker is written when
the store is created (or first opened by a version that knows it), so it costs
nothing on the intake's path.

`check_folder` looks at the files only, before anything is written: the folder
can be written, the store file is whole SQLite (its header, its size against the
page count the header declares), it is the store the marker names. Each refusal
is a `DeskFolderError`: one sentence naming the file and what to do.
"""

from __future__ import annotations

import json
import os
import struct
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

from counter.errors import DomainError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import driver

MARKER_FILE = "desk-identity.json"
STORE_ID_KEY = "store_id"
"""The `meta` key holding the store's id, the one the marker names."""

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100

RESTORE_HINT = "counter-desk restore BACKUP"

_READ_ONLY_FOLDER = QT_TRANSLATE_NOOP(
    "core",
    "{folder} cannot be written by this user; give it write permission there, "
    "or set COUNTER_DESK_HOME to a folder it can write",
)
_READ_ONLY_FILE = QT_TRANSLATE_NOOP(
    "core", "{path} is read-only; give this user write permission on it"
)
_NOT_A_FOLDER = QT_TRANSLATE_NOOP(
    "core", "{folder} is not a folder; set COUNTER_DESK_HOME to the desk's data folder"
)
_MARKER_DAMAGED = QT_TRANSLATE_NOOP(
    "core",
    "{marker} is damaged; if {path} is this desk's own store, delete {marker} "
    "and the desk writes it again",
)
_STORE_MISSING = QT_TRANSLATE_NOOP(
    "core",
    "{path} is missing, but this folder held the store of desk {desk} ({marker}); "
    "restore its latest backup with: {hint}",
)
_STORE_EMPTIED = QT_TRANSLATE_NOOP(
    "core",
    "{path} is empty, but this folder held the store of desk {desk} ({marker}); "
    "restore its latest backup with: {hint}",
)
_STORE_EMPTY = QT_TRANSLATE_NOOP(
    "core",
    "{path} is empty (0 bytes) and is not replaced by a new store; restore the desk's "
    "latest backup with: {hint}, or delete the file to start a new desk",
)
_WAL_WITHOUT_STORE = QT_TRANSLATE_NOOP(
    "core",
    "{path} is missing but its journal {journal} is there; restore the desk's latest "
    "backup with: {hint}",
)
_NOT_A_DATABASE = QT_TRANSLATE_NOOP(
    "core",
    "{path} is not a Counter Desk database (overwritten or damaged); restore the desk's "
    "latest backup with: {hint}",
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "core", "{path} is damaged ({reason}); restore the desk's latest backup with: {hint}"
)
_OTHER_STORE = QT_TRANSLATE_NOOP(
    "core",
    "{path} is not the store this folder held (desk {desk}, {marker}); put that store "
    "back, or restore its latest backup with: {hint}",
)
_UNAVAILABLE = QT_TRANSLATE_NOOP("core", "{path} cannot be opened: {reason}")


class DeskFolderError(DomainError):
    """The desk's folder or one of its files cannot be used as it is; nothing was changed."""


@dataclass(frozen=True)
class Marker:
    """Which store a desk's folder holds: written beside the store, never inside it."""

    store_id: str
    office_code: str
    desk_code: str
    created_at: str

    @property
    def desk(self) -> str:
        return f"{self.office_code}-{self.desk_code}"


def marker_path(directory: Path) -> Path:
    return directory / MARKER_FILE


def read_marker(directory: Path, store: Path) -> Marker | None:
    """The folder's marker, None if it has none; a damaged one is refused."""
    path = marker_path(directory)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Marker(**{name: str(raw[name]) for name in Marker.__dataclass_fields__})
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:  # bad JSON, bad text, a field missing
        raise DeskFolderError(_MARKER_DAMAGED, marker=path, path=store) from exc


def write_marker(directory: Path, marker: Marker) -> None:
    """Write the marker whole or not at all (a temporary file, synced, renamed into place)."""
    path = marker_path(directory)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(asdict(marker), fh, indent=2)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def is_plain(store: Path) -> bool:
    """Whether the store file is ordinary SQLite that anyone with the file can read."""
    with store.open("rb") as f:
        return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def check_folder(directory: Path, store: Path) -> Marker | None:
    """Refuse a folder whose store cannot be opened safely; return its marker, if any.

    Only reads. A missing store is a new desk unless the marker says one existed.
    """
    if directory.exists() and not directory.is_dir():
        raise DeskFolderError(_NOT_A_FOLDER, folder=directory)
    if not directory.exists():
        # A new desk: its folder is made inside the nearest folder that exists.
        parent = next(p for p in directory.absolute().parents if p.exists())
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DeskFolderError(_READ_ONLY_FOLDER, folder=parent)
        return None
    _check_writable(directory, store)
    marker = read_marker(directory, store)
    journal = store.with_name(store.name + "-wal")
    if not store.exists():
        if marker is not None:
            raise DeskFolderError(_STORE_MISSING, path=store, desk=marker.desk,
                                  marker=MARKER_FILE, hint=RESTORE_HINT)
        if journal.exists() and journal.stat().st_size > 0:
            raise DeskFolderError(_WAL_WITHOUT_STORE, path=store, journal=journal.name,
                                  hint=RESTORE_HINT)
        return None
    size = store.stat().st_size
    if size == 0:
        if marker is not None:
            raise DeskFolderError(_STORE_EMPTIED, path=store, desk=marker.desk,
                                  marker=MARKER_FILE, hint=RESTORE_HINT)
        raise DeskFolderError(_STORE_EMPTY, path=store, hint=RESTORE_HINT)
    problem = file_problem(store)
    if problem == NOT_SQLITE:
        raise DeskFolderError(_NOT_A_DATABASE, path=store, hint=RESTORE_HINT)
    if problem is not None:
        raise DeskFolderError(_DAMAGED, path=store, reason=problem, hint=RESTORE_HINT)
    found = probe_store(store)
    if marker is not None and found != marker.store_id:
        raise DeskFolderError(_OTHER_STORE, path=store, desk=marker.desk, marker=MARKER_FILE,
                              hint=RESTORE_HINT)
    return marker


def _check_writable(directory: Path, store: Path) -> None:
    # SQLite in WAL mode writes the -wal and -shm files beside the store.
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DeskFolderError(_READ_ONLY_FOLDER, folder=directory)
    for path in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise DeskFolderError(_READ_ONLY_FILE, path=path)


NOT_SQLITE = "not an SQLite database"


def file_problem(path: Path) -> str | None:
    """What is wrong with the file as SQLite, from its header and size; None if nothing shows.

    The header declares the page size and (when its change counters agree) the
    number of pages, so a file cut short shows without reading a page. With a
    non-empty write-ahead log beside it, the file may be shorter than the
    header says until the log is checkpointed, so the sizes are not compared.
    """
    size = path.stat().st_size
    with path.open("rb") as fh:
        header = fh.read(_HEADER)
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        return NOT_SQLITE
    if len(header) < _HEADER:
        return f"cut short at {size} bytes"
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    journal = path.with_name(path.name + "-wal")
    if journal.exists() and journal.stat().st_size > 0:
        return None
    if size % page_size:
        return f"cut short at {size} bytes, not a whole number of {page_size}-byte pages"
    (pages,) = struct.unpack(">I", header[28:32])
    if pages and header[24:28] == header[92:96] and size < pages * page_size:
        return f"cut short at {size} of {pages * page_size} bytes"
    return None


def probe_store(path: Path) -> str | None:
    """The store's id, read without changing a byte; None for a store that has none yet.

    A file with no tables at all (a first opening that never got as far as the
    schema) has no id either. Anything SQLite cannot read is refused as damaged.
    """
    try:
        with closing(read_only(path)) as conn:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return None
            if not {"meta", "alembic_version"} <= tables:
                raise DeskFolderError(_NOT_A_DATABASE, path=path, hint=RESTORE_HINT)
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (STORE_ID_KEY,)).fetchone()
    except driver.DatabaseError as exc:
        raise damaged(path, exc) from exc
    return row[0] if row else None


def read_only(path: Path) -> driver.Connection:
    """A connection that reads the store at `path` and leaves no file changed or made.

    With no write-ahead log beside it, `immutable` reads the file alone (a plain
    read-only connection would make -wal and -shm files and leave them); with a
    log, the log holds committed pages, so it is read through SQLite's locks.
    """
    journal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if journal.exists() else "immutable=1"
    return driver.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def damaged(path: Path, exc: BaseException) -> DeskFolderError:
    """The refusal for a driver error met while opening the store at `path`."""
    # The store's own translation (StoreUnavailable) keeps the driver's error as its cause.
    cause = exc.__cause__ if isinstance(exc, DomainError) and exc.__cause__ else exc
    text = str(getattr(cause, "orig", cause))
    lowered = text.lower()
    if "not a database" in lowered:
        return DeskFolderError(_NOT_A_DATABASE, path=path, hint=RESTORE_HINT)
    if "malformed" in lowered or "corrupt" in lowered:
        return DeskFolderError(_DAMAGED, path=path, reason=text, hint=RESTORE_HINT)
    if "readonly" in lowered or "read-only" in lowered:
        return DeskFolderError(_READ_ONLY_FILE, path=path)
    return DeskFolderError(_UNAVAILABLE, path=path, reason=text)
