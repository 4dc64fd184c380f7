"""Engine and sessions for the platform's database: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine, Table, any_, bindparam, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from sync.server.rawsql import Raw, raw
from sync.server.tables import MetaRow

_META: Table = MetaRow.__table__  # type: ignore[attr-defined]


# PostgreSQL: give up on a connection or a statement well before a desk's read timeout
# (10 s), so a database that is down or stuck gets a 503 the desk retries, never a hang.
CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 7000
POOL_TIMEOUT_S = 5.0


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout so the simulator and requests
    can write from different threads without "database is locked"; PostgreSQL gets a pool of
    `pool_size` connections (no overflow: the deployment's connection budget is fixed) and
    timeouts that end a wait before the client's."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
            f" -c lock_timeout={STATEMENT_TIMEOUT_MS}",
        },
    )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(MetaRow, key)
    return row.value if row else None


def meta_secret(session: Session, key: str) -> str:
    """A random secret kept in the database, created on first use (e.g. the cursor key).

    Two workers asking at once on a new database both propose one; the first
    stored stands and both return it.
    """
    value = get_meta(session, key)
    if value is not None:
        return value
    upsert = upsert_into(session, _META)
    session.execute(
        upsert.values(key=key, value=secrets.token_hex(32)).on_conflict_do_nothing()
    )
    session.expire_all()
    stored = get_meta(session, key)
    assert stored is not None
    return stored



def upsert_into(session: Session, table: Table):  # type: ignore[no-untyped-def]
    """An INSERT on `table` that takes ON CONFLICT clauses, in the session's dialect."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_many(
    session: Session, table: Table, rows: Sequence[dict], key: str | None = None
) -> dict[object, int]:
    """Insert `rows` (dicts with the same keys); with `key`, each row's id by its `key` value.

    On the transaction's own DB-API connection (`sync.server.rawsql`). On PostgreSQL the
    rows go by COPY: a multi-row INSERT … VALUES of thousands of placeholders, built and
    converted afresh for every batch, was a third of a worker's CPU under load. Elsewhere:
    one executemany of a fixed INSERT, then the ids read back by key.
    """
    if not rows:
        return {}
    db = raw(session)
    if db.postgres:
        return _copy_rows(db, table, rows, key)
    names = list(rows[0])
    db.run_many(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        list(db.values(table, rows)),
    )
    if key is None:
        return {}
    among, params = db.any_of(key, [row[key] for row in rows])
    found = db.rows(f"SELECT id, {key} FROM {table.name} WHERE {among}", params)
    return {value: row_id for row_id, value in found}


def _copy_rows(db: Raw, table: Table, rows: Sequence[dict], key: str | None) -> dict[object, int]:
    import psycopg

    names = list(rows[0])
    try:
        with db.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                # Each column's own conversion (an aware UTC instant to the naive value stored).
                for values in db.values(table, rows):
                    copy.write_row(values)
            if key is None:
                return {}
            cursor.execute(f"SELECT id, {key} FROM {table.name} WHERE {key} = ANY(%s)",
                           [[row[key] for row in rows]], binary=True)
            return {value: row_id for row_id, value in cursor}
    except psycopg.Error as exc:
        # Wrapped as a failed INSERT would be, so callers' retries and the 503 treat both alike.
        raise DBAPIError.instance(f"COPY {table.name}", None, exc, psycopg.Error,
                                  hide_parameters=True, dialect=db.dialect) from exc


def one_of(session: Session, column, values: Sequence[object]):  # type: ignore[no-untyped-def]
    """`column IN values` as a clause whose text does not grow with the values.

    On PostgreSQL that is ``column = ANY(array)``, one parameter, so the statement is
    compiled and converted once; elsewhere a plain IN list.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(list(values))
