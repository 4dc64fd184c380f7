"""The changes feed: rows per office, read in pages after an opaque, office-bound cursor.

A cursor is the id of the last change delivered, with the office it belongs to,
signed with a key kept in the database: a client cannot forge one, reuse
another office's, or see how many changes other offices have.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from pydantic import TypeAdapter
from sqlmodel import Session, col, or_, select

from sync.protocol import Change, ChangesPage, ErrorCode
from sync.protocol.certificates import b64url, b64url_decode
from sync.server.auth import ApiError
from sync.server.db import meta_secret
from sync.server.tables import ChangeRow

EVERY_OFFICE = "*"
_CURSOR_KEY = "cursor_hmac_key"
_change_adapter: TypeAdapter = TypeAdapter(Change)


def add_change(
    session: Session, office_code: str, kind: str, body: dict, at: datetime
) -> ChangeRow:
    """Append a change for `office_code` (or EVERY_OFFICE) in the caller's transaction."""
    row = ChangeRow(
        office_code=office_code,
        kind=kind,
        body=json.dumps({**body, "kind": kind}, ensure_ascii=False),
        created_at=at,
    )
    session.add(row)
    return row


def _mac(key: str, text: str) -> str:
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()[:24]


def encode_cursor(session: Session, office_code: str, last_id: int) -> str:
    text = f"{last_id}:{office_code}"
    return b64url(text.encode()) + "." + _mac(meta_secret(session, _CURSOR_KEY), text)


def decode_cursor(session: Session, office_code: str, cursor: str | None) -> int:
    """The last change id the cursor stands for (0 for none); 400 if forged or foreign."""
    if not cursor:
        return 0
    invalid = ApiError(400, ErrorCode.INVALID_CURSOR, "the cursor is not one this platform issued "
                       "to this office; start again without a cursor")
    try:
        encoded, mac = cursor.split(".", 1)
        text = b64url_decode(encoded).decode()
        last_id, office = text.split(":", 1)
    except ValueError:
        raise invalid from None
    expected = _mac(meta_secret(session, _CURSOR_KEY), text)
    if not hmac.compare_digest(mac, expected) or office != office_code:
        raise invalid
    return int(last_id)


def read_page(session: Session, office_code: str, cursor: str | None, limit: int) -> ChangesPage:
    after = decode_cursor(session, office_code, cursor)
    rows = session.exec(
        select(ChangeRow)
        .where(
            col(ChangeRow.id) > after,
            or_(ChangeRow.office_code == office_code, ChangeRow.office_code == EVERY_OFFICE),
        )
        .order_by(col(ChangeRow.id))
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    changes = [
        _change_adapter.validate_python(
            {**json.loads(r.body), "change_id": f"c{r.id}", "at": r.created_at}
        )
        for r in page
    ]
    last = page[-1].id if page else after
    assert last is not None
    return ChangesPage(
        changes=changes,
        next_cursor=encode_cursor(session, office_code, last),
        has_more=len(rows) > limit,
    )
