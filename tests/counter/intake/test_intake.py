"""Intake: what the clerk decides is recorded whole, checked whole, and dated by the calendar."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState
from counter.desk import Desk
from counter.errors import ValidationError
from counter.exchange import outbox
from counter.intake.request import (
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.intake.submit import submit_intake
from counter.store.models import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseMaterial,
    NumberSequence,
    OutboxItem,
)
from counter.users import Actor
from counter.validation import IdType
from tests.conftest import (
    AGENT_ID,
    APPLICANT_ID,
    COMPANY_ITEM,
    IMMEDIATE_ITEM,
    MONDAY_MORNING,
    PERSON_ITEM,
    VALID_CREDIT_CODE,
    company,
    intake_request,
    person,
    table_counts,
)

P = MaterialStatus
TODAY = date(2026, 3, 2)  # MONDAY_MORNING in Beijing
DUE = date(2026, 3, 9)  # five working days later (the next Monday)


def problems_by_field(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in exc.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def refused(desk: Desk, actor: Actor, request: IntakeRequest) -> dict[str, list[str]]:
    """Submit an intake that must be refused; check nothing was written; return the problems."""
    before = table_counts(desk.store)
    with pytest.raises(ValidationError) as exc:
        submit_intake(desk, actor, request, now=MONDAY_MORNING)
    assert table_counts(desk.store) == before
    return problems_by_field(exc)


# --- one transaction ----------------------------------------------------------------


def test_accept_writes_case_materials_event_audit_outbox_and_number(desk: Desk, clerk: Actor):
    request = intake_request(
        desk, agent=PersonInput("刘洋", IdType.RESIDENT_ID, AGENT_ID, "13700001111")
    )
    before = table_counts(desk.store)

    result = submit_intake(desk, clerk, request, now=MONDAY_MORNING)

    assert result.acceptance_no == "140121-01-20260302-0001"
    assert result.state is CaseState.ACCEPTED
    assert result.due_date == DUE
    after = table_counts(desk.store)
    assert {k: after[k] - before[k] for k in after} == {
        "case_record": 1,
        "case_material": len(request.materials),
        "case_event": 1,
        "audit_entry": 1,
        "outbox_item": 1,
        "numbers_issued": 1,
    }
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
        assert case is not None
        assert case.acceptance_no == result.acceptance_no
        assert case.state == "accepted"
        assert case.service_code == PERSON_ITEM
        assert case.applicant_id_number == APPLICANT_ID
        assert case.agent_id_number == AGENT_ID
        assert case.clerk_id == clerk.id
        assert case.local_date == "2026-03-02"
        assert case.due_date == DUE
        assert case.accepted_at == MONDAY_MORNING

        materials = s.exec(
            select(CaseMaterial)
            .where(CaseMaterial.case_id == case.id)
            .order_by(col(CaseMaterial.position))
        ).all()
        assert [(m.code, m.status) for m in materials] == [
            (m.code, "received") for m in request.materials
        ]

        (event,) = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert (event.kind, event.from_state, event.to_state) == ("intake", "draft", "accepted")
        assert event.actor_id == clerk.id

        entry = s.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert entry is not None
        assert (entry.action, entry.target) == ("case.intake.accept", f"case:{case.acceptance_no}")
        assert entry.actor_id == clerk.id
        # The audit log carries the masked ID number only.
        assert APPLICANT_ID not in entry.detail
        assert json.loads(entry.detail)["applicant_id"].endswith(APPLICANT_ID[-4:])
        assert audit.verify(s).ok

        (item,) = s.exec(select(OutboxItem).where(OutboxItem.case_id == case.id)).all()
        assert (item.kind, item.state, item.attempts) == ("case.intake", "pending", 0)
        assert item.idempotency_key
        payload = json.loads(item.payload)
        assert payload["case_id"] == case.id
        assert payload["acceptance_no"] == case.acceptance_no
        assert payload["due_date"] == "2026-03-09"
        assert payload["agent"]["id_number"] == AGENT_ID

        seq = s.get(NumberSequence, ("140121", "01", "20260302"))
        assert seq is not None and seq.last_seq == 1


def test_a_failure_half_way_through_the_write_leaves_nothing_behind(
    desk: Desk, clerk: Actor, monkeypatch: pytest.MonkeyPatch
):
    """The outbox row is written last; if it fails, the case and its number go too."""

    def broken_enqueue(*args: object, **kwargs: object) -> None:
        raise RuntimeError("outbox broke")

    monkeypatch.setattr(outbox, "enqueue", broken_enqueue)
    before = table_counts(desk.store)
    with pytest.raises(RuntimeError, match="outbox broke"):
        submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    assert table_counts(desk.store) == before

    monkeypatch.undo()
    result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    assert result.acceptance_no.endswith("-0001")


def test_intake_logs_never_carry_the_full_id_number(
    desk: Desk, clerk: Actor, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    assert result.acceptance_no in caplog.text
    assert APPLICANT_ID not in caplog.text


# --- 容缺受理: accepted with non-key materials pending -----------------------------


def pending_request(desk: Desk, **fields: object) -> IntakeRequest:
    values: dict[str, object] = {
        "decision": Decision.ACCEPT_PENDING,
        "statuses": {"M03": P.PENDING},
        "commitment_signed": True,
        "makeup_deadline": date(2026, 3, 6),
    }
    values.update(fields)
    return intake_request(desk, **values)  # type: ignore[arg-type]


def test_accept_pending_records_the_makeup_deadline(desk: Desk, clerk: Actor):
    result = submit_intake(desk, clerk, pending_request(desk), now=MONDAY_MORNING)
    assert result.state is CaseState.ACCEPTED_PENDING
    assert result.makeup_deadline == date(2026, 3, 6)
    assert result.due_date == DUE
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
        assert case is not None
        assert (case.state, case.commitment_signed) == ("accepted_pending", True)
        statuses = dict(
            s.exec(
                select(CaseMaterial.code, CaseMaterial.status).where(
                    CaseMaterial.case_id == case.id
                )
            ).all()
        )
    assert statuses["M03"] == "pending"
    assert statuses["M01"] == "received"


@pytest.mark.parametrize("deadline", [TODAY + timedelta(days=1), DUE], ids=["tomorrow", "due"])
def test_makeup_deadline_may_be_any_day_after_today_up_to_the_due_date(
    desk: Desk, clerk: Actor, deadline: date
):
    result = submit_intake(
        desk, clerk, pending_request(desk, makeup_deadline=deadline), now=MONDAY_MORNING
    )
    assert result.makeup_deadline == deadline


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (None, "is required"),
        (TODAY, "must be after today"),
        (TODAY - timedelta(days=3), "must be after today"),
        (DUE + timedelta(days=1), "must be no later than the promised date 2026-03-09"),
    ],
    ids=["none", "today", "past", "after-due"],
)
def test_makeup_deadline_must_fall_after_today_and_by_the_due_date(
    desk: Desk, clerk: Actor, deadline: date | None, message: str
):
    problems = refused(desk, clerk, pending_request(desk, makeup_deadline=deadline))
    assert problems == {"makeup_deadline": [message]}


def test_a_key_material_cannot_be_pending(desk: Desk, clerk: Actor):
    request = pending_request(desk, statuses={"M02": P.PENDING, "M03": P.PENDING})
    problems = refused(desk, clerk, request)
    assert problems == {"materials.M02": ["is a key material and cannot be made up later"]}


def test_outstanding_materials_must_be_marked_pending_not_missing(desk: Desk, clerk: Actor):
    request = pending_request(desk, statuses={"M03": P.PENDING, "M04": P.MISSING})
    problems = refused(desk, clerk, request)
    assert list(problems) == ["materials.M04"]
    assert "must be in hand or marked pending" in problems["materials.M04"][0]


def test_accept_pending_needs_the_signed_commitment(desk: Desk, clerk: Actor):
    problems = refused(desk, clerk, pending_request(desk, commitment_signed=False))
    assert list(problems) == ["commitment"]


def test_accept_pending_needs_something_pending(desk: Desk, clerk: Actor):
    problems = refused(desk, clerk, pending_request(desk, statuses={}))
    assert problems == {"materials": ["mark the materials to be made up as pending"]}


def test_an_immediate_item_cannot_be_accepted_with_materials_pending(desk: Desk, clerk: Actor):
    request = pending_request(desk, service_code=IMMEDIATE_ITEM)  # its M03 is non-key
    problems = refused(desk, clerk, request)
    assert problems["decision"] == ["an immediate item cannot be accepted with materials pending"]


# --- correction request and refusal ------------------------------------------------


def test_correction_request_records_every_missing_and_faulty_line(desk: Desk, clerk: Actor):
    request = intake_request(
        desk,
        decision=Decision.REQUEST_CORRECTION,
        statuses={"M03": P.MISSING, "M04": P.FAULTY},
        notes={"M04": "账户名与申请人不一致"},
    )
    result = submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    assert result.state is CaseState.CORRECTION_REQUESTED
    assert result.due_date is None  # no time limit runs until the case is accepted
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.state == "correction_requested"
        lines = s.exec(
            select(CaseMaterial)
            .where(CaseMaterial.case_id == case.id, col(CaseMaterial.status) != "received")
            .order_by(col(CaseMaterial.position))
        ).all()
    assert [(m.code, m.status, m.note) for m in lines] == [
        ("M03", "missing", ""),
        ("M04", "faulty", "账户名与申请人不一致"),
    ]


def test_correction_request_needs_something_missing_or_faulty(desk: Desk, clerk: Actor):
    problems = refused(desk, clerk, intake_request(desk, decision=Decision.REQUEST_CORRECTION))
    assert problems == {
        "materials": ["nothing is missing or faulty, so there is nothing to correct"]
    }


def test_a_faulty_material_must_say_what_is_wrong(desk: Desk, clerk: Actor):
    request = intake_request(desk, decision=Decision.REQUEST_CORRECTION, statuses={"M04": P.FAULTY})
    assert refused(desk, clerk, request) == {"materials.M04": ["say what is wrong with it"]}


@pytest.mark.parametrize("reason", ["", "   ", "不行"])
def test_refusal_needs_a_written_reason(desk: Desk, clerk: Actor, reason: str):
    problems = refused(desk, clerk, intake_request(desk, decision=Decision.REFUSE, reason=reason))
    assert list(problems) == ["reason"]
    assert "at least 4 characters" in problems["reason"][0]


def test_refusal_records_its_reason(desk: Desk, clerk: Actor):
    reason = "申请人不属于本县失业登记人员"
    result = submit_intake(
        desk,
        clerk,
        intake_request(desk, decision=Decision.REFUSE, reason=reason),
        now=MONDAY_MORNING,
    )
    assert result.state is CaseState.REFUSED
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
        (event,) = s.exec(select(CaseEvent).where(CaseEvent.case_id == result.case_id)).all()
    assert case is not None and (case.state, case.reason) == ("refused", reason)
    assert event.reason == reason


# --- every problem at once, nothing written -----------------------------------------


def test_every_invalid_field_is_reported_at_once_and_nothing_is_written(desk: Desk, clerk: Actor):
    request = intake_request(
        desk,
        applicant=person(id_number="110105194912310021"),  # check character should be X
        agent=PersonInput("刘洋", IdType.RESIDENT_ID, AGENT_ID, "1380013"),
        statuses={"M02": P.MISSING},
    )
    problems = refused(desk, clerk, request)

    assert set(problems) == {"applicant.id_number", "agent.phone", "materials.M02"}
    assert problems["applicant.id_number"] == ["check character should be X"]
    assert "11-digit mobile number" in problems["agent.phone"][0]
    assert problems["materials.M02"][0].startswith("is required to accept the case")
    # Nothing was written, not even the number: the next valid intake is 0001.
    result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    assert result.acceptance_no.endswith("-0001")


def test_the_error_message_names_each_field(desk: Desk, clerk: Actor):
    request = intake_request(desk, applicant=person(name="", phone=""), statuses={"M01": P.MISSING})
    with pytest.raises(ValidationError) as exc:
        submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    fields = {p.field for p in exc.value.problems}
    assert {"applicant.name", "applicant.phone", "materials.M01"} <= fields
    assert len(exc.value.problems) >= 3


def test_an_item_not_in_the_catalog_is_refused(desk: Desk, clerk: Actor):
    bad = replace(intake_request(desk), service_code="XX-999")
    assert refused(desk, clerk, bad) == {"service": ["XX-999 is not in the catalog"]}


def test_a_material_not_in_the_checklist_is_refused(desk: Desk, clerk: Actor):
    request = intake_request(desk)
    extra = replace(request, materials=(*request.materials, MaterialInput("M99", P.RECEIVED)))
    assert refused(desk, clerk, extra) == {"materials.M99": ["M99 is not a material of this item"]}


# --- deadlines in working days -----------------------------------------------------


# 2026: National Day holiday 1-7 October; Saturday 10 October is a make-up working day.
@pytest.mark.parametrize(
    ("service_code", "promised_days", "due"),
    [
        (PERSON_ITEM, 5, date(2026, 10, 13)),  # 8, 9, 10 (Sat), 12, 13
        ("GA-001", 15, date(2026, 10, 27)),
    ],
)
def test_due_date_counts_working_days_across_national_day(
    desk: Desk, clerk: Actor, service_code: str, promised_days: int, due: date
):
    eve_of_holiday = datetime(2026, 9, 30, 10, 0, tzinfo=UTC)  # 18:00 in Beijing
    result = submit_intake(desk, clerk, intake_request(desk, service_code), now=eve_of_holiday)
    assert (result.due_date, result.due_provisional) == (due, False)
    assert desk.calendar.add_working_days(date(2026, 9, 30), promised_days).due == due
    # A naive count of weekdays would promise a day inside the holiday or too early.
    assert result.due_date > date(2026, 9, 30) + timedelta(days=promised_days + 7)
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
    assert case is not None and case.due_date == due and case.promised_days == promised_days


def test_due_date_in_a_year_without_holiday_data_is_provisional(desk: Desk, clerk: Actor):
    late_december = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
    result = submit_intake(desk, clerk, intake_request(desk, "GA-001"), now=late_december)
    assert result.due_date is not None and result.due_date.year == 2027
    assert result.due_provisional is True


def test_an_immediate_item_is_due_the_same_day(desk: Desk, clerk: Actor):
    result = submit_intake(desk, clerk, intake_request(desk, IMMEDIATE_ITEM), now=MONDAY_MORNING)
    assert result.due_date == TODAY


# --- company applicants ------------------------------------------------------------


def test_company_item_is_accepted_for_a_company_with_a_valid_credit_code(desk: Desk, clerk: Actor):
    request = intake_request(desk, COMPANY_ITEM, applicant=company("9135 0100 m000 100y43"))
    result = submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    with desk.store.read() as s:
        case = s.get(Case, result.case_id)
    assert case is not None
    assert (case.applicant_kind, case.applicant_id_type) == ("company", "credit_code")
    assert case.applicant_id_number == VALID_CREDIT_CODE
    assert case.legal_rep_name == "李明"


def test_company_item_refuses_a_person_applicant(desk: Desk, clerk: Actor):
    problems = refused(desk, clerk, intake_request(desk, COMPANY_ITEM, applicant=person()))
    assert problems == {"applicant": ["this item is for companies; enter the company"]}


def test_company_item_refuses_a_wrong_credit_code(desk: Desk, clerk: Actor):
    problems = refused(
        desk, clerk, intake_request(desk, COMPANY_ITEM, applicant=company("91350100M000100Y44"))
    )
    assert list(problems) == ["applicant.credit_code"]


def test_person_item_refuses_a_company_applicant(desk: Desk, clerk: Actor):
    problems = refused(desk, clerk, intake_request(desk, PERSON_ITEM, applicant=company()))
    assert problems == {"applicant": ["this item is for natural persons, not companies"]}


# --- shared materials --------------------------------------------------------------


def test_a_shareable_material_may_come_from_the_platform(desk: Desk, clerk: Actor):
    # M02 of RS-002 is the applicant's ID card, which the platform holds.
    request = intake_request(desk, statuses={"M02": P.SHARED})
    result = submit_intake(desk, clerk, request, now=MONDAY_MORNING)
    with desk.store.read() as s:
        line = s.exec(
            select(CaseMaterial).where(
                CaseMaterial.case_id == result.case_id, CaseMaterial.code == "M02"
            )
        ).one()
    assert line.status == "shared"


def test_only_shareable_materials_may_come_from_the_platform(desk: Desk, clerk: Actor):
    # M01 (the claim form) and M03 (proof of termination) are not held by the platform.
    request = intake_request(desk, statuses={"M01": P.SHARED, "M03": P.SHARED})
    problems = refused(desk, clerk, request)
    assert problems == {
        "materials.M01": ["the platform cannot supply this material"],
        "materials.M03": ["the platform cannot supply this material"],
    }


def test_the_form_brought_is_recorded_and_an_unknown_form_refused(desk: Desk, clerk: Actor):
    request = intake_request(desk)
    first, *rest = request.materials
    brought = replace(request, materials=(replace(first, form="复印件", copies=3), *rest))
    result = submit_intake(desk, clerk, brought)
    with desk.store.read() as session:
        row = session.exec(select(CaseMaterial).where(
            CaseMaterial.case_id == result.case_id, CaseMaterial.code == first.code)).one()
        payload = json.loads(session.exec(select(OutboxItem.payload).where(
            OutboxItem.case_id == result.case_id)).first())
    assert (row.form, row.copies) == ("复印件", 3)
    assert payload["materials"][0]["form"] == "复印件"  # the platform learns it too

    wrong = replace(request, materials=(replace(first, form="photo"), *rest))
    with pytest.raises(ValidationError) as caught:
        submit_intake(desk, clerk, wrong)
    (problem,) = caught.value.problems
    assert problem.field == f"materials.{first.code}"
    assert problem.rule == "the form must be one of {forms}"
