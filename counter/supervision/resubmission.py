"""Resubmitting an intake the platform refused: correct what the refusal names, send it again.

A refusal of an intake (a rule the desk did not know, a field the platform
finds wrong) leaves the case at the counter and the citizen's receipt in hand.
Instead of closing the refused item, a supervisor (or a clerk, where the
office allows it: `Settings.clerk_may_resubmit`) corrects the applicant's or
agent's data the refusal concerns, and the desk sends a new revision of the
intake:

- a ``case.intake_revision`` outbox item under a new idempotency key, its
  payload the case as it now stands (shaped as the intake's, with the same
  case id, acceptance number, acceptance time and office day) plus
  ``revises`` (the refused item's key) and ``revision`` (2 for the first
  resubmission), so the platform links the two;
- the refused item, and any later item of the case the platform refused or
  has not answered yet (a move, a make-up, a correction: the revision carries
  the state they describe), become ``superseded``: kept, never sent;
- the case's row takes the corrected values; its acceptance number stays;
- a ``resubmission`` event in the case's history and a ``case.resubmission``
  audit entry, both with the platform's reason and what changed (ID numbers
  masked), beside the intake's own.

All in one write transaction. The day close counts the case once: it is one
case row, confirmed when either of its intake uploads is sent
(counter.day.close). Refusals a resubmission cannot put right (another
office's or desk's token, a case id taken elsewhere) are refused here, naming
why; those are closed (counter.supervision.dead_letters). A service rating of the
case the platform refused is not folded in: resend it once the revision is
taken.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState, record_note
from counter.cases.timeline import RESUBMISSION_EVENT
from counter.clock import office_date, utc_now
from counter.desk import Desk
from counter.errors import FieldProblem, NotFound, ValidationError
from counter.exchange import outbox
from counter.exchange.sync_state import ItemState
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case, CaseMaterial, OutboxItem
from counter.supervision.common import checked_reason, state_problem
from counter.supervision.correction import ApplicantCorrection, apply_correction, party_payload
from counter.users import Actor, Permission, require

log = logging.getLogger("counter.supervision.resubmission")

SUPERSEDED = "superseded"

# The intake's states the platform takes in a (revised) intake.
_INTAKE_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING, CaseState.CORRECTION_REQUESTED,
     CaseState.REFUSED}
)
# Refusals about who sent the item or which case it is, not about its content.
_NOT_CORRECTABLE = frozenset(
    {"office_mismatch", "desk_mismatch", "case_exists", "case_id_mismatch",
     "idempotency_conflict", "unknown_kind", "invalid_acceptance_no", "acceptance_no_taken"}
)
# Later items of the case a revision carries the state of (a rating is not among them).
_FOLDED_KINDS = frozenset(
    {"case.transition", "case.correction", "case.makeup", "case.deadline_extended"}
)
REFUSAL_NAMES = {
    "invalid_id_number": QT_TRANSLATE_NOOP("domain", "the ID number fails the platform's check"),
    "masked_id_number": QT_TRANSLATE_NOOP("domain", "a masked ID number was sent"),
    "invalid_payload": QT_TRANSLATE_NOOP("domain", "a field is missing or malformed"),
    "unknown_service": QT_TRANSLATE_NOOP("domain", "the platform does not know the service item"),
    "office_mismatch": QT_TRANSLATE_NOOP("domain", "sent under another office's token"),
    "desk_mismatch": QT_TRANSLATE_NOOP("domain", "sent under another desk's token"),
    "case_exists": QT_TRANSLATE_NOOP("domain", "the platform holds another intake of this case"),
    "invalid_acceptance_no": QT_TRANSLATE_NOOP(
        "domain", "the acceptance number is not one this desk issues"),
    "acceptance_no_taken": QT_TRANSLATE_NOOP(
        "domain", "the platform holds another case with this acceptance number"),
}
"""The platform's reason codes for an intake, as a clerk reads them (the prose is English)."""

# A payload path the platform names ("applicant.id_number: ...") -> the case's column.
_PATH_COLUMNS = {
    "applicant.name": "applicant_name",
    "applicant.id_type": "applicant_id_number",
    "applicant.id_number": "applicant_id_number",
    "applicant.phone": "applicant_phone",
    "applicant.address": "applicant_address",
    "applicant.legal_rep_name": "legal_rep_name",
    "agent.name": "agent_name",
    "agent.id_type": "agent_id_number",
    "agent.id_number": "agent_id_number",
    "agent.phone": "agent_phone",
}
# Each column as the intake's field names it, with its label.
_COLUMN_FIELDS = {
    "applicant_name": ("applicant.name", QT_TRANSLATE_NOOP("fields", "Name")),
    "applicant_id_number": ("applicant.id_number", QT_TRANSLATE_NOOP("fields", "ID number")),
    "applicant_phone": ("applicant.phone", QT_TRANSLATE_NOOP("fields", "Phone")),
    "applicant_address": ("applicant.address", QT_TRANSLATE_NOOP("fields", "Address")),
    "legal_rep_name": ("applicant.legal_rep.name", QT_TRANSLATE_NOOP("fields", "Name")),
    "agent_name": ("agent.name", QT_TRANSLATE_NOOP("fields", "Name")),
    "agent_id_number": ("agent.id_number", QT_TRANSLATE_NOOP("fields", "ID number")),
    "agent_phone": ("agent.phone", QT_TRANSLATE_NOOP("fields", "Phone")),
}
_PATH = re.compile(r"(?:^|;\s*)((?:applicant|agent)\.[a-z_]+)")


@dataclass(frozen=True)
class Refusal:
    """A refused intake as the correction screen shows it.

    `columns` are the case's columns the platform's reason concerns (those of
    `counter.supervision.correction.ApplicantCorrection`); empty when it names
    none, e.g. a service the platform did not know then.
    """

    item_id: int
    case_id: str
    acceptance_no: str
    code: str
    reason: str
    columns: tuple[str, ...]
    correctable: bool


@dataclass(frozen=True)
class ResubmissionResult:
    """What was sent again: the new item's key, the refused one's, the changes (masked)."""

    case_id: str
    acceptance_no: str
    idempotency_key: str
    revises: str
    revision: int
    changes: dict[str, dict[str, str]]
    superseded: tuple[int, ...]


def split_refusal(last_error: str) -> tuple[str, str]:
    """The platform's reason code and prose from a dead letter's ``code: reason`` text."""
    code, _, reason = last_error.partition(": ")
    return code.strip(), reason.strip()


def refusal_columns(code: str, reason: str) -> tuple[str, ...]:
    """The case's columns a refusal concerns, in the order of the correction form."""
    found: set[str] = set()
    if code in ("masked_id_number", "invalid_id_number"):
        # "applicant ID number is masked..." / "agent: ..." name the party first.
        for role in ("applicant", "agent"):
            if reason.startswith(role):
                found.add(f"{role}_id_number")
    elif code == "invalid_payload":
        for path in _PATH.findall(reason):
            column = _PATH_COLUMNS.get(path)
            if column is not None:
                found.add(column)
    order = [f.name for f in ApplicantCorrection.__dataclass_fields__.values()]
    return tuple(c for c in order if c in found)


def may_resubmit(actor: Actor, clerk_may_resubmit: bool = False) -> bool:
    """Supervisors may; a clerk too when the office allows it."""
    return actor.can(Permission.RESUBMIT_CASE) or (
        clerk_may_resubmit and actor.can(Permission.INTAKE)
    )


def _require(actor: Actor, clerk_may_resubmit: bool) -> None:
    if not may_resubmit(actor, clerk_may_resubmit):
        require(actor, Permission.RESUBMIT_CASE)  # raises, naming the role needed


def _refused_intake(session: Session, outbox_id: int) -> tuple[OutboxItem, Case]:
    item = session.get(OutboxItem, outbox_id)
    if item is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "no outbox item with id {item_id}"), item_id=outbox_id
        )
    label = QT_TRANSLATE_NOOP("fields", "Dead letter")
    if item.state != ItemState.DEAD:
        raise ValidationError.single(
            "outbox_item", label,
            QT_TRANSLATE_NOOP("rules", "the item is {state}, not refused by the platform"),
            state=item.state,
        )
    if item.kind not in outbox.INTAKE_KINDS:
        raise ValidationError.single(
            "outbox_item", label,
            QT_TRANSLATE_NOOP("rules", "only a refused intake can be corrected and resubmitted"),
        )
    case = session.get(Case, item.case_id) if item.case_id else None
    if case is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=item.case_id or ""
        )
    return item, case


def _refusal(item: OutboxItem, case: Case) -> Refusal:
    code, reason = split_refusal(item.last_error)
    return Refusal(
        item_id=item.id or 0,
        case_id=case.id,
        acceptance_no=case.acceptance_no,
        code=code,
        reason=reason,
        columns=refusal_columns(code, reason),
        correctable=code not in _NOT_CORRECTABLE,
    )


def refused_intake(desk: Desk, outbox_id: int) -> Refusal:
    """The refusal of a dead intake, for the screen that corrects it."""
    with desk.store.read() as session:
        return _refusal(*_refused_intake(session, outbox_id))


def resubmit_intake(
    desk: Desk,
    actor: Actor,
    outbox_id: int,
    correction: ApplicantCorrection,
    reason: str,
    *,
    clerk_may_resubmit: bool = False,
    now: datetime | None = None,
) -> ResubmissionResult:
    """Correct a refused intake's case and queue its new revision, in one transaction.

    The correction is validated as at intake, every problem at once. When the
    refusal names fields, at least one of them must change ("correct what the
    refusal names"); when it names none, the case may go again as it stands.
    """
    _require(actor, clerk_may_resubmit)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        item, case = _refused_intake(session, outbox_id)
        refusal = _refusal(item, case)
        if not refusal.correctable:
            raise ValidationError.single(
                "outbox_item",
                QT_TRANSLATE_NOOP("fields", "Dead letter"),
                QT_TRANSLATE_NOOP(
                    "rules", "a refusal for {code} cannot be put right by correcting the case; "
                    "close it with a reason"),
                code=refusal.code,
            )
        if CaseState(case.state) not in _INTAKE_STATES:
            raise state_problem(case.state)
        changes = apply_correction(case, correction, office_date(at, desk.zone))
        if refusal.columns and not set(changes) & set(refusal.columns):
            raise ValidationError(
                [_unchanged_problem(column) for column in refusal.columns]
            )
        case.updated_at = at
        session.add(case)
        payload = _revision_payload(session, item, case, at, actor, reason, sorted(changes))
        superseded = _supersede(session, item)
        record_note(
            session, case, RESUBMISSION_EVENT, actor, at=at, reason=reason,
            data={"refusal": item.last_error, "changes": changes,
                  "revision": payload["revision"]},
        )
        session.flush()
        key = outbox.enqueue(
            session, kind=outbox.INTAKE_REVISION, case_id=case.id, at=at, payload=payload
        )
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="case.resubmission",
            target=f"case:{case.acceptance_no}",
            detail={
                "item": outbox_id,
                "refusal": item.last_error,
                "revises": item.idempotency_key,
                "key": key,
                "revision": payload["revision"],
                "changes": changes,
                "superseded": list(superseded),
                "reason": reason,
            },
            at=at,
        )
        result = ResubmissionResult(
            case.id, case.acceptance_no, key, item.idempotency_key, payload["revision"],
            changes, superseded,
        )
    log.info("intake %s resubmitted (revision %s) by %s",
             result.acceptance_no, result.revision, actor.username)
    return result


def _unchanged_problem(column: str) -> FieldProblem:
    field, label = _COLUMN_FIELDS[column]
    return FieldProblem(
        field, label,
        QT_TRANSLATE_NOOP("rules", "the platform's refusal concerns this field; correct it"),
    )


def _revision_payload(
    session: Session,
    refused: OutboxItem,
    case: Case,
    at: datetime,
    actor: Actor,
    reason: str,
    fields: list[str],
) -> dict:
    """The intake as first frozen, with the case as it now stands, naming the refused item."""
    payload = json.loads(refused.payload)
    applicant, agent = party_payload(case)
    materials = session.exec(
        select(CaseMaterial).where(CaseMaterial.case_id == case.id)
        .order_by(col(CaseMaterial.position))
    ).all()
    payload.update(
        state=case.state,
        applicant=applicant,
        agent=agent,
        materials=[
            {"code": m.code, "name": m.name, "status": m.status, "form": m.form,
             "copies": m.copies, "pages": m.pages, "note": m.note}
            for m in materials
        ],
        due_date=case.due_date.isoformat() if case.due_date else None,
        due_provisional=case.due_provisional,
        makeup_deadline=case.makeup_deadline.isoformat() if case.makeup_deadline else None,
        revises=refused.idempotency_key,
        revision=int(payload.get("revision", 1)) + 1,
        resubmission={"at": at.isoformat(), "actor": actor.username, "reason": reason,
                      "fields": fields},
    )
    return payload


def _supersede(session: Session, refused: OutboxItem) -> tuple[int, ...]:
    """The refused item and the case's later items the revision carries: kept, never sent."""
    later = session.exec(
        select(OutboxItem).where(
            OutboxItem.case_id == refused.case_id,
            col(OutboxItem.id) > (refused.id or 0),
            col(OutboxItem.kind).in_(_FOLDED_KINDS),
            col(OutboxItem.state).in_([ItemState.PENDING.value, ItemState.DEAD.value]),
        )
    ).all()
    ids = []
    for item in [refused, *later]:
        item.state = SUPERSEDED
        item.next_attempt_at = None
        session.add(item)
        ids.append(item.id or 0)
    return tuple(ids)
