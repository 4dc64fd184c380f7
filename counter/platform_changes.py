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
from datetime import datetime

from sqlmodel import Session, col, select

from counter.calendar_store import load_calendar, save_calendar
from counter.catalog import catalog_version, install_catalog
from counter.catalog_spec import (
    CatalogSpec,
    ItemKind,
    MaterialForm,
    MaterialSpec,
    Promise,
    ServiceItemSpec,
)
from counter.lifecycle import TRANSITIONS, CaseState, record_transition
from counter.models import Case, Certificate, MaterialRequirement, Meta, ServiceItem
from counter.users import PLATFORM
from counter.workcal import Entry

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


PlatformChange = CaseOutcome | IssuedCertificate | CatalogUpdate | CalendarUpdate


@dataclass
class Applied:
    """What one page changed, for the report and for the UI to refresh."""

    cases_moved: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    skipped: int = 0
    catalog_version: int | None = None
    calendar_changed: bool = False

    def add(self, other: Applied) -> None:
        self.cases_moved += other.cases_moved
        self.certificates += other.certificates
        self.skipped += other.skipped
        self.catalog_version = other.catalog_version or self.catalog_version
        self.calendar_changed |= other.calendar_changed


def changes_cursor(session: Session) -> str | None:
    row = session.get(Meta, CURSOR_KEY)
    return row.value if row else None


def calendar_version(session: Session) -> int:
    row = session.get(Meta, CALENDAR_VERSION_KEY)
    return int(row.value) if row else 0


def apply_page(
    session: Session, changes: Sequence[PlatformChange], next_cursor: str, now: datetime
) -> Applied:
    """Apply a page of changes and save the cursor after it, in the caller's transaction."""
    applied = Applied()
    # The page's cases in one query, up front: looking each up by its key flushed the
    # previous change's writes first. The lookups below are answered from the identity map.
    case_ids = {c.case_id for c in changes if isinstance(c, CaseOutcome | IssuedCertificate)}
    if case_ids:
        session.exec(select(Case).where(col(Case.id).in_(case_ids))).all()
    for change in changes:
        if isinstance(change, CaseOutcome):
            _apply_outcome(session, change, applied)
        elif isinstance(change, IssuedCertificate):
            _apply_certificate(session, change, now, applied)
        elif isinstance(change, CatalogUpdate):
            _apply_catalog(session, change, applied)
        else:
            _apply_calendar(session, change, applied)
    session.merge(Meta(key=CURSOR_KEY, value=next_cursor))
    session.flush()
    return applied


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


def _apply_outcome(session: Session, change: CaseOutcome, applied: Applied) -> None:
    case = session.get(Case, change.case_id)
    if case is None:
        applied.skipped += 1  # another desk's case in this office's feed
        return
    try:
        target = CaseState(change.state)
    except ValueError:
        log.warning("unknown department state %r for a case; skipped", change.state)
        applied.skipped += 1
        return
    steps = path_to(CaseState(case.state), target)
    if not steps:
        if steps is None:
            log.info("case %s is %s; outcome %s skipped", case.acceptance_no, case.state, target)
        applied.skipped += 1
        return
    for step in steps:
        reason = (change.reason or _DEFAULT_REJECTION) if step == CaseState.REJECTED else ""
        record_transition(
            session, case, step, PLATFORM, reason=reason, at=change.at, notify_platform=False
        )
    applied.cases_moved.append(case.id)


def _apply_certificate(
    session: Session, change: IssuedCertificate, now: datetime, applied: Applied
) -> None:
    held = session.exec(select(Certificate).where(Certificate.serial == change.serial)).first()
    if held is not None or session.get(Case, change.case_id) is None:
        applied.skipped += 1
        return
    if not change.verified:
        log.warning(
            "certificate %s arrived with a signature the desk could not verify", change.serial
        )
    session.add(
        Certificate(
            case_id=change.case_id,
            serial=change.serial,
            doc_type=change.doc_type,
            title=change.title,
            payload=change.payload,
            alg=change.alg,
            key_id=change.key_id,
            signature=change.signature,
            verified=change.verified,
            issued_at=change.issued_at,
            received_at=now,
        )
    )
    session.flush()
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
        for i in session.exec(select(ServiceItem).order_by(col(ServiceItem.code)))
    )
    return CatalogSpec(version=catalog_version(session), items=items)
