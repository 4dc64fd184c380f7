"""Applying what the platform reports back: department outcomes, certificates, catalog, calendar.

The sync engine reads a page of the platform's changes feed, turns it into
the plain shapes below, and calls `apply_page`, which applies every change and
saves the feed cursor in the caller's one write transaction: after a crash the
desk either has the whole page and the cursor after it, or neither.

Delivery is at least once, so every change is applied idempotently: a state
the case already reached (or went past) is skipped, a certificate already
held is skipped, a catalog or calendar version not newer than the one held is
skipped. The platform is authoritative for department outcomes; the desk for
what happened at the counter, so a case the counter voided or never sent is
left alone.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from counter.cases.lifecycle import TRANSITIONS, CaseRow, CaseState, PlatformMoves
from counter.catalog.calendar_store import load_calendar, save_calendar
from counter.catalog.items import CATALOG_VERSION_KEY, catalog_version, install_catalog
from counter.catalog.spec import (
    CatalogSpec,
    ItemKind,
    MaterialForm,
    MaterialSpec,
    Promise,
    ServiceItemSpec,
)
from counter.catalog.workcal import Entry
from counter.store import driver, rawsql
from counter.store.models import MaterialRequirement, Meta, ServiceItem
from counter.users import PLATFORM

log = logging.getLogger("counter.sync")

CURSOR_KEY = "changes_cursor"
CALENDAR_VERSION_KEY = "calendar_version"
# States a department outcome may pass through on the way to the one reported.
_DEPARTMENT_PATH = frozenset(
    {
        CaseState.SUBMITTED,
        CaseState.IN_REVIEW,
        CaseState.APPROVED,
        CaseState.REJECTED,
        CaseState.RESULT_READY,
    }
)
_DEFAULT_REJECTION = "rejected by the department"


@dataclass(frozen=True)
class CaseOutcome:
    """A department moved a case to `state` (in_review, approved, rejected, result_ready)."""

    case_id: str
    state: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class DeskCase:
    """A case of one of the office's desks, as that counter last recorded it (ID masked)."""

    case_id: str
    acceptance_no: str
    desk_code: str
    clerk: str
    service_code: str
    service_name: str
    applicant_name: str
    applicant_id_masked: str
    state: str
    accepted_at: datetime
    local_date: date
    due_date: date | None
    at: datetime


@dataclass(frozen=True)
class IssuedCertificate:
    """A signed certificate for a case; `payload` is the signed data as canonical JSON."""

    case_id: str
    serial: str
    doc_type: str
    title: str
    payload: str
    alg: str
    key_id: str
    signature: str
    verified: bool
    issued_at: datetime


@dataclass(frozen=True)
class CatalogUpdate:
    """The catalog at `version`: whole (`full`), or the items changed and codes withdrawn."""

    version: int
    full: bool
    items: tuple[ServiceItemSpec, ...]
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarUpdate:
    """Holiday data at `version`; each year in `years` is replaced by its `entries`."""

    version: int
    years: tuple[int, ...]
    entries: tuple[Entry, ...]


PlatformChange = CaseOutcome | DeskCase | IssuedCertificate | CatalogUpdate | CalendarUpdate


@dataclass
class Applied:
    """What one page changed, for the report and for the UI to refresh."""

    cases_moved: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    office_cases: int = 0  # other desks' cases recorded or updated
    skipped: int = 0
    catalog_version: int | None = None
    calendar_changed: bool = False

    def add(self, other: Applied) -> None:
        self.cases_moved += other.cases_moved
        self.certificates += other.certificates
        self.office_cases += other.office_cases
        self.skipped += other.skipped
        self.catalog_version = other.catalog_version or self.catalog_version
        self.calendar_changed |= other.calendar_changed


def changes_cursor(session: Session) -> str | None:
    row = session.get(Meta, CURSOR_KEY)
    return row.value if row else None


def calendar_version(session: Session) -> int:
    row = session.get(Meta, CALENDAR_VERSION_KEY)
    return int(row.value) if row else 0


_POSITION_SQL = "SELECT key, value FROM meta WHERE key IN (?, ?, ?)"
_SAVE_CURSOR_SQL = (
    "INSERT INTO meta (key, value) VALUES (?, ?)"
    " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
)


@dataclass(frozen=True)
class FeedPosition:
    """Where the desk is in the feed: the cursor after the last page applied, and the
    catalog and calendar versions held (catalog and calendar news older than these
    are skipped)."""

    cursor: str | None
    catalog_version: int
    calendar_version: int


def feed_position(tx: rawsql.Tx) -> FeedPosition:
    """The store's `FeedPosition`, in one plain query (past any ORM session's copies)."""
    values = dict(
        rawsql.cursor(tx).execute(
            _POSITION_SQL, (CURSOR_KEY, CATALOG_VERSION_KEY, CALENDAR_VERSION_KEY)
        )
    )
    return FeedPosition(
        values.get(CURSOR_KEY),
        int(values.get(CATALOG_VERSION_KEY, 0)),
        int(values.get(CALENDAR_VERSION_KEY, 0)),
    )


def apply_page(
    session: Session, changes: Sequence[PlatformChange], next_cursor: str, now: datetime
) -> Applied:
    """Apply a page of changes and save the cursor after it, in the caller's transaction.

    Case outcomes and certificates, nearly all of a page, are written in plain
    SQL on the transaction's connection (see counter.store.rawsql): the page's cases
    and the certificates already held in one query each, the moves through
    `lifecycle.PlatformMoves`, written together. Catalog and calendar news go
    through the session after the moves before them are written, and are
    flushed straight away, so every write lands in the page's order.
    """
    applied = Applied()
    session.flush()  # the caller's own pending writes first, as the ORM would
    cur = rawsql.cursor(session)
    cases = _load_cases(
        cur,
        {c.case_id for c in changes if isinstance(c, CaseOutcome | DeskCase | IssuedCertificate)},
    )
    held = _held_serials(cur, {c.serial for c in changes if isinstance(c, IssuedCertificate)})
    moves = PlatformMoves(session)
    for change in changes:
        if isinstance(change, CaseOutcome):
            _apply_outcome(cur, moves, cases, change, applied)
        elif isinstance(change, DeskCase):
            _apply_desk_case(cur, cases, change, applied)
        elif isinstance(change, IssuedCertificate):
            _apply_certificate(cur, cases, held, change, now, applied)
        else:
            moves.flush()
            if isinstance(change, CatalogUpdate):
                _apply_catalog(session, change, applied)
            else:
                _apply_calendar(session, change, applied)
            session.flush()
    moves.flush()
    cur.execute(_SAVE_CURSOR_SQL, (CURSOR_KEY, next_cursor))
    loaded = session.identity_map.get(identity_key(Meta, CURSOR_KEY))
    if loaded is not None:
        set_committed_value(loaded, "value", next_cursor)
    return applied


_CHUNK = 500  # keys per query, well inside SQLite's limit on parameters


def _load_cases(cur: driver.Cursor, case_ids: set[str]) -> dict[str, CaseRow]:
    """The page's cases of this store, by id, with the state each is in."""
    cases: dict[str, CaseRow] = {}
    keys = sorted(case_ids)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        sql = "SELECT id, acceptance_no, state FROM case_record WHERE id IN ({})"
        for case_id, number, state in cur.execute(sql.format(", ".join("?" * len(chunk))), chunk):
            cases[case_id] = CaseRow(case_id, number, CaseState(state))
    return cases


def _held_serials(cur: driver.Cursor, serials: set[str]) -> set[str]:
    """Which of the page's certificates the store holds already."""
    held: set[str] = set()
    keys = sorted(serials)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        sql = "SELECT serial FROM certificate WHERE serial IN ({})"
        held.update(r[0] for r in cur.execute(sql.format(", ".join("?" * len(chunk))), chunk))
    return held


def path_to(current: CaseState, target: CaseState) -> list[CaseState] | None:
    """The shortest legal moves from `current` to `target` through department states.

    Empty when the case is there already; None when the target is behind the
    case or out of its reach (voided, delivered, refused, still at the counter).
    """
    if current == target:
        return []
    queue: deque[tuple[CaseState, list[CaseState]]] = deque([(current, [])])
    seen = {current}
    while queue:
        state, path = queue.popleft()
        for step in sorted(TRANSITIONS[state] & _DEPARTMENT_PATH):
            if step in seen:
                continue
            if step == target:
                return [*path, step]
            seen.add(step)
            queue.append((step, [*path, step]))
    return None


@cache
def _path(current: CaseState, target: CaseState) -> tuple[CaseState, ...] | None:
    steps = path_to(current, target)
    return None if steps is None else tuple(steps)


def _apply_outcome(
    cur: driver.Cursor,
    moves: PlatformMoves,
    cases: dict[str, CaseRow],
    change: CaseOutcome,
    applied: Applied,
) -> None:
    case = cases.get(change.case_id)
    if case is None:
        # Another desk's case: its row in the office's day follows the department.
        cur.execute("UPDATE office_case SET state = ?, updated_at = ? WHERE id = ?",
                    (change.state, rawsql.sql_datetime(change.at), change.case_id))
        if cur.rowcount:
            applied.office_cases += 1
        else:
            applied.skipped += 1
        return
    try:
        target = CaseState(change.state)
    except ValueError:
        log.warning("unknown department state %r for a case; skipped", change.state)
        applied.skipped += 1
        return
    steps = _path(case.state, target)
    if not steps:
        if steps is None:
            log.info("case %s is %s; outcome %s skipped", case.acceptance_no, case.state, target)
        applied.skipped += 1
        return
    for step in steps:
        reason = (change.reason or _DEFAULT_REJECTION) if step == CaseState.REJECTED else ""
        moves.move(case, step, PLATFORM, reason=reason, at=change.at)
    applied.cases_moved.append(case.id)


def _apply_desk_case(
    cur: driver.Cursor, cases: dict[str, CaseRow], change: DeskCase, applied: Applied
) -> None:
    """Record or update another desk's case in the office's day; this desk's own are skipped."""
    if change.case_id in cases:
        applied.skipped += 1  # our own case: the store holds it whole
        return
    cur.execute(
        "INSERT INTO office_case (id, acceptance_no, desk_code, clerk_name, service_code,"
        " service_name, applicant_name, applicant_id_masked, state, accepted_at, local_date,"
        " due_date, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET state = excluded.state, due_date = excluded.due_date,"
        " applicant_name = excluded.applicant_name, updated_at = excluded.updated_at",
        (change.case_id, change.acceptance_no, change.desk_code, change.clerk,
         change.service_code, change.service_name, change.applicant_name,
         change.applicant_id_masked, change.state, rawsql.sql_datetime(change.accepted_at),
         change.local_date.isoformat(),
         change.due_date.isoformat() if change.due_date else None,
         rawsql.sql_datetime(change.at)),
    )
    applied.office_cases += 1


def _apply_certificate(
    cur: driver.Cursor,
    cases: dict[str, CaseRow],
    held: set[str],
    change: IssuedCertificate,
    now: datetime,
    applied: Applied,
) -> None:
    if change.serial in held or change.case_id not in cases:
        applied.skipped += 1
        return
    if not change.verified:
        log.warning(
            "certificate %s arrived with a signature the desk could not verify", change.serial
        )
    rawsql.insert(
        cur,
        "certificate",
        {
            "case_id": change.case_id,
            "serial": change.serial,
            "doc_type": change.doc_type,
            "title": change.title,
            "payload": change.payload,
            "alg": change.alg,
            "key_id": change.key_id,
            "signature": change.signature,
            "verified": change.verified,
            "issued_at": rawsql.sql_datetime(change.issued_at),
            "received_at": rawsql.sql_datetime(now),
        },
    )
    held.add(change.serial)
    applied.certificates.append(change.serial)


def _apply_catalog(session: Session, change: CatalogUpdate, applied: Applied) -> None:
    if change.version <= catalog_version(session):
        applied.skipped += 1
        return
    if change.full:
        spec = CatalogSpec(version=change.version, items=change.items)
    else:
        items = {item.code: item for item in current_catalog(session).items}
        for code in change.removed:
            items.pop(code, None)
        items.update((item.code, item) for item in change.items)
        spec = CatalogSpec(version=change.version, items=tuple(items[c] for c in sorted(items)))
    install_catalog(session, spec)
    applied.catalog_version = change.version


def _apply_calendar(session: Session, change: CalendarUpdate, applied: Applied) -> None:
    if change.version <= calendar_version(session):
        applied.skipped += 1
        return
    calendar = load_calendar(session).refreshed(change.entries, change.years)
    save_calendar(session, calendar, source=f"platform v{change.version}")
    session.merge(Meta(key=CALENDAR_VERSION_KEY, value=str(change.version)))
    applied.calendar_changed = True


def current_catalog(session: Session) -> CatalogSpec:
    """The catalog the store holds, in the shape a platform update is merged into."""
    materials: dict[str, list[MaterialSpec]] = {}
    for m in session.exec(select(MaterialRequirement).order_by(col(MaterialRequirement.position))):
        materials.setdefault(m.item_code, []).append(
            MaterialSpec(
                code=m.code,
                name=m.name,
                name_en=m.name_en,
                form=MaterialForm(m.form),
                copies=m.copies,
                required=m.required,
                key=m.key,
                shareable=m.shareable,
                shared_doc_type=m.shared_doc_type,
                note=m.note,
            )
        )
    items = tuple(
        ServiceItemSpec(
            code=i.code,
            name=i.name,
            name_en=i.name_en,
            department=i.department,
            department_en=i.department_en,
            kind=ItemKind(i.kind),
            legal_days=i.legal_days,
            promised_days=i.promised_days,
            promise=Promise(i.promise),
            fee_yuan=i.fee_yuan,
            result_name=i.result_name,
            result_name_en=i.result_name_en,
            materials=tuple(materials.get(i.code, ())),
            for_company=i.for_company,
            keywords=i.keywords,
        )
        for i in session.exec(
            select(ServiceItem).where(col(ServiceItem.active)).order_by(col(ServiceItem.code))
        )
    )
    return CatalogSpec(version=catalog_version(session), items=items)
