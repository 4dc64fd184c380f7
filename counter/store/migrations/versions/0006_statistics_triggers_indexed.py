"""statistics cache triggers: indexed lookups, and nothing to do for a day not cached

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:30:00.000000

The triggers of 0005 ran their three DELETEs on every write they watch,
whatever the day: the intake (whose day, today, is never cached) and every
move the platform reports paid for them, 5 to 8 microseconds a row on a store
with a year of days cached. They are made again here with the same meaning:

- a trigger does nothing unless one of its days is in `stat_day`. The cached
  rows of a day are written together with its `stat_day` row and dropped
  together with it, so a day not in `stat_day` has nothing to drop; the
  upgrade drops any row left without its day, so that holds from here on;
- each day is compared with `=` rather than `IN (NEW.local_date)`: in a small
  model of these tables SQLite scanned the whole table for the IN list inside
  a trigger, and looked the day up in the index for `=`.
"""

import importlib

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TABLES = ("stat_day", "stat_fact", "stat_result_day")
_RESULT = "{row}.kind = 'transition' AND {row}.to_state IN ('approved', 'rejected')"

# Columns of case_record the figures read; an update that changes none of them
# (the sync engine rewrites rows as they are) keeps the cache. As in 0005.
_CASE_COLUMNS = ("state", "due_date", "service_code", "department", "clerk_id", "decision",
                 "local_date", "accepted_at", "service_name", "clerk_name")


def _forget(*days: str) -> str:
    """The statements that drop the cached figures of each day in `days` (SQL expressions)."""
    return "\n".join(
        f"  DELETE FROM {table} WHERE local_date = {day};" for day in days for table in _TABLES
    )


def _cached(*days: str) -> str:
    """True when one of `days` is cached."""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM stat_day WHERE local_date = {day})" for day in days
    )


def _case_day(row: str) -> str:
    return f"(SELECT local_date FROM case_record WHERE id = {row}.case_id)"


_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _CASE_COLUMNS)
_OLD_EVENT, _NEW_EVENT = _case_day("OLD"), _case_day("NEW")

TRIGGERS = {
    "stat_forget_case_insert": f"""
CREATE TRIGGER stat_forget_case_insert AFTER INSERT ON case_record
WHEN {_cached("NEW.local_date")}
BEGIN
{_forget("NEW.local_date")}
END""",
    "stat_forget_case_update": f"""
CREATE TRIGGER stat_forget_case_update
AFTER UPDATE OF {", ".join(_CASE_COLUMNS)} ON case_record
WHEN ({_CHANGED}) AND ({_cached("OLD.local_date", "NEW.local_date")})
BEGIN
{_forget("OLD.local_date", "NEW.local_date")}
END""",
    "stat_forget_case_delete": f"""
CREATE TRIGGER stat_forget_case_delete AFTER DELETE ON case_record
WHEN {_cached("OLD.local_date")}
BEGIN
{_forget("OLD.local_date")}
END""",
    "stat_forget_result_insert": f"""
CREATE TRIGGER stat_forget_result_insert AFTER INSERT ON case_event
WHEN {_RESULT.format(row="NEW")} AND ({_cached(_NEW_EVENT)})
BEGIN
{_forget(_NEW_EVENT)}
END""",
    "stat_forget_result_delete": f"""
CREATE TRIGGER stat_forget_result_delete AFTER DELETE ON case_event
WHEN {_RESULT.format(row="OLD")} AND ({_cached(_OLD_EVENT)})
BEGIN
{_forget(_OLD_EVENT)}
END""",
    "stat_forget_result_update": f"""
CREATE TRIGGER stat_forget_result_update
AFTER UPDATE OF case_id, kind, to_state, at ON case_event
WHEN (({_RESULT.format(row="OLD")}) OR ({_RESULT.format(row="NEW")}))
  AND ({_cached(_OLD_EVENT, _NEW_EVENT)})
BEGIN
{_forget(_OLD_EVENT, _NEW_EVENT)}
END""",
}


def _replace(triggers: dict[str, str]) -> None:
    for name, sql in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(sql)


def upgrade() -> None:
    for table in ("stat_fact", "stat_result_day"):
        op.execute(
            f"DELETE FROM {table} WHERE local_date NOT IN (SELECT local_date FROM stat_day)"
        )
    _replace(TRIGGERS)


def downgrade() -> None:
    before = importlib.import_module("counter.store.migrations.versions.0005_statistics_cache")
    _replace(before.TRIGGERS)
