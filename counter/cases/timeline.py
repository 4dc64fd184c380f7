"""A case's whole history as one list: what happened, when, who did it.

Merges, oldest first:

- the case's events: the intake, every state change made at the counter, a
  resubmission after the platform refused the intake (with the refusal), and
  those the platform reported (recorded by the sync engine under
  `counter.users.PLATFORM`, see counter/cases/lifecycle.py `record_platform_move`);
- certificates the department issued, and every print and reprint of them
  (counter/certificates/records.py);
- reprints of the receipt and the notices (counter/cases/reprints.py).

Pure data: times in UTC, kinds as stable names, parameters as text. The UI
chooses the words and the language, and shows times in the office's zone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from counter.cases.reprints import REPRINT_EVENT
from counter.certificates.records import print_history
from counter.store.models import CaseEvent, Certificate
from counter.users import PLATFORM

RESUBMISSION_EVENT = "resubmission"  # counter.supervision.resubmission writes it

__all__ = ["EntryKind", "TimelineEntry", "case_timeline"]


class EntryKind(StrEnum):
    INTAKE = "intake"  # params: state, reason
    TRANSITION = "transition"  # params: from_state, to_state, reason; delivered: collector_*
    CERTIFICATE_ISSUED = "certificate_issued"  # params: title, serial
    CERTIFICATE_PRINT = "certificate_print"  # params: title, serial, print_no
    CERTIFICATE_REPRINT = "certificate_reprint"  # params: title, serial, print_no, reason
    DOCUMENT_REPRINT = "document_reprint"  # params: doc_type, reprint_no, reason
    RESUBMISSION = "resubmission"  # params: refusal, fields, revision, reason


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's history.

    `who` is the user's display name, or empty with `by_platform` for what
    the platform or a department did.
    """

    at: datetime  # UTC, aware
    kind: EntryKind
    who: str
    by_platform: bool = False
    params: dict[str, str] = field(default_factory=dict)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _from_platform(event: CaseEvent) -> bool:
    return event.actor_id is None and event.actor_name == PLATFORM.display_name


def _event_entry(event: CaseEvent) -> TimelineEntry:
    data = {k: str(v) for k, v in json.loads(event.data or "{}").items()}
    platform = _from_platform(event)
    who = "" if platform else event.actor_name
    if event.kind == REPRINT_EVENT:
        params = {
            "doc_type": data.get("doc_type", ""),
            "reprint_no": data.get("reprint_no", ""),
            "reason": event.reason,
        }
        return TimelineEntry(_utc(event.at), EntryKind.DOCUMENT_REPRINT, who, platform, params)
    if event.kind == RESUBMISSION_EVENT:
        raw = json.loads(event.data or "{}")
        params = {
            "refusal": str(raw.get("refusal", "")),
            "fields": ",".join(sorted(raw.get("changes", {}))),
            "revision": str(raw.get("revision", "")),
            "reason": event.reason,
        }
        return TimelineEntry(_utc(event.at), EntryKind.RESUBMISSION, who, platform, params)
    if event.kind == "intake":
        params = {"state": event.to_state, "reason": event.reason}
        return TimelineEntry(_utc(event.at), EntryKind.INTAKE, who, platform, params)
    params = {"from_state": event.from_state, "to_state": event.to_state, "reason": event.reason}
    params.update(data)
    return TimelineEntry(_utc(event.at), EntryKind.TRANSITION, who, platform, params)


def case_timeline(session: Session, case_id: str) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first (ties keep the order recorded)."""
    entries: list[TimelineEntry] = [
        _event_entry(e)
        for e in session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        ).all()
    ]
    certificates = session.exec(
        select(Certificate).where(Certificate.case_id == case_id).order_by(col(Certificate.id))
    ).all()
    for cert in certificates:
        base = {"title": cert.title, "serial": cert.serial}
        # The department's time, like the platform's moves beside it: on one clock, the
        # issue comes after the approval (the desk's own receiving time may lag or lead).
        entries.append(
            TimelineEntry(_utc(cert.issued_at), EntryKind.CERTIFICATE_ISSUED, "", True, base)
        )
        for p in print_history(session, cert.serial):
            kind = EntryKind.CERTIFICATE_REPRINT if p.print_no > 1 else EntryKind.CERTIFICATE_PRINT
            params = {**base, "print_no": str(p.print_no), "reason": p.reason}
            entries.append(TimelineEntry(_utc(p.printed_at), kind, p.actor_name, False, params))
    # sorted() is stable: entries at the same instant stay in the order they were recorded.
    return sorted(entries, key=lambda e: e.at)
