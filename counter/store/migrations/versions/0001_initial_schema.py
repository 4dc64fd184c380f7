"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 03:04:39.285350
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "case_record",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("acceptance_no", sa.String(), nullable=False),
        sa.Column("office_code", sa.String(), nullable=False),
        sa.Column("desk_code", sa.String(), nullable=False),
        sa.Column("service_code", sa.String(), nullable=False),
        sa.Column("service_name", sa.String(), nullable=False),
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("applicant_kind", sa.String(), nullable=False),
        sa.Column("applicant_name", sa.String(), nullable=False),
        sa.Column("applicant_id_type", sa.String(), nullable=False),
        sa.Column("applicant_id_number", sa.String(), nullable=False),
        sa.Column("applicant_phone", sa.String(), nullable=False),
        sa.Column("applicant_address", sa.String(), nullable=False),
        sa.Column("legal_rep_name", sa.String(), nullable=False),
        sa.Column("agent_name", sa.String(), nullable=False),
        sa.Column("agent_id_type", sa.String(), nullable=False),
        sa.Column("agent_id_number", sa.String(), nullable=False),
        sa.Column("agent_phone", sa.String(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("makeup_deadline", sa.Date(), nullable=True),
        sa.Column("commitment_signed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("clerk_name", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("acceptance_no"),
    )
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_local_date_accepted", ["local_date", "accepted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_record_service_code"), ["service_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_record_state"), ["state"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "number_sequence",
        sa.Column("office_code", sa.String(), nullable=False),
        sa.Column("desk_code", sa.String(), nullable=False),
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "desk_code", "day"),
    )
    op.create_table(
        "outbox_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("outbox_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_item_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_item_state"), ["state"], unique=False)

    op.create_table(
        "service_item",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("department_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("legal_days", sa.Integer(), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("promise", sa.String(), nullable=False),
        sa.Column("fee_yuan", sa.String(), nullable=False),
        sa.Column("result_name", sa.String(), nullable=False),
        sa.Column("result_name_en", sa.String(), nullable=False),
        sa.Column("for_company", sa.Boolean(), nullable=False),
        sa.Column("keywords", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("service_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_item_department"), ["department"], unique=False
        )

    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_username"), ["username"], unique=True)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("from_state", sa.String(), nullable=False),
        sa.Column("to_state", sa.String(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("data", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("key", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_material_case_id"), ["case_id"], unique=False)

    op.create_table(
        "material_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("key", sa.Boolean(), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        sa.Column("shared_doc_type", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_code"],
            ["service_item.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_code", "code"),
    )
    with op.batch_alter_table("material_requirement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_material_requirement_item_code"), ["item_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("material_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_requirement_item_code"))

    op.drop_table("material_requirement")
    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_material_case_id"))

    op.drop_table("case_material")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))

    op.drop_table("case_event")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_username"))

    op.drop_table("user")
    with op.batch_alter_table("service_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_item_department"))

    op.drop_table("service_item")
    with op.batch_alter_table("outbox_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_item_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_item_case_id"))

    op.drop_table("outbox_item")
    op.drop_table("number_sequence")
    op.drop_table("meta")
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_record_state"))
        batch_op.drop_index(batch_op.f("ix_case_record_service_code"))
        batch_op.drop_index("ix_case_local_date_accepted")

    op.drop_table("case_record")
    op.drop_table("calendar_year")
    op.drop_table("calendar_day")
    op.drop_table("audit_entry")
