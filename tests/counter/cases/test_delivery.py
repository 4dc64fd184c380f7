"""Delivery at the counter: the right person, the right number, a case that is ready."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from counter.audit import log as audit
from counter.cases.actions import void_case
from counter.cases.delivery import Collector, CollectorRole, deliver_case, identify_collector
from counter.cases.lifecycle import CaseState
from counter.cases.queries import find_by_typed_number
from counter.errors import IllegalTransition, NotFound, PermissionDenied, ValidationError
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, CaseEvent, OutboxItem
from tests.conftest import MONDAY_MORNING, intake_request, table_counts
from tests.delivery_support import AGENT_ID, APPLICANT_ID, ready_case

APPLICANT = Collector(CollectorRole.APPLICANT, APPLICANT_ID)


def outbox_of(desk, case_id: str) -> list[OutboxItem]:
    with desk.store.read() as session:
        return list(
            session.exec(
                select(OutboxItem).where(OutboxItem.case_id == case_id).order_by(col(OutboxItem.id))
            ).all()
        )


@pytest.mark.parametrize("state", [CaseState.APPROVED, CaseState.RESULT_READY, CaseState.REJECTED])
def test_the_applicant_collects_and_the_platform_is_told(desk, clerk, state):
    case_id = ready_case(desk, clerk, state)
    delivery = deliver_case(desk, clerk, case_id, APPLICANT)
    assert delivery.from_state is state
    assert delivery.collector.name == "张伟"
    assert delivery.collector.id_masked == "*" * 14 + APPLICANT_ID[-4:]
    with desk.store.read() as session:
        case = session.get(Case, case_id)
        event = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id).desc())
        ).first()
        assert audit.verify(session).ok
    assert case.state == "delivered"
    assert (event.from_state, event.to_state, event.actor_name) == (
        state.value,
        "delivered",
        clerk.display_name,
    )
    assert json.loads(event.data) == {
        "collector_role": "applicant",
        "collector_name": "张伟",
        "collector_id_masked": delivery.collector.id_masked,
    }
    last = outbox_of(desk, case_id)[-1]
    payload = json.loads(last.payload)
    assert (last.kind, last.state, payload["from"], payload["to"]) == (
        "case.transition",
        "pending",
        state.value,
        "delivered",
    )
    assert payload["data"]["collector_role"] == "applicant"
    # The full number never leaves the counter.
    assert APPLICANT_ID not in last.payload and APPLICANT_ID not in event.data


def test_a_typed_number_in_lower_case_with_a_space_still_matches(desk, clerk):
    case_id = ready_case(desk, clerk)
    sloppy = Collector(
        CollectorRole.APPLICANT, " " + APPLICANT_ID.lower()[:9] + " " + APPLICANT_ID[9:]
    )
    assert deliver_case(desk, clerk, case_id, sloppy).collector.role is CollectorRole.APPLICANT


def test_a_wrong_id_number_is_refused_naming_the_field_and_nothing_is_written(desk, clerk):
    case_id = ready_case(desk, clerk)
    before = table_counts(desk.store)
    with pytest.raises(ValidationError) as caught:
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, AGENT_ID))
    (problem,) = caught.value.problems
    assert problem.field == "collector.id_number"
    assert problem.label == "Collector ID number"
    assert problem.message == "does not match the applicant's or the agent's"
    assert table_counts(desk.store) == before
    with desk.store.read() as session:
        assert session.get(Case, case_id).state == "result_ready"


def test_an_empty_id_number_is_required(desk, clerk):
    case_id = ready_case(desk, clerk)
    with pytest.raises(ValidationError, match="Collector ID number: is required"):
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, "  "))


def test_the_agent_collects_with_the_agents_number(desk, clerk):
    case_id = ready_case(desk, clerk, with_agent=True)
    # The applicant's number under the agent's role is not the agent's.
    with pytest.raises(ValidationError, match="does not match"):
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.AGENT, APPLICANT_ID))
    delivery = deliver_case(desk, clerk, case_id, Collector(CollectorRole.AGENT, AGENT_ID))
    assert (delivery.collector.role, delivery.collector.name) == (CollectorRole.AGENT, "李娜")
    assert json.loads(outbox_of(desk, case_id)[-1].payload)["data"]["collector_name"] == "李娜"


def test_no_agent_on_the_case_means_the_applicant_collects(desk, clerk):
    case_id = ready_case(desk, clerk)
    with pytest.raises(ValidationError) as caught:
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.AGENT, AGENT_ID))
    assert caught.value.problems[0].field == "collector.role"


def test_a_case_not_decided_yet_cannot_be_delivered(desk, clerk):
    accepted = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id
    with pytest.raises(IllegalTransition, match="accepted cannot become delivered"):
        deliver_case(desk, clerk, accepted, APPLICANT)
    in_review = ready_case(desk, clerk, CaseState.IN_REVIEW)
    with pytest.raises(IllegalTransition, match="in_review cannot become delivered"):
        deliver_case(desk, clerk, in_review, APPLICANT)


def test_a_delivered_or_voided_case_is_refused_before_the_id_is_checked(desk, clerk, supervisor):
    delivered = ready_case(desk, clerk)
    deliver_case(desk, clerk, delivered, APPLICANT)
    with pytest.raises(IllegalTransition, match="delivered cannot become delivered"):
        deliver_case(desk, clerk, delivered, Collector(CollectorRole.APPLICANT, "wrong"))
    voided = submit_intake(desk, clerk, intake_request(desk)).case_id
    void_case(desk, supervisor, voided, "申请人撤回")
    with pytest.raises(IllegalTransition, match="voided cannot become delivered"):
        deliver_case(desk, clerk, voided, APPLICANT)


def test_an_administrator_may_not_deliver(desk, clerk, admin):
    case_id = ready_case(desk, clerk)
    with pytest.raises(PermissionDenied, match="clerk or supervisor"):
        deliver_case(desk, admin, case_id, APPLICANT)


def test_a_supervisor_may_deliver(desk, clerk, supervisor):
    case_id = ready_case(desk, clerk)
    assert deliver_case(desk, supervisor, case_id, APPLICANT).acceptance_no


def test_unknown_case(desk, clerk):
    with pytest.raises(NotFound):
        deliver_case(desk, clerk, "no-such-case", APPLICANT)


def test_the_delivery_is_audited(desk, clerk):
    case_id = ready_case(desk, clerk)
    delivery = deliver_case(desk, clerk, case_id, APPLICANT)
    with desk.store.read() as session:
        last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert (last.action, last.target) == ("case.delivered", f"case:{delivery.acceptance_no}")


def test_identify_collector_does_not_write(desk, clerk):
    case_id = ready_case(desk, clerk, with_agent=True)
    with desk.store.read() as session:
        case = session.get(Case, case_id)
    who = identify_collector(case, Collector(CollectorRole.AGENT, AGENT_ID.lower()))
    assert (who.name, who.id_masked[-4:]) == ("李娜", AGENT_ID[-4:])
    assert APPLICANT_ID not in repr(APPLICANT)


def test_finding_a_case_by_a_scanned_number(desk, clerk):
    case_id = ready_case(desk, clerk)
    with desk.store.read() as session:
        number = session.get(Case, case_id).acceptance_no
        assert find_by_typed_number(session, f"  {number.lower()}\r\n").id == case_id
        assert find_by_typed_number(session, number[:-4] + "9999") is None
        with pytest.raises(ValidationError, match="Acceptance number"):
            find_by_typed_number(session, "hello")


def test_the_departments_moves_are_not_sent_back_only_the_delivery_is(desk, clerk):
    case_id = ready_case(desk, clerk, CaseState.APPROVED)
    assert [o.kind for o in outbox_of(desk, case_id)] == ["case.intake"]
    deliver_case(desk, clerk, case_id, APPLICANT)
    assert [o.kind for o in outbox_of(desk, case_id)] == ["case.intake", "case.transition"]


def test_no_delivery_on_a_closed_day(desk, clerk, supervisor):  # type: ignore[no-untyped-def]
    """The day close locks the day: a citizen arriving after it collects tomorrow."""
    from datetime import UTC, datetime

    from counter.clock import office_date
    from counter.day.close import close_day
    from counter.day.reconcile import DayClosed
    case_id = ready_case(desk, clerk)
    late = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)  # a Monday morning, office time 17:30
    day = office_date(late, desk.zone)
    close_day(desk, supervisor, day, override_reason="对账完毕，关闭当日", now=late,
              write_report=None)
    with pytest.raises(DayClosed):
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, APPLICANT_ID),
                     now=late)
    with desk.store.read() as session:
        assert session.get(Case, case_id).state == "result_ready"  # type: ignore[union-attr]
