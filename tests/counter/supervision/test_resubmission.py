"""Resubmitting a refused intake: who may, what must change, the link, the number, the day."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import col, func, select

from counter.audit import log as audit
from counter.cases.actions import void_case
from counter.cases.timeline import EntryKind, case_timeline
from counter.day.reconcile import reconcile
from counter.errors import PermissionDenied, ValidationError
from counter.exchange.sync_state import Delivered, Rejected, dead_count, record_batch
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, NumberSequence, OutboxItem
from counter.supervision.actions import accept_makeup
from counter.supervision.correction import ApplicantCorrection
from counter.supervision.resubmission import (
    SUPERSEDED,
    refusal_columns,
    refused_intake,
    resubmit_intake,
)
from tests.conftest import MONDAY_MORNING, intake_request, resident_id
from tests.counter.day.test_day_close import DAY

NEW_ID = resident_id("14012119870101004")
LATER = MONDAY_MORNING + timedelta(hours=1)
BAD_ID = "invalid_id_number", "applicant: ID number: the check character does not match"


def _refused(desk, clerk, code_reason=BAD_ID, **fields):  # type: ignore[no-untyped-def]
    """A case taken in and its intake refused by the platform: (case id, outbox id)."""
    case_id = submit_intake(desk, clerk, intake_request(desk, **fields), now=MONDAY_MORNING).case_id
    with desk.store.write() as session:
        item = session.exec(select(OutboxItem).where(OutboxItem.case_id == case_id)).one()
        record_batch(session, [Rejected(item.id, *code_reason)], MONDAY_MORNING)
        return case_id, item.id  # type: ignore[return-value]


def _items(desk, case_id: str) -> list[OutboxItem]:  # type: ignore[no-untyped-def]
    with desk.store.read() as session:
        return list(session.exec(
            select(OutboxItem).where(OutboxItem.case_id == case_id).order_by(col(OutboxItem.id))
        ).all())


def _numbers_issued(desk) -> int:  # type: ignore[no-untyped-def]
    with desk.store.read() as session:
        return session.exec(select(func.sum(NumberSequence.last_seq))).one() or 0


def test_a_supervisor_corrects_the_refused_field_and_the_revision_names_the_refused_item(
    desk, clerk, supervisor
):
    case_id, item_id = _refused(desk, clerk)
    issued = _numbers_issued(desk)
    with desk.store.read() as session:
        number = session.get(Case, case_id).acceptance_no

    result = resubmit_intake(
        desk, supervisor, item_id, ApplicantCorrection(applicant_id_number=NEW_ID),
        "身份证号录错一位", now=LATER,
    )

    refused, revision = _items(desk, case_id)
    assert refused.state == SUPERSEDED  # kept, never sent again
    assert (revision.kind, revision.state) == ("case.intake_revision", "pending")
    assert revision.idempotency_key == result.idempotency_key != refused.idempotency_key
    first, again = json.loads(refused.payload), json.loads(revision.payload)
    assert again["revises"] == refused.idempotency_key and again["revision"] == 2
    # the citizen's number, the acceptance time and the day are the intake's
    for kept in ("case_id", "acceptance_no", "accepted_at", "local_date", "due_date", "clerk"):
        assert again[kept] == first[kept]
    assert again["acceptance_no"] == number and _numbers_issued(desk) == issued
    assert again["applicant"]["id_number"] == NEW_ID
    assert again["resubmission"]["fields"] == ["applicant_id_number"]
    with desk.store.read() as session:
        assert session.get(Case, case_id).applicant_id_number == NEW_ID
        assert dead_count(session) == 0
        entry = session.exec(
            select(AuditEntry).where(AuditEntry.action == "case.resubmission")
        ).one()
        timeline = case_timeline(session, case_id)
        assert audit.verify(session).ok
    detail = json.loads(entry.detail)
    assert detail["revises"] == refused.idempotency_key
    assert detail["key"] == revision.idempotency_key
    assert detail["refusal"].startswith("invalid_id_number")
    assert NEW_ID not in entry.detail  # masked, as every display copy
    assert [e.kind for e in timeline] == [EntryKind.INTAKE, EntryKind.RESUBMISSION]
    assert timeline[1].params["refusal"].startswith("invalid_id_number: applicant")
    assert timeline[1].params["fields"] == "applicant_id_number"
    assert timeline[1].who == supervisor.display_name


def test_the_field_the_refusal_names_must_change(desk, clerk, supervisor):
    case_id, item_id = _refused(desk, clerk)
    with pytest.raises(ValidationError) as caught:
        resubmit_intake(desk, supervisor, item_id,
                        ApplicantCorrection(applicant_phone="13800001111"), "改号")
    assert [p.field for p in caught.value.problems] == ["applicant.id_number"]
    with pytest.raises(ValidationError) as caught:  # validated as at intake
        resubmit_intake(desk, supervisor, item_id,
                        ApplicantCorrection(applicant_id_number=NEW_ID[:-1] + "0"), "改号")
    assert caught.value.problems[0].field == "applicant.id_number"
    assert [i.state for i in _items(desk, case_id)] == ["dead"]  # nothing written


def test_a_refusal_naming_no_field_goes_again_as_it_stands(desk, clerk, supervisor):
    case_id, item_id = _refused(desk, clerk, ("unknown_service", ("service RS-002 is not in the "
                                              "catalog")))
    result = resubmit_intake(desk, supervisor, item_id, ApplicantCorrection(), "平台目录已补录")
    assert result.changes == {} and result.revision == 2
    assert [i.state for i in _items(desk, case_id)] == [SUPERSEDED, "pending"]


def test_who_may_resubmit(desk, clerk, supervisor, admin):
    _, item_id = _refused(desk, clerk)
    fix = ApplicantCorrection(applicant_id_number=NEW_ID)
    for actor in (clerk, admin):
        with pytest.raises(PermissionDenied):
            resubmit_intake(desk, actor, item_id, fix, "录错")
    with pytest.raises(PermissionDenied):  # an administrator takes no cases, whatever the office
        resubmit_intake(desk, admin, item_id, fix, "录错", clerk_may_resubmit=True)
    with pytest.raises(ValidationError):  # a reason is required
        resubmit_intake(desk, supervisor, item_id, fix, " ")
    result = resubmit_intake(desk, clerk, item_id, fix, "录错", clerk_may_resubmit=True)
    assert result.revision == 2


def test_what_cannot_be_resubmitted(desk, clerk, supervisor):
    fix = ApplicantCorrection(applicant_id_number=NEW_ID)
    _, foreign = _refused(desk, clerk, ("office_mismatch", "payload office 140121 is not ..."))
    with pytest.raises(ValidationError, match="cannot be put right"):
        resubmit_intake(desk, supervisor, foreign, fix, "录错")
    case_id, item_id = _refused(desk, clerk)
    void_case(desk, supervisor, case_id, "申请人撤回")
    with pytest.raises(ValidationError):
        resubmit_intake(desk, supervisor, item_id, fix, "录错")
    sent = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id
    with pytest.raises(ValidationError, match="not refused"):
        resubmit_intake(desk, supervisor, _items(desk, sent)[0].id, fix, "录错")


def test_a_refused_revision_is_resubmitted_as_the_next_revision(desk, clerk, supervisor):
    case_id, item_id = _refused(desk, clerk)
    resubmit_intake(desk, supervisor, item_id, ApplicantCorrection(applicant_id_number=NEW_ID),
                    "录错")
    revision = _items(desk, case_id)[1]
    with desk.store.write() as session:
        record_batch(session, [Rejected(revision.id, "invalid_payload",  # type: ignore[arg-type]
                                        "applicant.phone: too short")], LATER)
    refusal = refused_intake(desk, revision.id)  # type: ignore[arg-type]
    assert refusal.columns == ("applicant_phone",)
    third = resubmit_intake(desk, supervisor, revision.id,  # type: ignore[arg-type]
                            ApplicantCorrection(applicant_phone="13800001111"), "电话少一位")
    assert third.revision == 3 and third.revises == revision.idempotency_key


def test_later_items_of_the_case_are_folded_into_the_revision(desk, clerk, supervisor):
    case_id, item_id = _refused(
        desk, clerk, decision=Decision.ACCEPT_PENDING, statuses={"M03": MaterialStatus.PENDING},
        commitment_signed=True, makeup_deadline=DAY + timedelta(days=4),
    )
    # The make-up after the refused intake, and the move to accepted it brings ...
    accept_makeup(desk, supervisor, case_id, ["M03"], "申请人补交")
    makeup = _items(desk, case_id)[1]
    with desk.store.write() as session:  # ... the first refused too: the platform lacks the case
        refused = Rejected(makeup.id, "unknown_case", "no intake")  # type: ignore[arg-type]
        record_batch(session, [refused], LATER)
    result = resubmit_intake(desk, supervisor, item_id,
                             ApplicantCorrection(applicant_id_number=NEW_ID), "录错")
    states = [(i.kind, i.state) for i in _items(desk, case_id)]
    assert states == [("case.intake", SUPERSEDED), ("case.makeup", SUPERSEDED),
                      ("case.transition", SUPERSEDED), ("case.intake_revision", "pending")]
    assert len(result.superseded) == 3
    payload = json.loads(_items(desk, case_id)[-1].payload)
    assert payload["state"] == "accepted" and payload["decision"] == "accept_pending"
    assert {m["code"]: m["status"] for m in payload["materials"]}["M03"] == "received"


def test_day_close_counts_the_resubmitted_case_once(desk, clerk, supervisor):
    case_id, item_id = _refused(desk, clerk)
    before = reconcile(desk, DAY)
    assert (before.cases, before.refused) == (1, 1)
    resubmit_intake(desk, supervisor, item_id, ApplicantCorrection(applicant_id_number=NEW_ID),
                    "录错", now=LATER)
    waiting = reconcile(desk, DAY)
    assert (waiting.cases, waiting.confirmed, waiting.unsent, waiting.refused) == (1, 0, 1, 0)
    assert [i.kind for i in waiting.items] == ["case.intake_revision"]
    assert waiting.items[0].is_intake
    revision = _items(desk, case_id)[1]
    with desk.store.write() as session:
        moved = record_batch(session, [Delivered(revision.id)], LATER)  # type: ignore[arg-type]
    assert moved == [case_id]  # handed on to the department, as an intake would be
    done = reconcile(desk, DAY)
    assert (done.cases, done.confirmed, done.unconfirmed) == (1, 1, 0) and done.reconciled


@pytest.mark.parametrize(
    ("code", "reason", "columns"),
    [
        ("invalid_id_number", "applicant: ID number: bad check", ("applicant_id_number",)),
        ("invalid_id_number", "agent: ID number: born in the future", ("agent_id_number",)),
        ("masked_id_number", "agent ID number is masked; send ...", ("agent_id_number",)),
        ("invalid_payload", "applicant.name: too short; agent.phone: bad",
         ("applicant_name", "agent_phone")),
        ("invalid_payload", "accepted_at: Input should have timezone info", ()),
        ("unknown_service", "service RS-002 is not in the catalog", ()),
    ],
)
def test_the_fields_a_refusal_concerns(code, reason, columns):
    assert refusal_columns(code, reason) == columns
