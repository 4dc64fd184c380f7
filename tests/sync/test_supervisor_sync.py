"""The supervisor's case events reach the real reference platform through the sync engine."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from sqlmodel import select

from counter.desk import Desk
from counter.exchange.sync_state import dead_letters
from counter.intake.request import Decision
from counter.intake.request import MaterialStatus as P
from counter.intake.submit import submit_intake
from counter.store.models import OutboxItem
from counter.supervision.actions import accept_makeup, extend_deadline
from counter.supervision.correction import ApplicantCorrection, correct_applicant
from counter.supervision.dead_letters import close_dead_letter, resend_dead_letter
from counter.users import Actor
from sync.client import ExchangeClient
from sync.protocol import DeskInfo, UploadBatch, UploadItem
from sync.server.db import session_scope
from sync.server.tables import PlatformCase, ReceivedItem
from tests.conftest import MONDAY_MORNING, intake_request, resident_id
from tests.sync.engine_support import (
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)

NEW_ID = resident_id("14012119870101004")


def _unsent(desk: Desk) -> list[OutboxItem]:
    with desk.store.read() as session:
        return list(session.exec(select(OutboxItem).where(OutboxItem.state != "sent")).all())


def test_every_supervisor_kind_is_accepted(live: Live, desk: Desk, clerk: Actor, supervisor: Actor):
    pending = submit_intake(
        desk,
        clerk,
        intake_request(
            desk,
            decision=Decision.ACCEPT_PENDING,
            statuses={"M03": P.PENDING},
            commitment_signed=True,
            makeup_deadline=date(2026, 3, 6),
        ),
        now=MONDAY_MORNING,
    )
    plain = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().ok

    correct_applicant(
        desk, supervisor, plain.case_id, ApplicantCorrection(applicant_id_number=NEW_ID), "录错"
    )
    extend_deadline(desk, supervisor, plain.case_id, date(2026, 3, 16), "需现场核查")
    accept_makeup(desk, supervisor, pending.case_id, ["M03"], "申请人补交")
    report = engine.run_once()
    assert report.ok, report.error
    # correction, extension, make-up and the move to accepted that follows it
    assert (report.sent, report.dead) == (4, 0)
    assert _unsent(desk) == []

    with session_scope(live.platform.engine) as session:
        kinds = {r.kind for r in session.exec(select(ReceivedItem))}
        corrected = session.exec(
            select(PlatformCase).where(PlatformCase.case_id == plain.case_id)
        ).one()
        made_up = session.exec(
            select(PlatformCase).where(PlatformCase.case_id == pending.case_id)
        ).one()
    assert {"case.correction", "case.deadline_extended", "case.makeup"} <= kinds
    # certificates go to the corrected number; the intake as received is kept
    assert corrected.applicant_id_number == NEW_ID
    assert NEW_ID not in corrected.payload
    assert made_up.counter_state == "accepted" and made_up.dept_state == "received"


def test_correction_of_a_case_unknown_to_the_platform_is_a_dead_letter_to_close(
    live: Live, desk: Desk, clerk: Actor, supervisor: Actor
):
    result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    with desk.store.write() as session:
        # The intake never reaches this platform (sent to another one, say).
        intake = session.exec(select(OutboxItem)).one()
        intake.state = "sent"
        session.add(intake)
    correct_applicant(
        desk, supervisor, result.case_id, ApplicantCorrection(applicant_phone="13800001111"), "改号"
    )
    engine = make_engine(desk, live.url, live.token)
    report = engine.run_once()
    assert report.dead == 1
    with desk.store.read() as session:
        [dead] = dead_letters(session)
    assert dead.kind == "case.correction" and dead.reason.startswith("unknown_case")

    # Resent unchanged it is refused again, under its new key, by the platform's own check.
    resend_dead_letter(desk, supervisor, dead.item_id, "平台已补录")
    assert engine.run_once().dead == 1
    with desk.store.read() as session:
        [again] = dead_letters(session)
    close_dead_letter(desk, supervisor, again.item_id, "该件由平台人工处理")
    report = engine.run_once()
    assert (report.sent, report.dead) == (0, 0)
    assert engine.state().backlog == 0 and engine.state().dead == 0


def test_a_masked_id_number_in_a_correction_is_refused(live: Live, desk: Desk, clerk: Actor):
    result = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().ok
    with desk.store.read() as session:
        intake = json.loads(session.exec(select(OutboxItem)).one().payload)
    applicant = {**intake["applicant"], "id_number": "140121**********0029"}
    client = ExchangeClient(live.url, live.token)
    answer = client.upload(
        UploadBatch(
            desk=DeskInfo(office_code=desk.office_code, desk_code=desk.desk_code),
            items=[
                UploadItem(
                    idempotency_key=str(uuid.uuid4()),
                    kind="case.correction",
                    case_id=result.case_id,
                    created_at=datetime.now(UTC),
                    payload={
                        "case_id": result.case_id,
                        "at": datetime.now(UTC).isoformat(),
                        "reason": "x",
                        "fields": ["applicant_id_number"],
                        "applicant": applicant,
                    },
                )
            ],
        )
    )
    assert answer.results[0].reason_code == "masked_id_number"
