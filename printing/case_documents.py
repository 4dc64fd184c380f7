"""From a recorded case to each of its counter documents, and onto disk.

Like the receipt, every notice is made only from what the store holds after
the intake commit, with ID and phone numbers masked. `documents_for` says
which documents a case's intake decision calls for; `save_receipt` writes the
receipt on the paper this desk is set up for (setting ``receipt_paper``: A4,
or the 80 mm thermal roll).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

from counter.cases.queries import CaseDetail
from counter.clock import to_office_time
from counter.settings import RECEIPT_ROLL80, Settings
from counter.store.models import Case, CaseMaterial
from counter.supervision.actions import Extension
from counter.validation import mask_id_number, mask_phone
from printing.case_receipt import (
    applicant_id_label,
    masked_agent_id,
    receipt_data_for,
)
from printing.extension_notice import ExtensionNoticeData, build_extension_notice
from printing.fonts import CjkFont, resolve_cjk_font
from printing.notice_data import (
    CorrectionNoticeData,
    NoticeCase,
    NoticeItem,
    PendingNoticeData,
    RefusalNoticeData,
)
from printing.notices import (
    build_correction_notice,
    build_pending_notice,
    build_refusal_notice,
)
from printing.output import write_atomically
from printing.receipt import build_acceptance_receipt
from printing.thermal import build_thermal_receipt

__all__ = [
    "DOCUMENT_FILES",
    "DocumentKind",
    "correction_data_for",
    "documents_for",
    "extension_data_for",
    "notice_case_for",
    "pending_data_for",
    "receipt_kind",
    "refusal_data_for",
    "render_document",
    "save_document",
    "save_extension_notice",
    "save_receipt",
]

DocumentKind = Literal["receipt", "thermal_receipt", "correction", "refusal", "pending"]

DOCUMENT_FILES: dict[str, str] = {
    "receipt": "受理回执",
    "thermal_receipt": "受理回执-80mm",
    "correction": "一次性告知书",
    "refusal": "不予受理通知书",
    "pending": "容缺受理通知书",
    "extension": "延期办理通知书",
}
"""The file name suffix of each document: ``<acceptance no>-<suffix>.pdf``."""

_DECISION_DOCUMENTS: dict[str, tuple[DocumentKind, ...]] = {
    "accept": ("receipt",),
    "accept_pending": ("receipt", "pending"),
    "request_correction": ("correction",),
    "refuse": ("refusal",),
}


def documents_for(case: Case) -> tuple[DocumentKind, ...]:
    """The A4 documents the counter hands over for `case`'s intake decision."""
    return _DECISION_DOCUMENTS.get(case.decision, ())


def receipt_kind(settings: Settings) -> DocumentKind:
    """The receipt this desk prints: the 80 mm roll when set up for one, else A4."""
    return "thermal_receipt" if settings.receipt_paper == RECEIPT_ROLL80 else "receipt"


def notice_case_for(detail: CaseDetail, settings: Settings) -> NoticeCase:
    """The particulars every notice prints, ID and phone masked."""
    case = detail.case
    return NoticeCase(
        office_name=settings.office_name,
        office_address=settings.office_address,
        hotline=settings.hotline,
        acceptance_no=case.acceptance_no,
        service_code=case.service_code,
        service_name=case.service_name,
        department=case.department,
        applicant_name=case.applicant_name,
        applicant_id_label=applicant_id_label(case),
        applicant_id_masked=mask_id_number(case.applicant_id_number),
        applicant_phone_masked=mask_phone(case.applicant_phone),
        agent_name=case.agent_name or None,
        agent_id_masked=masked_agent_id(case),
        issued_at=to_office_time(case.accepted_at, settings.timezone),
        clerk_name=case.clerk_name,
        desk_code=case.desk_code,
        query_url=settings.query_url,
    )


def _items(materials: tuple[CaseMaterial, ...], statuses: frozenset[str]) -> tuple[NoticeItem, ...]:
    return tuple(
        NoticeItem(name=m.name, problem=m.status, note=m.note, form=m.form, copies=m.copies)  # type: ignore[arg-type]
        for m in materials
        if m.status in statuses
    )


def correction_data_for(detail: CaseDetail, settings: Settings) -> CorrectionNoticeData:
    """Every missing or faulty material of the case, with the clerk's notes."""
    return CorrectionNoticeData(
        case=notice_case_for(detail, settings),
        items=_items(detail.materials, frozenset({"missing", "faulty"})),
        remark=detail.case.reason,
    )


def refusal_data_for(detail: CaseDetail, settings: Settings) -> RefusalNoticeData:
    """The refusal with the reason recorded at the counter."""
    return RefusalNoticeData(
        case=notice_case_for(detail, settings), reason=detail.case.reason or "不符合受理条件"
    )


def pending_data_for(detail: CaseDetail, settings: Settings) -> PendingNoticeData:
    """The 容缺 items, make-up deadline and promised date."""
    case = detail.case
    if case.makeup_deadline is None:
        raise ValueError(f"case {case.acceptance_no} has no make-up deadline")
    return PendingNoticeData(
        case=notice_case_for(detail, settings),
        items=_items(detail.materials, frozenset({"pending"})),
        makeup_deadline=case.makeup_deadline,
        promised_date=case.due_date if case.promised_days > 0 else None,
        promised_provisional=case.due_provisional,
        commitment_signed=case.commitment_signed,
    )


def render_document(
    kind: DocumentKind, detail: CaseDetail, settings: Settings, font: CjkFont | None = None,
    *, print_no: int = 1,
) -> bytes:
    """The PDF bytes of one of the case's documents; `print_no` 2 and on marks a reprint."""
    font = font or resolve_cjk_font(settings.font_path or None)
    if kind in ("receipt", "thermal_receipt"):
        receipt = replace(receipt_data_for(detail, settings), print_no=print_no)
        build = build_acceptance_receipt if kind == "receipt" else build_thermal_receipt
        return build(receipt, font)
    notices = {
        "correction": (correction_data_for, build_correction_notice),
        "refusal": (refusal_data_for, build_refusal_notice),
        "pending": (pending_data_for, build_pending_notice),
    }
    if kind not in notices:
        raise ValueError(f"unknown document kind {kind!r}")
    data_for, build_notice = notices[kind]
    data = data_for(detail, settings)
    return build_notice(replace(data, case=replace(data.case, print_no=print_no)), font)


def save_document(
    kind: DocumentKind,
    detail: CaseDetail,
    settings: Settings,
    directory: Path,
    font: CjkFont | None = None,
) -> Path:
    """Write one document as ``<acceptance no>-<name>.pdf``; atomic, never a half file."""
    pdf = render_document(kind, detail, settings, font)
    name = f"{detail.case.acceptance_no}-{DOCUMENT_FILES[kind]}.pdf"
    return write_atomically(directory / name, pdf)


def save_receipt(
    detail: CaseDetail, settings: Settings, directory: Path, font: CjkFont | None = None
) -> Path:
    """Write the case's receipt, on this desk's paper, as ``<acceptance no>-受理回执.pdf``.

    The name is the receipt's whatever the paper: a case has one receipt, and
    whoever reprints or lists it finds it under that name. Atomic.
    """
    pdf = render_document(receipt_kind(settings), detail, settings, font)
    name = f"{detail.case.acceptance_no}-{DOCUMENT_FILES['receipt']}.pdf"
    return write_atomically(directory / name, pdf)


def extension_data_for(
    detail: CaseDetail, settings: Settings, extension: Extension
) -> ExtensionNoticeData:
    """The extension notice of one recorded extension (counter.supervision.actions)."""
    return ExtensionNoticeData(
        case=notice_case_for(detail, settings),
        old_due=extension.old_due,
        new_due=extension.new_due,
        working_days=extension.working_days,
        reason=extension.reason,
        extended_at=to_office_time(extension.at, settings.timezone),
        approver=extension.actor_name,
        provisional=extension.provisional,
    )


def save_extension_notice(
    detail: CaseDetail,
    settings: Settings,
    extension: Extension,
    directory: Path,
    font: CjkFont | None = None,
) -> Path:
    """Write the 延期办理通知书 as ``<acceptance no>-延期办理通知书.pdf`` (the latest one); atomic.

    Not one of `render_document`'s kinds: it is made from an extension, not from
    the intake decision.
    """
    font = font or resolve_cjk_font(settings.font_path or None)
    pdf = build_extension_notice(extension_data_for(detail, settings, extension), font)
    name = f"{detail.case.acceptance_no}-{DOCUMENT_FILES['extension']}.pdf"
    return write_atomically(directory / name, pdf)
