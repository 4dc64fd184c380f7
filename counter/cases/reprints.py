"""Reprinting a case's receipt or notice (补打), with a reason, counted and audited.

Intake writes the receipt and the notices once, right after the case commits
(see ui/intake/intake_task.py and printing/case_documents.py). Any later print of one
of them from the case view is a reprint: the clerk must say why (lost, torn,
printer jam...), and the reprint is recorded twice, as a step in the case's
history (a `CaseEvent` of kind ``document_reprint``, which the case timeline
shows) and in the hash-chained audit log. Certificates have their own print
counting with the same rule (counter.certificates.records.record_print).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from counter.audit import log as audit
from counter.cases.lifecycle import record_note
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import NotFound, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case, CaseEvent
from counter.users import Actor, Permission, require

__all__ = [
    "DOCUMENT_NAMES",
    "DOCUMENT_TYPES",
    "REPRINT_EVENT",
    "DocumentReprint",
    "document_reprints",
    "record_document_reprint",
    "reprint_count",
]

REPRINT_EVENT = "document_reprint"

DOCUMENT_NAMES = {
    "receipt": QT_TRANSLATE_NOOP("domain", "Acceptance receipt"),
    "thermal_receipt": QT_TRANSLATE_NOOP("domain", "Acceptance receipt (80 mm)"),
    "correction": QT_TRANSLATE_NOOP("domain", "Notice of materials to correct"),
    "refusal": QT_TRANSLATE_NOOP("domain", "Notice of refusal"),
    "pending": QT_TRANSLATE_NOOP("domain", "Notice of acceptance with materials pending"),
    "extension": QT_TRANSLATE_NOOP("domain", "Notice of deadline extension"),
}
"""The counter documents of a case, by the kind names printing/case_documents.py uses."""

DOCUMENT_TYPES = frozenset(DOCUMENT_NAMES)


@dataclass(frozen=True)
class DocumentReprint:
    """One recorded reprint of a case document."""

    case_id: str
    doc_type: str
    reprint_no: int  # 1 for the first reprint of this document
    at: datetime
    actor_id: int | None
    actor_name: str
    reason: str


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def document_reprints(session: Session, case_id: str) -> list[DocumentReprint]:
    """Every reprint of the case's documents, oldest first."""
    rows = session.exec(
        select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == REPRINT_EVENT)
        .order_by(col(CaseEvent.id))
    ).all()
    out = []
    for row in rows:
        data = json.loads(row.data or "{}")
        out.append(
            DocumentReprint(
                case_id=row.case_id,
                doc_type=str(data.get("doc_type", "")),
                reprint_no=int(data.get("reprint_no", 0)),
                at=_utc(row.at),
                actor_id=row.actor_id,
                actor_name=row.actor_name,
                reason=row.reason,
            )
        )
    return out


def reprint_count(session: Session, case_id: str, doc_type: str) -> int:
    """How often `doc_type` of the case has been reprinted."""
    return sum(1 for r in document_reprints(session, case_id) if r.doc_type == doc_type)


def record_document_reprint(
    desk: Desk,
    actor: Actor,
    case_id: str,
    doc_type: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """Record one reprint of the case's `doc_type` before it is printed; returns its number.

    The reason is required. The case's state does not change; the reprint is
    a step in its history and an audit entry, in one write transaction.
    """
    require(actor, Permission.INTAKE)
    if doc_type not in DOCUMENT_TYPES:
        raise ValueError(f"unknown document type {doc_type!r}")
    reason = reason.strip()
    if not reason:
        raise ValidationError.single(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP("rules", "a reprint needs a reason"),
        )
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=case_id)
        number = reprint_count(session, case_id, doc_type) + 1
        record_note(session, case, REPRINT_EVENT, actor, at=at, reason=reason,
                    data={"doc_type": doc_type, "reprint_no": number})
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="document.reprint",
            target=f"case:{case.acceptance_no}",
            detail={"doc_type": doc_type, "reprint_no": number, "reason": reason},
            at=at,
        )
    return number
