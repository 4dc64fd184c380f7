"""statistics cache of past days, kept exact by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 07:20:00.000000

The supervisor's statistics over a year read the grouped figures of past
days from `stat_fact` and `stat_result_day` (see counter.reports.statistics). A day's
rows are trusted while its `stat_day` row exists; the triggers below delete
the three whenever a write could change that day's figures, whoever writes
(the ORM, raw SQL, the sync engine's plain-SQL apply), so no writer has to
know about the cache.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_RESULT = "kind = 'transition' AND {row}.to_state IN ('approved', 'rejected')"


def _forget(days: str) -> str:
    """The statements that drop the cached figures of the days `days` (an SQL list)."""
    return "\n".join(
        f"  DELETE FROM {table} WHERE local_date IN ({days});"
        for table in ("stat_day", "stat_fact", "stat_result_day")
    )


def _case_day(row: str) -> str:
    return f"(SELECT local_date FROM case_record WHERE id = {row}.case_id)"


# Columns of case_record the figures read; an update that changes none of them
# (the sync engine rewrites rows as they are) keeps the cache.
_CASE_COLUMNS = ("state", "due_date", "service_code", "department", "clerk_id", "decision",
                 "local_date", "accepted_at", "service_name", "clerk_name")

TRIGGERS = {
    "stat_forget_case_insert": f"""
CREATE TRIGGER stat_forget_case_insert AFTER INSERT ON case_record
BEGIN
{_forget("NEW.local_date")}
END""",
    "stat_forget_case_update": f"""
CREATE TRIGGER stat_forget_case_update
AFTER UPDATE OF {", ".join(_CASE_COLUMNS)} ON case_record
WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _CASE_COLUMNS)}
BEGIN
{_forget("OLD.local_date, NEW.local_date")}
END""",
    "stat_forget_case_delete": f"""
CREATE TRIGGER stat_forget_case_delete AFTER DELETE ON case_record
BEGIN
{_forget("OLD.local_date")}
END""",
    "stat_forget_result_insert": f"""
CREATE TRIGGER stat_forget_result_insert AFTER INSERT ON case_event
WHEN NEW.{_RESULT.format(row="NEW")}
BEGIN
{_forget(_case_day("NEW"))}
END""",
    "stat_forget_result_delete": f"""
CREATE TRIGGER stat_forget_result_delete AFTER DELETE ON case_event
WHEN OLD.{_RESULT.format(row="OLD")}
BEGIN
{_forget(_case_day("OLD"))}
END""",
    "stat_forget_result_update": f"""
CREATE TRIGGER stat_forget_result_update
AFTER UPDATE OF case_id, kind, to_state, at ON case_event
WHEN (OLD.{_RESULT.format(row="OLD")}) OR (NEW.{_RESULT.format(row="NEW")})
BEGIN
{_forget(_case_day("OLD") + ", " + _case_day("NEW"))}
END""",
}


def upgrade() -> None:
    op.create_table(
        "stat_day",
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("local_date"),
    )
    op.create_table(
        "stat_fact",
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("service_code", sa.String(), nullable=False),
        sa.Column("department", sa.String(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("service_name", sa.String(), nullable=False),
        sa.Column("clerk_name", sa.String(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.Column("result_hours", sa.Float(), nullable=True),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.Column("late_decided", sa.Integer(), nullable=False),
        # Keyed, and stored (WITHOUT ROWID), in the order the statistics sum the groups:
        # a year's groups are summed in one pass without sorting them.
        sa.PrimaryKeyConstraint("service_code", "department", "clerk_id", "decision",
                                "outcome", "local_date"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("stat_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stat_fact_local_date"), ["local_date"],
                              unique=False)
    op.create_table(
        "stat_result_day",
        sa.Column("local_date", sa.String(), nullable=False),
        sa.Column("result_date", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("local_date", "result_date"),
    )
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("stat_result_day")
    with op.batch_alter_table("stat_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stat_fact_local_date"))
    op.drop_table("stat_fact")
    op.drop_table("stat_day")
