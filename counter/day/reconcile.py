"""Where a day stands: its cases against the platform (reconciliation) and whether it is closed.

A day's case is confirmed when the exchange platform answered one of its intake
uploads (accepted or duplicate, i.e. its outbox item is ``sent``). What is not
confirmed is listed with why: unsent (attempts, next try, last error) or
refused by the platform (a dead letter, with the platform's reason), beside any
other upload made that day that is still waiting or refused. The day close
(`counter.day.close`) closes on this reading; `ensure_open` is the lock every
intake checks inside its own write transaction.

All reads are plain SQL on indexes (case_record.local_date, outbox_item.case_id
and outbox_item.state), so a day of a few hundred cases reconciles in a few
milliseconds in a store of 200,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from counter.clock import DEFAULT_ZONE
from counter.desk import Desk
from counter.errors import DomainError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import driver, rawsql


class DayClosed(DomainError):
    """Something would be recorded on a closed day."""



class Why(StrEnum):
    """Why an upload of the day is not confirmed."""

    UNSENT = "unsent"  # still in the outbox, waiting for (another) try
    REFUSED = "refused"  # a dead letter: the platform refused it for good


@dataclass(frozen=True)
class Unconfirmed:
    """One upload of the day the platform has not confirmed, and why."""

    item_id: int
    kind: str  # case.intake, case.transition, ...
    why: Why
    case_id: str | None
    acceptance_no: str
    service_name: str
    applicant_name: str
    attempts: int
    next_attempt_at: datetime | None  # UTC; None: due now (or refused)
    error: str  # the last failure, or the platform's reason for refusing
    created_at: datetime  # UTC
    of_day_case: bool  # belongs to a case taken in on the day (else: another case, done that day)

    @property
    def is_intake(self) -> bool:
        return self.kind in outbox.INTAKE_KINDS


@dataclass(frozen=True)
class ClosedDay:
    """A close of a day (a day_close row), as the screen and the report show it."""

    id: int
    day: date
    closed_at: datetime  # UTC
    closed_by_name: str
    cases: int
    confirmed: int
    unconfirmed: int
    override_reason: str
    report_file: str
    reopened_at: datetime | None = None
    reopened_by_name: str = ""
    reopen_reason: str = ""

    @property
    def is_open(self) -> bool:
        """Whether this close still holds (the day was not reopened since)."""
        return self.reopened_at is None


@dataclass(frozen=True)
class Reconciliation:
    """A day against the platform: the day's cases, which are confirmed, what is not and why.

    `unsent`, `refused` and `missing` count cases of the day whose intake is not
    confirmed (missing: no intake upload was ever queued, which the intake's
    single transaction should make impossible). `items` lists every unconfirmed
    upload, intake or later; `later_items` counts those that are not a day's
    case intake (a void, a transition, another day's case's event done that day).
    """

    day: date
    cases: int
    confirmed: int
    unsent: int
    refused: int
    missing: int
    items: tuple[Unconfirmed, ...]
    closed: ClosedDay | None = None
    # Refused intakes a supervisor closed with a reason (counter.supervision.dead_letters):
    # never on the platform, but answered for, so they no longer hold the day open.
    resolved: int = 0

    @property
    def unconfirmed(self) -> int:
        return self.unsent + self.refused + self.missing

    @property
    def later_items(self) -> int:
        return sum(1 for i in self.items if not (i.is_intake and i.of_day_case))

    @property
    def reconciled(self) -> bool:
        """Nothing of the day is waiting for the platform or refused by it."""
        return self.unconfirmed == 0 and not self.items

    @property
    def is_closed(self) -> bool:
        return self.closed is not None



# One pass over the day's cases (index on local_date), each looked up in the outbox by
# case_id (indexed): a case is confirmed when one of its intake uploads was answered.
# A case resubmitted after a refusal is still one case: its refused intake is
# superseded (neither pending, dead nor closed) and its revision counts for it.
_INTAKE_KINDS_SQL = "(" + ", ".join(f"'{k}'" for k in sorted(outbox.INTAKE_KINDS)) + ")"
_FIGURES_SQL = """
SELECT count(*),
       coalesce(sum(conf), 0),
       coalesce(sum(NOT conf AND pend), 0),
       coalesce(sum(NOT conf AND NOT pend AND dead), 0),
       coalesce(sum(NOT conf AND NOT pend AND NOT dead AND NOT resolved), 0),
       coalesce(sum(NOT conf AND NOT pend AND NOT dead AND resolved), 0)
FROM (
  SELECT
    EXISTS(SELECT 1 FROM outbox_item o WHERE o.case_id = c.id AND o.kind IN {intake}
           AND o.state = 'sent') AS conf,
    EXISTS(SELECT 1 FROM outbox_item o WHERE o.case_id = c.id AND o.kind IN {intake}
           AND o.state = 'pending') AS pend,
    EXISTS(SELECT 1 FROM outbox_item o WHERE o.case_id = c.id AND o.kind IN {intake}
           AND o.state = 'dead') AS dead,
    EXISTS(SELECT 1 FROM outbox_item o WHERE o.case_id = c.id AND o.kind IN {intake}
           AND o.state = 'closed') AS resolved
  FROM case_record c WHERE c.local_date = :day
)
""".replace("{intake}", _INTAKE_KINDS_SQL)

_ITEM_COLUMNS = """
o.id, o.kind, o.state, o.case_id, coalesce(c.acceptance_no, ''), coalesce(c.service_name, ''),
coalesce(c.applicant_name, ''), o.attempts, o.next_attempt_at, o.last_error, o.created_at,
c.local_date IS :day
"""

# Unconfirmed uploads of the day's cases, and any other upload made during the day.
_ITEMS_SQL = f"""
SELECT {_ITEM_COLUMNS}
FROM case_record c JOIN outbox_item o ON o.case_id = c.id
WHERE c.local_date = :day AND o.state IN ('pending', 'dead')
UNION
SELECT {_ITEM_COLUMNS}
FROM outbox_item o LEFT JOIN case_record c ON c.id = o.case_id
WHERE o.state IN ('pending', 'dead') AND o.created_at >= :start AND o.created_at < :end
ORDER BY 1
"""

_CLOSE_COLUMNS = (
    "id, local_date, closed_at, closed_by_name, cases, confirmed, unconfirmed, override_reason,"
    " report_file, reopened_at, reopened_by_name, reopen_reason"
)
_OPEN_CLOSE_SQL = (
    f"SELECT {_CLOSE_COLUMNS} FROM day_close WHERE local_date = ? AND reopened_at IS NULL"
    " ORDER BY id DESC LIMIT 1"
)


def _cursor(session_or_desk: object) -> driver.Cursor:
    return rawsql.cursor(session_or_desk)  # type: ignore[arg-type]


def _stamp(value: str | datetime | None) -> datetime | None:
    # The store keeps naive UTC text; hand back aware instants.
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day_bounds(day: date, zone: str) -> tuple[str, str]:
    """The office day as a half-open range of stored UTC timestamps."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(), tz)
    end = datetime.combine(day + timedelta(days=1), time(), tz)
    return rawsql.sql_datetime(start) or "", rawsql.sql_datetime(end) or ""


def _closed_day(row: tuple) -> ClosedDay:
    return ClosedDay(
        id=row[0],
        day=date.fromisoformat(row[1]),
        closed_at=_stamp(row[2]),  # type: ignore[arg-type]
        closed_by_name=row[3],
        cases=row[4],
        confirmed=row[5],
        unconfirmed=row[6],
        override_reason=row[7],
        report_file=row[8],
        reopened_at=_stamp(row[9]),
        reopened_by_name=row[10],
        reopen_reason=row[11],
    )


def reconcile_in(cur: driver.Cursor, day: date, zone: str) -> Reconciliation:
    """The day's reconciliation read with `cur`, inside the caller's transaction."""
    iso = day.isoformat()
    cases, confirmed, unsent, refused, missing, resolved = cur.execute(
        _FIGURES_SQL, {"day": iso}
    ).fetchone()
    start, end = _day_bounds(day, zone)
    items = tuple(
        Unconfirmed(
            item_id=row[0],
            kind=row[1],
            why=Why.UNSENT if row[2] == "pending" else Why.REFUSED,
            case_id=row[3],
            acceptance_no=row[4],
            service_name=row[5],
            applicant_name=row[6],
            attempts=row[7],
            next_attempt_at=_stamp(row[8]),
            error=row[9] or "",
            created_at=_stamp(row[10]),  # type: ignore[arg-type]
            of_day_case=bool(row[11]),
        )
        for row in cur.execute(_ITEMS_SQL, {"day": iso, "start": start, "end": end})
    )
    closed_row = cur.execute(_OPEN_CLOSE_SQL, (iso,)).fetchone()
    return Reconciliation(
        day=day,
        cases=cases,
        confirmed=confirmed,
        unsent=unsent,
        refused=refused,
        missing=missing,
        items=items,
        closed=_closed_day(closed_row) if closed_row else None,
        resolved=resolved,
    )


def reconcile(session_or_desk: rawsql.Tx | Desk, day: date) -> Reconciliation:
    """The day's cases against the platform, as the store holds them now.

    Takes a session (read or write) or a desk (a read session is opened and
    the office zone taken from it; with a session the default zone applies,
    as it does for `Case.local_date`).
    """
    if isinstance(session_or_desk, Desk):
        with session_or_desk.store.read() as session:
            return reconcile_in(_cursor(session), day, session_or_desk.zone)
    return reconcile_in(_cursor(session_or_desk), day, DEFAULT_ZONE)


def closing(session: rawsql.Tx, day: date) -> ClosedDay | None:
    """The close that holds `day` closed now, or None when the day is open."""
    row = _cursor(session).execute(_OPEN_CLOSE_SQL, (day.isoformat(),)).fetchone()
    return _closed_day(row) if row else None


def is_closed(session: rawsql.Tx, day: date) -> bool:
    return closing(session, day) is not None


def closed_days(
    session: rawsql.Tx,
    start: date | None = None,
    end: date | None = None,
    *,
    include_reopened: bool = False,
) -> list[ClosedDay]:
    """Closes of days from `start` to `end` (inclusive), newest day first.

    Only the closes that hold unless `include_reopened` (then the history too).
    """
    where = ["local_date >= ?", "local_date <= ?"]
    args: list[object] = [(start or date.min).isoformat(), (end or date.max).isoformat()]
    if not include_reopened:
        where.append("reopened_at IS NULL")
    sql = (
        f"SELECT {_CLOSE_COLUMNS} FROM day_close WHERE {' AND '.join(where)}"
        " ORDER BY local_date DESC, id DESC"
    )
    return [_closed_day(row) for row in _cursor(session).execute(sql, args)]


def ensure_open(session: rawsql.Tx, day: date) -> None:
    """Refuse, inside the caller's write transaction, to record anything on a closed day."""
    row = (
        _cursor(session)
        .execute(
            "SELECT 1 FROM day_close WHERE local_date = ? AND reopened_at IS NULL LIMIT 1",
            (day.isoformat(),),
        )
        .fetchone()
    )
    if row is not None:
        raise DayClosed(
            QT_TRANSLATE_NOOP("core", "the day {day} is closed; a supervisor must reopen it"),
            day=day.isoformat(),
        )
