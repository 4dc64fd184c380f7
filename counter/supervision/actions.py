"""The supervisor's actions on a recorded case: make-up of 容缺 materials, deadline extension.

Each takes the acting user (checked here, not only by the UI hiding a
button), a written reason, and writes in one transaction: the change to the
case, a `CaseEvent` of its own kind (the case history shows it), an audit
entry and an outbox item so the platform is told. Correcting the applicant's
data is in counter.supervision.correction, voiding in counter.cases.actions,
dead letters in counter.supervision.dead_letters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from counter.cases.lifecycle import CaseState, record_step, record_transition
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import FieldProblem, NotFound, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake.request import MaterialStatus
from counter.store.models import Case, CaseEvent, CaseMaterial
from counter.supervision.common import checked_reason, state_problem
from counter.users import Actor, Permission, require

__all__ = [
    "EXTENDABLE_STATES",
    "EXTENSION_EVENT",
    "EXTENSION_KIND",
    "MAKEUP_EVENT",
    "MAKEUP_KIND",
    "Extension",
    "Makeup",
    "accept_makeup",
    "extend_deadline",
    "last_extension",
    "pending_materials",
]

MAKEUP_EVENT = "makeup"
MAKEUP_KIND = "case.makeup"
EXTENSION_EVENT = "deadline_extended"
EXTENSION_KIND = "case.deadline_extended"

# A promised date can be moved while the case is still being worked on.
EXTENDABLE_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING, CaseState.SUBMITTED, CaseState.IN_REVIEW}
)
# Materials can be made up while the case lives; not once it is closed either way.
_MAKEUP_CLOSED = frozenset({CaseState.VOIDED, CaseState.REFUSED, CaseState.DELIVERED})


@dataclass(frozen=True)
class Makeup:
    """The outcome of a make-up: what was received, what is still pending, the state now."""

    case_id: str
    received: tuple[str, ...]
    remaining: tuple[str, ...]
    state: CaseState
    moved: bool  # the case went from accepted_pending to accepted


@dataclass(frozen=True)
class Extension:
    """A deadline moved: from `old_due` to `new_due`, `working_days` later."""

    case_id: str
    acceptance_no: str
    old_due: date
    new_due: date
    working_days: int
    provisional: bool
    reason: str
    at: datetime
    actor_name: str


def _case(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=case_id)
    return case


def pending_materials(session: Session, case_id: str) -> list[CaseMaterial]:
    """The case's materials still to be made up (容缺), in checklist order."""
    return list(
        session.exec(
            select(CaseMaterial)
            .where(CaseMaterial.case_id == case_id, CaseMaterial.status == MaterialStatus.PENDING)
            .order_by(col(CaseMaterial.position))
        ).all()
    )


def accept_makeup(
    desk: Desk,
    actor: Actor,
    case_id: str,
    codes: Sequence[str],
    reason: str,
    *,
    now: datetime | None = None,
) -> Makeup:
    """Mark the named pending materials received (supervisors only, with a reason).

    A material that is not pending is refused by name. When nothing is left
    pending and the case is still ``accepted_pending`` at the counter, it moves
    to ``accepted`` (and on to the department once the platform takes it).
    """
    require(actor, Permission.ACCEPT_MAKEUP)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        raise ValidationError.single(
            "materials",
            QT_TRANSLATE_NOOP("fields", "Materials"),
            QT_TRANSLATE_NOOP("rules", "choose at least one material that was made up"),
        )
    with desk.store.write() as session:
        case = _case(session, case_id)
        if case.state in _MAKEUP_CLOSED:
            raise state_problem(case.state)
        materials = {
            m.code: m
            for m in session.exec(select(CaseMaterial).where(CaseMaterial.case_id == case_id))
        }
        problems = []
        for code in wanted:
            material = materials.get(code)
            if material is None:
                problems.append(
                    FieldProblem(
                        f"materials.{code}",
                        QT_TRANSLATE_NOOP("fields", "Material"),
                        QT_TRANSLATE_NOOP("rules", "{code} is not a material of this case"),
                        (("code", code),),
                    )
                )
            elif material.status != MaterialStatus.PENDING:
                problems.append(
                    FieldProblem(
                        f"materials.{code}",
                        material.name,
                        QT_TRANSLATE_NOOP("rules", "is not pending make-up (it is {status})"),
                        (("status", material.status),),
                    )
                )
        if problems:
            raise ValidationError(problems)
        for code in wanted:
            materials[code].status = MaterialStatus.RECEIVED.value
            session.add(materials[code])
        remaining = tuple(
            m.code
            for m in sorted(materials.values(), key=lambda m: m.position)
            if m.status == MaterialStatus.PENDING
        )
        received = tuple(wanted)
        names = [{"code": c, "name": materials[c].name} for c in received]
        record_step(
            session, case, actor, at=at, reason=reason,
            event_kind=MAKEUP_EVENT,
            event_data={"materials": names, "remaining": list(remaining)},
            action="case.makeup",
            audit_detail={"materials": list(received), "remaining": list(remaining),
                          "reason": reason},
            outbox_kind=MAKEUP_KIND,
            payload={"materials": names, "remaining": list(remaining)},
        )
        moved = not remaining and case.state == CaseState.ACCEPTED_PENDING
        if moved:
            # After the make-up item, so the platform learns of the materials first.
            record_transition(session, case, CaseState.ACCEPTED, actor, reason=reason, at=at)
        state = CaseState(case.state)
    return Makeup(case_id, received, remaining, state, moved)


def extend_deadline(
    desk: Desk,
    actor: Actor,
    case_id: str,
    new_due: date,
    reason: str,
    *,
    now: datetime | None = None,
) -> Extension:
    """Move the case's promised date later (supervisors only, with a written reason).

    The new date must be a working day of the desk calendar and later than the
    current promised date; the extension notice (延期办理通知书) is printed
    from the returned `Extension` (printing/extension_notice.py).
    """
    require(actor, Permission.EXTEND_DEADLINE)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    label = QT_TRANSLATE_NOOP("fields", "New promised date")
    calendar = desk.calendar
    with desk.store.write() as session:
        case = _case(session, case_id)
        if case.state not in EXTENDABLE_STATES:
            raise state_problem(case.state)
        old_due = case.due_date
        if old_due is None:
            raise ValidationError.single(
                "due_date", label, QT_TRANSLATE_NOOP("rules", "the case has no promised date")
            )
        if new_due <= old_due:
            raise ValidationError.single(
                "due_date",
                label,
                QT_TRANSLATE_NOOP("rules", "must be later than the current promised date {due}"),
                due=old_due.isoformat(),
            )
        if not calendar.is_working_day(new_due):
            raise ValidationError.single(
                "due_date", label, QT_TRANSLATE_NOOP("rules", "must be a working day")
            )
        working_days = calendar.working_days_between(old_due, new_due)
        provisional = not calendar.covers(new_due.year)
        case.due_date = new_due
        case.due_provisional = provisional
        case.updated_at = at
        session.add(case)
        data = {
            "old_due": old_due.isoformat(),
            "new_due": new_due.isoformat(),
            "working_days": working_days,
            "provisional": provisional,
        }
        record_step(
            session, case, actor, at=at, reason=reason,
            event_kind=EXTENSION_EVENT, event_data=data,
            action="case.deadline_extended", audit_detail={**data, "reason": reason},
            outbox_kind=EXTENSION_KIND, payload=data,
        )
        number = case.acceptance_no
    return Extension(
        case_id,
        number,
        old_due,
        new_due,
        working_days,
        provisional,
        reason,
        at,
        actor.display_name,
    )


def last_extension(session: Session, case_id: str) -> Extension | None:
    """The case's latest deadline extension, as recorded (None: never extended)."""
    row = session.exec(
        select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == EXTENSION_EVENT)
        .order_by(col(CaseEvent.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    case = _case(session, case_id)
    data = json.loads(row.data or "{}")
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return Extension(
        case_id,
        case.acceptance_no,
        date.fromisoformat(data["old_due"]),
        date.fromisoformat(data["new_due"]),
        int(data.get("working_days", 0)),
        bool(data.get("provisional", False)),
        row.reason,
        at,
        row.actor_name,
    )
