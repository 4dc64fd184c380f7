"""The local SQLite store: durable writes, concurrent reads, clear failures.

Every write runs in one ``BEGIN IMMEDIATE`` transaction (the write lock is
taken up front, so two desks' processes never deadlock half-way through an
intake), in WAL mode with ``synchronous=FULL`` (a committed intake survives a
power cut). Reads use a separate engine with deferred transactions and never
block writers.

Driver errors that mean "this write did not happen" (locked, read-only, disk
full, I/O error, corrupt file) are turned into `StoreUnavailable`, so callers
can tell the clerk plainly that nothing was recorded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, create_engine

from counter.errors import StoreUnavailable
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import driver

log = logging.getLogger("counter.store.database")

DEFAULT_BUSY_TIMEOUT_MS = 5000

_BUSY = QT_TRANSLATE_NOOP("core", "the database is busy; try again in a moment")

# Fragments of SQLite's messages, and what to tell the clerk for each.
_READ_ONLY = QT_TRANSLATE_NOOP(
    "core", "the database is read-only; check the data folder's permissions"
)
_UNAVAILABLE = (
    (
        "locked",
        QT_TRANSLATE_NOOP(
            "core", "the database is locked by another program; try again in a moment"
        ),
    ),
    ("busy", _BUSY),
    ("readonly", _READ_ONLY),
    ("read-only", _READ_ONLY),
    ("disk is full", QT_TRANSLATE_NOOP("core", "the disk is full; free some space")),
    ("disk i/o", QT_TRANSLATE_NOOP("core", "the disk reported an I/O error")),
    (
        "malformed",
        QT_TRANSLATE_NOOP("core", "the database file is damaged; restore it from a backup"),
    ),
    ("not a database", QT_TRANSLATE_NOOP("core", "the file is not a Counter Desk database")),
    ("unable to open", QT_TRANSLATE_NOOP("core", "the database file cannot be opened")),
)


def unavailable_reason(exc: BaseException) -> str | None:
    """Plain words for a driver error that means the store cannot work, else None."""
    text = str(getattr(exc, "orig", exc)).lower()
    for fragment, reason in _UNAVAILABLE:
        if fragment in text:
            return reason
    return None


class Store:
    """One SQLite database file, opened for this process.

    Use `read()` for queries and `write()` for anything that changes data.
    Sessions are short-lived and belong to one thread each.
    """

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 key: bytes | None = None):
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.key = key  # SQLCipher's raw key; None: a plain SQLite file
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write_engine = self._make_engine(begin="BEGIN IMMEDIATE", pool_size=1)
        self._read_engine = self._make_engine(begin="BEGIN", pool_size=4)
        # `write_sql`'s own connection, taken from the write pool once and kept:
        # checking a connection out and back in cost more than the intake's statements.
        self._sql_lock = threading.Lock()
        self._sql_conn = None  # the pool's proxy for it, once taken
        self._sql_pool = None  # the pool it came from (the engine's until it is disposed)

    @property
    def engine(self) -> Engine:
        """The write engine, for schema migrations; use `read()` and `write()` otherwise."""
        return self._write_engine

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _make_engine(self, *, begin: str, pool_size: int) -> Engine:
        engine = create_engine(
            self.url,
            module=driver.dbapi,  # the same driver as every connection made without the ORM
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=2,
            # Sessions are opened inside worker threads; each uses its own connection.
            connect_args={"check_same_thread": False, "timeout": self.busy_timeout_ms / 1000},
        )
        busy, key = self.busy_timeout_ms, self.key

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: driver.Connection, _record: object) -> None:
            if key is not None:
                driver.apply_key(dbapi_conn, key)  # before anything reads the file
            # Take transaction control from the driver, so BEGIN is ours to choose.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute(f"PRAGMA busy_timeout={int(busy)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
            conn.exec_driver_sql(begin)

        return engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; its objects are detached when it closes."""
        try:
            with Session(self._read_engine, expire_on_commit=False) as session:
                yield session
        except (DBAPIError, driver.Error) as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one BEGIN IMMEDIATE transaction, committed when the block ends.

        Any exception rolls everything back: a write either happens whole or not at all.
        """
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (DBAPIError, driver.Error) as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def write_sql(self) -> Iterator[driver.Connection]:
        """The write connection itself, in one BEGIN IMMEDIATE transaction.

        For the intake, which runs on every case and writes only plain SQL
        (see counter.store.rawsql): same lock, same durability, same all-or-nothing,
        without the ORM session's set-up and tear-down.
        """
        # One thread at a time on the kept connection; another process waits on
        # SQLite's lock as before, and so does a thread here, for as long.
        if not self._sql_lock.acquire(timeout=self.busy_timeout_ms / 1000):
            raise StoreUnavailable(_BUSY)
        try:
            proxied = self._sql_conn
            if proxied is not None and self._sql_pool is not self._write_engine.pool:
                proxied.close()  # the engine was disposed: its connections are done with
                proxied = self._sql_conn = None
            if proxied is None:
                try:
                    proxied = self._sql_conn = self._write_engine.raw_connection()
                except (DBAPIError, driver.Error) as exc:
                    raise self._translate(exc) from exc
                self._sql_pool = self._write_engine.pool
            conn = proxied.driver_connection
            assert isinstance(conn, driver.Connection)
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    # SQLite has already rolled back after some errors (a full disk).
                    if conn.in_transaction and not self._rollback(proxied, conn):
                        self._sql_conn = None
                    raise
            except driver.Error as exc:
                raise self._translate(exc) from exc
        finally:
            self._sql_lock.release()

    @staticmethod
    def _rollback(proxied, conn: driver.Connection) -> bool:  # type: ignore[no-untyped-def]
        """Roll back; False when that failed and the connection was thrown away."""
        try:
            conn.execute("ROLLBACK")
        except driver.Error:
            # A connection whose state is unknown must not be used again.
            proxied.invalidate()
            return False
        return True

    def _translate(self, exc: Exception) -> Exception:
        reason = unavailable_reason(exc)
        if reason is None:
            return exc
        log.error("store unavailable: %s", reason)
        return StoreUnavailable(reason)

    def raw_connection(self) -> driver.Connection:
        """A plain driver connection to the same file (backup, integrity checks)."""
        conn = driver.connect(self.path, self.key, timeout=self.busy_timeout_ms / 1000)
        conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
        return conn

    def dispose(self) -> None:
        with self._sql_lock:
            if self._sql_conn is not None:
                self._sql_conn.close()
                self._sql_conn = None
        self._write_engine.dispose()
        self._read_engine.dispose()
