"""Day close (日结): reconcile a day with the platform, close it, lock it, reopen it.

A supervisor closes an office-local day once everything the counter did that
day is confirmed by the exchange platform: every case taken in that day has its
intake upload answered (accepted or duplicate, i.e. its outbox item is
``sent``), and no later upload of those cases, nor any other upload made that
day, is still waiting or refused. What is not confirmed is listed with why:
unsent (attempts, next try, last error) or refused by the platform (a dead
letter, with the platform's reason). Closing with anything unconfirmed needs
`Permission.OVERRIDE_DAY_CLOSE` and a written reason, both audited.

The lock. A closed day is the record of what the counter did on it: the cases
taken in (their numbers, their frozen intake payloads) and the figures the
daily report printed. While the day is closed:

- an intake whose office date is that day is refused inside the intake's own
  write transaction (`ensure_open`, one indexed SELECT), so no case, number
  or receipt can be added to a closed day, even by a second desk process;
- the clerk's only other move is delivery, and it needs a case the department
  has decided; it is recorded on the day it happens, as an event of the case's
  later life, not as something of the intake day. A clerk move dated a closed
  day can therefore only be one made on that same day after it was closed:
  the intake is refused; a same-evening delivery of an immediate item is the
  one exception, and it is recorded and uploaded like any later event (FIXME:
  counter/cases/delivery.py may call `ensure_open` for the office date too);
- supervisor actions (void, corrections, make-up, deadline extension, dead
  letters) stay allowed on a closed day's cases: each one has a reason, is
  audited and sent to the platform as a new event, never an edit of what the
  day recorded. Reopening is one of them: audited, with its reason.

Closing writes the day_close row and its audit entry in one write transaction.
The daily report is written after that commit, by a writer handed in by the
caller: `counter/` does not import `printing/` (printing depends on counter,
not the other way), so `printing.day_report_file` supplies the writer and a
`close_day_with_report` wrapper. A report that fails to write does not undo
the close; the result says so and the report can be written again.

All reads are plain SQL on indexes (case_record.local_date, outbox_item.case_id
and outbox_item.state), so a day of a few hundred cases reconciles in a few
milliseconds in a store of 200,000.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from counter.audit import log as audit
from counter.clock import DEFAULT_ZONE, office_date, utc_now
from counter.desk import Desk
from counter.errors import DomainError, ValidationError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.reports.statistics import refresh_statistics_cache
from counter.store import rawsql
from counter.users import Actor, Permission, require

log = logging.getLogger("counter.day.close")

MIN_REASON_LENGTH = 5
"""Characters an override or reopen reason needs, so "ok" is not a reason."""

INTAKE_KIND = outbox.INTAKE

ReportWriter = Callable[[Desk, date, datetime, Path], Path]
"""Writes the daily report of (desk, day, generated_at UTC) into a folder; returns the file."""


class DayClosed(DomainError):
    """Something would be recorded on a closed day."""


class DayNotReconciled(DomainError):
    """The day has work the platform has not confirmed, and no override was given."""


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


@dataclass(frozen=True)
class DayCloseResult:
    """What closing did: the close, the reconciliation it was based on, the report."""

    closed: ClosedDay
    reconciliation: Reconciliation
    report: Path | None = None
    report_error: str = ""  # why the report was not written (the day is closed all the same)


# -- reading ---------------------------------------------------------------------------

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


def _cursor(session_or_desk: object) -> sqlite3.Cursor:
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


def _reconcile(cur: sqlite3.Cursor, day: date, zone: str) -> Reconciliation:
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
            return _reconcile(_cursor(session), day, session_or_desk.zone)
    return _reconcile(_cursor(session_or_desk), day, DEFAULT_ZONE)


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


# -- closing and reopening ---------------------------------------------------------------


def _checked_reason(field: str, label: str, reason: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError.single(
            field,
            label,
            QT_TRANSLATE_NOOP("rules", "a written reason of at least {min} characters is required"),
            min=MIN_REASON_LENGTH,
        )
    return reason


def _refusal(rec: Reconciliation) -> DayNotReconciled:
    """Names what is left: cases not confirmed, by why, and later uploads not sent."""
    params = {
        "day": rec.day.isoformat(),
        "count": rec.unconfirmed,
        "unsent": rec.unsent + rec.missing,
        "refused": rec.refused,
        "later": rec.later_items,
    }
    if rec.unconfirmed and rec.later_items:
        template = QT_TRANSLATE_NOOP(
            "core",
            "{count} cases of {day} are not confirmed by the platform: {unsent} unsent, "
            "{refused} refused; and {later} later changes are not confirmed",
        )
    elif rec.unconfirmed:
        template = QT_TRANSLATE_NOOP(
            "core",
            "{count} cases of {day} are not confirmed by the platform: {unsent} unsent, "
            "{refused} refused",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "core", "{later} changes of {day} are not confirmed by the platform"
        )
    return DayNotReconciled(template, **params)


def close_day(
    desk: Desk,
    actor: Actor,
    day: date,
    *,
    override_reason: str = "",
    report_dir: Path | None = None,
    write_report: ReportWriter | None = None,
    now: datetime | None = None,
) -> DayCloseResult:
    """Close `day`: reconcile, record the close and its audit entry, then write the report.

    Refused for a day already closed or not yet begun, and for a day with
    anything unconfirmed unless `override_reason` is given and the actor may
    override (the reason is then stored and audited). The report is written
    into `report_dir` by `write_report` after the commit (see the module text).
    """
    require(actor, Permission.CLOSE_DAY)
    now = now or utc_now()
    if day > office_date(now, desk.zone):
        raise DomainError(
            QT_TRANSLATE_NOOP("core", "the day {day} has not begun; it cannot be closed"),
            day=day.isoformat(),
        )
    wants_override = bool(override_reason.strip())
    with desk.store.write() as session:
        cur = _cursor(session)
        rec = _reconcile(cur, day, desk.zone)
        if rec.closed is not None:
            raise DayClosed(
                QT_TRANSLATE_NOOP("core", "the day {day} is already closed (by {name})"),
                day=day.isoformat(),
                name=rec.closed.closed_by_name,
            )
        reason = ""
        if not rec.reconciled:
            if not wants_override:
                raise _refusal(rec)
            require(actor, Permission.OVERRIDE_DAY_CLOSE)
            reason = _checked_reason(
                "override_reason", QT_TRANSLATE_NOOP("fields", "Reason to close anyway"),
                override_reason,
            )
        unconfirmed = rec.unconfirmed
        close_id = rawsql.insert(
            cur,
            "day_close",
            {
                "local_date": day.isoformat(),
                "closed_at": rawsql.sql_datetime(now),
                "closed_by_id": actor.id,
                "closed_by_name": actor.display_name,
                "cases": rec.cases,
                "confirmed": rec.confirmed,
                "unconfirmed": unconfirmed,
                "override_reason": reason,
                "report_file": "",
                "reopened_at": None,
                "reopened_by_name": "",
                "reopen_reason": "",
            },
        )
        detail: dict[str, object] = {
            "cases": rec.cases,
            "confirmed": rec.confirmed,
            "unsent": rec.unsent + rec.missing,
            "refused": rec.refused,
            "later_unconfirmed": rec.later_items,
        }
        if reason:
            detail["override_reason"] = reason
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="day.close.override" if reason else "day.close",
            target=f"day:{day.isoformat()}",
            detail=detail,
            at=now,
        )
    closed = ClosedDay(
        id=close_id,
        day=day,
        closed_at=now,
        closed_by_name=actor.display_name,
        cases=rec.cases,
        confirmed=rec.confirmed,
        unconfirmed=unconfirmed,
        override_reason=reason,
        report_file="",
    )
    log.info(
        "day %s closed by %s: %d cases, %d confirmed%s",
        day, actor.username, rec.cases, rec.confirmed, " (override)" if reason else "",
    )
    _cache_statistics(desk, day)
    result = DayCloseResult(closed, rec)
    if report_dir is not None and write_report is not None:
        result = _with_report(desk, result, write_report, report_dir, now)
    return result


def _cache_statistics(desk: Desk, day: date) -> None:
    """Count the closed day into the statistics cache, after the close committed.

    The supervisor's statistics over a month or a year then read the day's
    figures instead of counting its cases. A failure here loses nothing: the
    statistics count a day that is not cached live.
    """
    try:
        refresh_statistics_cache(desk, day, day, as_of=day + timedelta(days=1))
    except Exception:
        log.exception("statistics of %s not cached", day)


def _with_report(
    desk: Desk, result: DayCloseResult, write: ReportWriter, folder: Path, now: datetime
) -> DayCloseResult:
    """Write the report after the close committed and remember its file on the close."""
    try:
        path = write(desk, result.closed.day, now, folder)
        attach_report(desk, result.closed.id, path)
    except Exception as exc:
        log.exception("daily report of %s not written", result.closed.day)
        return DayCloseResult(result.closed, result.reconciliation, None, str(exc) or repr(exc))
    closed = ClosedDay(**{**result.closed.__dict__, "report_file": str(path)})
    return DayCloseResult(closed, result.reconciliation, path)


def attach_report(desk: Desk, close_id: int, path: Path) -> None:
    """Remember the report file written for a close (a rewrite of the report replaces it)."""
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE day_close SET report_file = ? WHERE id = ?", (str(path), close_id))


def reopen_day(
    desk: Desk, actor: Actor, day: date, reason: str, *, now: datetime | None = None
) -> ClosedDay:
    """Reopen a closed day (a supervisor, with a reason, audited); returns the close it ended."""
    require(actor, Permission.CLOSE_DAY)
    reason = _checked_reason(
        "reopen_reason", QT_TRANSLATE_NOOP("fields", "Reason to reopen"), reason
    )
    now = now or utc_now()
    with desk.store.write() as session:
        current = closing(session, day)
        if current is None:
            raise DomainError(
                QT_TRANSLATE_NOOP("core", "the day {day} is not closed"), day=day.isoformat()
            )
        _cursor(session).execute(
            "UPDATE day_close SET reopened_at = ?, reopened_by_name = ?, reopen_reason = ?"
            " WHERE id = ?",
            (rawsql.sql_datetime(now), actor.display_name, reason, current.id),
        )
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="day.reopen",
            target=f"day:{day.isoformat()}",
            detail={"reason": reason, "closed_by": current.closed_by_name},
            at=now,
        )
    log.info("day %s reopened by %s", day, actor.username)
    return ClosedDay(
        **{**current.__dict__, "reopened_at": now, "reopened_by_name": actor.display_name,
           "reopen_reason": reason}
    )
