"""Intake: check an application and record the clerk's decision in one durable transaction.

`submit_intake` checks everything first and reports every problem at once
(`counter.intake.checks`: the applicant is told all that is missing in one go). Then, in one
``BEGIN IMMEDIATE`` transaction, it allocates the acceptance number and writes
the case, its materials, its first event, the audit entry and the outbox item.
Only after that commit may a receipt be printed: a number in a citizen's hand
is always in the store. An invalid or failed intake writes nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState, check_transition
from counter.catalog.items import ItemDetail, ensure_not_withdrawn
from counter.catalog.workcal import Deadline
from counter.clock import office_date, utc_now
from counter.day import reconcile as day_state
from counter.desk import Desk
from counter.errors import ValidationError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake import numbering
from counter.intake.checks import MaterialLines, check_request
from counter.intake.request import DECISION_STATE, CompanyInput, IntakeRequest
from counter.store import rawsql
from counter.users import Actor, Permission, require
from counter.validation import mask_id_number

log = logging.getLogger("counter.intake.submit")


@dataclass(frozen=True)
class IntakeResult:
    """What the clerk needs right after the commit: the number and the promised date."""

    case_id: str
    acceptance_no: str
    state: CaseState
    due_date: date | None
    due_provisional: bool
    makeup_deadline: date | None


def submit_intake(
    desk: Desk, actor: Actor, request: IntakeRequest, *, now: datetime | None = None
) -> IntakeResult:
    """Validate `request` and record it durably; raise `ValidationError` with every problem."""
    require(actor, Permission.INTAKE)
    now = now or utc_now()
    today = office_date(now, desk.zone)
    target = DECISION_STATE[request.decision]
    check_transition(CaseState.DRAFT, target)
    with desk.store.write_sql() as session:
        # Inside the write lock: a day closed by another desk process a moment ago counts.
        day_state.ensure_open(session, today)
        detail = desk.catalog.get(session, request.service_code)
        ensure_not_withdrawn(detail)
        if detail is None or not detail.item.active:
            raise ValidationError.single(
                "service",
                QT_TRANSLATE_NOOP("fields", "Service item"),
                QT_TRANSLATE_NOOP("rules", "{code} is not in the catalog"),
                code=request.service_code,
            )
        deadline = None
        if target in (CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING):
            deadline = desk.calendar.add_working_days(today, detail.item.promised_days)
        lines = check_request(request, detail, today, deadline.due if deadline else None)
        result = _write_case(
            session, desk, actor, request, detail, lines, target, now, today, deadline
        )
    log.info("intake %s %s by %s", result.acceptance_no, target.value, actor.username)
    return result


def _write_case(
    session: rawsql.Tx,
    desk: Desk,
    actor: Actor,
    request: IntakeRequest,
    detail: ItemDetail,
    lines: MaterialLines,
    target: CaseState,
    now: datetime,
    today: date,
    deadline: Deadline | None,
) -> IntakeResult:
    """Write every row of the intake through the session's transaction (see counter.store.rawsql)."""
    number = str(numbering.allocate(session, desk.office_code, desk.desk_code, today))
    case = _case_row(request, detail, target, now, today, deadline)
    case.update(
        acceptance_no=number,
        office_code=desk.office_code,
        desk_code=desk.desk_code,
        clerk_id=actor.id or 0,
        clerk_name=actor.display_name,
    )
    materials = [
        {
            "case_id": case["id"],
            "position": position,
            "code": spec.code,
            "name": spec.name,
            "required": spec.required,
            "key": spec.key,
            "status": line.status.value,
            "form": line.form or spec.form,
            "copies": line.copies or spec.copies,
            "pages": line.pages,
            "note": line.note.strip(),
        }
        for position, (spec, line) in enumerate(lines)
    ]
    cur = rawsql.cursor(session)
    rawsql.insert(cur, "case_record", case)
    rawsql.insert_many(cur, "case_material", materials)
    rawsql.insert(
        cur,
        "case_event",
        {
            "case_id": case["id"],
            "kind": "intake",
            "from_state": CaseState.DRAFT.value,
            "to_state": target.value,
            "actor_id": actor.id,
            "actor_name": actor.display_name,
            "at": case["accepted_at"],
            "reason": case["reason"],
            "data": "{}",
        },
    )
    audit.append(
        session,
        actor_id=actor.id,
        actor_name=actor.display_name,
        action=f"case.intake.{request.decision.value}",
        target=f"case:{number}",
        detail={
            "service": detail.item.code,
            "applicant_id": mask_id_number(case["applicant_id_number"]),
        },
        at=now,
    )
    outbox.enqueue(
        session,
        kind="case.intake",
        case_id=case["id"],
        at=now,
        payload=_intake_payload(case, now, materials, actor, request.extra),
    )
    return IntakeResult(
        case_id=case["id"],
        acceptance_no=number,
        state=target,
        due_date=deadline.due if deadline else None,
        due_provisional=deadline.provisional if deadline else False,
        makeup_deadline=request.makeup_deadline if target is CaseState.ACCEPTED_PENDING else None,
    )


def _case_row(
    request: IntakeRequest,
    detail: ItemDetail,
    target: CaseState,
    now: datetime,
    today: date,
    deadline: Deadline | None,
) -> dict[str, object]:
    """The case_record row, less the number and the desk's and clerk's identity."""
    applicant = request.applicant
    agent = request.agent
    is_company = isinstance(applicant, CompanyInput)
    pending = target is CaseState.ACCEPTED_PENDING
    return {
        "id": request.case_id or str(uuid.uuid4()),
        "service_code": detail.item.code,
        "service_name": detail.item.name,
        "department": detail.item.department,
        "decision": request.decision.value,
        "state": target.value,
        "applicant_kind": "company" if is_company else "person",
        "applicant_name": applicant.name.strip(),
        "applicant_id_type": "credit_code" if is_company else applicant.id_type.value,
        "applicant_id_number": _normalise_id(
            applicant.credit_code if is_company else applicant.id_number
        ),
        "applicant_phone": applicant.phone.strip(),
        "applicant_address": applicant.address.strip(),
        "legal_rep_name": applicant.legal_rep_name.strip() if is_company else "",
        "agent_name": agent.name.strip() if agent else "",
        "agent_id_type": agent.id_type.value if agent else "",
        "agent_id_number": _normalise_id(agent.id_number) if agent else "",
        "agent_phone": agent.phone.strip() if agent else "",
        "accepted_at": rawsql.sql_datetime(now),
        "local_date": today.isoformat(),
        "promised_days": detail.item.promised_days,
        "due_date": rawsql.sql_date(deadline.due) if deadline else None,
        "due_provisional": bool(deadline and deadline.provisional),
        "makeup_deadline": rawsql.sql_date(request.makeup_deadline) if pending else None,
        "commitment_signed": request.commitment_signed,
        "reason": request.reason.strip(),
        "updated_at": rawsql.sql_datetime(now),
    }


def _normalise_id(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def _intake_payload(
    case: dict, accepted_at: datetime, materials: list[dict], actor: Actor, extra: dict
) -> dict:
    """The case as the platform receives it; frozen in the outbox once written."""
    return {
        "case_id": case["id"],
        "acceptance_no": case["acceptance_no"],
        "office_code": case["office_code"],
        "desk_code": case["desk_code"],
        "service_code": case["service_code"],
        "decision": case["decision"],
        "state": case["state"],
        "applicant": {
            "kind": case["applicant_kind"],
            "name": case["applicant_name"],
            "id_type": case["applicant_id_type"],
            "id_number": case["applicant_id_number"],
            "phone": case["applicant_phone"],
            "address": case["applicant_address"],
            "legal_rep_name": case["legal_rep_name"],
        },
        "agent": None
        if not case["agent_name"]
        else {
            "name": case["agent_name"],
            "id_type": case["agent_id_type"],
            "id_number": case["agent_id_number"],
            "phone": case["agent_phone"],
        },
        "materials": [
            {k: m[k] for k in ("code", "name", "status", "form", "copies", "pages", "note")}
            for m in materials
        ],
        "accepted_at": accepted_at.isoformat(),
        "local_date": case["local_date"],
        "due_date": case["due_date"],
        "due_provisional": case["due_provisional"],
        "makeup_deadline": case["makeup_deadline"],
        "reason": case["reason"],
        "clerk": actor.username,
        "extra": extra,
    }
