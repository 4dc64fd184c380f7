"""The supervisor's statistics for a day or a range of office dates (统计).

What the counter took in over the range — cases by service item, department,
clerk and outcome — and how it went: correction and refusal rates of the
intakes, the time from acceptance to the department's result (hours and
working days), the share of cases decided on time, and the applicants'
ratings (好差评).

Everything is counted in SQL in a few passes over the range of
`ix_case_local_date_accepted`: one grouped pass gives every breakdown and the
timing sums at once, so a year costs a handful of queries, not a loop over
200,000 cases in Python. Working days need the calendar; they are computed
once per distinct (intake day, result day) pair, which a year has a few
thousand of at most.

A case's outcome is one of OUTCOMES: the departments' result once there is
one (approved or rejected, told apart for delivered cases by the transition
event that decided them), otherwise where the counter left it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlmodel import Session

from counter import rawsql
from counter.daily_figures import OPEN_STATES, CountRow
from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.users import Actor, Permission, require
from counter.workcal import WorkCalendar

__all__ = [
    "OUTCOMES",
    "OUTCOME_NAMES",
    "CaseStatistics",
    "EvaluationFigures",
    "Outcome",
    "Period",
    "case_statistics",
    "period_range",
]


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # accepted, the result still to come
    ACCEPTED_PENDING = "accepted_pending"
    CORRECTION_REQUESTED = "correction_requested"
    REFUSED = "refused"
    VOIDED = "voided"
    APPROVED = "approved"
    REJECTED = "rejected"


OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)

OUTCOME_NAMES = {
    Outcome.ACCEPTED: QT_TRANSLATE_NOOP("domain", "Accepted, awaiting result"),
    Outcome.ACCEPTED_PENDING: QT_TRANSLATE_NOOP("domain", "Accepted, materials pending"),
    Outcome.CORRECTION_REQUESTED: QT_TRANSLATE_NOOP("domain", "Correction requested"),
    Outcome.REFUSED: QT_TRANSLATE_NOOP("domain", "Refused"),
    Outcome.VOIDED: QT_TRANSLATE_NOOP("domain", "Voided"),
    Outcome.APPROVED: QT_TRANSLATE_NOOP("domain", "Approved"),
    Outcome.REJECTED: QT_TRANSLATE_NOOP("domain", "Rejected"),
}

SATISFIED_LEVEL = 4  # 满意 and 非常满意
LEVELS = (1, 2, 3, 4, 5)
MAX_RANGE_DAYS = 3 * 366  # a guard against a mistyped year, not a limit anyone meets

# The event that carried a case to its department result (at most one per case:
# approved and rejected are each reached once and never left for one another).
RESULT_JOIN = """
LEFT JOIN case_event AS e
  ON e.case_id = c.id AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')
"""

OUTCOME_SQL = """
CASE
  WHEN c.state IN ('approved', 'result_ready') THEN 'approved'
  WHEN c.state = 'rejected' THEN 'rejected'
  WHEN c.state = 'delivered' THEN coalesce(e.to_state, 'approved')
  WHEN c.state IN ('accepted', 'submitted', 'in_review') THEN 'accepted'
  ELSE c.state
END"""

_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATES)

# One pass over the range: every breakdown and the timing sums, grouped finely
# enough that each breakdown is a sum of groups. Parameters: offset, as_of,
# start, end. The offset turns the UTC result instant into the office date.
_FACTS_SQL = f"""
SELECT c.service_code, max(c.service_name), c.department, c.clerk_id, max(c.clerk_name),
       c.decision, {OUTCOME_SQL} AS outcome, count(*),
       count(e.at),
       sum((julianday(e.at) - julianday(c.accepted_at)) * 24.0),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) <= c.due_date),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) > c.due_date),
       sum(c.state IN ({_OPEN}) AND c.due_date IS NOT NULL AND c.due_date < :as_of)
FROM case_record AS c {RESULT_JOIN}
WHERE c.local_date BETWEEN :start AND :end
GROUP BY c.service_code, c.department, c.clerk_id, c.decision, outcome
"""

# Results by (intake day, result day), for working days to result.
_RESULT_DAYS_SQL = """
SELECT c.local_date, date(e.at, :offset), count(*)
FROM case_record AS c
JOIN case_event AS e
  ON e.case_id = c.id AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')
WHERE c.local_date BETWEEN :start AND :end
GROUP BY 1, 2
"""

_LEVELS_SQL = """
SELECT level, count(*) FROM evaluation
WHERE local_date BETWEEN :start AND :end GROUP BY level
"""


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def period_range(period: Period, today: date) -> tuple[date, date]:
    """The office dates of `period` holding `today`: day, Monday–Sunday week, month, year."""
    if period == Period.DAY:
        return today, today
    if period == Period.WEEK:
        start = today - timedelta(days=today.weekday())
        return start, start + timedelta(days=6)
    if period == Period.MONTH:
        start = today.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    return date(today.year, 1, 1), date(today.year, 12, 31)


@dataclass(frozen=True)
class EvaluationFigures:
    """The applicants' ratings given in the range: one per visit, level 1 (worst) to 5."""

    count: int
    by_level: tuple[int, int, int, int, int]  # counts of levels 1..5
    average: float | None  # None when nobody rated
    satisfied: int  # level 4 or 5

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.count if self.count else None

    @property
    def low(self) -> int:
        """Ratings of 1 or 2, which the supervisor follows up."""
        return self.by_level[0] + self.by_level[1]


@dataclass(frozen=True)
class CaseStatistics:
    """The statistics of this desk's cases taken in from `start` to `end` (office dates).

    Rates are fractions (0..1), None when there is nothing to divide by.
    Timing counts only cases the departments decided (with the event that
    decided them). The on-time rate is of the decided cases with a promised
    date, plus the open cases already past theirs as of `as_of`, which count
    as late.
    """

    start: date
    end: date
    as_of: date
    total: int
    by_item: tuple[CountRow, ...]  # detail: the item's department
    by_department: tuple[CountRow, ...]
    by_clerk: tuple[CountRow, ...]
    by_outcome: tuple[CountRow, ...]  # every outcome, in OUTCOMES order, zeros included
    by_decision: tuple[CountRow, ...]  # the intake decisions, most frequent first
    corrections: int  # intakes answered with a correction request (补正)
    refusals: int  # intakes refused (不予受理)
    decided: int  # results with a known time
    hours_to_result: float | None  # average, acceptance to result
    working_days_to_result: float | None  # average working days after the intake day
    on_time: int  # decided on or before the due date
    late: int  # decided after the due date
    overdue_open: int  # not decided and past the due date as of `as_of`
    evaluations: EvaluationFigures

    @property
    def correction_rate(self) -> float | None:
        return self.corrections / self.total if self.total else None

    @property
    def refusal_rate(self) -> float | None:
        return self.refusals / self.total if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late + self.overdue_open
        return self.on_time / judged if judged else None

    def outcome_count(self, outcome: Outcome) -> int:
        return next((row.count for row in self.by_outcome if row.key == outcome.value), 0)


def case_statistics(
    session: Session,
    actor: Actor,
    start: date,
    end: date,
    *,
    calendar: WorkCalendar,
    zone: str,
    as_of: date,
) -> CaseStatistics:
    """The statistics of the cases taken in from `start` to `end` inclusive, as of `as_of`.

    Supervisors and administrators only (Permission.VIEW_STATISTICS).
    """
    require(actor, Permission.VIEW_STATISTICS)
    check_range(start, end)
    cur = rawsql.cursor(session)
    args = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "offset": _offset_modifier(zone, start),
    }
    items: dict[str, list] = {}
    departments: dict[str, int] = {}
    clerks: dict[str, list] = {}
    outcomes = dict.fromkeys((o.value for o in OUTCOMES), 0)
    decisions: dict[str, int] = {}
    decided = on_time = late = overdue_open = 0
    hours = 0.0
    for (code, name, department, clerk_id, clerk_name, decision, outcome, count,
         timed, hours_sum, in_time, after, overdue) in cur.execute(_FACTS_SQL, args):
        item = items.setdefault(code, [name, department, 0])
        item[2] += count
        departments[department] = departments.get(department, 0) + count
        clerk = clerks.setdefault(str(clerk_id), [clerk_name, 0])
        clerk[1] += count
        outcomes[outcome] = outcomes.get(outcome, 0) + count
        decisions[decision] = decisions.get(decision, 0) + count
        decided += timed
        hours += hours_sum or 0.0
        on_time += in_time or 0
        late += after or 0
        overdue_open += overdue or 0
    total = sum(outcomes.values())
    return CaseStatistics(
        start=start,
        end=end,
        as_of=as_of,
        total=total,
        by_item=_ranked((code, name, n, dept) for code, (name, dept, n) in items.items()),
        by_department=_ranked((d, d, n, "") for d, n in departments.items()),
        by_clerk=_ranked((key, name, n, "") for key, (name, n) in clerks.items()),
        by_outcome=tuple(CountRow(key, key, n) for key, n in outcomes.items()),
        by_decision=_ranked((d, d, n, "") for d, n in decisions.items()),
        corrections=decisions.get("request_correction", 0),
        refusals=decisions.get("refuse", 0),
        decided=decided,
        hours_to_result=hours / decided if decided else None,
        working_days_to_result=_working_days(cur, args, calendar),
        on_time=on_time,
        late=late,
        overdue_open=overdue_open,
        evaluations=_evaluations(cur, args),
    )


def check_range(start: date, end: date) -> None:
    """Refuse a range that ends before it starts or spans more than three years."""
    if end < start:
        raise ValidationError.single(
            "end",
            QT_TRANSLATE_NOOP("fields", "End date"),
            QT_TRANSLATE_NOOP("rules", "must not be before the start date"),
        )
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError.single(
            "end",
            QT_TRANSLATE_NOOP("fields", "End date"),
            QT_TRANSLATE_NOOP("rules", "must be within {days} days of the start date"),
            days=MAX_RANGE_DAYS,
        )


def _offset_modifier(zone: str, day: date) -> str:
    # SQLite's date() takes a fixed shift; the offices' zones (China) keep one
    # offset all year. FIXME: a zone with daylight saving would be an hour off
    # for results recorded near midnight in the other half of the year.
    offset = datetime.combine(day, time(12), ZoneInfo(zone)).utcoffset() or timedelta()
    return f"{int(offset.total_seconds() // 60):+d} minutes"


def _ranked(rows) -> tuple[CountRow, ...]:  # type: ignore[no-untyped-def]
    made = [CountRow(str(key), str(name or ""), int(n), str(detail or ""))
            for key, name, n, detail in rows]
    return tuple(sorted(made, key=lambda r: (-r.count, r.key)))


def _working_days(cur: sqlite3.Cursor, args: dict, calendar: WorkCalendar) -> float | None:
    total = count = 0
    for intake_day, result_day, n in cur.execute(_RESULT_DAYS_SQL, args):
        days = calendar.working_days_between(date.fromisoformat(intake_day),
                                             date.fromisoformat(result_day))
        total += max(days, 0) * n
        count += n
    return total / count if count else None


def _evaluations(cur: sqlite3.Cursor, args: dict) -> EvaluationFigures:
    counts = dict.fromkeys(LEVELS, 0)
    for level, n in cur.execute(_LEVELS_SQL, args):
        if level in counts:
            counts[level] = n
    count = sum(counts.values())
    average = sum(level * n for level, n in counts.items()) / count if count else None
    return EvaluationFigures(
        count=count,
        by_level=tuple(counts[level] for level in LEVELS),  # type: ignore[arg-type]
        average=average,
        satisfied=sum(n for level, n in counts.items() if level >= SATISFIED_LEVEL),
    )
