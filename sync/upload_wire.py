"""An upload batch as the wire carries it, written from the outbox rows' frozen text.

The engine sends each due outbox item exactly as frozen at intake: its payload
is the stored JSON text, not a re-encoding of it, so the platform's request
hash of an item is the same on every retry. `wire_text` writes one item by
hand (checking what the `UploadItem` schema checks) and `batch_body` the whole
`UploadBatch`; a row that does not pass takes the long way through the model
(`wire_item`), which says what is wrong.
"""

from __future__ import annotations

import json
from datetime import UTC

from counter.exchange.sync_state import DueItem
from counter.store.models import OutboxItem
from sync.protocol import AuditHead, DeskInfo, UploadItem

_json_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # json's own, in C


def wire_text(item: DueItem) -> str:
    """The outbox row as one item of an upload's JSON, its payload the frozen text as it is.

    An `UploadItem` written by hand: the checks its schema makes are made here on
    the row's text (SQLite has read the payload as one JSON object). A row they
    do not pass takes the long way, through the model, which says what is wrong
    (ValueError) or writes the item as the model sees it.
    """
    key, kind, case_id = item.idempotency_key, item.kind, item.case_id
    if (
        item.payload_is_object
        and isinstance(key, str) and 8 <= len(key) <= 100
        and isinstance(kind, str) and 1 <= len(kind) <= 64
        and (case_id is None or (isinstance(case_id, str) and len(case_id) <= 64))
    ):
        return (
            f'{{"idempotency_key":{_json_str(key)},"kind":{_json_str(kind)},'
            f'"case_id":{"null" if case_id is None else _json_str(case_id)},'
            f'"payload":{item.payload},'
            f'"created_at":"{item.created_at.astimezone(UTC).isoformat()}"}}'
        )
    return json.dumps(wire_item(item).model_dump(mode="json"), ensure_ascii=False)


def batch_body(desk: DeskInfo, head: AuditHead | None, items: list[str]) -> bytes:
    """An `UploadBatch` as JSON, from its items already written (see `wire_text`)."""
    head_text = "null" if head is None else head.model_dump_json()
    return (
        f'{{"desk":{desk.model_dump_json()},"audit_head":{head_text},'
        f'"items":[{",".join(items)}]}}'
    ).encode()


def wire_item(item: OutboxItem | DueItem) -> UploadItem:
    """The outbox row exactly as frozen, in the shape of the wire."""
    created = item.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    try:
        return UploadItem(
            idempotency_key=item.idempotency_key,
            kind=item.kind,
            case_id=item.case_id,
            payload=json.loads(item.payload),
            created_at=created,
        )
    except ValueError as exc:  # bad JSON or a field off the schema: the row cannot travel
        raise ValueError(f"outbox item {item.id} cannot be sent: {type(exc).__name__}") from None
