"""Online backup of the store: a consistent copy taken while the desk keeps working."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path

from counter.clock import utc_now
from counter.store import driver
from counter.store.database import Store


def backup(store: Store, target: Path, *, now: datetime | None = None) -> Path:
    """Copy the store to `target` (a file, or a folder to put a dated file in).

    SQLite's backup API copies page by page under a read lock, so intakes go on
    meanwhile and the copy is one consistent point in time. The copy is
    written beside the target and renamed into place, so a failed backup never
    leaves a half file under the final name.
    """
    if target.is_dir():
        target = target / f"counter-{(now or utc_now()):%Y%m%dT%H%M%SZ}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # `with driver.connect(...)` only ends a transaction; `closing` really closes the
    # connections, so the copy is complete and no -wal/-shm is left beside it.
    # An encrypted store's copy is encrypted with the same key (the backup API copies pages
    # as they are, so both ends must agree on it).
    with (closing(store.raw_connection()) as src,
          closing(driver.connect(partial, store.key)) as dst):
        src.backup(dst)
        # The copy inherits WAL mode from the store; make it one self-contained file
        # that opens even from read-only media.
        dst.execute("PRAGMA journal_mode=DELETE")
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"backup failed its integrity check: {check}")
    partial.replace(target)
    return target
