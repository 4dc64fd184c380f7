"""What the case view and the pickup page show of one case, read on the store worker.

Plain data (no Qt): the functions here run on the task runner's store worker
and hand back a `CaseSnapshot`, with every ID number already masked, so the
full number never reaches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from counter.bootstrap import OpenedDesk
from counter.cases.deadlines import DueStatus, due_mark
from counter.cases.delivery import is_deliverable
from counter.cases.lifecycle import TRANSITIONS, CaseState
from counter.cases.queries import case_detail, find_by_typed_number
from counter.cases.reprints import DOCUMENT_NAMES, reprint_count
from counter.cases.timeline import TimelineEntry, case_timeline
from counter.certificates.records import (
    CertificateInfo,
    PrintRecord,
    case_certificates,
    record_print,
)
from counter.clock import office_date, utc_now
from counter.errors import NotFound
from counter.i18n import QT_TRANSLATE_NOOP
from counter.settings import DOCUMENTS_FOLDER
from counter.store.models import Case
from counter.users import Actor
from counter.validation import mask_id_number
from printing.case_documents import DOCUMENT_FILES
from printing.certificate import build_certificate
from printing.certificate_data import certificate_sheet_for
from printing.fonts import resolve_cjk_font

DOCUMENTS_DIR = DOCUMENTS_FOLDER


@dataclass(frozen=True)
class MaterialLine:
    name: str
    status: str
    key: bool
    required: bool
    note: str


@dataclass(frozen=True)
class DocumentFile:
    """A receipt or notice intake wrote for the case, and how often it was reprinted."""

    case_id: str
    doc_type: str  # "receipt", "pending", ... (counter.cases.reprints.DOCUMENT_TYPES)
    path: Path
    reprints: int


@dataclass(frozen=True)
class CaseSnapshot:
    case_id: str
    acceptance_no: str
    service_code: str
    service_name: str
    department: str
    state: str
    applicant_name: str
    applicant_id_masked: str
    agent_name: str
    agent_id_masked: str
    due_date: date | None
    overdue: bool
    materials: tuple[MaterialLine, ...]
    timeline: tuple[TimelineEntry, ...]
    certificates: tuple[CertificateInfo, ...]
    documents: tuple[DocumentFile, ...]

    @property
    def deliverable(self) -> bool:
        return is_deliverable(self.state)

    @property
    def voidable(self) -> bool:
        return CaseState.VOIDED in TRANSITIONS[CaseState(self.state)]

    @property
    def has_agent(self) -> bool:
        return bool(self.agent_name)


def document_path(opened: OpenedDesk, acceptance_no: str, doc_type: str) -> Path:
    return opened.directory / DOCUMENTS_DIR / f"{acceptance_no}-{DOCUMENT_FILES[doc_type]}.pdf"


def load_case(opened: OpenedDesk, case_id: str) -> CaseSnapshot:
    """Everything the case view shows of `case_id`."""
    with opened.desk.store.read() as session:
        detail = case_detail(session, case_id)
        case = detail.case
        timeline = tuple(case_timeline(session, case_id))
        certificates = tuple(case_certificates(session, case_id))
        documents = []
        for doc_type in DOCUMENT_NAMES:
            path = document_path(opened, case.acceptance_no, doc_type)
            if path.exists():
                documents.append(
                    DocumentFile(case_id, doc_type, path, reprint_count(session, case_id, doc_type))
                )
    today = office_date(utc_now(), opened.desk.zone)
    mark = due_mark(case.state, case.due_date, today, opened.desk.calendar)
    overdue = mark is not None and mark.status is DueStatus.OVERDUE
    return CaseSnapshot(
        case_id=case.id,
        acceptance_no=case.acceptance_no,
        service_code=case.service_code,
        service_name=case.service_name,
        department=case.department,
        state=case.state,
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id_number(case.applicant_id_number),
        agent_name=case.agent_name,
        agent_id_masked=mask_id_number(case.agent_id_number) if case.agent_id_number else "",
        due_date=case.due_date,
        overdue=overdue,
        materials=tuple(
            MaterialLine(m.name, m.status, m.key, m.required, m.note) for m in detail.materials
        ),
        timeline=timeline,
        certificates=certificates,
        documents=tuple(documents),
    )


def load_by_number(opened: OpenedDesk, text: str) -> CaseSnapshot:
    """The case with a typed or scanned acceptance number; NotFound when there is none."""
    with opened.desk.store.read() as session:
        case = find_by_typed_number(session, text)
    if case is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "no case has the acceptance number {number}"),
            number="".join(text.split()).upper(),
        )
    return load_case(opened, case.id)


def print_certificate_pdf(
    opened: OpenedDesk, actor: Actor, serial: str, reason: str | None
) -> tuple[PrintRecord, bytes]:
    """Record one print of certificate `serial`, then build the sheet that shows its number.

    The record comes first: the printed copy carries its print number, and a
    copy must never exist that the counter did not count (see ui/cases/case_printing.py).
    """
    record = record_print(opened.desk, actor, serial, reason)
    with opened.desk.store.read() as session:
        case = session.get(Case, record.case_id)
        info = next(c for c in case_certificates(session, record.case_id) if c.serial == serial)
    assert case is not None
    settings = opened.settings
    sheet = certificate_sheet_for(
        info,
        case,
        office_name=settings.office_name,
        office_address=settings.office_address,
        hotline=settings.hotline,
        record=record,
        zone=opened.desk.zone,
    )
    return record, build_certificate(sheet, resolve_cjk_font(settings.font_path or None))
