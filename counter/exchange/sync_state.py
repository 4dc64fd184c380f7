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

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, func, select

from counter.cases.lifecycle import CaseRow, CaseState, PlatformMoves
from counter.store import driver, rawsql
from counter.store.models import Case, Meta, OutboxItem
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


@dataclass(frozen=True)
class DueItem:
    """A pending outbox row as the sync engine sends it: the payload as its frozen text."""

    id: int
    idempotency_key: str
    kind: str
    case_id: str | None
    payload: str
    created_at: datetime  # aware, UTC
    attempts: int
    payload_is_object: bool  # SQLite's JSON reading of the text: one JSON object


_DUE_ROWS_SQL = """
SELECT id, idempotency_key, kind, case_id, payload, created_at, attempts, {is_object}
FROM outbox_item WHERE id IN ({{marks}}) ORDER BY id
"""
# Whether each payload is one JSON object. SQLite reads a payload's whole text for
# json_valid and again for json_type; json_type alone reads it once, and fails the
# query when a payload is not JSON at all, which is then read the careful way.
_DUE_ROWS_FAST_SQL = _DUE_ROWS_SQL.format(is_object="json_type(payload) = 'object'")
_DUE_ROWS_CAREFUL_SQL = _DUE_ROWS_SQL.format(
    is_object="CASE WHEN json_valid(payload) THEN json_type(payload) = 'object' ELSE 0 END"
)


def _rows_fast_or_careful(
    cur: driver.Cursor, fast: str, careful: str, args: Sequence[object]
) -> list[tuple]:
    """The rows of `fast`, a query whose JSON functions fail on a payload that is not
    JSON; if it fails, the rows of `careful`, the same query guarded by json_valid."""
    try:
        return cur.execute(fast, args).fetchall()
    except driver.OperationalError:
        return cur.execute(careful, args).fetchall()


def due_items(session: Session, now: datetime, limit: int) -> list[DueItem]:
    """Pending items whose time has come, oldest first, at most `limit` of them.

    Plain rows, not ORM objects: the engine sends the payload's text as it is.
    """
    cur = rawsql.cursor(session)
    rows = cur.execute(_DUE_SQL, {"now": rawsql.sql_datetime(now), "limit": limit}).fetchall()
    ids = [r[0] for r in rows]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    found = _rows_fast_or_careful(
        cur, _DUE_ROWS_FAST_SQL.format(marks=marks), _DUE_ROWS_CAREFUL_SQL.format(marks=marks), ids
    )
    return [
        DueItem(row_id, key, kind, case_id, payload, _stored_instant(created), attempts,
                bool(is_object))
        for row_id, key, kind, case_id, payload, created, attempts, is_object in found
    ]


def _stored_instant(value: str) -> datetime:
    # As the ORM reads the column (naive, UTC), with the zone it stands for.
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def record_batch(session: rawsql.Tx, outcomes: Sequence[Outcome], now: datetime) -> list[str]:
    """Apply the answer for one batch inside the caller's write transaction.

    A delivered item that handed its case on to the department moves the case
    from accepted to submitted in the same transaction. Returns the ids of
    the cases that moved.

    Plain SQL on the transaction's connection (see counter.store.rawsql): the batch's
    items and their cases in one query, the moves through
    `lifecycle.PlatformMoves`, the items' new states in one statement.
    """
    if isinstance(session, Session):
        session.flush()  # the caller's own pending writes first, as the ORM would
    cur = rawsql.cursor(session)
    items = _load_items(cur, [outcome.item_id for outcome in outcomes])
    cases: dict[str, CaseRow] = {}  # each case once, following the moves made here
    moved: list[str] = []
    stamp = rawsql.sql_datetime(now)
    changed: dict[int, _Item] = {}
    moves = PlatformMoves(session)
    for outcome in outcomes:
        item = items.get(outcome.item_id)
        if item is None or item.state != ItemState.PENDING:
            continue  # answered already (another run of the engine got there first)
        item.attempts += 1
        if isinstance(outcome, Delivered):
            item.state, item.sent_at, item.next_attempt_at = ItemState.SENT, stamp, None
            item.last_error = ""
            case = _case_of(item, cases) if item.hands_on else None
            if case is not None and case.state == CaseState.ACCEPTED:
                moves.move(case, CaseState.SUBMITTED, PLATFORM, at=now)
                moved.append(case.id)
        elif isinstance(outcome, Rejected):
            item.state, item.next_attempt_at = ItemState.DEAD, None
            item.last_error = f"{outcome.code}: {outcome.reason}"[:MAX_ERROR_TEXT]
            log.warning("outbox item %s (%s) rejected: %s", item.id, item.kind, outcome.code)
        else:
            item.next_attempt_at = rawsql.sql_datetime(outcome.next_attempt_at)
            item.last_error = outcome.error[:MAX_ERROR_TEXT]
        changed[item.id] = item
    moves.flush()
    cur.executemany(
        "UPDATE outbox_item SET state = ?, attempts = ?, sent_at = ?, next_attempt_at = ?,"
        " last_error = ? WHERE id = ?",
        [
            (i.state, i.attempts, i.sent_at, i.next_attempt_at, i.last_error, i.id)
            for i in changed.values()
        ],
    )
    if isinstance(session, Session) and session.identity_map:
        _refresh_loaded_items(session, changed.values())
    return moved


@dataclass
class _Item:
    """An outbox row as `record_batch` needs it, timestamps in their stored text form."""

    id: int
    case_id: str | None
    kind: str
    state: str
    attempts: int
    sent_at: str | None
    next_attempt_at: str | None
    last_error: str
    hands_on: bool  # the platform, taking it, passes the case to the department
    case_state: str | None
    acceptance_no: str


# Whether the platform, taking an item, passes its case to the department: an intake
# (or its revision, counter.supervision.resubmission) that accepted the case, or a move to accepted
# (materials made up, applicant back).
_ITEMS_SQL = """
SELECT o.id, o.case_id, o.kind, o.state, o.attempts, o.sent_at, o.next_attempt_at,
       o.last_error,
       CASE
         {guard}
         WHEN o.kind IN ('case.intake', 'case.intake_revision')
           THEN json_extract(o.payload, '$.state')
         WHEN o.kind = 'case.transition' THEN json_extract(o.payload, '$.to')
       END IS 'accepted',
       c.state, c.acceptance_no
FROM outbox_item AS o LEFT JOIN case_record AS c ON c.id = o.case_id
WHERE o.id IN ({{marks}})
"""
# As for the due rows: each payload read once, and twice only if one is not JSON.
_ITEMS_FAST_SQL = _ITEMS_SQL.format(guard="")
_ITEMS_CAREFUL_SQL = _ITEMS_SQL.format(guard="WHEN NOT json_valid(o.payload) THEN NULL")
_CHUNK = 500  # ids per query, well inside SQLite's limit on parameters


def _load_items(cur: driver.Cursor, ids: Sequence[int]) -> dict[int, _Item]:
    items: dict[int, _Item] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = _rows_fast_or_careful(
            cur, _ITEMS_FAST_SQL.format(marks=marks), _ITEMS_CAREFUL_SQL.format(marks=marks), chunk
        )
        for row in rows:
            item = _Item(*row[:8], bool(row[8]), row[9], row[10] or "")
            items[item.id] = item
    return items


def _case_of(item: _Item, cases: dict[str, CaseRow]) -> CaseRow | None:
    if item.case_id is None or item.case_state is None:
        return None  # no case, or not in this store
    case = cases.get(item.case_id)
    if case is None:
        case = CaseRow(item.case_id, item.acceptance_no, CaseState(item.case_state))
        cases[item.case_id] = case
    return case


def _refresh_loaded_items(session: Session, items: Iterable[_Item]) -> None:
    """Give the session's loaded copies of the items their new values (rarely any)."""
    for item in items:
        loaded = session.identity_map.get(identity_key(OutboxItem, item.id))
        if loaded is None:
            continue
        set_committed_value(loaded, "state", item.state)
        set_committed_value(loaded, "attempts", item.attempts)
        set_committed_value(loaded, "sent_at", _parsed(item.sent_at))
        set_committed_value(loaded, "next_attempt_at", _parsed(item.next_attempt_at))
        set_committed_value(loaded, "last_error", item.last_error)


def _parsed(stamp: str | None) -> datetime | None:
    # As the ORM reads the column back: naive, UTC.
    return None if stamp is None else datetime.fromisoformat(stamp)


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


def audit_head(session: rawsql.Tx) -> tuple[int, str] | None:
    """The newest audit entry's id and hash, sent with each upload (None: empty log)."""
    last = (
        rawsql.cursor(session)
        .execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    return None if last is None else (last[0], last[1])
