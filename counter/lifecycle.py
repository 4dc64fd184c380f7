"""The life of a case: its states, the legal moves between them, and recording a move.

::

    draft ─┬─> accepted ──────────────┐
           ├─> accepted_pending (容缺) ┼─> submitted ─> in_review ─┬─> approved ─> result_ready ─> delivered
           ├─> correction_requested    │                          └─> rejected ─> delivered
           └─> refused                 │
    accepted_pending ─> accepted (materials made up)
    correction_requested ─> accepted / accepted_pending / refused (applicant came back)
    any state before a decision ─> voided (supervisor, with a reason)

Every move writes an event row (who, when, why), an audit entry and an outbox
item for the platform, all in the caller's transaction. A move the table does
not allow raises `IllegalTransition` naming both states.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from counter import audit, outbox
from counter.clock import utc_now
from counter.errors import IllegalTransition, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.models import Case, CaseEvent
from counter.users import Actor


class CaseState(StrEnum):
    DRAFT = "draft"
    ACCEPTED = "accepted"
    ACCEPTED_PENDING = "accepted_pending"
    CORRECTION_REQUESTED = "correction_requested"
    REFUSED = "refused"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    VOIDED = "voided"


STATE_NAMES = {
    CaseState.DRAFT: QT_TRANSLATE_NOOP("domain", "Draft"),
    CaseState.ACCEPTED: QT_TRANSLATE_NOOP("domain", "Accepted"),
    CaseState.ACCEPTED_PENDING: QT_TRANSLATE_NOOP("domain", "Accepted, materials pending"),
    CaseState.CORRECTION_REQUESTED: QT_TRANSLATE_NOOP("domain", "Awaiting correction"),
    CaseState.REFUSED: QT_TRANSLATE_NOOP("domain", "Refused"),
    CaseState.SUBMITTED: QT_TRANSLATE_NOOP("domain", "Submitted"),
    CaseState.IN_REVIEW: QT_TRANSLATE_NOOP("domain", "In review"),
    CaseState.APPROVED: QT_TRANSLATE_NOOP("domain", "Approved"),
    CaseState.REJECTED: QT_TRANSLATE_NOOP("domain", "Rejected"),
    CaseState.RESULT_READY: QT_TRANSLATE_NOOP("domain", "Result ready"),
    CaseState.DELIVERED: QT_TRANSLATE_NOOP("domain", "Delivered"),
    CaseState.VOIDED: QT_TRANSLATE_NOOP("domain", "Voided"),
}

S = CaseState
TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    S.DRAFT: frozenset({S.ACCEPTED, S.ACCEPTED_PENDING, S.CORRECTION_REQUESTED, S.REFUSED}),
    S.ACCEPTED: frozenset({S.SUBMITTED, S.VOIDED}),
    S.ACCEPTED_PENDING: frozenset({S.ACCEPTED, S.SUBMITTED, S.VOIDED}),
    S.CORRECTION_REQUESTED: frozenset({S.ACCEPTED, S.ACCEPTED_PENDING, S.REFUSED, S.VOIDED}),
    S.REFUSED: frozenset(),
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.APPROVED, S.REJECTED, S.VOIDED}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.RESULT_READY, S.DELIVERED}),
    S.REJECTED: frozenset({S.DELIVERED}),
    S.RESULT_READY: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.VOIDED: frozenset(),
}

# Moves that must carry a written reason.
REASON_REQUIRED = frozenset({S.REFUSED, S.VOIDED, S.REJECTED})


def check_transition(current: CaseState, target: CaseState) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(
            QT_TRANSLATE_NOOP("core", "a case that is {current} cannot become {target}"),
            current=current.value,
            target=target.value,
        )


def record_transition(
    session: Session,
    case: Case,
    target: CaseState,
    actor: Actor,
    *,
    reason: str = "",
    data: dict | None = None,
    at: datetime | None = None,
    notify_platform: bool = True,
) -> CaseEvent:
    """Move `case` to `target` inside the caller's write transaction.

    Role checks belong to the use case that calls this (what a clerk may do
    differs by move); this enforces only the case life itself.
    """
    current = CaseState(case.state)
    check_transition(current, target)
    reason = reason.strip()
    if target in REASON_REQUIRED and not reason:
        raise ValidationError.single(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP("rules", "is required for this step"),
        )
    at = at or utc_now()
    case.state = target.value
    case.updated_at = at
    session.add(case)
    event = CaseEvent(
        case_id=case.id,
        kind="transition",
        from_state=current.value,
        to_state=target.value,
        actor_id=actor.id,
        actor_name=actor.display_name,
        at=at,
        reason=reason,
        data=audit.canonical_json(data or {}),
    )
    session.add(event)
    audit.append(
        session,
        actor_id=actor.id,
        actor_name=actor.display_name,
        action=f"case.{target.value}",
        target=f"case:{case.acceptance_no}",
        detail={"from": current.value, "reason": reason},
        at=at,
    )
    if notify_platform:
        outbox.enqueue(
            session,
            kind="case.transition",
            case_id=case.id,
            payload={
                "case_id": case.id,
                "acceptance_no": case.acceptance_no,
                "from": current.value,
                "to": target.value,
                "at": at.isoformat(),
                "actor": actor.username,
                "reason": reason,
                "data": json.loads(event.data),
            },
            at=at,
        )
    return event
