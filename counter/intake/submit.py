"""Intake: check an application and record the clerk's decision in one durable transaction.

`submit_intake` validates everything first and reports every problem at once
(the applicant is told all that is missing in one go). Then, in one
``BEGIN IMMEDIATE`` transaction, it allocates the acceptance number and writes
the case, its materials, its first event, the audit entry and the outbox item.
Only after that commit may a receipt be printed: a number in a citizen's hand
is always in the store. An invalid or failed intake writes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState, check_transition
from counter.catalog.items import ItemDetail, ensure_not_withdrawn
from counter.catalog.spec import MaterialForm
from counter.catalog.workcal import Deadline
from counter.clock import office_date, utc_now
from counter.day import reconcile as day_state
from counter.desk import Desk
from counter.errors import FieldProblem, ValidationError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake import numbering
from counter.intake.request import (
    DECISION_STATE,
    CompanyInput,
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.store import rawsql
from counter.store.models import MaterialRequirement
from counter.users import Actor, Permission, require
from counter.validation import (
    mask_id_number,
    validate_company_name,
    validate_credit_code,
    validate_id_number,
    validate_person_name,
    validate_phone,
)

log = logging.getLogger("counter.intake.submit")

MIN_REASON_LENGTH = 4
_BLOCKING = {MaterialStatus.MISSING, MaterialStatus.FAULTY, MaterialStatus.PENDING}


@dataclass(frozen=True)
class IntakeResult:
    """What the clerk needs right after the commit: the number and the promised date."""

    case_id: str
    acceptance_no: str
    state: CaseState
    due_date: date | None
    due_provisional: bool
    makeup_deadline: date | None


_FORMS = tuple(f.value for f in MaterialForm)


class _Problems:
    """Collects field problems so they are all reported together."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, label: str, rule: str, **params: object) -> None:
        self.items.append(
            FieldProblem(field, label, rule, tuple((k, str(v)) for k, v in params.items()))
        )

    def run(self, prefix: str, check: Callable[[], object]) -> object | None:
        try:
            return check()
        except ValidationError as exc:
            self.items.extend(exc.with_prefix(prefix).problems if prefix else exc.problems)
            return None


def _check_person(problems: _Problems, prefix: str, person: PersonInput, today: date) -> None:
    problems.run(prefix, lambda: validate_person_name(person.name))
    problems.run(prefix, lambda: validate_id_number(person.id_type, person.id_number, today=today))
    problems.run(prefix, lambda: validate_phone(person.phone))


def _check_parties(
    problems: _Problems, request: IntakeRequest, detail: ItemDetail, today: date
) -> None:
    applicant = request.applicant
    if isinstance(applicant, CompanyInput):
        if not detail.item.for_company:
            problems.add(
                "applicant",
                QT_TRANSLATE_NOOP("fields", "Applicant"),
                QT_TRANSLATE_NOOP("rules", "this item is for natural persons, not companies"),
            )
        problems.run("applicant", lambda: validate_company_name(applicant.name))
        problems.run("applicant", lambda: validate_credit_code(applicant.credit_code))
        problems.run("applicant.legal_rep", lambda: validate_person_name(applicant.legal_rep_name))
        problems.run("applicant", lambda: validate_phone(applicant.phone))
    else:
        if detail.item.for_company:
            problems.add(
                "applicant",
                QT_TRANSLATE_NOOP("fields", "Applicant"),
                QT_TRANSLATE_NOOP("rules", "this item is for companies; enter the company"),
            )
        _check_person(problems, "applicant", applicant, today)
    if request.agent is not None:
        _check_person(problems, "agent", request.agent, today)


def _material_lines(
    problems: _Problems, request: IntakeRequest, detail: ItemDetail
) -> list[tuple[MaterialRequirement, MaterialInput]]:
    """Pair every checklist line with what the clerk recorded (unrecorded = missing)."""
    specs = {m.code: m for m in detail.materials}
    given: dict[str, MaterialInput] = {}
    label = QT_TRANSLATE_NOOP("fields", "Material")
    for line in request.materials:
        field = f"materials.{line.code}"
        if line.code not in specs:
            problems.add(
                field,
                label,
                QT_TRANSLATE_NOOP("rules", "{code} is not a material of this item"),
                code=line.code,
            )
        elif line.code in given:
            problems.add(
                field, label, QT_TRANSLATE_NOOP("rules", "{code} is listed twice"), code=line.code
            )
        else:
            given[line.code] = line
    lines = []
    for spec in detail.materials:
        line = given.get(spec.code, MaterialInput(spec.code, MaterialStatus.MISSING))
        field = f"materials.{spec.code}"
        if line.status is MaterialStatus.SHARED and not spec.shareable:
            problems.add(
                field,
                spec.name,
                QT_TRANSLATE_NOOP("rules", "the platform cannot supply this material"),
            )
        if line.copies is not None and line.copies < 1:
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "copies must be at least 1"))
        if line.form is not None and line.form not in _FORMS:
            problems.add(field, spec.name,
                         QT_TRANSLATE_NOOP("rules", "the form must be one of {forms}"),
                         forms="、".join(_FORMS))
        if line.pages is not None and line.pages < 1:
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "pages must be at least 1"))
        if line.status is MaterialStatus.FAULTY and not line.note.strip():
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "say what is wrong with it"))
        if (
            line.status is MaterialStatus.WAIVED
            and spec.required
            and (spec.key or not line.note.strip())
        ):
            problems.add(
                field,
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules", "only a non-key material may be waived, with the reason noted"
                ),
            )
        lines.append((spec, line))
    return lines


def _check_decision(
    problems: _Problems,
    request: IntakeRequest,
    detail: ItemDetail,
    lines: list[tuple[MaterialRequirement, MaterialInput]],
    today: date,
    due: date | None,
) -> None:
    blocking = [(s, m) for s, m in lines if s.required and m.status in _BLOCKING]
    decision = request.decision
    if decision is Decision.ACCEPT:
        for spec, line in blocking:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules",
                    "is required to accept the case; mark it received, or choose "
                    "acceptance with materials pending or a correction request",
                ),
            )
    elif decision is Decision.ACCEPT_PENDING:
        _check_pending(problems, request, detail, blocking, today, due)
    elif decision is Decision.REQUEST_CORRECTION:
        # An optional material left out is no reason to send the applicant away.
        if not any(
            m.status is MaterialStatus.FAULTY or (s.required and m.status is MaterialStatus.MISSING)
            for s, m in lines
        ):
            problems.add(
                "materials",
                QT_TRANSLATE_NOOP("fields", "Materials"),
                QT_TRANSLATE_NOOP(
                    "rules", "nothing is missing or faulty, so there is nothing to correct"
                ),
            )
    elif decision is Decision.REFUSE and len(request.reason.strip()) < MIN_REASON_LENGTH:
        problems.add(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP(
                "rules", "a refusal needs a written reason of at least {min} characters"
            ),
            min=MIN_REASON_LENGTH,
        )


def _check_pending(
    problems: _Problems,
    request: IntakeRequest,
    detail: ItemDetail,
    blocking: list[tuple[MaterialRequirement, MaterialInput]],
    today: date,
    due: date | None,
) -> None:
    """容缺受理: only non-key materials may be outstanding, under a signed commitment."""
    if detail.item.promised_days == 0:
        problems.add(
            "decision",
            QT_TRANSLATE_NOOP("fields", "Decision"),
            QT_TRANSLATE_NOOP(
                "rules", "an immediate item cannot be accepted with materials pending"
            ),
        )
    if not any(line.status is MaterialStatus.PENDING for _, line in blocking):
        problems.add(
            "materials",
            QT_TRANSLATE_NOOP("fields", "Materials"),
            QT_TRANSLATE_NOOP("rules", "mark the materials to be made up as pending"),
        )
    for spec, line in blocking:
        if line.status is not MaterialStatus.PENDING:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules",
                    "must be in hand or marked pending; only pending non-key materials "
                    "may be outstanding",
                ),
            )
        elif spec.key:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP("rules", "is a key material and cannot be made up later"),
            )
    if not request.commitment_signed:
        problems.add(
            "commitment",
            QT_TRANSLATE_NOOP("fields", "Commitment"),
            QT_TRANSLATE_NOOP(
                "rules", "the applicant must sign the commitment to make up the materials"
            ),
        )
    deadline = request.makeup_deadline
    label = QT_TRANSLATE_NOOP("fields", "Make-up deadline")
    if deadline is None:
        problems.add("makeup_deadline", label, QT_TRANSLATE_NOOP("rules", "is required"))
    elif deadline <= today:
        problems.add("makeup_deadline", label, QT_TRANSLATE_NOOP("rules", "must be after today"))
    elif due is not None and deadline > due:
        problems.add(
            "makeup_deadline",
            label,
            QT_TRANSLATE_NOOP("rules", "must be no later than the promised date {due}"),
            due=due.isoformat(),
        )


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
        problems = _Problems()
        _check_parties(problems, request, detail, today)
        lines = _material_lines(problems, request, detail)
        _check_decision(problems, request, detail, lines, today, deadline.due if deadline else None)
        if problems.items:
            raise ValidationError(problems.items)
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
    lines: list[tuple[MaterialRequirement, MaterialInput]],
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
