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

Past days come from a cache (`stat_fact`, `stat_result_day`, one row per day
and group, and `stat_day` naming the days held): `refresh_statistics_cache`
fills the range's past days that are missing, in a write transaction (the
statistics page before reading, the day close for the day it closed), and
triggers of migration 0005 drop a day's rows whenever a write could change its
figures. Reading never trusts a day that is not in `stat_day`: such days, and
today and later, are counted live by the same grouped SQL, and the cached and
live groups are summed in SQL, so the figures are those of a live count. The
open cases past their due date depend on `as_of` and are always counted live.

A case's outcome is one of OUTCOMES: the departments' result once there is
one (approved or rejected, told apart for delivered cases by the transition
event that decided them), otherwise where the counter left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlmodel import Session

from counter.catalog.workcal import WorkCalendar
from counter.clock import utc_now
from counter.day.figures import OPEN_STATES, CountRow
from counter.desk import Desk
from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import driver, rawsql
from counter.users import Actor, Permission, require

__all__ = [
    "OUTCOMES",
    "OUTCOME_NAMES",
    "CaseStatistics",
    "EvaluationFigures",
    "Outcome",
    "Period",
    "case_statistics",
    "period_range",
    "refresh_statistics_cache",
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

# The grouped figures of the cases of some days, grouped finely enough that each
# breakdown is a sum of groups. {where} picks the days; {day} is "c.local_date, "
# to keep the days apart (the cache) or "" (a live count). Parameter: offset,
# which turns the UTC result instant into the office date.
_GROUPS_SQL = f"""
SELECT {{day}}c.service_code, max(c.service_name), c.department, c.clerk_id, max(c.clerk_name),
       c.decision, {OUTCOME_SQL} AS outcome, count(*),
       count(e.at),
       sum((julianday(e.at) - julianday(c.accepted_at)) * 24.0),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) <= c.due_date),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) > c.due_date)
FROM case_record AS c {RESULT_JOIN}
WHERE {{where}}
GROUP BY {{day}}c.service_code, c.department, c.clerk_id, c.decision, outcome
"""

# Results by (intake day, result day), for working days to result.
_RESULT_DAYS_SQL = """
SELECT c.local_date, date(e.at, :offset), count(*)
FROM case_record AS c
JOIN case_event AS e
  ON e.case_id = c.id AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')
WHERE {where}
GROUP BY 1, 2
"""

# The cached groups of the past days, summed over the days. {date} is
# "+local_date" to read the table in its key order, the groups' order, which
# sums a long range without sorting, or "local_date" to go by the index on the
# days, for a short range (see _cached_facts_sql).
_CACHED_FACTS_SQL = """
SELECT service_code, max(service_name), department, clerk_id, max(clerk_name), decision,
       outcome, sum(cases), sum(results), sum(result_hours), sum(on_time), sum(late_decided)
FROM stat_fact WHERE {date} BETWEEN :start AND :cached_end
GROUP BY service_code, department, clerk_id, decision, outcome
"""
SHORT_CACHED_RANGE_DAYS = 62

_OVERDUE_SQL = f"""
SELECT count(*) FROM case_record AS c
WHERE c.local_date BETWEEN :start AND :end
  AND c.state IN ({_OPEN}) AND c.due_date IS NOT NULL AND c.due_date < :as_of
"""

# The range's days with cases whose figures are not cached (before `cached_end`)
# or never are (after it): the days counted live. A read session sees the cache
# and the cases at one instant, so a day dropped by a trigger meanwhile is here.
_LIVE_DAYS_SQL = """
SELECT DISTINCT local_date FROM case_record WHERE local_date BETWEEN :start AND :end
EXCEPT
SELECT local_date FROM stat_day WHERE local_date BETWEEN :start AND :cached_end
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
    args: dict[str, object] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "cached_end": _cached_end(end, as_of).isoformat(),
        "as_of": as_of.isoformat(),
        "offset": _offset_modifier(zone, start),
    }
    live = _days_where([row[0] for row in cur.execute(_LIVE_DAYS_SQL, args)], args)
    items: dict[str, list] = {}
    departments: dict[str, int] = {}
    clerks: dict[str, list] = {}
    outcomes = dict.fromkeys((o.value for o in OUTCOMES), 0)
    decisions: dict[str, int] = {}
    decided = on_time = late = 0
    hours = 0.0
    for (code, name, department, clerk_id, clerk_name, decision, outcome, count,
         timed, hours_sum, in_time, after) in _facts(cur, args, live, start):
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
        working_days_to_result=_working_days(cur, args, live, calendar),
        on_time=on_time,
        late=late,
        overdue_open=cur.execute(_OVERDUE_SQL, args).fetchone()[0],
        evaluations=_evaluations(cur, args),
    )


def refresh_statistics_cache(desk: Desk, start: date, end: date, *, as_of: date) -> int:
    """Cache the figures of the days from `start` to `end` before `as_of` not cached yet.

    In one write transaction; returns how many days were counted. Days from
    `as_of` on are left to the live count (today changes with every intake).
    Reading is exact without this; it only spares the reading the count.
    """
    check_range(start, end)
    with desk.store.write_sql() as conn:
        return fill_statistics_cache(conn, start, end, as_of=as_of, zone=desk.zone)


def fill_statistics_cache(
    session: rawsql.Tx, start: date, end: date, *, as_of: date, zone: str
) -> int:
    """`refresh_statistics_cache` inside the caller's write transaction."""
    cached_end = _cached_end(end, as_of)
    if cached_end < start:
        return 0
    cur = rawsql.cursor(session)
    args: dict[str, object] = {"start": start.isoformat(), "end": cached_end.isoformat(),
                               "cached_end": cached_end.isoformat()}
    days = [row[0] for row in cur.execute(_LIVE_DAYS_SQL, args)]
    if not days:
        return 0
    args["offset"] = _offset_modifier(zone, date.fromisoformat(days[0]))
    where = _days_where(days, args)
    # No rows should be left of a day not in stat_day; make sure, before adding.
    for table in ("stat_day", "stat_fact", "stat_result_day"):
        cur.execute(f"DELETE FROM {table} WHERE local_date IN ({_day_list(days)})", args)
    cur.execute(
        "INSERT INTO stat_fact (local_date, service_code, service_name, department, clerk_id,"
        " clerk_name, decision, outcome, cases, results, result_hours, on_time, late_decided) "
        + _GROUPS_SQL.format(day="c.local_date, ", where=where),
        args,
    )
    cur.execute(
        "INSERT INTO stat_result_day (local_date, result_date, count) "
        + _RESULT_DAYS_SQL.format(where=where),
        args,
    )
    computed_at = rawsql.sql_datetime(utc_now())
    cur.executemany("INSERT INTO stat_day (local_date, computed_at) VALUES (?, ?)",
                    [(day, computed_at) for day in days])
    return len(days)


def _facts(cur: driver.Cursor, args: dict, live: str, start: date) -> list[tuple]:
    """The range's groups, cached and live summed, in the order one grouped pass gives them.

    That order (by the group key) decides which name an item or a clerk is shown
    with when it changed over the range, as it did before the cache.
    """
    cached_days = (date.fromisoformat(args["cached_end"]) - start).days + 1
    groups: dict[tuple, list] = {}
    queries = [_GROUPS_SQL.format(day="", where=live)] if live != "0" else []
    if cached_days > 0:
        column = "local_date" if cached_days <= SHORT_CACHED_RANGE_DAYS else "+local_date"
        queries.append(_CACHED_FACTS_SQL.format(date=column))
    for sql in queries:
        for row in cur.execute(sql, args):
            key = (row[0], row[2], row[3], row[5], row[6])
            group = groups.get(key)
            if group is None:
                groups[key] = list(row)
                continue
            group[1] = max(group[1], row[1])
            group[4] = max(group[4], row[4])
            for n in (7, 8, 10, 11):
                group[n] += row[n]
            if row[9] is not None:
                group[9] = row[9] if group[9] is None else group[9] + row[9]
    return [tuple(groups[key]) for key in sorted(groups)]


def _cached_end(end: date, as_of: date) -> date:
    """The last day of a range that may come from the cache: the day before `as_of`."""
    return min(end, as_of - timedelta(days=1))


def _days_where(days: list[str], args: dict[str, object]) -> str:
    """A condition on c.local_date for `days`, their values added to `args`."""
    if not days:
        return "0"
    args.update((f"d{n}", day) for n, day in enumerate(days))
    return f"c.local_date IN ({_day_list(days)})"


def _day_list(days: list[str]) -> str:
    return ", ".join(f":d{n}" for n in range(len(days)))


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


def _working_days(
    cur: driver.Cursor, args: dict, live: str, calendar: WorkCalendar
) -> float | None:
    total = count = 0
    # Each (intake day, result day) pair is of one day, cached or live: no regrouping.
    rows = cur.execute(
        "SELECT local_date, result_date, count FROM stat_result_day"
        " WHERE local_date BETWEEN :start AND :cached_end UNION ALL "
        + _RESULT_DAYS_SQL.format(where=live),
        args,
    )
    for intake_day, result_day, n in rows:
        days = calendar.working_days_between(date.fromisoformat(intake_day),
                                             date.fromisoformat(result_day))
        total += max(days, 0) * n
        count += n
    return total / count if count else None


def _evaluations(cur: driver.Cursor, args: dict) -> EvaluationFigures:
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
