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

Moves the platform reports (the sync engine's, by the hundred per transaction)
go through `record_platform_move`: the same checks, event and audit entry, in
plain SQL on the transaction's connection (see counter.store.rawsql), and no outbox
item, since the platform already knows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from counter.audit import log as audit
from counter.clock import utc_now
from counter.errors import IllegalTransition, ValidationError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import rawsql
from counter.store.models import Case, CaseEvent
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


def _checked_reason(current: CaseState, target: CaseState, reason: str) -> str:
    """The move's reason, stripped, once the move is known to be legal and explained."""
    check_transition(current, target)
    reason = reason.strip()
    if target in REASON_REQUIRED and not reason:
        raise ValidationError.single(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP("rules", "is required for this step"),
        )
    return reason


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
    reason = _checked_reason(current, target, reason)
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
    _audit_move(session, case.acceptance_no, current, target, actor, reason, at)
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


def record_note(
    session: Session,
    case: Case,
    kind: str,
    actor: Actor,
    *,
    at: datetime,
    reason: str = "",
    data: dict | None = None,
) -> CaseEvent:
    """An event in the case's history that leaves its state as it is (a correction, a
    make-up, a reprint...), in the caller's transaction; audit and outbox are the caller's."""
    event = CaseEvent(
        case_id=case.id,
        kind=kind,
        from_state=case.state,
        to_state=case.state,
        actor_id=actor.id,
        actor_name=actor.display_name,
        at=at,
        reason=reason,
        data=audit.canonical_json(data or {}),
    )
    session.add(event)
    return event


def record_step(
    session: Session,
    case: Case,
    actor: Actor,
    *,
    at: datetime,
    reason: str,
    event_kind: str,
    event_data: dict,
    action: str,
    audit_detail: dict,
    outbox_kind: str,
    payload: dict,
) -> None:
    """A supervisor's step that keeps the case's state (a correction, a make-up, an
    extension): its event, audit entry and outbox item, in the caller's transaction.

    The outbox payload starts with what every such step carries (case, number,
    time, who, why); `payload` adds the step's own fields.
    """
    record_note(session, case, event_kind, actor, at=at, reason=reason, data=event_data)
    session.flush()
    audit.append(
        session,
        actor_id=actor.id,
        actor_name=actor.display_name,
        action=action,
        target=f"case:{case.acceptance_no}",
        detail=audit_detail,
        at=at,
    )
    outbox.enqueue(
        session,
        kind=outbox_kind,
        case_id=case.id,
        at=at,
        payload={
            "case_id": case.id,
            "acceptance_no": case.acceptance_no,
            "at": at.isoformat(),
            "actor": actor.username,
            "reason": reason,
            **payload,
        },
    )


@dataclass
class CaseRow:
    """The little of a case a platform move needs; `state` follows the moves recorded."""

    id: str
    acceptance_no: str
    state: CaseState


def record_platform_move(
    tx: rawsql.Tx,
    case: CaseRow,
    target: CaseState,
    actor: Actor,
    *,
    at: datetime,
    reason: str = "",
) -> None:
    """Move `case` to `target` as the platform reported it, inside the caller's write transaction.

    The same checks, case update, event row and audit entry as `record_transition`,
    written in plain SQL on the transaction's connection, and no outbox item: the
    move came from the platform. A copy of the case that an ORM session `tx` holds
    is given the new state too (the session must have no unflushed change to it).
    """
    moves = PlatformMoves(tx)
    moves.move(case, target, actor, at=at, reason=reason)
    moves.flush()


_UPDATE_CASE_SQL = "UPDATE case_record SET state = ?, updated_at = ? WHERE id = ?"
_INSERT_EVENT_SQL = (
    "INSERT INTO case_event"
    " (case_id, kind, from_state, to_state, actor_id, actor_name, at, reason, data)"
    " VALUES (?, 'transition', ?, ?, ?, ?, ?, ?, '{}')"
)


class PlatformMoves:
    """Moves the platform reported, recorded together in one write transaction.

    `move` checks each move as `record_platform_move` does and keeps its case
    update, event and audit entry; `flush` writes them, in the order of the
    moves, one statement for each kind of row (the sync engine records a page
    or a batch of moves at a time). Flush before anything else in the
    transaction reads these cases' rows or appends to the audit log.
    """

    def __init__(self, tx: rawsql.Tx) -> None:
        self._tx = tx
        self._cur = rawsql.cursor(tx)
        self._chain = audit.Chain(self._cur)
        self._updates: dict[str, tuple] = {}  # by case: its last move is what the row shows
        self._events: list[tuple] = []
        self._loaded: list[tuple[str, str, datetime]] = []
        self._at: datetime | None = None  # the last move's time and its stored text
        self._stamp: str | None = None

    def move(
        self, case: CaseRow, target: CaseState, actor: Actor, *, at: datetime, reason: str = ""
    ) -> None:
        """Record moving `case` to `target`; `case.state` follows at once."""
        current = case.state
        reason = _checked_reason(current, target, reason)
        if at != self._at:  # a page's moves often share one time
            self._at, self._stamp = at, rawsql.sql_datetime(at)
        stamp = self._stamp
        self._updates[case.id] = (target.value, stamp, case.id)
        self._events.append(
            (case.id, current.value, target.value, actor.id, actor.display_name, stamp, reason)
        )
        self._chain.add(
            actor_id=actor.id,
            actor_name=actor.display_name,
            action=f"case.{target.value}",
            target=f"case:{case.acceptance_no}",
            detail={"from": current.value, "reason": reason},
            at=at,
        )
        case.state = target
        self._loaded.append((case.id, target.value, at))

    def flush(self) -> None:
        """Write the moves recorded since the last flush."""
        if self._updates:
            # One update per case: a case moved twice in a page (in review, then approved)
            # ends the same as after two, with half the writes to the row and its indexes.
            self._cur.executemany(_UPDATE_CASE_SQL, self._updates.values())
            self._cur.executemany(_INSERT_EVENT_SQL, self._events)
            self._updates.clear()
            self._events.clear()
        self._chain.flush()
        tx = self._tx
        if isinstance(tx, Session) and tx.identity_map:
            for case_id, state, at in self._loaded:
                loaded = tx.identity_map.get(identity_key(Case, case_id))
                if loaded is not None:
                    set_committed_value(loaded, "state", state)
                    set_committed_value(loaded, "updated_at", at)
        self._loaded.clear()


def _audit_move(
    tx: rawsql.Tx,
    acceptance_no: str,
    current: CaseState,
    target: CaseState,
    actor: Actor,
    reason: str,
    at: datetime,
) -> None:
    """The audit entry of one state change, whoever recorded it."""
    audit.append(
        tx,
        actor_id=actor.id,
        actor_name=actor.display_name,
        action=f"case.{target.value}",
        target=f"case:{acceptance_no}",
        detail={"from": current.value, "reason": reason},
        at=at,
    )
