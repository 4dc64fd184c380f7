"""Resolving a dead letter (an outbox item the platform refused): resend it, or close it.

Both are supervisor actions with a written reason, audited; neither deletes
anything nor edits the frozen payload (DESIGN.md, "Nothing unsent is ever
deleted").

Resending puts the item back to pending with its attempts reset. It gets a new
idempotency key: the platform answers a key it has seen with its first answer
forever, so the same key would only bring back the same refusal. A new key is
safe because the platform refused the item, so it never took it; the old key is
kept in the audit entry. Closing sets the state ``closed``: the sync engine
only sends ``pending`` items, and neither the backlog nor the dead-letter count
includes it (counter.exchange.sync_state).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from counter.audit import log as audit
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import NotFound, ValidationError
from counter.exchange.sync_state import ItemState
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case, OutboxItem
from counter.supervision.common import checked_reason
from counter.users import Actor, Permission, require

log = logging.getLogger("counter.sync")

CLOSED = "closed"


@dataclass(frozen=True)
class Resolution:
    """What became of a dead letter: its item id, kind and new state."""

    item_id: int
    kind: str
    state: str


def _dead_item(session, outbox_id: int) -> OutboxItem:  # type: ignore[no-untyped-def]
    item = session.get(OutboxItem, outbox_id)
    if item is None:
        raise NotFound(
            QT_TRANSLATE_NOOP("core", "no outbox item with id {item_id}"), item_id=outbox_id
        )
    if item.state != ItemState.DEAD:
        raise ValidationError.single(
            "outbox_item",
            QT_TRANSLATE_NOOP("fields", "Dead letter"),
            QT_TRANSLATE_NOOP("rules", "the item is {state}, not refused by the platform"),
            state=item.state,
        )
    return item


def _target(session, item: OutboxItem) -> str:  # type: ignore[no-untyped-def]
    case = session.get(Case, item.case_id) if item.case_id else None
    return f"case:{case.acceptance_no}" if case is not None else f"outbox:{item.id}"


def resend_dead_letter(
    desk: Desk, actor: Actor, outbox_id: int, reason: str, *, now: datetime | None = None
) -> Resolution:
    """Send a refused item again (after what the platform refused was put right)."""
    require(actor, Permission.RESOLVE_DEAD_LETTER)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        item = _dead_item(session, outbox_id)
        old_key, refusal = item.idempotency_key, item.last_error
        item.idempotency_key = str(uuid.uuid4())
        item.state = ItemState.PENDING.value
        item.attempts = 0
        item.next_attempt_at = None
        item.last_error = ""
        session.add(item)
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="outbox.resend",
            target=_target(session, item),
            detail={
                "item": outbox_id,
                "kind": item.kind,
                "refusal": refusal,
                "old_key": old_key,
                "reason": reason,
            },
            at=at,
        )
        kind = item.kind
    log.info("dead letter %s (%s) resent by %s", outbox_id, kind, actor.username)
    return Resolution(outbox_id, kind, ItemState.PENDING.value)


def close_dead_letter(
    desk: Desk, actor: Actor, outbox_id: int, reason: str, *, now: datetime | None = None
) -> Resolution:
    """Close a refused item for good, with the reason; it stays in the store."""
    require(actor, Permission.RESOLVE_DEAD_LETTER)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        item = _dead_item(session, outbox_id)
        item.state = CLOSED
        session.add(item)
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="outbox.close",
            target=_target(session, item),
            detail={
                "item": outbox_id,
                "kind": item.kind,
                "refusal": item.last_error,
                "reason": reason,
            },
            at=at,
        )
        kind = item.kind
    log.info("dead letter %s (%s) closed by %s", outbox_id, kind, actor.username)
    return Resolution(outbox_id, kind, CLOSED)
