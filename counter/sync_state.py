"""The delivery side of the outbox: what is due, what the platform answered, what is stuck.

The sync engine asks for the items due now (`due_items`), sends them, and
records the answer for the whole batch in one write transaction
(`record_batch`): an explicit acceptance marks an item sent, a rejection puts
it on the dead-letter list with the platform's reason, a failure keeps it
pending with one more attempt and the time of the next one. Nothing here
deletes an item. Items of one case leave in the order they were written: an
item waits while an earlier item of the same case is waiting for its retry.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Session, col, func, select

from counter import rawsql
from counter.lifecycle import CaseState, record_transition
from counter.models import AuditEntry, Case, Meta, OutboxItem
from counter.users import PLATFORM

log = logging.getLogger("counter.sync")

LAST_SUCCESS_KEY = "sync_last_success"
MAX_ERROR_TEXT = 500

# An item waits while an earlier pending item of the same case waits for its retry,
# so a transition never overtakes the intake it follows.
_DUE_SQL = """
SELECT o.id FROM outbox_item AS o
WHERE o.state = 'pending'
  AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
  AND NOT EXISTS (
    SELECT 1 FROM outbox_item AS p
    WHERE p.state = 'pending' AND p.case_id = o.case_id AND p.id < o.id
      AND p.next_attempt_at > :now)
ORDER BY o.id
LIMIT :limit
"""


class ItemState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


@dataclass(frozen=True)
class Delivered:
    """The platform took the item (accepted, or a duplicate of an accepted item)."""

    item_id: int


@dataclass(frozen=True)
class Rejected:
    """The platform refused the item for good; `code` is its machine-readable reason."""

    item_id: int
    code: str
    reason: str


@dataclass(frozen=True)
class Failed:
    """No usable answer for the item: try again at `next_attempt_at`."""

    item_id: int
    error: str
    next_attempt_at: datetime


Outcome = Delivered | Rejected | Failed


@dataclass(frozen=True)
class DeadLetter:
    """An item the platform refused: a supervisor sees it with the platform's reason."""

    item_id: int
    kind: str
    case_id: str | None
    acceptance_no: str
    reason: str
    attempts: int
    created_at: datetime


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; the store keeps UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def due_items(session: Session, now: datetime, limit: int) -> list[OutboxItem]:
    """Pending items whose time has come, oldest first, at most `limit` of them."""
    cur = rawsql.cursor(session)
    rows = cur.execute(_DUE_SQL, {"now": rawsql.sql_datetime(now), "limit": limit}).fetchall()
    ids = [r[0] for r in rows]
    if not ids:
        return []
    items = session.exec(
        select(OutboxItem).where(col(OutboxItem.id).in_(ids)).order_by(col(OutboxItem.id))
    ).all()
    return list(items)


def record_batch(session: Session, outcomes: Sequence[Outcome], now: datetime) -> list[str]:
    """Apply the answer for one batch inside the caller's write transaction.

    A delivered item that handed its case on to the department moves the case
    from accepted to submitted in the same transaction. Returns the ids of
    the cases that moved.
    """
    moved: list[str] = []
    # The batch's items and their cases in two queries, up front: looking each up by
    # its key flushed the previous item's changes first, one round of the unit of
    # work per item. The lookups below are then answered from the identity map.
    ids = [outcome.item_id for outcome in outcomes]
    items = {
        item.id: item
        for item in session.exec(select(OutboxItem).where(col(OutboxItem.id).in_(ids)))
    }
    case_ids = {item.case_id for item in items.values() if item.case_id}
    if case_ids:
        session.exec(select(Case).where(col(Case.id).in_(case_ids))).all()
    for outcome in outcomes:
        item = items.get(outcome.item_id)
        if item is None or item.state != ItemState.PENDING:
            continue  # answered already (another run of the engine got there first)
        item.attempts += 1
        if isinstance(outcome, Delivered):
            item.state, item.sent_at, item.next_attempt_at = ItemState.SENT, now, None
            item.last_error = ""
            if _hands_case_on(item) and _submit(session, item.case_id, now):
                moved.append(item.case_id)  # type: ignore[arg-type]
        elif isinstance(outcome, Rejected):
            item.state, item.next_attempt_at = ItemState.DEAD, None
            item.last_error = f"{outcome.code}: {outcome.reason}"[:MAX_ERROR_TEXT]
            log.warning("outbox item %s (%s) rejected: %s", item.id, item.kind, outcome.code)
        else:
            item.next_attempt_at = outcome.next_attempt_at
            item.last_error = outcome.error[:MAX_ERROR_TEXT]
        session.add(item)
    session.flush()
    return moved


def _hands_case_on(item: OutboxItem) -> bool:
    """Whether the platform, taking this item, passed the case to the department."""
    payload = json.loads(item.payload)
    if item.kind == "case.intake":
        return payload.get("state") == CaseState.ACCEPTED
    if item.kind == "case.transition":
        return payload.get("to") == CaseState.ACCEPTED
    return False


def _submit(session: Session, case_id: str | None, now: datetime) -> bool:
    case = session.get(Case, case_id) if case_id else None
    if case is None or case.state != CaseState.ACCEPTED:
        return False
    record_transition(session, case, CaseState.SUBMITTED, PLATFORM, at=now, notify_platform=False)
    return True


# -- what the UI shows ---------------------------------------------------------------


def backlog_count(session: Session) -> int:
    """Items not yet taken by the platform (dead letters not included)."""
    return session.exec(
        select(func.count()).select_from(OutboxItem).where(OutboxItem.state == ItemState.PENDING)
    ).one()


def dead_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(OutboxItem).where(OutboxItem.state == ItemState.DEAD)
    ).one()


def dead_letters(session: Session, limit: int = 500) -> list[DeadLetter]:
    """Refused items, oldest first, with the acceptance number of their case."""
    rows = session.exec(
        select(OutboxItem, Case.acceptance_no)
        .join(Case, col(Case.id) == col(OutboxItem.case_id), isouter=True)
        .where(OutboxItem.state == ItemState.DEAD)
        .order_by(col(OutboxItem.id))
        .limit(limit)
    ).all()
    return [
        DeadLetter(
            item_id=item.id,  # type: ignore[arg-type]
            kind=item.kind,
            case_id=item.case_id,
            acceptance_no=number or "",
            reason=item.last_error,
            attempts=item.attempts,
            created_at=_aware(item.created_at),  # type: ignore[arg-type]
        )
        for item, number in rows
    ]


def next_attempt(session: Session) -> datetime | None:
    """When the earliest waiting retry is due (None: nothing waits for a retry)."""
    value = session.exec(
        select(func.min(OutboxItem.next_attempt_at)).where(OutboxItem.state == ItemState.PENDING)
    ).one()
    if isinstance(value, str):  # an aggregate loses the column's type in SQLite
        value = datetime.fromisoformat(value)
    return _aware(value)


def last_success(session: Session) -> datetime | None:
    row = session.get(Meta, LAST_SUCCESS_KEY)
    return datetime.fromisoformat(row.value) if row else None


def set_last_success(session: Session, at: datetime) -> None:
    session.merge(Meta(key=LAST_SUCCESS_KEY, value=at.astimezone(UTC).isoformat()))


def audit_head(session: Session) -> tuple[int, str] | None:
    """The newest audit entry's id and hash, sent with each upload (None: empty log)."""
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    return None if last is None else (last.id, last.hash)
