"""The audit log: append-only and hash-chained.

Each entry's hash covers its own id, time, actor, action, target and detail
plus the previous entry's hash. Editing, deleting or reordering any entry
breaks the chain from that point, and `verify` names the first entry that no
longer fits. The chain head is sent to the platform with each upload, so a
history rewritten end to end still shows against the platform's copy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter.clock import utc_now
from counter.store import driver, rawsql
from counter.store.models import AuditEntry

GENESIS = "0" * 64


def canonical_json(data: object) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


_json_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # json's own, in C


def _scalar_json(value: object) -> str | None:
    """`canonical_json(value)` for a str, an int or None; None for anything else."""
    kind = type(value)
    if kind is str:
        return _json_str(value)
    if kind is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    return None


def detail_json(detail: dict | None) -> str:
    """`canonical_json(detail or {})`, written by hand for the flat details nearly every
    entry has (text keys; text, whole numbers or nothing as values): the same text,
    without building a JSON encoder per entry. Anything else goes through json."""
    if not detail:
        return "{}"
    if not all(type(key) is str for key in detail):
        return canonical_json(detail)
    parts = []
    for key in sorted(detail):
        text = _scalar_json(detail[key])
        if text is None:
            return canonical_json(detail)
        parts.append(f"{_json_str(key)}:{text}")
    return "{" + ",".join(parts) + "}"


def _entry_hash(
    entry_id: int,
    at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target: str,
    detail: str,
    prev_hash: str,
) -> str:
    return _hash_text(
        entry_id, at.isoformat(), actor_id, actor_name, action, target, detail, prev_hash
    )


def _hash_text(
    entry_id: int,
    at_text: str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target: str,
    detail: str,
    prev_hash: str,
) -> str:
    """The entry's hash from its fields, the time already as its ISO text."""
    fields = (entry_id, at_text, actor_id, actor_name, action, target, detail, prev_hash)
    texts = [_scalar_json(f) for f in fields]
    if None in texts:  # not the usual types: json says it
        body = canonical_json(list(fields))
    else:
        body = "[" + ",".join(texts) + "]"  # type: ignore[arg-type]
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: rawsql.Tx,
    *,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target: str,
    detail: dict | None = None,
    at: datetime | None = None,
) -> tuple[int, str]:
    """Add an entry to the chain inside the caller's write transaction; returns (id, hash).

    The write lock taken by BEGIN IMMEDIATE makes reading the last entry and
    adding the next one safe against other processes.
    """
    chain = Chain(rawsql.cursor(session))
    appended = chain.add(
        actor_id=actor_id, actor_name=actor_name, action=action, target=target,
        detail=detail, at=at,
    )
    chain.flush()
    return appended


_INSERT_SQL = (
    "INSERT INTO audit_entry (id, at, actor_id, actor_name, action, target, detail,"
    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class Chain:
    """Entries added one after another in one write transaction, written by `flush`.

    For writers that add many entries at once (the sync engine records a
    platform move per case, by the hundred per transaction): the chain's head
    is read once, each entry is hashed onto the one before, and `flush` writes
    them all in order. Nothing else may append to the log between the first
    `add` and the `flush`; flush before any other audited write in the same
    transaction.
    """

    def __init__(self, cur: driver.Cursor) -> None:
        self._cur = cur
        self._head: tuple[int, str] | None = None
        self._rows: list[tuple] = []
        self._at: datetime | None = None  # the last entry's time and its two texts
        self._at_texts = ("", "")

    def add(
        self,
        *,
        actor_id: int | None,
        actor_name: str,
        action: str,
        target: str,
        detail: dict | None = None,
        at: datetime | None = None,
    ) -> tuple[int, str]:
        """Hash the next entry onto the chain; returns its (id, hash)."""
        if self._head is None:
            last = self._cur.execute(
                "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1"
            ).fetchone()
            self._head = (0, GENESIS) if last is None else (last[0], last[1])
        entry_id, prev_hash = self._head[0] + 1, self._head[1]
        at = at or utc_now()
        if at != self._at:  # a page of platform moves often shares one time
            # Microseconds dropped and zone fixed, so the hashed text survives a round
            # trip through the database unchanged.
            text = at.astimezone(UTC).replace(microsecond=0).isoformat()
            self._at, self._at_texts = at, (text, _stored_second(text))
        at_text, stored = self._at_texts
        detail_text = detail_json(detail)
        digest = _hash_text(
            entry_id, at_text, actor_id, actor_name, action, target, detail_text, prev_hash
        )
        self._rows.append(
            (entry_id, stored, actor_id, actor_name, action, target,
             detail_text, prev_hash, digest)
        )
        self._head = (entry_id, digest)
        return self._head

    def flush(self) -> None:
        """Write the entries added since the last flush, in order."""
        if self._rows:
            self._cur.executemany(_INSERT_SQL, self._rows)
            self._rows.clear()


def _stored_second(iso: str) -> str:
    """`rawsql.sql_datetime` of a whole second in UTC, from its ISO text
    ('2026-12-03T10:00:00+00:00' -> '2026-12-03 10:00:00.000000')."""
    return f"{iso[:10]} {iso[11:19]}.000000"


@dataclass(frozen=True)
class ChainVerdict:
    """The result of checking the chain: `first_bad_id` is None when it holds."""

    checked: int
    first_bad_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def head(session: Session) -> str:
    """The newest entry's hash (the genesis value for an empty log)."""
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    return GENESIS if last is None else last.hash


def verify(session: Session) -> ChainVerdict:
    """Walk the whole chain and report the first entry that was edited, deleted or reordered."""
    expected_prev = GENESIS
    expected_id = 1
    checked = 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        if entry.id != expected_id:
            return ChainVerdict(checked, entry.id, f"entry {expected_id} is missing")
        if entry.prev_hash != expected_prev:
            return ChainVerdict(checked, entry.id, "does not follow the entry before it")
        recomputed = _entry_hash(
            entry.id,
            entry.at,
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.target,
            entry.detail,
            entry.prev_hash,
        )
        if recomputed != entry.hash:
            return ChainVerdict(checked, entry.id, "its content was changed")
        expected_prev = entry.hash
        expected_id += 1
        checked += 1
    return ChainVerdict(checked)
