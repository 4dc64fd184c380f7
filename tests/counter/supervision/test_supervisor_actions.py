"""The supervisor's case actions: role checked in the core, reason required, every trace written."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from counter.cases.actions import void_case
from counter.errors import PermissionDenied, ValidationError
from counter.exchange.sync_state import (
    Rejected,
    backlog_count,
    dead_count,
    dead_letters,
    record_batch,
)
from counter.intake.request import Decision
from counter.intake.request import MaterialStatus as P
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, CaseEvent, CaseMaterial, OutboxItem
from counter.supervision.actions import accept_makeup, extend_deadline
from counter.supervision.correction import ApplicantCorrection, correct_applicant
from counter.supervision.dead_letters import close_dead_letter, resend_dead_letter
from tests.conftest import (
    APPLICANT_ID,
    COMPANY_ITEM,
    MONDAY_MORNING,
    intake_request,
    resident_id,
)

NEW_ID = resident_id("14012119870101004")


def _accepted(desk, clerk, **fields):
    return submit_intake(desk, clerk, intake_request(desk, **fields), now=MONDAY_MORNING)


def _pending(desk, clerk):
    return _accepted(
        desk,
        clerk,
        decision=Decision.ACCEPT_PENDING,
        statuses={"M03": P.PENDING, "M04": P.PENDING},
        commitment_signed=True,
        makeup_deadline=date(2026, 3, 6),
    )


def _trail(desk, case_id):
    """The case's last event, the last audit entry and the case's outbox items."""
    with desk.store.read() as session:
        event = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id).desc())
        ).first()
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        items = session.exec(
            select(OutboxItem).where(OutboxItem.case_id == case_id).order_by(col(OutboxItem.id))
        ).all()
        return event, entry, list(items)


# -- every action: clerk refused by the core, blank reason refused -------------------


def _actions(desk, case_id):
    return {
        "correct": lambda actor, reason: correct_applicant(
            desk, actor, case_id, ApplicantCorrection(applicant_phone="13800001111"), reason
        ),
        "makeup": lambda actor, reason: accept_makeup(desk, actor, case_id, ["M03"], reason),
        "extend": lambda actor, reason: extend_deadline(
            desk, actor, case_id, date(2026, 3, 16), reason
        ),
    }


@pytest.mark.parametrize("action", ["correct", "makeup", "extend"])
def test_clerk_is_refused_by_the_core(desk, clerk, action):
    case = _pending(desk, clerk)
    with pytest.raises(PermissionDenied, match="supervisor"):
        _actions(desk, case.case_id)[action](clerk, "申请人要求")
    _event, _entry, items = _trail(desk, case.case_id)
    assert [i.kind for i in items] == ["case.intake"]


@pytest.mark.parametrize("action", ["correct", "makeup", "extend"])
def test_blank_reason_is_refused_naming_reason(desk, clerk, supervisor, action):
    case = _pending(desk, clerk)
    with pytest.raises(ValidationError, match="Reason") as caught:
        _actions(desk, case.case_id)[action](supervisor, "   ")
    assert caught.value.problems[0].field == "reason"
    assert len(_trail(desk, case.case_id)[2]) == 1


# -- correction --------------------------------------------------------------------


def test_correction_updates_case_masks_history_and_sends_full_new_id(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    with desk.store.read() as session:
        intake_payload = session.exec(select(OutboxItem)).one().payload
    result = correct_applicant(
        desk,
        supervisor,
        case.case_id,
        ApplicantCorrection(applicant_name="张玮", applicant_id_number=NEW_ID.lower()),
        "身份证号录入错误",
    )
    assert set(result.changes) == {"applicant_name", "applicant_id_number"}
    with desk.store.read() as session:
        row = session.get(Case, case.case_id)
        assert (row.applicant_name, row.applicant_id_number) == ("张玮", NEW_ID)
    event, entry, items = _trail(desk, case.case_id)
    assert event.kind == "correction" and event.reason == "身份证号录入错误"
    changes = json.loads(event.data)["changes"]
    assert changes["applicant_name"] == {"old": "张伟", "new": "张玮"}
    # the history and the audit log never hold a full ID number
    assert NEW_ID not in event.data and APPLICANT_ID not in event.data
    assert changes["applicant_id_number"]["new"].endswith(NEW_ID[-4:])
    assert entry.action == "case.correction" and NEW_ID not in entry.detail
    # the platform is told the new full number; the intake payload is untouched
    assert [i.kind for i in items] == ["case.intake", "case.correction"]
    payload = json.loads(items[1].payload)
    assert payload["applicant"]["id_number"] == NEW_ID
    assert payload["fields"] == ["applicant_id_number", "applicant_name"]
    assert items[0].payload == intake_payload


def test_correction_errors_name_each_field(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    bad = ApplicantCorrection(
        applicant_id_number="140121198503120029", applicant_phone="12345", agent_name="李"
    )
    with pytest.raises(ValidationError) as caught:
        correct_applicant(desk, supervisor, case.case_id, bad, "录入错误")
    fields = {p.field for p in caught.value.problems}
    assert {"applicant.id_number", "applicant.phone"} <= fields
    # naming an agent on a case without one asks for all of the agent's particulars
    assert {"agent.id_type", "agent.phone"} <= fields
    assert len(_trail(desk, case.case_id)[2]) == 1


def test_company_correction_checks_the_credit_code(desk, clerk, supervisor):
    case = _accepted(desk, clerk, service_code=COMPANY_ITEM)
    with pytest.raises(ValidationError) as caught:
        correct_applicant(
            desk,
            supervisor,
            case.case_id,
            ApplicantCorrection(applicant_id_number="91350100M000100Y44"),
            "代码录错",
        )
    assert caught.value.problems[0].field.startswith("applicant.")
    correct_applicant(
        desk, supervisor, case.case_id, ApplicantCorrection(legal_rep_name="王强"), "法人变更"
    )
    with desk.store.read() as session:
        assert session.get(Case, case.case_id).legal_rep_name == "王强"


def test_correction_that_changes_nothing_is_refused(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    with pytest.raises(ValidationError, match="changes nothing"):
        correct_applicant(
            desk, supervisor, case.case_id, ApplicantCorrection(applicant_name=" 张伟 "), "核对"
        )


def test_voided_case_cannot_be_corrected(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    void_case(desk, supervisor, case.case_id, "申请人撤回")
    with pytest.raises(ValidationError, match="voided"):
        correct_applicant(
            desk, supervisor, case.case_id, ApplicantCorrection(applicant_phone="13800001111"), "x"
        )


# -- make-up -----------------------------------------------------------------------


def test_partial_makeup_keeps_state_then_last_one_accepts(desk, clerk, supervisor):
    case = _pending(desk, clerk)
    first = accept_makeup(desk, supervisor, case.case_id, ["M03"], "申请人补交")
    assert (first.remaining, first.moved, first.state) == (("M04",), False, "accepted_pending")
    event, entry, items = _trail(desk, case.case_id)
    assert event.kind == "makeup" and json.loads(event.data)["remaining"] == ["M04"]
    assert entry.action == "case.makeup"
    assert [i.kind for i in items] == ["case.intake", "case.makeup"]

    second = accept_makeup(desk, supervisor, case.case_id, ["M04"], "申请人补交")
    assert (second.remaining, second.moved, second.state) == ((), True, "accepted")
    _event, _entry, items = _trail(desk, case.case_id)
    assert [i.kind for i in items][-2:] == ["case.makeup", "case.transition"]
    with desk.store.read() as session:
        statuses = {
            m.code: m.status
            for m in session.exec(select(CaseMaterial).where(CaseMaterial.case_id == case.case_id))
        }
        assert statuses["M03"] == statuses["M04"] == "received"
        assert session.get(Case, case.case_id).state == "accepted"


def test_makeup_of_a_material_not_pending_is_refused_by_name(desk, clerk, supervisor):
    case = _pending(desk, clerk)
    with pytest.raises(ValidationError) as caught:
        accept_makeup(desk, supervisor, case.case_id, ["M03", "M01", "ZZ9"], "补交")
    problems = {p.field: p for p in caught.value.problems}
    assert set(problems) == {"materials.M01", "materials.ZZ9"}
    assert "not pending" in problems["materials.M01"].message
    with desk.store.read() as session:
        pending = session.exec(
            select(CaseMaterial).where(
                CaseMaterial.case_id == case.case_id, CaseMaterial.status == "pending"
            )
        ).all()
    assert len(pending) == 2  # nothing was marked


# -- deadline extension ------------------------------------------------------------


def test_extend_deadline_moves_due_date_and_tells_everyone(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    assert case.due_date == date(2026, 3, 9)
    ext = extend_deadline(desk, supervisor, case.case_id, date(2026, 3, 16), "需现场核查")
    assert (ext.old_due, ext.new_due, ext.working_days) == (date(2026, 3, 9), date(2026, 3, 16), 5)
    event, entry, items = _trail(desk, case.case_id)
    assert event.kind == "deadline_extended"
    assert json.loads(event.data)["old_due"] == "2026-03-09"
    assert entry.action == "case.deadline_extended"
    payload = json.loads(items[-1].payload)
    assert items[-1].kind == "case.deadline_extended" and payload["new_due"] == "2026-03-16"
    with desk.store.read() as session:
        assert session.get(Case, case.case_id).due_date == date(2026, 3, 16)


@pytest.mark.parametrize("new_due", [date(2026, 3, 9), date(2026, 3, 6)])
def test_extend_to_same_or_earlier_date_is_refused(desk, clerk, supervisor, new_due):
    case = _accepted(desk, clerk)
    with pytest.raises(ValidationError, match="later than the current promised date 2026-03-09"):
        extend_deadline(desk, supervisor, case.case_id, new_due, "需现场核查")


def test_extend_to_a_weekend_is_refused(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    with pytest.raises(ValidationError, match="working day"):
        extend_deadline(desk, supervisor, case.case_id, date(2026, 3, 14), "需现场核查")


# -- dead letters --------------------------------------------------------------------


def _dead(desk, clerk):
    _accepted(desk, clerk)
    with desk.store.write() as session:
        item = session.exec(select(OutboxItem)).one()
        record_batch(
            session, [Rejected(item.id, "unknown_service", "not in catalog")], MONDAY_MORNING
        )
    return item.id


def test_resend_puts_dead_letter_back_with_a_new_key(desk, clerk, supervisor):
    item_id = _dead(desk, clerk)
    with desk.store.read() as session:
        old_key = session.get(OutboxItem, item_id).idempotency_key
    with pytest.raises(PermissionDenied):
        resend_dead_letter(desk, clerk, item_id, "目录已更新")
    with pytest.raises(ValidationError, match="Reason"):
        resend_dead_letter(desk, supervisor, item_id, "")
    resend_dead_letter(desk, supervisor, item_id, "目录已更新")
    with desk.store.read() as session:
        item = session.get(OutboxItem, item_id)
        assert (item.state, item.attempts) == ("pending", 0)
        assert item.idempotency_key != old_key
        assert (backlog_count(session), dead_count(session)) == (1, 0)
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry.action == "outbox.resend" and old_key in entry.detail
    with pytest.raises(ValidationError, match="pending"):
        resend_dead_letter(desk, supervisor, item_id, "再次")


def test_close_keeps_the_item_out_of_every_count(desk, clerk, supervisor):
    item_id = _dead(desk, clerk)
    with pytest.raises(PermissionDenied):
        close_dead_letter(desk, clerk, item_id, "重复办件")
    close_dead_letter(desk, supervisor, item_id, "重复办件，已另行受理")
    with desk.store.read() as session:
        assert session.get(OutboxItem, item_id).state == "closed"
        assert (backlog_count(session), dead_count(session)) == (0, 0)
        assert dead_letters(session) == []
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry.action == "outbox.close" and "重复办件" in entry.detail


def test_extension_on_a_voided_case_is_refused(desk, clerk, supervisor):
    case = _accepted(desk, clerk)
    void_case(desk, supervisor, case.case_id, "申请人撤回")
    with pytest.raises(ValidationError, match="voided"):
        extend_deadline(desk, supervisor, case.case_id, date(2026, 3, 9) + timedelta(7), "x")
