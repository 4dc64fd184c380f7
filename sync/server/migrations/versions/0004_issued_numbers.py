"""One case per acceptance number in an office, and each desk's highest number by day.

The highest numbers are found in the cases taken so far (intakes refused
before this revision were kept without their payload, so their numbers are
not known). An office that already holds two cases under one number cannot be
upgraded until an operator decides which one keeps it: the revision stops and
names them, changing nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 19:00:00
"""

import re
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_NUMBER = re.compile(r"^([A-Z0-9]{2,12})-([0-9]{2})-([0-9]{8})-([0-9]{4,5})$")


def upgrade() -> None:
    conn = op.get_bind()
    case = sa.table(
        "x_case",
        sa.column("office_code", sa.String()),
        sa.column("desk_code", sa.String()),
        sa.column("acceptance_no", sa.String()),
    )
    twice = conn.execute(
        sa.select(case.c.office_code, case.c.acceptance_no)
        .group_by(case.c.office_code, case.c.acceptance_no)
        .having(sa.func.count() > 1)
        .order_by(case.c.office_code, case.c.acceptance_no)
        .limit(20)
    ).all()
    if twice:
        shown = ", ".join(f"{office} {number}" for office, number in twice)
        raise RuntimeError(
            f"x_case holds two or more cases under one acceptance number ({shown}); "
            "decide which case keeps each number, then run the upgrade again"
        )
    with op.batch_alter_table("x_case") as batch:  # SQLite alters a table by copying it
        batch.create_unique_constraint("uq_x_case_acceptance_no", ["office_code", "acceptance_no"])
    issued = op.create_table(
        "x_issued_number",
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("desk_code", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "desk_code", "day"),
    )
    last: dict[tuple[str, str, date], int] = {}
    for office, desk, number in conn.execute(
        sa.select(case.c.office_code, case.c.desk_code, case.c.acceptance_no)
    ):
        match = _NUMBER.match(number)
        if match is None or match[1] != office or match[2] != desk:
            continue
        try:
            day = date(int(match[3][:4]), int(match[3][4:6]), int(match[3][6:]))
        except ValueError:
            continue
        key = (office, desk, day)
        last[key] = max(last.get(key, 0), int(match[4]))
    if last:
        op.bulk_insert(issued, [
            {"office_code": o, "desk_code": d, "day": day, "last_seq": seq}
            for (o, d, day), seq in sorted(last.items())
        ])


def downgrade() -> None:
    op.drop_table("x_issued_number")
    with op.batch_alter_table("x_case") as batch:
        batch.drop_constraint("uq_x_case_acceptance_no", type_="unique")
