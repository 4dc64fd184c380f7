"""pinned platform keys and certificate prints

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 02:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_key",
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("alg", sa.String(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "certificate_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("print_no", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_id", "print_no"),
    )
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_print_certificate_id"), ["certificate_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_print_certificate_id"))

    op.drop_table("certificate_print")
    op.drop_table("platform_key")
