"""Is a case overdue, or due soon, and by how many working days.

The hall promises a result within a number of working days, so lateness is
counted in working days too, on the desk's calendar (holidays and make-up
working days included): a case due the Thursday after the National Day week
is "due in 1 working day" on the Wednesday before it, eight calendar days away.
Only cases still waiting for their result carry a mark: the promise is of a
result, so once the department has decided (approved, rejected, result ready)
it is kept, and once a case is delivered, refused, voided or sent back for
correction, its deadline no longer runs at the counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter.cases.lifecycle import CaseState
from counter.catalog.workcal import WorkCalendar

__all__ = ["CLOSED_STATES", "DEFAULT_DUE_SOON_DAYS", "DueMark", "DueStatus", "due_mark"]

# How many working days before the due date a case starts to show as due soon.
DEFAULT_DUE_SOON_DAYS = 2

# States whose deadline no longer runs: decided, done with, or waiting on the applicant.
CLOSED_STATES = frozenset({
    CaseState.APPROVED,
    CaseState.REJECTED,
    CaseState.RESULT_READY,
    CaseState.DELIVERED,
    CaseState.REFUSED,
    CaseState.VOIDED,
    CaseState.CORRECTION_REQUESTED,
})


class DueStatus(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DueMark:
    """A case's standing against its due date.

    `working_days` is how many working days are left (due soon: 0 means due
    today) or how many have passed since the due date (overdue: 0 means the due
    date has passed but no working day has come since, e.g. on the weekend after).
    """

    status: DueStatus
    working_days: int
    due: date


def due_mark(
    state: str,
    due: date | None,
    today: date,
    calendar: WorkCalendar,
    soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> DueMark | None:
    """The mark a case deserves today, or None (no due date, closed, or not due soon).

    Overdue: `today` is after the due date. Due soon: at most `soon_days`
    working days are left (the due date itself included, `today` not).
    """
    if soon_days < 0:
        raise ValueError("soon_days must not be negative")
    if due is None or _closed(state):
        return None
    if today > due:
        return DueMark(DueStatus.OVERDUE, calendar.working_days_between(due, today), due)
    left = calendar.working_days_between(today, due)
    if left <= soon_days:
        return DueMark(DueStatus.DUE_SOON, left, due)
    return None


def _closed(state: str) -> bool:
    try:
        return CaseState(state) in CLOSED_STATES
    except ValueError:
        return False  # an unknown state from a newer platform: keep watching the deadline
