"""The transactional outbox: what the platform must learn of, written with the change itself.

An item is added in the same transaction as the change it reports, so a change
that committed is always queued and a change that rolled back never is. Its
payload is frozen as canonical JSON at that moment; the sync engine sends it
as it is, under its idempotency key, until the platform gives an explicit
answer. Later changes to the case become new items, never edits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from counter.audit.log import canonical_json
from counter.clock import utc_now
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import rawsql

INTAKE = "case.intake"
INTAKE_REVISION = "case.intake_revision"
INTAKE_KINDS = frozenset({INTAKE, INTAKE_REVISION})
"""An intake, and its revision resubmitted after a refusal (counter.supervision.resubmission)."""

KIND_NAMES = {
    "case.intake": QT_TRANSLATE_NOOP("domain", "Intake"),
    "case.intake_revision": QT_TRANSLATE_NOOP("domain", "Corrected intake (resubmitted)"),
    "case.transition": QT_TRANSLATE_NOOP("domain", "State change"),
    "case.correction": QT_TRANSLATE_NOOP("domain", "Correction of applicant data"),
    "case.makeup": QT_TRANSLATE_NOOP("domain", "Make-up of materials"),
    "case.deadline_extended": QT_TRANSLATE_NOOP("domain", "Deadline extension"),
    "evaluation": QT_TRANSLATE_NOOP("domain", "Service rating"),
}
"""What each kind of upload is called on screen (marked for translation, context "domain")."""


def enqueue(
    session: rawsql.Tx,
    *,
    kind: str,
    payload: dict,
    case_id: str | None = None,
    at: datetime | None = None,
) -> str:
    """Queue one event for upload inside the caller's write transaction; returns its key."""
    key = str(uuid.uuid4())
    rawsql.insert(
        rawsql.cursor(session),
        "outbox_item",
        {
            "idempotency_key": key,
            "case_id": case_id,
            "kind": kind,
            "payload": canonical_json(payload),
            "created_at": rawsql.sql_datetime(at or utc_now()),
            "state": "pending",
            "attempts": 0,
            "last_error": "",
        },
    )
    return key
