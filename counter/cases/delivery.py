"""Handing the result over at the counter (领取): who collects, checked against the case.

The applicant or the agent recorded on the case collects the certificate or
the decision. The clerk says which of the two is at the window and types (or
reads from the ID card reader) the number on their ID; the number must match
the one the case holds for that person. The case then moves to
``delivered`` in one write transaction with its event, audit entry and outbox
item, so the platform learns that the result reached the citizen.

The full ID number is compared here, in the core, and never leaves it: what
is recorded and sent on carries only the masked form.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from counter.cases.lifecycle import TRANSITIONS, CaseState, check_transition, record_transition
from counter.clock import office_date, utc_now
from counter.day.reconcile import ensure_open
from counter.desk import Desk
from counter.errors import NotFound, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case
from counter.users import Actor, Permission, require
from counter.validation import mask_id_number

__all__ = [
    "DELIVERABLE_STATES",
    "Collector",
    "CollectorRole",
    "Delivery",
    "IdentifiedCollector",
    "deliver_case",
    "identify_collector",
    "is_deliverable",
]

DELIVERABLE_STATES = frozenset(
    s for s, targets in TRANSITIONS.items() if CaseState.DELIVERED in targets
)
"""States a case can be delivered from (approved, result ready, rejected)."""

_ID_LABEL = QT_TRANSLATE_NOOP("fields", "Collector ID number")
_ROLE_LABEL = QT_TRANSLATE_NOOP("fields", "Collector")


class CollectorRole(StrEnum):
    APPLICANT = "applicant"
    AGENT = "agent"


COLLECTOR_ROLE_NAMES = {
    CollectorRole.APPLICANT: QT_TRANSLATE_NOOP("domain", "Applicant"),
    CollectorRole.AGENT: QT_TRANSLATE_NOOP("domain", "Agent"),
}


@dataclass(frozen=True)
class Collector:
    """Who stands at the window: the applicant or the agent, and the ID number they show."""

    role: CollectorRole
    id_number: str

    def __repr__(self) -> str:  # never a full ID number in a log line or a traceback
        return f"Collector(role={self.role.value!r}, id_number={mask_id_number(self.id_number)!r})"


@dataclass(frozen=True)
class IdentifiedCollector:
    """A collector whose ID number matched the case: name and masked number to show."""

    role: CollectorRole
    name: str
    id_masked: str


@dataclass(frozen=True)
class Delivery:
    """What `deliver_case` changed: the case is now delivered, to this collector."""

    case_id: str
    acceptance_no: str
    from_state: CaseState
    collector: IdentifiedCollector
    at: datetime


def _normalised(number: str) -> str:
    """An ID number as compared: no spaces, upper case (a typed x for the check character X)."""
    return "".join(number.split()).upper()


def is_deliverable(state: str) -> bool:
    return state in DELIVERABLE_STATES


def identify_collector(case: Case, collector: Collector) -> IdentifiedCollector:
    """Check `collector` against the person the case records for that role.

    Refuses when the case has no agent and the agent was chosen, or when the
    ID number shown does not match the one recorded.
    """
    if collector.role is CollectorRole.AGENT:
        name, recorded = case.agent_name, case.agent_id_number
        if not recorded:
            raise ValidationError.single(
                "collector.role",
                _ROLE_LABEL,
                QT_TRANSLATE_NOOP("rules", "the case has no agent; the applicant must collect"),
            )
    else:
        # A company collects through its legal representative, under the company's name.
        name, recorded = case.applicant_name, case.applicant_id_number
    shown = _normalised(collector.id_number)
    if not shown:
        raise ValidationError.single(
            "collector.id_number", _ID_LABEL, QT_TRANSLATE_NOOP("rules", "is required")
        )
    if not hmac.compare_digest(shown.encode(), _normalised(recorded).encode()):
        raise ValidationError.single(
            "collector.id_number",
            _ID_LABEL,
            QT_TRANSLATE_NOOP("rules", "does not match the applicant's or the agent's"),
        )
    return IdentifiedCollector(collector.role, name, mask_id_number(recorded))


def deliver_case(
    desk: Desk,
    actor: Actor,
    case_id: str,
    collector: Collector,
    *,
    now: datetime | None = None,
) -> Delivery:
    """Record that `collector` took the result of case `case_id`; the case becomes delivered.

    One write transaction: the state change, its event (collector's role,
    name and masked ID), the audit entry and the outbox item for the platform.
    A case that is not ready (still in review), already delivered or voided
    is refused with `IllegalTransition` before the identity is looked at; on
    a day already closed, with `DayClosed`.
    """
    require(actor, Permission.DELIVER)
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        # A closed day is locked: a delivery after the day close waits for tomorrow or a reopen.
        ensure_open(session, office_date(at, desk.zone))
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=case_id)
        current = CaseState(case.state)
        check_transition(current, CaseState.DELIVERED)
        who = identify_collector(case, collector)
        record_transition(
            session,
            case,
            CaseState.DELIVERED,
            actor,
            data={
                "collector_role": who.role.value,
                "collector_name": who.name,
                "collector_id_masked": who.id_masked,
            },
            at=at,
        )
        acceptance_no = case.acceptance_no
    return Delivery(case_id, acceptance_no, current, who, at)
