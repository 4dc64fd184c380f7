"""Alembic environment for the exchange platform's database.

Run through `sync.server.schema.upgrade`, which hands in a connection that is
already inside a transaction and holds the deployment's schema lock; the
platform's table metadata is the target for autogenerate.
"""

from alembic import context

from sync.server.tables import METADATA

VERSION_TABLE = "x_alembic_version"


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
