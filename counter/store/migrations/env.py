"""Alembic environment for the local store.

Run through `counter.store.schema.migrate`, which hands in an open connection; the
models' metadata is the target for autogenerate.
"""

from alembic import context
from sqlmodel import SQLModel

import counter.store.models  # noqa: F401 - registers the tables on SQLModel.metadata

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copy; batch mode does that for us
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
