"""The SQLite driver under the desk's store, named in one place.

Everything in `counter/` that reaches the store's file without the ORM (the
intake's bare write connection, plain-SQL reads, backups, restores, the folder
checks) and every driver error it catches comes from here, and the ORM's
engines are built on the same module. Moving the store to another build of
SQLite with the same DB-API (an encrypting one, such as SQLCipher's) is then a
change of this module and of how a connection is opened, not of its callers.

The driver is `sqlcipher3`: SQLCipher 4 (an SQLite build that can encrypt the
whole file), with wheels for Windows, Linux and macOS. Without a key it reads
and writes ordinary SQLite files, which is how the store runs until it is keyed.

Nothing in the process may open the store with another copy of SQLite: SQLite
keeps track of its own POSIX locks per process, so two copies in one process do
not see each other's locks (a write lock held through one did not stop a write
through the other when tried), and the store could be corrupted.
"""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as dbapi

Connection = dbapi.Connection
Cursor = dbapi.Cursor
Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
IntegrityError = dbapi.IntegrityError


def connect(path: Path | str, **kwargs: object) -> Connection:
    """A connection to the store file (or a backup) at `path`; DB-API keyword arguments."""
    return dbapi.connect(path, **kwargs)  # type: ignore[arg-type]


__all__ = [
    "Connection", "Cursor", "DatabaseError", "Error", "IntegrityError", "OperationalError", "connect",
    "dbapi",
]
