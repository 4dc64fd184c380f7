"""Plain SQL on a session's own DB-API connection, for the statements of every request.

An upload runs about ten statements. Through SQLAlchemy each cost 0.7–1.7 ms of
a worker's CPU on the reference machine (building, caching and compiling the
statement, converting every parameter and row), four times what the same
text costs on the driver's cursor; that was more than the batch's own checks.
The hot statements are therefore written once as text and run on the cursor
of the connection the session's transaction holds: same transaction, same
rows, only the overhead differs.

- SQL is written with ``?`` placeholders; PostgreSQL gets ``%s``.
- Values go through each column's own SQLAlchemy conversion (an aware instant
  to the naive UTC value stored, SQLite's text forms), and come back through
  it, so rows read the same either way.
- A driver error is raised as SQLAlchemy's wrapper of it (`IntegrityError`,
  `OperationalError`, ...) with the parameters hidden (they hold ID numbers),
  so the route's retry and the 503 answer treat it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

_KEY = "sync.server.rawsql"
_NOTHING = object()
_TEXTS: dict[tuple[str, str], str] = {}


class Raw:
    """The DB-API connection of one transaction, with its dialect's placeholders."""

    def __init__(self, dbapi_connection: Any, dialect: Dialect) -> None:
        self.connection = dbapi_connection
        self.dialect = dialect
        self.postgres = dialect.name == "postgresql"

    def text(self, sql: str) -> str:
        """`sql` with the driver's placeholders."""
        key = (self.dialect.name, sql)
        found = _TEXTS.get(key)
        if found is None:
            found = sql.replace("?", "%s") if self.postgres else sql
            _TEXTS[key] = found
        return found

    def any_of(self, column: str, values: Sequence[object]) -> tuple[str, list]:
        """`column` among `values`: one array parameter on PostgreSQL, an IN list elsewhere."""
        if self.postgres:
            return f"{column} = ANY(?)", [list(values)]
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._errors(sql):
            cursor = self.connection.cursor()
            try:
                cursor.execute(self.text(sql), params)
                return cursor.fetchall()
            finally:
                cursor.close()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        with self._errors(sql):
            cursor = self.connection.cursor()
            try:
                cursor.execute(self.text(sql), params)
            finally:
                cursor.close()

    def run_many(self, sql: str, params: Sequence[Sequence[object]]) -> None:
        with self._errors(sql):
            cursor = self.connection.cursor()
            try:
                cursor.executemany(self.text(sql), params)
            finally:
                cursor.close()

    def to_db(self, table: Table, names: Sequence[str]) -> list[Callable[[Any], Any] | None]:
        """Each column's conversion of a value to what the driver is given (None: as is)."""
        # The dialect's own form of each type (SQLite's text forms of dates and instants).
        return [table.c[name].type.dialect_impl(self.dialect).bind_processor(self.dialect)
                for name in names]

    def values(self, table: Table, rows: Sequence[dict]) -> Iterator[list]:
        """Each row's values (in its keys' order) as the driver is given them.

        A batch's rows share their instants (the batch's `now`): a value that is the
        very object of the row before is not converted again.
        """
        names = list(rows[0])
        convert = self.to_db(table, names)
        last: list[tuple[object, object]] = [(_NOTHING, None)] * len(names)
        for row in rows:
            out = []
            for n, (name, f) in enumerate(zip(names, convert, strict=True)):
                value = row[name]
                if f is None:
                    out.append(value)
                    continue
                seen, made = last[n]
                if seen is not value:
                    made = f(value)
                    last[n] = (value, made)
                out.append(made)
            yield out

    def from_db(self, table: Table, name: str) -> Callable[[Any], Any]:
        """The column's conversion of a stored value to what SQLAlchemy would return."""
        own = table.c[name].type.dialect_impl(self.dialect)
        return own.result_processor(self.dialect, None) or _same

    @contextmanager
    def _errors(self, sql: str) -> Iterator[None]:
        try:
            yield
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                sql, None, exc, self.dialect.loaded_dbapi.Error, hide_parameters=True,
                dialect=self.dialect,
            ) from exc


def _same(value: Any) -> Any:
    return value


def raw(session: Session) -> Raw:
    """The raw connection of `session`'s current transaction (begun if need be)."""
    transaction = session.get_transaction()
    cached = session.info.get(_KEY)
    if cached is None or cached[0] is not transaction or transaction is None:
        connection = session.connection()
        found = Raw(connection.connection.driver_connection, connection.dialect)
        cached = (session.get_transaction(), found)
        session.info[_KEY] = cached
    return cached[1]


@contextmanager
def pooled(engine: Engine) -> Iterator[Raw]:
    """A connection of the engine's pool for a read outside any session; back to the pool after."""
    base = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()
    except base as exc:  # the database away: wrapped, as a session's checkout would be
        raise DBAPIError.instance(None, None, exc, base, hide_parameters=True,
                                  dialect=engine.dialect) from exc
    try:
        yield Raw(connection.driver_connection, engine.dialect)
    finally:
        connection.close()
