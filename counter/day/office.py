"""The office's day for a supervisor: every desk's cases, and the deadline counts.

This desk's own cases come from its store whole (the ID masked here); the
other desks' come from `office_case`, which the platform's feed keeps (see
counter.exchange.changes, ``desk_case``), and are read-only at this desk. A
day of an office is a few hundred to a few thousand cases: read in one
indexed query per table, filtered and sorted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from counter.cases.deadlines import CLOSED_STATES, DueMark, DueStatus, due_mark
from counter.catalog.workcal import WorkCalendar
from counter.store import rawsql
from counter.users import Actor, Permission, require
from counter.validation import mask_id_number


@dataclass(frozen=True)
class OfficeDayRow:
    """One case of the office's day; `own` when this desk holds it (and may act on it)."""

    case_id: str
    acceptance_no: str
    desk_code: str
    own: bool
    accepted_at: datetime  # UTC
    service_code: str
    service_name: str
    applicant_name: str
    applicant_id_masked: str
    state: str
    due_date: date | None
    clerk_name: str


@dataclass(frozen=True)
class OfficeDayFilter:
    desk_code: str | None = None
    clerk_name: str | None = None
    service_code: str | None = None
    state: str | None = None

    def keeps(self, row: OfficeDayRow) -> bool:
        return ((self.desk_code is None or row.desk_code == self.desk_code)
                and (self.clerk_name is None or row.clerk_name == self.clerk_name)
                and (self.service_code is None or row.service_code == self.service_code)
                and (self.state is None or row.state == self.state))


_OWN = (
    "SELECT id, acceptance_no, desk_code, accepted_at, service_code, service_name,"
    " applicant_name, applicant_id_number, state, due_date, clerk_name"
    " FROM case_record WHERE local_date = ?"
)
_OTHERS = (
    "SELECT id, acceptance_no, desk_code, accepted_at, service_code, service_name,"
    " applicant_name, applicant_id_masked, state, due_date, clerk_name"
    " FROM office_case WHERE local_date = ?"
)


def office_day(session: Session, actor: Actor, day: date,
               wanted: OfficeDayFilter | None = None) -> list[OfficeDayRow]:
    """The office's cases taken in on `day`, newest first (supervisors)."""
    require(actor, Permission.REVIEW_OFFICE)
    cur = rawsql.cursor(session)
    rows = [_row(r, own=True) for r in cur.execute(_OWN, (day.isoformat(),))]
    own_ids = {r.case_id for r in rows}
    rows += [row for r in cur.execute(_OTHERS, (day.isoformat(),))
             if (row := _row(r, own=False)).case_id not in own_ids]
    wanted = wanted or OfficeDayFilter()
    kept = [r for r in rows if wanted.keeps(r)]
    kept.sort(key=lambda r: (r.accepted_at, r.acceptance_no), reverse=True)
    return kept


def _row(r: tuple, *, own: bool) -> OfficeDayRow:
    (case_id, number, desk_code, accepted_at, service_code, service_name, name, id_text,
     state, due, clerk) = r
    return OfficeDayRow(
        case_id=case_id,
        acceptance_no=number,
        desk_code=desk_code,
        own=own,
        accepted_at=_utc(accepted_at),
        service_code=service_code,
        service_name=service_name,
        applicant_name=name,
        # Our own store holds the whole number: masked before it leaves here.
        applicant_id_masked=mask_id_number(id_text) if own else id_text,
        state=state,
        due_date=date.fromisoformat(due) if due else None,
        clerk_name=clerk,
    )


def _utc(stamp: str) -> datetime:
    # SQLite gives back the stored text; the store only ever writes UTC.
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


@dataclass(frozen=True)
class DeadlineCounts:
    overdue: int
    due_soon: int


_WAITING = tuple(s.value for s in CLOSED_STATES)
_DUE_SQL = (
    "SELECT state, due_date FROM case_record"
    " WHERE due_date IS NOT NULL AND due_date <= ? AND state NOT IN ({closed})"
    " UNION ALL SELECT state, due_date FROM office_case"
    " WHERE due_date IS NOT NULL AND due_date <= ? AND state NOT IN ({closed})"
).format(closed=", ".join("?" * len(_WAITING)))


def deadline_counts(session: Session, today: date, calendar: WorkCalendar,
                    soon_days: int) -> DeadlineCounts:
    """How many of the office's cases waiting for their result are overdue or due soon.

    Only cases due within a calendar bound that `soon_days` working days can
    never exceed are read; each is then judged on the working-day calendar.
    """
    bound = (today + timedelta(days=soon_days * 3 + 14)).isoformat()
    cur = rawsql.cursor(session)
    marks: list[DueMark | None] = [
        due_mark(state, date.fromisoformat(due), today, calendar, soon_days)
        for state, due in cur.execute(_DUE_SQL, (bound, *_WAITING, bound, *_WAITING))
    ]
    return DeadlineCounts(
        overdue=sum(1 for m in marks if m is not None and m.status is DueStatus.OVERDUE),
        due_soon=sum(1 for m in marks if m is not None and m.status is DueStatus.DUE_SOON),
    )
