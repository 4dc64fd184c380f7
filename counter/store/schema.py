"""Bring a store's schema to the current version with Alembic.

Every schema change is a migration under `counter/store/migrations/versions`, from the
first schema on, so a desk's database is upgraded in place and never rebuilt.

Opening a desk whose store is already current is the common case (every
morning), and importing Alembic costs about a third of a second, so `migrate`
first compares the store's revision with the newest migration's, both read
without Alembic, and loads Alembic only to upgrade.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from counter.store.database import Store

if TYPE_CHECKING:
    from alembic.config import Config

_VERSIONS = files("counter.store") / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("counter.store") / "migrations"))
    return cfg


def head_revision() -> str | None:
    """The newest migration's revision, as Alembic sees it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def declared_revisions() -> set[str]:
    """Every revision the migration files declare (a store at any of them can be upgraded)."""
    return {revision for revision, _down in _declarations()}


def _declarations() -> list[tuple[str, str | None]]:
    """(revision, down_revision) of each migration file, read without Alembic."""
    found = []
    for entry in _VERSIONS.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        source = entry.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        if revision is None:
            continue
        down = _DOWN.search(source)
        found.append((revision.group(1), down.group(1) if down is not None else None))
    return found


def declared_head() -> str | None:
    """The newest migration's revision, read from the migration files' declarations.

    The one revision no other file names as its `down_revision`. With several
    heads (a merge left undone) there is no single answer: None, and `migrate`
    lets Alembic decide.
    """
    declared = _declarations()
    heads = {revision for revision, _ in declared} - {down for _, down in declared if down}
    return heads.pop() if len(heads) == 1 else None


def current_revision(store: Store) -> str | None:
    """The revision recorded in the store (None for an empty or new store)."""
    with store.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no table yet: a new store
            return None


def migrate(store: Store) -> None:
    """Upgrade the store to the newest schema; cheap when it is already there."""
    head = declared_head()
    if head is not None and current_revision(store) == head:
        return
    from alembic import command

    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
