"""The platform's first schema: the tables as they stood before migrations.

A database made by an earlier version with ``create_all`` holds exactly these
tables; `sync.server.schema.upgrade` stamps it with this revision and
upgrades it from here.

Revision ID: 0001
Revises:
Create Date: 2026-12-03 09:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "x_audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("desk_id", "entry_id"),
    )
    op.create_index("ix_x_audit_head_desk_id", "x_audit_head", ["desk_id"], unique=False)

    op.create_table(
        "x_calendar_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_index("ix_x_calendar_year_version", "x_calendar_year", ["version"], unique=False)

    op.create_table(
        "x_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("desk_code", sa.String(length=2), nullable=False),
        sa.Column("acceptance_no", sa.String(length=64), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("counter_state", sa.String(length=32), nullable=False),
        sa.Column("dept_state", sa.String(length=32), nullable=False),
        sa.Column("applicant_kind", sa.String(length=16), nullable=False),
        sa.Column("applicant_name", sa.String(), nullable=False),
        sa.Column("applicant_id_type", sa.String(length=40), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("dept_since", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_index("ix_x_case_office_code", "x_case", ["office_code"], unique=False)
    op.create_index("ix_x_case_progress", "x_case", ["dept_state", "received_at"], unique=False)

    op.create_table(
        "x_catalog_item",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_x_catalog_item_version", "x_catalog_item", ["version"], unique=False)

    op.create_table(
        "x_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_x_change_office_code", "x_change", ["office_code"], unique=False)

    op.create_table(
        "x_desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("desk_code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_code", "desk_code"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_x_desk_office_code", "x_desk", ["office_code"], unique=False)

    op.create_table(
        "x_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("desk_code", sa.String(length=2), nullable=False),
        sa.Column("visit", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("clerk", sa.String(length=64), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "visit"),
    )
    op.create_index(
        "ix_x_evaluation_evaluation_id", "x_evaluation", ["evaluation_id"], unique=False
    )
    op.create_index("ix_x_evaluation_office_code", "x_evaluation", ["office_code"], unique=False)

    op.create_table(
        "x_holding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("doc_type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("issuer", sa.String(), nullable=False),
        sa.Column("issued_at", sa.String(length=10), nullable=False),
        sa.Column("valid_until", sa.String(length=10), nullable=True),
        sa.Column("certificate_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_x_holding_id_number", "x_holding", ["id_number"], unique=False)

    op.create_table(
        "x_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "x_received_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_code", "idempotency_key"),
    )
    op.create_table(
        "x_signing_key",
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )


def downgrade() -> None:
    op.drop_table("x_signing_key")
    op.drop_table("x_received_item")
    op.drop_table("x_meta")
    op.drop_table("x_holding")
    op.drop_table("x_evaluation")
    op.drop_table("x_desk")
    op.drop_table("x_change")
    op.drop_table("x_catalog_item")
    op.drop_table("x_case")
    op.drop_table("x_calendar_year")
    op.drop_table("x_audit_head")
