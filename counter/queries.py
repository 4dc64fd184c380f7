"""Read-side queries the screens and documents need: today's queue, one case whole.

The queue is read in two steps, as large lists should be: first the ids in
display order (one indexed range scan), then rows for just the ids on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from counter.errors import NotFound
from counter.models import Case, CaseEvent, CaseMaterial
from counter.validation import mask_id_number


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, with the ID number already masked."""

    id: str
    acceptance_no: str
    accepted_at: datetime
    service_name: str
    applicant_name: str
    applicant_id_masked: str
    state: str
    due_date: date | None
    clerk_name: str


def queue_ids(session: Session, day: date) -> list[str]:
    """Ids of the cases taken in on `day` (office date), newest first."""
    stmt = (
        select(Case.id)
        .where(Case.local_date == day.isoformat())
        .order_by(col(Case.accepted_at).desc(), col(Case.acceptance_no).desc())
    )
    return list(session.exec(stmt).all())


def queue_rows(session: Session, ids: list[str]) -> dict[str, QueueRow]:
    """Rows for the given ids, keyed by id (order is the caller's)."""
    if not ids:
        return {}
    cases = session.exec(select(Case).where(col(Case.id).in_(ids))).all()
    return {
        c.id: QueueRow(
            id=c.id,
            acceptance_no=c.acceptance_no,
            accepted_at=c.accepted_at,
            service_name=c.service_name,
            applicant_name=c.applicant_name,
            applicant_id_masked=mask_id_number(c.applicant_id_number),
            state=c.state,
            due_date=c.due_date,
            clerk_name=c.clerk_name,
        )
        for c in cases
    }


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    materials: tuple[CaseMaterial, ...]
    events: tuple[CaseEvent, ...]


def case_detail(session: Session, case_id: str) -> CaseDetail:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case with id {case_id}")
    materials = session.exec(
        select(CaseMaterial)
        .where(CaseMaterial.case_id == case_id)
        .order_by(col(CaseMaterial.position))
    ).all()
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
    ).all()
    return CaseDetail(case, tuple(materials), tuple(events))


def find_by_number(session: Session, acceptance_no: str) -> Case | None:
    return session.exec(select(Case).where(Case.acceptance_no == acceptance_no)).first()
