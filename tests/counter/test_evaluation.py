"""Service evaluation (好差评): five levels, a reason for the low ones, one per visit, followed up."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import col, select

from counter.audit import log as audit
from counter.cases.delivery import Collector, CollectorRole, deliver_case
from counter.cases.lifecycle import CaseState
from counter.errors import NotFound, PermissionDenied, ValidationError
from counter.evaluation import (
    LEVEL_NAMES,
    FollowUp,
    Level,
    follow_up,
    open_follow_ups,
    record_evaluation,
)
from counter.intake.submit import submit_intake
from counter.store import driver
from counter.store.models import AuditEntry, Evaluation, OutboxItem
from tests.conftest import MONDAY_MORNING, intake_request, table_counts
from tests.delivery_support import APPLICANT_ID, ready_case


@pytest.fixture
def case_id(desk, clerk) -> str:
    return submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id


def evaluations(desk) -> list[Evaluation]:
    with desk.store.read() as session:
        return list(session.exec(select(Evaluation).order_by(col(Evaluation.at))).all())


def test_the_scale_has_five_levels_with_their_official_names():
    assert [int(level) for level in Level] == [5, 4, 3, 2, 1]
    assert [LEVEL_NAMES[level] for level in Level] == [
        "Very satisfied",
        "Satisfied",
        "Basically satisfied",
        "Dissatisfied",
        "Very dissatisfied",
    ]


@pytest.mark.parametrize("level", [0, 6, "x", None])
def test_a_level_outside_the_scale_is_refused(desk, clerk, case_id, level):
    with pytest.raises(ValidationError, match="Rating: must be a level from 1 to 5"):
        record_evaluation(desk, clerk, case_id, "intake", level)
    assert evaluations(desk) == []


@pytest.mark.parametrize("level", [1, 2])
def test_a_low_rating_needs_a_reason(desk, clerk, case_id, level):
    with pytest.raises(ValidationError, match="Reason: is required when the service is rated"):
        record_evaluation(desk, clerk, case_id, "intake", level, "   ")
    assert evaluations(desk) == []


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_good_rating_needs_no_reason_and_opens_no_follow_up(desk, clerk, case_id, level):
    recorded = record_evaluation(desk, clerk, case_id, "intake", level)
    assert recorded.follow_up is FollowUp.NONE
    [stored] = evaluations(desk)
    assert (stored.level, stored.visit, stored.reason, stored.follow_up) == (
        level,
        "intake",
        "",
        "",
    )
    with desk.store.read() as session:
        assert open_follow_ups(session) == []


def test_the_rating_is_audited_and_queued_for_the_platform_in_one_write(desk, clerk, case_id):
    before = table_counts(desk.store)
    recorded = record_evaluation(
        desk, clerk, case_id, "intake", 2, " 等候时间太长 ", now=MONDAY_MORNING + timedelta(minutes=5)
    )
    after = table_counts(desk.store)
    assert after["audit_entry"] == before["audit_entry"] + 1
    assert after["outbox_item"] == before["outbox_item"] + 1
    with desk.store.read() as session:
        item = session.exec(select(OutboxItem).order_by(col(OutboxItem.id).desc())).first()
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert audit.verify(session).ok
    assert (item.kind, item.case_id, item.state) == ("evaluation", case_id, "pending")
    payload = json.loads(item.payload)
    assert payload == {
        "evaluation_id": recorded.evaluation_id,
        "case_id": case_id,
        "acceptance_no": recorded.acceptance_no,
        "visit": "intake",
        "level": 2,
        "reason": "等候时间太长",
        "at": "2026-03-02T01:35:00+00:00",
        "clerk": clerk.username,
    }
    assert (entry.action, entry.target, entry.actor_name) == (
        "evaluation.record",
        f"case:{recorded.acceptance_no}",
        clerk.display_name,
    )
    [stored] = evaluations(desk)
    assert stored.local_date == "2026-03-02"
    assert stored.clerk_name == clerk.display_name


def test_one_evaluation_per_visit(desk, clerk, case_id):
    record_evaluation(desk, clerk, case_id, "intake", 5)
    before = table_counts(desk.store)
    with pytest.raises(ValidationError, match="Visit: has already been rated; one evaluation"):
        record_evaluation(desk, clerk, case_id, "intake", 1, "改主意了")
    assert table_counts(desk.store) == before
    assert [e.level for e in evaluations(desk)] == [5]


def test_the_store_itself_refuses_a_second_rating_of_a_visit(desk, clerk, case_id):
    """The unique constraint backs the check, whatever writes to the file."""
    record_evaluation(desk, clerk, case_id, "intake", 4)
    with desk.store.read() as session:
        first = session.exec(select(Evaluation)).one()
    connection = driver.connect(desk.store.path)
    try:
        with pytest.raises(driver.IntegrityError, match="UNIQUE"):
            connection.execute(
                "INSERT INTO evaluation (id, case_id, visit, level, reason, at, local_date,"
                " clerk_id, clerk_name, follow_up, follow_up_note, followed_by_name)"
                " VALUES ('x', ?, 'intake', 3, '', ?, ?, NULL, 'x', '', '', '')",
                (case_id, str(first.at), first.local_date),
            )
    finally:
        connection.close()


def test_delivery_can_be_rated_only_once_the_result_was_delivered(desk, clerk):
    case_id = ready_case(desk, clerk, CaseState.RESULT_READY)
    with pytest.raises(ValidationError, match="Visit: the result must be delivered"):
        record_evaluation(desk, clerk, case_id, "delivery", 5)
    deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, APPLICANT_ID))
    record_evaluation(desk, clerk, case_id, "delivery", 5)
    # The application visit is a separate visit and may still be rated.
    record_evaluation(desk, clerk, case_id, "intake", 4)
    assert sorted((e.visit, e.level) for e in evaluations(desk)) == [
        ("delivery", 5),
        ("intake", 4),
    ]


def test_an_unknown_case_or_visit_is_refused(desk, clerk, case_id):
    with pytest.raises(NotFound):
        record_evaluation(desk, clerk, "no-such-case", "intake", 5)
    with pytest.raises(ValidationError, match="Visit: must be intake or delivery"):
        record_evaluation(desk, clerk, case_id, "lunch", 5)


def test_an_administrator_takes_no_ratings(desk, admin, case_id):
    with pytest.raises(PermissionDenied):
        record_evaluation(desk, admin, case_id, "intake", 5)


def test_a_low_rating_is_followed_up_by_a_supervisor_only(desk, clerk, supervisor, case_id):
    recorded = record_evaluation(desk, clerk, case_id, "intake", 1, "窗口人员态度差")
    assert recorded.follow_up is FollowUp.OPEN
    with desk.store.read() as session:
        [waiting] = open_follow_ups(session)
    assert (waiting.evaluation_id, waiting.level, waiting.reason, waiting.clerk_name) == (
        recorded.evaluation_id,
        Level.VERY_DISSATISFIED,
        "窗口人员态度差",
        clerk.display_name,
    )
    assert waiting.acceptance_no == recorded.acceptance_no

    with pytest.raises(PermissionDenied, match="supervisor"):
        follow_up(desk, clerk, recorded.evaluation_id, "已回访")
    with pytest.raises(ValidationError, match="Follow-up note: is required"):
        follow_up(desk, supervisor, recorded.evaluation_id, "  ")

    done = follow_up(desk, supervisor, recorded.evaluation_id, "已电话回访申请人，致歉并说明")
    assert (done.follow_up, done.followed_by_name) == ("done", supervisor.display_name)
    with desk.store.read() as session:
        assert open_follow_ups(session) == []
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert audit.verify(session).ok
    assert entry.action == "evaluation.follow_up"
    assert entry.actor_name == supervisor.display_name
    # Closed once: a second follow-up is refused.
    with pytest.raises(ValidationError, match="no open follow-up"):
        follow_up(desk, supervisor, recorded.evaluation_id, "再次回访")
