"""Reading the audit log for the audit viewer: filters, pages, and the chain check.

Only supervisors and administrators read the log (`Permission.VIEW_AUDIT`);
every function here checks it, so a screen that forgot to hide the viewer
still shows nothing. Entries are listed newest first. The viewer keeps only
the ids of the entries its filters select (`audit_ids`) and reads the rows
it shows in small batches (`audit_rows`); `audit_page` reads one page whole,
for callers without a lazy view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from counter.audit import log as audit
from counter.clock import DEFAULT_ZONE
from counter.store.models import AuditEntry
from counter.users import Actor, Permission, require


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer asks for; empty fields do not narrow. Dates are office days, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str = ""  # the actor's name as recorded, exactly
    action: str = ""  # e.g. "case.intake", exactly
    target: str = ""  # any part of the target, e.g. an acceptance number


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # aware, UTC
    actor_name: str
    action: str
    target: str
    detail: str  # canonical JSON


@dataclass(frozen=True)
class AuditFacets:
    """The choices for the viewer's lists: who acted and which actions occur."""

    actors: tuple[str, ...]
    actions: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    total: int  # entries the filter selects, over all pages


@dataclass(frozen=True)
class ChainReport:
    """`audit.verify`'s verdict, with the first broken entry's time and action to show."""

    checked: int
    first_bad_id: int | None = None
    problem: str = ""
    bad_at: datetime | None = None
    bad_action: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def _utc_start(day: date, zone: str) -> datetime:
    """The UTC instant an office day begins."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _conditions(filters: AuditFilter, zone: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.date_from is not None:
        conditions.append(col(AuditEntry.at) >= _utc_start(filters.date_from, zone))
    if filters.date_to is not None:
        conditions.append(col(AuditEntry.at) < _utc_start(filters.date_to + timedelta(1), zone))
    if filters.actor:
        conditions.append(col(AuditEntry.actor_name) == filters.actor)
    if filters.action:
        conditions.append(col(AuditEntry.action) == filters.action)
    text = filters.target.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(col(AuditEntry.target).like(f"%{escaped}%", escape="\\"))
    return conditions


def audit_ids(
    session: Session, actor: Actor, filters: AuditFilter | None = None, *, zone: str = DEFAULT_ZONE
) -> list[int]:
    """Ids of the entries `filters` selects, newest first."""
    require(actor, Permission.VIEW_AUDIT)
    query = select(AuditEntry.id).order_by(col(AuditEntry.id).desc())
    for condition in _conditions(filters or AuditFilter(), zone):
        query = query.where(condition)
    return list(session.exec(query).all())


def _row(entry: AuditEntry) -> AuditRow:
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return AuditRow(entry.id, at, entry.actor_name, entry.action, entry.target, entry.detail)


def audit_rows(session: Session, actor: Actor, ids: list[int]) -> dict[int, AuditRow]:
    """The rows of these entries, by id (a batch of what the viewer is about to show)."""
    require(actor, Permission.VIEW_AUDIT)
    if not ids:
        return {}
    entries = session.exec(select(AuditEntry).where(col(AuditEntry.id).in_(ids))).all()
    return {entry.id: _row(entry) for entry in entries}


def audit_page(
    session: Session,
    actor: Actor,
    filters: AuditFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 100,
    zone: str = DEFAULT_ZONE,
) -> AuditPage:
    """One page of the entries `filters` selects, newest first, and how many there are."""
    require(actor, Permission.VIEW_AUDIT)
    conditions = _conditions(filters or AuditFilter(), zone)
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).offset(offset).limit(limit)
    count = select(func.count()).select_from(AuditEntry)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = tuple(_row(entry) for entry in session.exec(query).all())
    return AuditPage(rows, session.exec(count).one())


def audit_facets(session: Session, actor: Actor) -> AuditFacets:
    """Distinct actors and actions in the log, sorted, and the number of entries."""
    require(actor, Permission.VIEW_AUDIT)
    actors = session.exec(select(AuditEntry.actor_name).distinct()).all()
    actions = session.exec(select(AuditEntry.action).distinct()).all()
    total = session.exec(select(func.count()).select_from(AuditEntry)).one()
    return AuditFacets(tuple(sorted(actors)), tuple(sorted(actions)), total)


def verify_chain(session: Session, actor: Actor) -> ChainReport:
    """Walk the whole chain (`audit.verify`) and describe the first broken entry, if any."""
    require(actor, Permission.VIEW_AUDIT)
    verdict = audit.verify(session)
    if verdict.ok:
        return ChainReport(verdict.checked)
    bad = session.get(AuditEntry, verdict.first_bad_id)
    return ChainReport(
        verdict.checked,
        verdict.first_bad_id,
        verdict.problem,
        _row(bad).at if bad is not None else None,
        bad.action if bad is not None else "",
    )
