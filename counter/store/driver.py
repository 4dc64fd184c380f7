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


KEY_BYTES = 32
"""A store key: 256 random bits, used as SQLCipher's raw key (no passphrase derivation)."""


def connect(path: Path | str, key: bytes | None = None, **kwargs: object) -> Connection:
    """A connection to the store file (or a backup) at `path`; DB-API keyword arguments.

    With `key` the file is SQLCipher-encrypted with it (a new file is created so).
    """
    conn = dbapi.connect(path, **kwargs)  # type: ignore[arg-type]
    if key is not None:
        try:
            apply_key(conn, key)
        except BaseException:
            conn.close()
            raise
    return conn


def export_copy(source: Connection, target: Path, key: bytes | None) -> None:
    """Write the whole database of `source` into a new file `target`, encrypted with `key`
    (None: plain). SQLCipher's `sqlcipher_export`, since the backup API copies pages as they
    are and so cannot encrypt or decrypt."""
    blob = "''" if key is None else _key_literal(key)
    source.execute(f"ATTACH DATABASE ? AS exported KEY {blob}", (str(target),))
    try:
        source.execute("SELECT sqlcipher_export('exported')").fetchone()
    finally:
        source.execute("DETACH DATABASE exported")


def apply_key(conn: Connection, key: bytes) -> None:
    """Key a new connection: SQLCipher needs it before any other statement."""
    conn.execute(f"PRAGMA key = {_key_literal(key)}")


def _key_literal(key: bytes) -> str:
    """`key` as SQLCipher's raw-key literal. Given raw, SQLCipher skips its passphrase
    derivation (PBKDF2), which would cost every new connection tens of milliseconds."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a store key is {KEY_BYTES} bytes, not {len(key)}")
    return f"\"x'{key.hex()}'\""


__all__ = [
    "KEY_BYTES", "Connection", "Cursor", "DatabaseError", "Error", "IntegrityError",
    "OperationalError", "apply_key", "connect", "dbapi", "export_copy",
]
