"""The changes feed: each office's stream and the stream for every office, read by cursor.

Why positions and not the row id: on PostgreSQL transactions commit in any
order, so a row id taken from a sequence at INSERT can become visible after a
higher one was already read, and a reader paging with ``id > cursor`` would
pass it over for good. Each stream (an office, or ``*`` for news every office
reads) instead numbers its changes 1, 2, 3, … from its `FeedHead` row, which
the writer updates in its own transaction: the row stays locked until that
transaction ends, so the next writer of the same stream takes the next
positions only after it, and positions become visible strictly in order and
without gaps (a rolled-back writer gives its positions back). A reader that
has seen position N of a stream can never later find a change at N or below.
Writers allocate last, just before commit (`publish`), so the lock is held for
the length of one INSERT and the commit; writers of several streams lock them
in sorted order, so two writers never wait on each other in a circle.

A cursor carries the last position read in both streams the office reads,
with the office it belongs to, signed with a key kept in the database: a
client cannot forge one, reuse another office's, or learn how many changes
other offices have. Each change is stored as the exact JSON served, so a page
is built by joining stored text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter
from pydantic_core import to_json
from sqlalchemy import Table, func, select
from sqlmodel import Session

from sync.protocol import PROTOCOL, Change, ErrorCode
from sync.protocol.certificates import b64url, b64url_decode
from sync.server.auth import ApiError
from sync.server.db import insert_many, meta_secret
from sync.server.rawsql import raw
from sync.server.tables import ChangeRow

EVERY_OFFICE = "*"
CURSOR_KEY = "cursor_hmac_key"
_CURSOR_VERSION = "2"
_change_adapter: TypeAdapter = TypeAdapter(Change)
_CHANGES: Table = ChangeRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NewChange:
    """A change to publish: the stream it goes to, its kind-specific fields, its instant.

    A body is checked against its kind's model before it is stored, unless it is
    `made` by the platform from values its own models already checked, with the
    model's fields in the model's order (`desk_feed`): then its JSON is written
    as it stands, which is the text the model would give.
    """

    office_code: str  # an office, or EVERY_OFFICE
    body: dict  # the change's fields, "kind" included, without change_id and at
    at: datetime
    made: bool = False


def publish(session: Session, changes: Sequence[NewChange]) -> list[str]:
    """Append `changes` to their streams in the caller's transaction; their change ids.

    Call it as the transaction's last write: from here to the commit the
    streams' head rows are locked against other writers.
    """
    by_stream: dict[str, list[int]] = defaultdict(list)
    for n, change in enumerate(changes):
        by_stream[change.office_code].append(n)
    ids = [""] * len(changes)
    rows: list[dict] = []
    for stream in sorted(by_stream):
        members = by_stream[stream]
        last = _allocate(session, stream, len(members))
        for position, n in enumerate(members, start=last - len(members) + 1):
            change = changes[n]
            change_id = f"{'g' if stream == EVERY_OFFICE else 'c'}{position}"
            if change.made:
                text = to_json({"change_id": change_id, "at": change.at, **change.body})
            else:
                served = _change_adapter.validate_python(
                    {**change.body, "change_id": change_id, "at": change.at}
                )
                text = _change_adapter.dump_json(served)
            ids[n] = change_id
            rows.append(
                {
                    "office_code": stream,
                    "position": position,
                    "kind": change.body["kind"],
                    "body": text.decode(),
                    "created_at": change.at,
                }
            )
    insert_many(session, _CHANGES, rows)
    return ids


def add_change(session: Session, office_code: str, kind: str, body: dict, at: datetime) -> str:
    """Publish one change for `office_code` (or EVERY_OFFICE) now; its change id."""
    return publish(session, [NewChange(office_code, {**body, "kind": kind}, at)])[0]


def _allocate(session: Session, stream: str, count: int) -> int:
    """Take `count` positions of `stream`, locking its head row; the last one taken."""
    (last,), = raw(session).rows(
        "INSERT INTO x_feed_head (office_code, last_position) VALUES (?, ?)"
        " ON CONFLICT (office_code) DO UPDATE"
        " SET last_position = x_feed_head.last_position + excluded.last_position"
        " RETURNING last_position",
        [stream, count],
    )
    return int(last)


# -- cursors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where a reader stands: the last position read in its office's stream and in "*"."""

    office: int = 0
    every: int = 0


def _mac(key: str, text: str) -> str:
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()[:24]


def _cursor_key(session: Session) -> str:
    # Read once per unit of work: a page decodes one cursor and encodes the next.
    if CURSOR_KEY not in session.info:
        found = raw(session).rows('SELECT value FROM x_meta WHERE "key" = ?', [CURSOR_KEY])
        session.info[CURSOR_KEY] = found[0][0] if found else meta_secret(session, CURSOR_KEY)
    return session.info[CURSOR_KEY]


def encode_cursor(session: Session, office_code: str, at: Cursor) -> str:
    text = f"{_CURSOR_VERSION}:{at.office}:{at.every}:{office_code}"
    return b64url(text.encode()) + "." + _mac(_cursor_key(session), text)


def decode_cursor(session: Session, office_code: str, cursor: str | None) -> Cursor:
    """Where the cursor stands (the start for none); 400 if forged or another office's.

    A cursor from before positions (``<last id>:<office>``) is still honoured:
    it stands after every change with an id up to that one.
    """
    if not cursor:
        return Cursor()
    invalid = ApiError(400, ErrorCode.INVALID_CURSOR, "the cursor is not one this platform issued "
                       "to this office; start again without a cursor")
    try:
        encoded, mac = cursor.split(".", 1)
        text = b64url_decode(encoded).decode()
        fields = text.split(":")
    except (ValueError, UnicodeDecodeError):
        raise invalid from None
    expected = _mac(_cursor_key(session), text)
    if not hmac.compare_digest(mac, expected) or fields[-1] != office_code:
        raise invalid
    try:
        if len(fields) == 4 and fields[0] == _CURSOR_VERSION:
            return Cursor(office=int(fields[1]), every=int(fields[2]))
        if len(fields) == 2:
            return _from_last_id(session, office_code, int(fields[0]))
    except ValueError:
        pass
    raise invalid


def _from_last_id(session: Session, office_code: str, last_id: int) -> Cursor:
    def last_position(stream: str) -> int:
        found = session.execute(
            select(func.max(_CHANGES.c.position)).where(
                _CHANGES.c.office_code == stream, _CHANGES.c.id <= last_id
            )
        ).scalar()
        return int(found or 0)

    return Cursor(office=last_position(office_code), every=last_position(EVERY_OFFICE))


# -- reading ------------------------------------------------------------------------------


def read_page_json(session: Session, office_code: str, cursor: str | None, limit: int) -> str:
    """A `ChangesPage` for the office, as the JSON text served.

    Both streams are read after the cursor and merged, each in position order
    (the earlier head first, the office's stream on a tie): a page always
    takes a prefix of each stream, so the cursor never jumps over a change.
    """
    after = decode_cursor(session, office_code, cursor)
    own = _rows(session, office_code, after.office, limit + 1)
    every = _rows(session, EVERY_OFFICE, after.every, limit + 1)
    bodies: list[str] = []
    reached = [after.office, after.every]
    streams, heads = (own, every), [0, 0]
    while len(bodies) < limit and (heads[0] < len(own) or heads[1] < len(every)):
        pick = 1 if heads[0] == len(own) else 0
        if pick == 0 and heads[1] < len(every) and every[heads[1]][1] < own[heads[0]][1]:
            pick = 1
        position, _at, body = streams[pick][heads[pick]]
        heads[pick] += 1
        reached[pick] = position
        bodies.append(body)
    has_more = heads[0] < len(own) or heads[1] < len(every)
    next_cursor = encode_cursor(session, office_code, Cursor(*reached))
    return (
        f'{{"protocol":{json.dumps(PROTOCOL)},"changes":[{",".join(bodies)}],'
        f'"next_cursor":{json.dumps(next_cursor)},"has_more":{json.dumps(has_more)}}}'
    )


def _rows(session: Session, stream: str, after: int, limit: int) -> list[tuple[int, datetime, str]]:
    db = raw(session)
    instant = db.from_db(_CHANGES, "created_at")
    found = db.rows(
        "SELECT position, created_at, body FROM x_change WHERE office_code = ? AND position > ?"
        " ORDER BY position LIMIT ?",
        [stream, after, limit],
    )
    return [(position, instant(at), body) for position, at, body in found]
