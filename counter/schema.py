"""Bring a store's schema to the current version with Alembic.

Every schema change is a migration under `counter/migrations/versions`, from the
first schema on, so a desk's database is upgraded in place and never rebuilt.
"""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from counter.store import Store


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("counter") / "migrations"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(store: Store) -> None:
    """Upgrade the store to the newest schema; cheap when it is already there."""
    if current_revision(store) == head_revision():
        return
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
