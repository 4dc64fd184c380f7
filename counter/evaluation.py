"""Service evaluation (好差评): the applicant rates a visit to the counter.

After the acceptance and after the delivery the applicant rates the service on
the national five-level scale; the two lowest levels need a reason. Each visit
of a case is rated at most once (the store's unique constraint on
``(case_id, visit)`` backs the check made here). A rating is written in one
transaction with its audit entry and an outbox item of kind ``evaluation``, so
the platform receives it like any other event. A low rating opens a follow-up
that a supervisor closes with a note.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState
from counter.clock import office_date, utc_now
from counter.desk import Desk
from counter.errors import NotFound, ValidationError
from counter.exchange import outbox
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case, Evaluation
from counter.users import Actor, Permission, require

OUTBOX_KIND = "evaluation"
MAX_REASON = 500


class Level(IntEnum):
    """The five levels, best first: 5 非常满意 … 1 非常不满意."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1


LEVEL_NAMES = {
    Level.VERY_SATISFIED: QT_TRANSLATE_NOOP("domain", "Very satisfied"),
    Level.SATISFIED: QT_TRANSLATE_NOOP("domain", "Satisfied"),
    Level.BASICALLY_SATISFIED: QT_TRANSLATE_NOOP("domain", "Basically satisfied"),
    Level.DISSATISFIED: QT_TRANSLATE_NOOP("domain", "Dissatisfied"),
    Level.VERY_DISSATISFIED: QT_TRANSLATE_NOOP("domain", "Very dissatisfied"),
}

# The two lowest levels must say why, and are followed up by a supervisor.
LOW_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Visit(StrEnum):
    INTAKE = "intake"  # the applicant handed the application in
    DELIVERY = "delivery"  # the applicant collected the result


VISIT_NAMES = {
    Visit.INTAKE: QT_TRANSLATE_NOOP("domain", "Application"),
    Visit.DELIVERY: QT_TRANSLATE_NOOP("domain", "Collection"),
}


class FollowUp(StrEnum):
    NONE = ""
    OPEN = "open"
    DONE = "done"


_LEVEL_LABEL = QT_TRANSLATE_NOOP("fields", "Rating")
_REASON_LABEL = QT_TRANSLATE_NOOP("fields", "Reason")
_VISIT_LABEL = QT_TRANSLATE_NOOP("fields", "Visit")
_NOTE_LABEL = QT_TRANSLATE_NOOP("fields", "Follow-up note")


@dataclass(frozen=True)
class Recorded:
    """What `record_evaluation` wrote: the rating and whether it needs a follow-up."""

    evaluation_id: str
    case_id: str
    acceptance_no: str
    visit: Visit
    level: Level
    follow_up: FollowUp
    at: datetime


def check_level(level: object) -> Level:
    """The level as a `Level`; anything else is refused naming the field."""
    try:
        return Level(int(level))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError.single(
            "level", _LEVEL_LABEL, QT_TRANSLATE_NOOP("rules", "must be a level from 1 to 5")
        ) from None


def check_reason(level: Level, reason: str) -> str:
    """The reason, stripped; required for the two lowest levels."""
    reason = reason.strip()
    if level in LOW_LEVELS and not reason:
        raise ValidationError.single(
            "reason",
            _REASON_LABEL,
            QT_TRANSLATE_NOOP("rules", "is required when the service is rated dissatisfied"),
        )
    if len(reason) > MAX_REASON:
        raise ValidationError.single(
            "reason",
            _REASON_LABEL,
            QT_TRANSLATE_NOOP("rules", "must be at most {max} characters"),
            max=MAX_REASON,
        )
    return reason


def _already_rated() -> ValidationError:
    return ValidationError.single(
        "visit",
        _VISIT_LABEL,
        QT_TRANSLATE_NOOP("rules", "has already been rated; one evaluation per visit"),
    )


def existing_evaluation(session: Session, case_id: str, visit: str) -> Evaluation | None:
    """The rating already given for this visit of the case, if any."""
    return session.exec(
        select(Evaluation).where(Evaluation.case_id == case_id, Evaluation.visit == visit)
    ).first()


def record_evaluation(
    desk: Desk,
    actor: Actor,
    case_id: str,
    visit: str,
    level: int,
    reason: str = "",
    *,
    now: datetime | None = None,
) -> Recorded:
    """Record the applicant's rating of one visit, with its audit entry and outbox item.

    `actor` is the clerk at the counter (the rating is of their service). The
    intake visit may be rated once the case is recorded, the delivery visit
    once it is delivered. A second rating of the same visit is refused.
    """
    require(actor, Permission.INTAKE if visit == Visit.INTAKE else Permission.DELIVER)
    try:
        the_visit = Visit(visit)
    except ValueError:
        raise ValidationError.single(
            "visit", _VISIT_LABEL, QT_TRANSLATE_NOOP("rules", "must be intake or delivery")
        ) from None
    the_level = check_level(level)
    reason = check_reason(the_level, reason)
    at = (now or utc_now()).astimezone(UTC)
    follow = FollowUp.OPEN if the_level in LOW_LEVELS else FollowUp.NONE
    evaluation_id = str(uuid.uuid4())
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=case_id)
        if the_visit is Visit.DELIVERY and case.state != CaseState.DELIVERED:
            raise ValidationError.single(
                "visit",
                _VISIT_LABEL,
                QT_TRANSLATE_NOOP("rules", "the result must be delivered before it is rated"),
            )
        if existing_evaluation(session, case_id, the_visit.value) is not None:
            raise _already_rated()
        session.add(
            Evaluation(
                id=evaluation_id,
                case_id=case_id,
                visit=the_visit.value,
                level=int(the_level),
                reason=reason,
                at=at,
                local_date=office_date(at, desk.zone).isoformat(),
                clerk_id=actor.id,
                clerk_name=actor.display_name,
                follow_up=follow.value,
            )
        )
        try:
            session.flush()
        except IntegrityError:
            # Another writer got in first; the unique constraint keeps one per visit.
            raise _already_rated() from None
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="evaluation.record",
            target=f"case:{case.acceptance_no}",
            detail={"visit": the_visit.value, "level": int(the_level), "reason": reason},
            at=at,
        )
        outbox.enqueue(
            session,
            kind=OUTBOX_KIND,
            case_id=case_id,
            payload={
                "evaluation_id": evaluation_id,
                "case_id": case_id,
                "acceptance_no": case.acceptance_no,
                "visit": the_visit.value,
                "level": int(the_level),
                "reason": reason,
                "at": at.isoformat(),
                "clerk": actor.username,
            },
            at=at,
        )
        acceptance_no = case.acceptance_no
    return Recorded(evaluation_id, case_id, acceptance_no, the_visit, the_level, follow, at)


def follow_up(
    desk: Desk,
    actor: Actor,
    evaluation_id: str,
    note: str,
    *,
    now: datetime | None = None,
) -> Evaluation:
    """Close the follow-up of a low rating with the supervisor's note (audited)."""
    require(actor, Permission.FOLLOW_UP_EVALUATION)
    note = note.strip()
    if not note:
        raise ValidationError.single("note", _NOTE_LABEL, QT_TRANSLATE_NOOP("rules", "is required"))
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        evaluation = session.get(Evaluation, evaluation_id)
        if evaluation is None:
            raise NotFound(
                QT_TRANSLATE_NOOP("core", "no evaluation with id {evaluation_id}"),
                evaluation_id=evaluation_id,
            )
        if evaluation.follow_up != FollowUp.OPEN:
            raise ValidationError.single(
                "note",
                _NOTE_LABEL,
                QT_TRANSLATE_NOOP("rules", "this rating has no open follow-up"),
            )
        case = session.get(Case, evaluation.case_id)
        evaluation.follow_up = FollowUp.DONE.value
        evaluation.follow_up_note = note
        evaluation.followed_by_name = actor.display_name
        evaluation.followed_at = at
        session.add(evaluation)
        session.flush()
        audit.append(
            session,
            actor_id=actor.id,
            actor_name=actor.display_name,
            action="evaluation.follow_up",
            target=f"case:{case.acceptance_no if case else evaluation.case_id}",
            detail={"evaluation_id": evaluation_id, "level": evaluation.level, "note": note},
            at=at,
        )
    return evaluation


@dataclass(frozen=True)
class OpenFollowUp:
    """A low rating waiting for the supervisor: what the follow-up list shows."""

    evaluation_id: str
    case_id: str
    acceptance_no: str
    applicant_name: str
    visit: Visit
    level: Level
    reason: str
    clerk_name: str
    at: datetime


def open_follow_ups(session: Session) -> list[OpenFollowUp]:
    """Low ratings not yet followed up, oldest first (the longest waiting on top)."""
    rows = session.exec(
        select(Evaluation, Case)
        .join(Case, col(Case.id) == col(Evaluation.case_id))
        .where(Evaluation.follow_up == FollowUp.OPEN.value)
        .order_by(col(Evaluation.at), col(Evaluation.id))
    ).all()
    return [
        OpenFollowUp(
            evaluation_id=e.id,
            case_id=e.case_id,
            acceptance_no=c.acceptance_no,
            applicant_name=c.applicant_name,
            visit=Visit(e.visit),
            level=Level(e.level),
            reason=e.reason,
            clerk_name=e.clerk_name,
            at=e.at.replace(tzinfo=UTC) if e.at.tzinfo is None else e.at,
        )
        for e, c in rows
    ]

