"""The platform's schema and what is made once per deployment, whatever the number of workers.

Every worker process calls `prepare` as it starts. On PostgreSQL the whole
preparation — Alembic's upgrade, the reference data, the signing key and the
cursor key — runs in one transaction that first takes a transaction-level
advisory lock, so workers starting together queue on it: the first does the
work, the others find it done. A database made before migrations existed (by
``create_all``) is stamped with the first revision and upgraded from there.
SQLite serves one process (a demo or a test), where its own write lock is
enough.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("sync.server.schema")

VERSION_TABLE = "x_alembic_version"
# pg_advisory_xact_lock keys: any 64-bit numbers, fixed for the deployment.
PREPARE_LOCK = 0x636F756E_74657201  # "counter" 1
SIMULATOR_LOCK = 0x636F756E_74657202


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("sync.server") / "migrations"))
    return cfg


def unhurried(conn: Connection) -> None:
    """Lift the request timeouts for the rest of `conn`'s transaction (PostgreSQL).

    A request must give up before the desk's client does (`sync.server.db`);
    preparing the schema must not. A migration of a large table, or a slow
    disk, can take longer than a request may, and the workers queued on the
    deployment's lock must wait for it rather than time out, die and be
    started again while the first is still at work.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL statement_timeout = 0"))
        conn.execute(text("SET LOCAL lock_timeout = 0"))


def take_lock(conn: Connection, key: int, wait: bool = True) -> bool:
    """Take a lock held to the end of `conn`'s transaction; False if busy and not waiting.

    Only PostgreSQL has such locks; elsewhere (SQLite, one process) it is always taken.
    """
    if conn.dialect.name != "postgresql":
        return True
    if wait:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        return True
    return bool(conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar())


def current_revision(conn: Connection) -> str | None:
    names = set(inspect(conn).get_table_names())
    if VERSION_TABLE in names:
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return "0001" if "x_meta" in names else None


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Bring the schema on `conn` (inside a transaction) to `revision`."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    if VERSION_TABLE not in inspect(conn).get_table_names() and current_revision(conn):
        log.info("stamping a database made before migrations with revision 0001")
        command.stamp(cfg, "0001")
    command.upgrade(cfg, revision)


def prepare(engine: Engine, seed_demo: bool) -> None:
    """Schema at the newest revision, reference data, keys: once, under the deployment lock."""
    from sync.server.seed import seed_demo_holdings, seed_reference_data

    with engine.begin() as conn:
        unhurried(conn)
        take_lock(conn, PREPARE_LOCK)
        upgrade(conn)
        with Session(bind=conn) as session:
            seed_reference_data(session)
            if seed_demo:
                seed_demo_holdings(session)
            session.flush()


def drop_everything(engine: Engine) -> None:
    """Remove every table of the platform, the migration record included (tests, resets)."""
    from sync.server.tables import METADATA

    with engine.begin() as conn:
        METADATA.drop_all(conn)
        conn.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
