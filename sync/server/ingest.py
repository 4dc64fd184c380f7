"""Taking in a batch of case events: idempotency, per-item checks, and the platform's cases.

Called inside one transaction per batch. Items are handled in order, so an
intake and a transition of the same case may travel in one batch.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter.lifecycle import TRANSITIONS, CaseState
from sync.protocol import (
    INTAKE,
    TRANSITION,
    AuditCheck,
    AuditHead,
    ReasonCode,
    UploadBatch,
    UploadItem,
    UploadResponse,
    UploadResult,
    UploadStatus,
    canonical_json,
)
from sync.server import intake_rules as rules
from sync.server.auth import DeskIdentity
from sync.server.tables import AuditHeadRow, CatalogRow, PlatformCase, ReceivedItem

log = logging.getLogger("sync.server.ingest")

# Counter states after which the department has the case.
_HANDED_ON = {CaseState.ACCEPTED.value, CaseState.SUBMITTED.value}


def request_hash(item: UploadItem) -> str:
    """What "the same item" means: kind, case id, payload and creation instant (in UTC)."""
    body = {
        "kind": item.kind,
        "case_id": item.case_id,
        "payload": item.payload,
        "created_at": item.created_at.astimezone(UTC).isoformat(),
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def ingest_batch(
    session: Session, desk: DeskIdentity, batch: UploadBatch, now: datetime
) -> UploadResponse:
    results = [_ingest_item(session, desk, item, now) for item in batch.items]
    audit = _check_audit_head(session, desk, batch.audit_head, now)
    return UploadResponse(results=results, audit=audit)


def _ingest_item(
    session: Session, desk: DeskIdentity, item: UploadItem, now: datetime
) -> UploadResult:
    digest = request_hash(item)
    seen = session.exec(
        select(ReceivedItem).where(
            ReceivedItem.office_code == desk.office_code,
            ReceivedItem.idempotency_key == item.idempotency_key,
        )
    ).first()
    if seen is not None:
        if seen.request_hash != digest:
            return UploadResult(
                idempotency_key=item.idempotency_key,
                status=UploadStatus.REJECTED,
                reason_code=ReasonCode.IDEMPOTENCY_CONFLICT,
                reason="this idempotency key was used before for a different item; "
                "the first one stands",
            )
        first = UploadResult.model_validate_json(seen.result)
        return first.model_copy(
            update={"status": UploadStatus.DUPLICATE, "first_status": first.status}
        )
    result = _decide(session, desk, item, now)
    session.add(
        ReceivedItem(
            office_code=desk.office_code,
            idempotency_key=item.idempotency_key,
            request_hash=digest,
            kind=item.kind,
            case_id=item.case_id,
            result=result.model_dump_json(),
            received_at=now,
        )
    )
    session.flush()
    if result.status is UploadStatus.REJECTED:
        log.info("rejected %s from %s: %s", item.kind, desk.office_code, result.reason_code)
    return result


def _decide(session: Session, desk: DeskIdentity, item: UploadItem, now: datetime) -> UploadResult:
    if item.kind == INTAKE:
        outcome = _take_intake(session, desk, item, now)
    elif item.kind == TRANSITION:
        outcome = _take_transition(session, desk, item, now)
    else:
        outcome = rules.Rejection(ReasonCode.UNKNOWN_KIND, f"kind {item.kind!r} is not taken")
    if isinstance(outcome, rules.Rejection):
        return UploadResult(
            idempotency_key=item.idempotency_key,
            status=UploadStatus.REJECTED,
            reason_code=outcome.code,
            reason=outcome.reason,
        )
    return UploadResult(
        idempotency_key=item.idempotency_key,
        status=UploadStatus.ACCEPTED,
        platform_case_id=platform_case_id(outcome),
    )


def platform_case_id(case: PlatformCase) -> str:
    return f"PX{case.id:010d}"


def _take_intake(
    session: Session, desk: DeskIdentity, item: UploadItem, now: datetime
) -> PlatformCase | rules.Rejection:
    payload = rules.parse_intake(item)
    if isinstance(payload, rules.Rejection):
        return payload
    problem = rules.check_intake(payload, desk)
    if problem is not None:
        return problem
    service = session.get(CatalogRow, payload.service_code)
    if service is None or service.removed:
        return rules.Rejection(
            ReasonCode.UNKNOWN_SERVICE, f"service {payload.service_code} is not in the catalog"
        )
    if session.exec(select(PlatformCase).where(PlatformCase.case_id == payload.case_id)).first():
        # Said the same way whichever office holds it: nothing leaks across offices.
        return rules.Rejection(
            ReasonCode.CASE_EXISTS, "a different intake for this case id was taken before"
        )
    handed_on = payload.state in _HANDED_ON
    case = PlatformCase(
        case_id=payload.case_id,
        office_code=desk.office_code,
        desk_code=desk.desk_code,
        acceptance_no=payload.acceptance_no,
        service_code=payload.service_code,
        counter_state=payload.state,
        dept_state="received" if handed_on else "",
        applicant_kind=payload.applicant.kind,
        applicant_name=payload.applicant.name,
        applicant_id_type=payload.applicant.id_type,
        applicant_id_number=payload.applicant.id_number.strip().upper(),
        payload=json.dumps(item.payload, ensure_ascii=False),
        received_at=now,
        dept_since=now if handed_on else None,
    )
    session.add(case)
    session.flush()
    return case


def _take_transition(
    session: Session, desk: DeskIdentity, item: UploadItem, now: datetime
) -> PlatformCase | rules.Rejection:
    payload = rules.parse_transition(item)
    if isinstance(payload, rules.Rejection):
        return payload
    case = session.exec(
        select(PlatformCase).where(
            PlatformCase.case_id == payload.case_id, PlatformCase.office_code == desk.office_code
        )
    ).first()
    if case is None:
        return rules.Rejection(ReasonCode.UNKNOWN_CASE, "no intake for this case was received")
    try:
        legal = CaseState(payload.to_state) in TRANSITIONS[CaseState(payload.from_state)]
    except ValueError:
        legal = False
    if not legal:
        return rules.Rejection(
            ReasonCode.ILLEGAL_TRANSITION,
            f"a case cannot move from {payload.from_state} to {payload.to_state}",
        )
    case.counter_state = payload.to_state
    if payload.to_state == CaseState.VOIDED and case.dept_state in ("", "received"):
        case.dept_state = "withdrawn"
    elif payload.to_state in _HANDED_ON and case.dept_state == "":
        case.dept_state, case.dept_since = "received", now
    session.add(case)
    session.flush()
    return case


def _check_audit_head(
    session: Session, desk: DeskIdentity, head: AuditHead | None, now: datetime
) -> AuditCheck:
    """Compare the reported head with earlier ones: a changed hash or a shorter log shows."""
    if head is None:
        return AuditCheck.ABSENT
    same = session.exec(
        select(AuditHeadRow).where(
            AuditHeadRow.desk_id == desk.desk_id, AuditHeadRow.entry_id == head.entry_id
        )
    ).first()
    latest = session.exec(
        select(AuditHeadRow.entry_id)
        .where(AuditHeadRow.desk_id == desk.desk_id)
        .order_by(col(AuditHeadRow.entry_id).desc())
        .limit(1)
    ).first()
    if (same is not None and same.hash != head.hash) or (latest or 0) > head.entry_id:
        log.warning("audit chain mismatch reported by desk %s", desk.desk_id)
        return AuditCheck.MISMATCH
    if same is None:
        session.add(
            AuditHeadRow(desk_id=desk.desk_id, entry_id=head.entry_id, hash=head.hash,
                         received_at=now)
        )
    return AuditCheck.RECORDED
