"""Plain SQL on a session's own connection, for the write paths that run on every intake.

The ORM's unit of work costs milliseconds per intake in Python, several times
the durable commit itself. The few rows written on every intake (number,
case, materials, event, audit entry, outbox item) therefore go through the
DB-API cursor of the same connection, inside the same ``BEGIN IMMEDIATE``
transaction: nothing about atomicity changes, only the overhead.

Values are stored in exactly the text forms SQLAlchemy uses for SQLite, so
the ORM reads raw-written rows back as the same Python values (a test checks
the round trip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from sqlmodel import Session

from counter.store import driver

# A write transaction: an ORM session's (Store.write) or the bare connection's (Store.write_sql).
Tx = Session | driver.Connection


def cursor(session: Tx) -> driver.Cursor:
    """A cursor inside the current write transaction: a session's, or `Store.write_sql`'s."""
    if isinstance(session, driver.Connection):
        return session.cursor()
    # Asking the session for its connection costs more than the INSERT that
    # follows; remember it for the life of the transaction.
    transaction = session.get_transaction()
    cached = session.info.get(_CONNECTION_KEY)
    if cached is None or cached[0] is not transaction:
        dbapi = session.connection().connection.driver_connection
        assert isinstance(dbapi, driver.Connection)
        cached = (session.get_transaction(), dbapi)
        session.info[_CONNECTION_KEY] = cached
    return cached[1].cursor()


_CONNECTION_KEY = "counter.store.rawsql.connection"


def sql_datetime(value: datetime | None) -> str | None:
    """An aware datetime as SQLAlchemy stores it in SQLite: UTC, microseconds, no zone."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # nearly always: the store's own times, and the feed's
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    if value.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    # The same text as strftime("%Y-%m-%d %H:%M:%S.%f"), with less work per call.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def sql_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


_INSERTS: dict[tuple[str, tuple[str, ...]], str] = {}


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    # Made once per table and set of columns: the writers call with the same few.
    sql = _INSERTS.get((table, columns))
    if sql is None:
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        _INSERTS[(table, columns)] = sql
    return sql


def insert(cur: driver.Cursor, table: str, row: Mapping[str, object]) -> int:
    """INSERT one row; returns its rowid."""
    cur.execute(_insert_sql(table, tuple(row)), tuple(row.values()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_many(cur: driver.Cursor, table: str, rows: Sequence[Mapping[str, object]]) -> None:
    """INSERT rows that all have the same columns."""
    if not rows:
        return
    cur.executemany(_insert_sql(table, tuple(rows[0])), [tuple(r.values()) for r in rows])
