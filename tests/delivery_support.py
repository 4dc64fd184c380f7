"""Cases ready for pickup: taken in at the counter, then decided by the department.

The department's moves are recorded as the sync engine records them
(`record_platform_move` under the platform's name, no outbox item), so the
case's history reads as it would at a real desk.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlmodel import col, select

from counter.cases.lifecycle import CaseRow, CaseState, record_platform_move
from counter.certificates.records import pin_keys
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.store.models import Case, CaseEvent, Certificate
from counter.users import PLATFORM, Actor
from counter.validation import mask_id_number
from sync.protocol import CertificateData, canonical_json, sign_certificate
from tests.certificate_support import SigningKey, new_key
from tests.conftest import AGENT_ID, APPLICANT_ID, MONDAY_MORNING, intake_request, person

__all__ = ["AGENT_ID", "APPLICANT_ID", "add_certificate", "decide", "ready_case"]

_PATHS = {
    CaseState.APPROVED: (CaseState.SUBMITTED, CaseState.IN_REVIEW, CaseState.APPROVED),
    CaseState.RESULT_READY: (
        CaseState.SUBMITTED,
        CaseState.IN_REVIEW,
        CaseState.APPROVED,
        CaseState.RESULT_READY,
    ),
    CaseState.REJECTED: (CaseState.SUBMITTED, CaseState.IN_REVIEW, CaseState.REJECTED),
    CaseState.IN_REVIEW: (CaseState.SUBMITTED, CaseState.IN_REVIEW),
}


def decide(desk: Desk, case_id: str, state: CaseState) -> None:
    """Move a freshly accepted case to `state` as the platform reports it, an hour a step after intake."""
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        row = CaseRow(case.id, case.acceptance_no, CaseState(case.state))
        at = case.accepted_at.replace(tzinfo=UTC)
        for step in _PATHS[state]:
            at += timedelta(hours=1)
            reason = "材料不符合法定条件" if step is CaseState.REJECTED else ""
            record_platform_move(session, row, step, PLATFORM, at=at, reason=reason)


def ready_case(
    desk: Desk,
    clerk: Actor,
    state: CaseState = CaseState.RESULT_READY,
    *,
    with_agent: bool = False,
) -> str:
    """A case taken in on Monday morning (by an agent if asked) and decided; its id."""
    fields: dict[str, object] = {}
    if with_agent:
        fields["agent"] = person("李娜", AGENT_ID, "13700001111")
    result = submit_intake(desk, clerk, intake_request(desk, **fields), now=MONDAY_MORNING)
    decide(desk, result.case_id, state)
    return result.case_id


def add_certificate(desk: Desk, case_id: str, key: SigningKey | None = None) -> str:
    """Store a signed certificate for the case, issued an hour after its last move; its serial."""
    key = key or new_key()
    with desk.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        last = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id).desc())
        ).first()
    assert last is not None
    issued_at = last.at.replace(tzinfo=UTC) + timedelta(minutes=30)
    data = CertificateData(
        certificate_id=f"CERT-{case.acceptance_no}",
        doc_type="business_license",
        title="个体工商户营业执照",
        case_id=case_id,
        acceptance_no=case.acceptance_no,
        service_code=case.service_code,
        issuer="清徐县市场监督管理局",
        holder_name=case.applicant_name,
        holder_id_masked=mask_id_number(case.applicant_id_number),
        issued_at=issued_at,
    )
    signed = sign_certificate(data, key.private, key.public.key_id)
    with desk.store.write() as session:
        session.add(
            Certificate(
                case_id=case_id,
                serial=data.certificate_id,
                doc_type=data.doc_type,
                title=data.title,
                payload=canonical_json(data.model_dump(mode="json")),
                alg=signed.alg,
                key_id=signed.key_id,
                signature=signed.signature,
                verified=True,
                issued_at=issued_at,
                received_at=issued_at,
            )
        )
    pin_keys(desk, [key.public])
    return data.certificate_id
