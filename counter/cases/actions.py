"""Actions on a recorded case, each with its role check, reason and audit trail."""

from __future__ import annotations

from datetime import datetime

from counter.cases.lifecycle import CaseState, record_transition
from counter.desk import Desk
from counter.errors import NotFound
from counter.store.models import Case
from counter.users import Actor, Permission, require


def void_case(
    desk: Desk, actor: Actor, case_id: str, reason: str, *, now: datetime | None = None
) -> Case:
    """Void a case (supervisors only, with a written reason).

    The case and its acceptance number stay in the store: a voided number is
    never issued again, and the platform is told through the outbox.
    """
    require(actor, Permission.VOID_CASE)
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        record_transition(session, case, CaseState.VOIDED, actor, reason=reason, at=now)
    return case
