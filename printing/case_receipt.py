"""From a recorded case to the data of its acceptance receipt.

The receipt is made only from what the store holds after the intake commit,
so it can never show a number or a date the store does not have.
"""

from __future__ import annotations

from counter.cases.queries import CaseDetail
from counter.clock import to_office_time
from counter.settings import Settings
from counter.store.models import Case
from counter.validation import mask_id_number, mask_phone
from printing.receipt_data import MaterialLine, ReceiptData

# The receipt follows the intake decision, not the current state: a reprint of
# a case already submitted still says how it was accepted.
RECEIPT_DECISIONS = {"accept": "accepted", "accept_pending": "accepted_pending"}


def receipt_data_for(detail: CaseDetail, settings: Settings) -> ReceiptData:
    """The receipt's content for an accepted case (ID and phone masked)."""
    case = detail.case
    decision = RECEIPT_DECISIONS.get(case.decision)
    if decision is None:
        raise ValueError(f"case {case.acceptance_no} was not accepted; it has no receipt")
    lines = tuple(
        MaterialLine(
            name=m.name,
            form=m.form,
            copies=m.copies if m.status == "received" else 0,
            pages=m.pages,
            status=m.status if m.status != "faulty" else "missing",
        )
        for m in detail.materials
    )
    return ReceiptData(
        office_name=settings.office_name,
        office_address=settings.office_address,
        hotline=settings.hotline,
        acceptance_no=case.acceptance_no,
        decision=decision,
        service_code=case.service_code,
        service_name=case.service_name,
        department=case.department,
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id_number(case.applicant_id_number),
        applicant_phone_masked=mask_phone(case.applicant_phone),
        agent_name=case.agent_name or None,
        agent_id_masked=masked_agent_id(case),
        materials=lines,
        accepted_at=to_office_time(case.accepted_at, settings.timezone),
        promised_date=case.due_date if case.promised_days > 0 else None,
        promised_provisional=case.due_provisional,
        makeup_deadline=case.makeup_deadline,
        clerk_name=case.clerk_name,
        desk_code=case.desk_code,
        query_url=settings.query_url,
        applicant_id_label=applicant_id_label(case),
    )


def applicant_id_label(case: Case) -> str:
    """What the applicant's number is called on paper."""
    return "统一社会信用代码" if case.applicant_kind == "company" else "证件号码"


def masked_agent_id(case: Case) -> str | None:
    """The agent's ID number masked, or None when nobody applied on the applicant's behalf."""
    return mask_id_number(case.agent_id_number) if case.agent_name else None
