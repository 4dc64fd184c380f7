"""The platform's own due date for each case, which a deadline extension moves.

Every case gets the due date of its intake payload as received (none when the
intake had none). Extensions taken before this revision were kept only as
answered items, without their dates, so such a case keeps its intake's date
here until its next extension.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 09:30:00
"""

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("x_case") as batch:
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
    _due_dates_from_intakes()


def _due_dates_from_intakes() -> None:
    """Each case's due date from its stored intake payload, a thousand cases at a time."""
    conn = op.get_bind()
    case = sa.table(
        "x_case",
        sa.column("id", sa.Integer()),
        sa.column("payload", sa.Text()),
        sa.column("due_date", sa.Date()),
    )
    update = (
        sa.update(case)
        .where(case.c.id == sa.bindparam("row_id"))
        .values(due_date=sa.bindparam("new_due", type_=sa.Date()))
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(case.c.id, case.c.payload)
            .where(case.c.id > last)
            .order_by(case.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        params = []
        for row_id, payload in rows:
            due = json.loads(payload).get("due_date")
            if due:
                params.append({"row_id": row_id, "new_due": date.fromisoformat(due)})
        if params:
            conn.execute(update, params)


def downgrade() -> None:
    with op.batch_alter_table("x_case") as batch:
        batch.drop_column("due_date")
