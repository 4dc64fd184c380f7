"""Read-side queries the screens and documents need: today's queue, one case whole.

The queue is read in two steps, as large lists should be: first the ids in
display order (one indexed range scan of the day, filtered and sorted in SQL),
then rows for just the ids on screen. Every queue query starts from the day's
range of `ix_case_local_date_accepted`; the filters only ever narrow that range,
so a year of cases in the store costs the queue nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, false, func, literal_column, or_
from sqlmodel import Session, col, select

from counter.cases.lifecycle import CaseState
from counter.cases.queue_filters import QueueFilter, QueueSort, search_terms
from counter.errors import NotFound
from counter.store.models import Case, CaseEvent, CaseMaterial
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


@dataclass(frozen=True)
class QueueFacets:
    """What the day's filters can offer: the service items and clerks seen that day."""

    items: tuple[tuple[str, str], ...]  # (code, name), by name
    clerks: tuple[tuple[int, str], ...]  # (user id, name), by name
    total: int  # the day's cases, whatever the filters


def queue_ids(session: Session, day: date, query: QueueFilter | None = None) -> list[str]:
    """Ids of the cases taken in on `day` (office date) that `query` asks for, in its order.

    Without a query: all of the day's cases, newest first.
    """
    query = query or QueueFilter()
    stmt = select(Case.id).where(Case.local_date == day.isoformat())
    # The unary plus keeps SQLite from trading the day's range for the single-column
    # state or service index, which would walk a year of cases in that state.
    if query.state:
        stmt = stmt.where(literal_column("+case_record.state") == query.state)
    if query.service_code:
        stmt = stmt.where(literal_column("+case_record.service_code") == query.service_code)
    if query.clerk_id is not None:
        stmt = stmt.where(Case.clerk_id == query.clerk_id)
    matched = _search_clause(query.search)
    if matched is not None:
        stmt = stmt.where(matched)
    return list(session.exec(stmt.order_by(*_order(query))).all())


def _search_clause(text: str) -> ColumnElement[bool] | None:
    terms = search_terms(text)
    if terms is None:
        return None
    tried: list[ColumnElement[bool]] = []
    if terms.number_tail:
        tried.append(col(Case.acceptance_no).endswith(terms.number_tail, autoescape=True))
    if terms.name_part:
        tried.append(col(Case.applicant_name).contains(terms.name_part, autoescape=True))
    if terms.id_full:
        tried.append(col(Case.applicant_id_number) == terms.id_full)
    if terms.id_tail:
        # LIKE ignores ASCII case in SQLite: a check character typed "x" still finds "X".
        tried.append(col(Case.applicant_id_number).endswith(terms.id_tail, autoescape=True))
    return or_(false(), *tried)


# Lifecycle order: a case's progress, not the alphabet of its state's code.
_STATE_ORDER = {state.value: position for position, state in enumerate(CaseState)}


def _order(query: QueueFilter) -> list:  # type: ignore[type-arg]
    def direction(column):  # type: ignore[no-untyped-def]
        return column.desc() if query.descending else column.asc()

    newest = [col(Case.accepted_at).desc(), col(Case.acceptance_no).desc()]
    key = query.sort
    if key == QueueSort.TIME:
        return [direction(col(Case.accepted_at)), direction(col(Case.acceptance_no))]
    if key == QueueSort.NUMBER:
        return [direction(col(Case.acceptance_no))]
    if key == QueueSort.STATE:
        progress = case(_STATE_ORDER, value=col(Case.state), else_=len(_STATE_ORDER))
        return [direction(progress), *newest]
    if key == QueueSort.DUE:
        # Cases without a due date (refused, corrections) go last either way.
        return [direction(col(Case.due_date)).nulls_last(), *newest]
    if key == QueueSort.ITEM:
        return [direction(col(Case.service_name)), *newest]
    if key == QueueSort.APPLICANT:
        return [direction(col(Case.applicant_name)), *newest]
    return [direction(col(Case.clerk_name)), *newest]


def queue_facets(session: Session, day: date) -> QueueFacets:
    """The service items and clerks among the cases of `day`, for the filter lists."""
    on_day = Case.local_date == day.isoformat()
    total = session.exec(select(func.count()).select_from(Case).where(on_day)).one()
    # One entry per code or user even if a name changed during the day (a catalog update).
    items = dict(session.exec(
        select(Case.service_code, Case.service_name).where(on_day).distinct()
    ).all())
    clerks = dict(session.exec(
        select(Case.clerk_id, Case.clerk_name).where(on_day).distinct()
    ).all())
    return QueueFacets(
        items=tuple(sorted(items.items(), key=lambda item: (item[1], item[0]))),
        clerks=tuple(sorted(clerks.items(), key=lambda clerk: (clerk[1], clerk[0]))),
        total=total,
    )


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


def find_by_typed_number(session: Session, text: str) -> Case | None:
    """The case with the acceptance number a clerk typed or a scanner sent, or None.

    Stray spaces, tabs, line ends and lower case are forgiven (a scanner may
    add a suffix or send the number in lower case); text that is not shaped
    like an acceptance number at all is refused naming the field.
    """
    from counter.intake.numbering import parse

    cleaned = "".join(text.split()).upper()
    parse(cleaned)
    return find_by_number(session, cleaned)
