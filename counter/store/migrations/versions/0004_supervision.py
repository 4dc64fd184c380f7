"""day close, evaluations, other desks' cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 06:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_close",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_name", sa.String(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.Column("unconfirmed", sa.Integer(), nullable=False),
        sa.Column("override_reason", sa.String(), nullable=False),
        sa.Column("report_file", sa.String(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by_name", sa.String(), nullable=False),
        sa.Column("reopen_reason", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("day_close", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_close_local_date"), ["local_date"], unique=False)

    op.create_table(
        "evaluation",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("visit", sa.String(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("clerk_name", sa.String(), nullable=False),
        sa.Column("follow_up", sa.String(), nullable=False),
        sa.Column("follow_up_note", sa.String(), nullable=False),
        sa.Column("followed_by_name", sa.String(), nullable=False),
        sa.Column("followed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_record.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "visit"),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_local_date"), ["local_date"],
                              unique=False)

    op.create_table(
        "office_case",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("acceptance_no", sa.String(), nullable=False),
        sa.Column("desk_code", sa.String(), nullable=False),
        sa.Column("clerk_name", sa.String(), nullable=False),
        sa.Column("service_code", sa.String(), nullable=False),
        sa.Column("service_name", sa.String(), nullable=False),
        sa.Column("applicant_name", sa.String(), nullable=False),
        sa.Column("applicant_id_masked", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("acceptance_no"),
    )
    with op.batch_alter_table("office_case", schema=None) as batch_op:
        batch_op.create_index("ix_office_case_local_date_accepted", ["local_date", "accepted_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("office_case", schema=None) as batch_op:
        batch_op.drop_index("ix_office_case_local_date_accepted")
    op.drop_table("office_case")
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_local_date"))
        batch_op.drop_index(batch_op.f("ix_evaluation_case_id"))
    op.drop_table("evaluation")
    with op.batch_alter_table("day_close", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_close_local_date"))
    op.drop_table("day_close")
