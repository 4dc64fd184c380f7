"""Day close (日结): close a reconciled day, lock it, reopen it.

A supervisor closes an office-local day once everything the counter did that
day is confirmed by the exchange platform (`counter.day.reconcile`): every case
taken in that day has its intake upload answered, and no later upload of those
cases, nor any other upload made that day, is still waiting or refused.
Closing with anything unconfirmed needs `Permission.OVERRIDE_DAY_CLOSE` and a
written reason, both audited.

The lock. A closed day is the record of what the counter did on it: the cases
taken in (their numbers, their frozen intake payloads) and the figures the
daily report printed. While the day is closed:

- an intake whose office date is that day is refused inside the intake's own
  write transaction (`counter.day.reconcile.ensure_open`, one indexed SELECT), so no case, number
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
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from counter.audit import log as audit
from counter.clock import office_date, utc_now
from counter.day.reconcile import ClosedDay, DayClosed, Reconciliation, closing, reconcile_in
from counter.desk import Desk
from counter.errors import DomainError, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.reports.statistics import refresh_statistics_cache
from counter.store import rawsql
from counter.users import Actor, Permission, require

log = logging.getLogger("counter.day.close")

MIN_REASON_LENGTH = 5
"""Characters an override or reopen reason needs, so "ok" is not a reason."""

ReportWriter = Callable[[Desk, date, datetime, Path], Path]
"""Writes the daily report of (desk, day, generated_at UTC) into a folder; returns the file."""


class DayNotReconciled(DomainError):
    """The day has work the platform has not confirmed, and no override was given."""


@dataclass(frozen=True)
class DayCloseResult:
    """What closing did: the close, the reconciliation it was based on, the report."""

    closed: ClosedDay
    reconciliation: Reconciliation
    report: Path | None = None
    report_error: str = ""  # why the report was not written (the day is closed all the same)



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
        cur = rawsql.cursor(session)
        rec = reconcile_in(cur, day, desk.zone)
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
        rawsql.cursor(session).execute(
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
