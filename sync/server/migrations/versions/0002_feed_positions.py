"""Feed positions: each stream numbered without gaps, and changes stored as served.

Every change gets its position in its stream (an office, or "*"), in the order
of its id, which is the order it was published in before (one writer at a
time on the databases this ran on); the heads remember the last position of
each stream. Each stored body becomes the change exactly as served, with its
change id and instant.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:10:00
"""

import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "x_feed_head",
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("office_code"),
    )
    with op.batch_alter_table("x_change") as batch:
        batch.add_column(sa.Column("position", sa.BigInteger(), nullable=True))
    _number_existing_changes()
    with op.batch_alter_table("x_change") as batch:
        batch.alter_column("position", existing_type=sa.BigInteger(), nullable=False)
        batch.drop_index("ix_x_change_office_code")
        batch.create_unique_constraint("uq_x_change_position", ["office_code", "position"])


def _number_existing_changes() -> None:
    conn = op.get_bind()
    change = sa.table(
        "x_change",
        sa.column("id", sa.Integer()),
        sa.column("office_code", sa.String()),
        sa.column("position", sa.BigInteger()),
        sa.column("body", sa.Text()),
        sa.column("created_at", sa.DateTime()),
    )
    head = sa.table(
        "x_feed_head", sa.column("office_code", sa.String()), sa.column("last_position")
    )
    last: dict[str, int] = {}
    rows = conn.execute(
        sa.select(change.c.id, change.c.office_code, change.c.body, change.c.created_at)
        .order_by(change.c.id)
    ).all()
    update = (
        sa.update(change)
        .where(change.c.id == sa.bindparam("row_id"))
        .values(position=sa.bindparam("new_position"), body=sa.bindparam("new_body"))
    )
    for start in range(0, len(rows), _BATCH):
        params = []
        for row_id, office, body, created_at in rows[start : start + _BATCH]:
            position = last.get(office, 0) + 1
            last[office] = position
            served = {
                "change_id": f"{'g' if office == '*' else 'c'}{position}",
                "at": created_at.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
                **json.loads(body),
            }
            params.append(
                {
                    "row_id": row_id,
                    "new_position": position,
                    "new_body": json.dumps(served, ensure_ascii=False, separators=(",", ":")),
                }
            )
        conn.execute(update, params)
    if last:
        conn.execute(
            sa.insert(head), [{"office_code": o, "last_position": p} for o, p in last.items()]
        )


def downgrade() -> None:
    with op.batch_alter_table("x_change") as batch:
        batch.drop_constraint("uq_x_change_position", type_="unique")
        batch.drop_column("position")
        batch.create_index("ix_x_change_office_code", ["office_code"])
    op.drop_table("x_feed_head")
