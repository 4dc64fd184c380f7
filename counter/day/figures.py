"""The figures of the supervisor's daily report (日报) for one office-local day.

What the day brought in — cases taken in, by service item, department, clerk
and present state — and what needs attention as of that day: open cases past
their promised date (overdue) or within a few working days of it (due soon),
and what has not reached the exchange platform (backlog, dead letters).

Everything is counted by SQL aggregates on the store's indexes, so the report
costs the same few queries whatever the size of the store; only the lists of
overdue and due-soon cases and of dead letters are read row by row, and those
are capped (the totals are always exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session

from counter.cases.lifecycle import CaseState
from counter.catalog.workcal import WorkCalendar
from counter.store import driver, rawsql

__all__ = [
    "OPEN_STATES",
    "CountRow",
    "DailyFigures",
    "DeadLetterRow",
    "DeadlineRow",
    "daily_figures",
]

OPEN_STATES: tuple[CaseState, ...] = (
    CaseState.ACCEPTED,
    CaseState.ACCEPTED_PENDING,
    CaseState.SUBMITTED,
    CaseState.IN_REVIEW,
)
"""States in which a promised date still runs: accepted and not yet decided."""

DEFAULT_DUE_SOON_DAYS = 2
DEFAULT_LIST_LIMIT = 500


@dataclass(frozen=True)
class CountRow:
    """One line of a breakdown: a key (code, id or state), its printed name, a count."""

    key: str
    name: str
    count: int
    detail: str = ""  # e.g. the department of a service item


@dataclass(frozen=True)
class DeadlineRow:
    """An open case with a promised date, and how it stands against that date.

    `working_days` is the working days left until the due date (0: due on the
    report day) or, negative, the working days it is overdue.
    """

    acceptance_no: str
    service_name: str
    department: str
    applicant_name: str
    clerk_name: str
    state: str
    accepted_on: date
    due_date: date
    working_days: int


@dataclass(frozen=True)
class DeadLetterRow:
    """An outbox item the platform refused, with its case's acceptance number."""

    acceptance_no: str
    kind: str
    reason: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class DailyFigures:
    """Everything the daily report prints, as plain values (no store, no Qt)."""

    office_code: str
    office_name: str
    day: date
    generated_at: datetime  # aware, as the caller wants it printed (office zone)
    total: int
    by_item: tuple[CountRow, ...]
    by_department: tuple[CountRow, ...]
    by_clerk: tuple[CountRow, ...]
    by_state: tuple[CountRow, ...]
    by_decision: tuple[CountRow, ...]
    due_soon_days: int
    overdue_total: int
    overdue: tuple[DeadlineRow, ...]
    due_soon_total: int
    due_soon: tuple[DeadlineRow, ...]
    backlog: int
    oldest_backlog_at: datetime | None
    dead_total: int
    dead_letters: tuple[DeadLetterRow, ...] = field(default=())

    @property
    def lists_cut(self) -> bool:
        """Whether a list holds fewer rows than its total (the report says so)."""
        return (
            len(self.overdue) < self.overdue_total
            or len(self.due_soon) < self.due_soon_total
            or len(self.dead_letters) < self.dead_total
        )


_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATES)

_DAY_SQL = {
    "by_item": """
        SELECT service_code, max(service_name), count(*), max(department)
        FROM case_record WHERE local_date = ?
        GROUP BY service_code ORDER BY count(*) DESC, service_code""",
    "by_department": """
        SELECT department, department, count(*), ''
        FROM case_record WHERE local_date = ?
        GROUP BY department ORDER BY count(*) DESC, department""",
    "by_clerk": """
        SELECT clerk_id, max(clerk_name), count(*), group_concat(DISTINCT desk_code)
        FROM case_record WHERE local_date = ?
        GROUP BY clerk_id ORDER BY count(*) DESC, clerk_id""",
    "by_state": """
        SELECT state, state, count(*), ''
        FROM case_record WHERE local_date = ?
        GROUP BY state ORDER BY count(*) DESC, state""",
    "by_decision": """
        SELECT decision, decision, count(*), ''
        FROM case_record WHERE local_date = ?
        GROUP BY decision ORDER BY count(*) DESC, decision""",
}

_DEADLINE_WHERE = f"state IN ({_OPEN}) AND due_date IS NOT NULL AND due_date {{cond}}"
_DEADLINE_COUNT = "SELECT count(*) FROM case_record WHERE " + _DEADLINE_WHERE
_DEADLINE_ROWS = (
    "SELECT acceptance_no, service_name, department, applicant_name, clerk_name, state,"
    " local_date, due_date FROM case_record WHERE "
    + _DEADLINE_WHERE
    + " ORDER BY due_date, accepted_at, acceptance_no LIMIT ?"
)

_DEAD_SQL = """
SELECT coalesce(c.acceptance_no, ''), o.kind, o.last_error, o.attempts, o.created_at
FROM outbox_item AS o LEFT JOIN case_record AS c ON c.id = o.case_id
WHERE o.state = 'dead' ORDER BY o.id LIMIT ?
"""


def daily_figures(
    session: Session,
    day: date,
    *,
    calendar: WorkCalendar,
    office_code: str,
    office_name: str,
    generated_at: datetime,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    list_limit: int = DEFAULT_LIST_LIMIT,
) -> DailyFigures:
    """The figures for office-local `day`, read in one read session.

    Breakdowns count the cases taken in on `day`. Overdue and due-soon cases are
    the open cases (OPEN_STATES) of any intake day, judged as of `day`: overdue
    when the due date is before `day`; due soon when it falls on `day` or within
    the next `due_soon_days` working days (the calendar's holidays and make-up
    working days count). Backlog and dead letters are the outbox as it is now.
    """
    if due_soon_days < 0:
        raise ValueError("due_soon_days must not be negative")
    if generated_at.utcoffset() is None:
        raise ValueError("generated_at must be timezone-aware")
    cur = rawsql.cursor(session)
    iso = day.isoformat()
    breakdowns = {name: _counts(cur, sql, iso) for name, sql in _DAY_SQL.items()}
    total = sum(row.count for row in breakdowns["by_state"])

    horizon = calendar.add_working_days(day, due_soon_days).due.isoformat()
    overdue_cond, overdue_args = "< ?", (iso,)
    soon_cond, soon_args = "BETWEEN ? AND ?", (iso, horizon)
    overdue_total = _count(cur, _DEADLINE_COUNT.format(cond=overdue_cond), overdue_args)
    soon_total = _count(cur, _DEADLINE_COUNT.format(cond=soon_cond), soon_args)
    overdue = _deadline_rows(cur, overdue_cond, overdue_args, list_limit, day, calendar)
    soon = _deadline_rows(cur, soon_cond, soon_args, list_limit, day, calendar)

    backlog, oldest = cur.execute(
        "SELECT count(*), min(created_at) FROM outbox_item WHERE state = 'pending'"
    ).fetchone()
    dead_total = _count(cur, "SELECT count(*) FROM outbox_item WHERE state = 'dead'", ())
    dead = tuple(
        DeadLetterRow(number, kind, reason, attempts, _utc(created))
        for number, kind, reason, attempts, created in cur.execute(_DEAD_SQL, (list_limit,))
    )
    return DailyFigures(
        office_code=office_code,
        office_name=office_name,
        day=day,
        generated_at=generated_at,
        total=total,
        by_item=breakdowns["by_item"],
        by_department=breakdowns["by_department"],
        by_clerk=breakdowns["by_clerk"],
        by_state=breakdowns["by_state"],
        by_decision=breakdowns["by_decision"],
        due_soon_days=due_soon_days,
        overdue_total=overdue_total,
        overdue=overdue,
        due_soon_total=soon_total,
        due_soon=soon,
        backlog=backlog,
        oldest_backlog_at=_utc(oldest) if oldest else None,
        dead_total=dead_total,
        dead_letters=dead,
    )


def _counts(cur: driver.Cursor, sql: str, iso_day: str) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(str(key), str(name or ""), count, str(detail or ""))
        for key, name, count, detail in cur.execute(sql, (iso_day,))
    )


def _count(cur: driver.Cursor, sql: str, args: Sequence[object]) -> int:
    return int(cur.execute(sql, tuple(args)).fetchone()[0])


def _deadline_rows(
    cur: driver.Cursor,
    cond: str,
    args: Sequence[object],
    limit: int,
    day: date,
    calendar: WorkCalendar,
) -> tuple[DeadlineRow, ...]:
    rows = []
    for number, service, department, applicant, clerk, state, local, due in cur.execute(
        _DEADLINE_ROWS.format(cond=cond), (*args, limit)
    ):
        due_date = date.fromisoformat(due)
        rows.append(
            DeadlineRow(
                acceptance_no=number,
                service_name=service,
                department=department,
                applicant_name=applicant,
                clerk_name=clerk,
                state=state,
                accepted_on=date.fromisoformat(local),
                due_date=due_date,
                working_days=calendar.working_days_between(day, due_date),
            )
        )
    return tuple(rows)


def _utc(stamp: str | datetime) -> datetime:
    # The store keeps naive UTC text; hand back an aware instant.
    value = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(stamp)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
