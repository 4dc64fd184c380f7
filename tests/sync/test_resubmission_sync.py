"""A refused intake, corrected and resubmitted, is accepted through the real engine and platform."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from counter.day.reconcile import reconcile
from counter.desk import Desk
from counter.exchange.sync_state import dead_letters
from counter.intake.submit import submit_intake
from counter.store.models import Case, OutboxItem
from counter.supervision.correction import ApplicantCorrection
from counter.supervision.resubmission import SUPERSEDED, refused_intake, resubmit_intake
from counter.users import Actor
from sync.server.db import session_scope
from sync.server.simulator import advance
from sync.server.tables import PlatformCase, ReceivedItem
from tests.conftest import MONDAY_MORNING, intake_request, resident_id
from tests.counter.day.test_day_close import DAY
from tests.sync.engine_support import (
    INSTANT,
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)

RIGHT_ID = resident_id("14012119850312002")
WRONG_ID = RIGHT_ID[:-1] + ("0" if RIGHT_ID[-1] != "0" else "1")  # one check character off


def _recorded_with_a_wrong_check_character(desk: Desk, case_id: str) -> None:
    """The case as a desk without the platform's check would have recorded and frozen it."""
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        case.applicant_id_number = WRONG_ID
        session.add(case)
        item = session.exec(select(OutboxItem).where(OutboxItem.case_id == case_id)).one()
        payload = json.loads(item.payload)
        payload["applicant"]["id_number"] = WRONG_ID
        item.payload = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))
        session.add(item)


def test_a_refused_intake_goes_out_again_and_is_accepted(
    live: Live, desk: Desk, clerk: Actor, supervisor: Actor
):
    taken = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    _recorded_with_a_wrong_check_character(desk, taken.case_id)
    engine = make_engine(desk, live.url, live.token)
    report = engine.run_once()
    assert (report.sent, report.dead) == (0, 1)
    with desk.store.read() as session:
        [dead] = dead_letters(session)
    refusal = refused_intake(desk, dead.item_id)
    assert refusal.code == "invalid_id_number"
    assert refusal.columns == ("applicant_id_number",)  # shown beside that field

    result = resubmit_intake(
        desk, supervisor, dead.item_id, ApplicantCorrection(applicant_id_number=RIGHT_ID),
        "身份证号校验位录错", now=MONDAY_MORNING + timedelta(hours=1),
    )
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.sent, report.dead) == (1, 0)
    assert engine.state().backlog == 0 and engine.state().dead == 0

    with desk.store.read() as session:
        case = session.get(Case, taken.case_id)
        states = session.exec(
            select(OutboxItem.kind, OutboxItem.state).where(OutboxItem.case_id == taken.case_id)
            .order_by(col(OutboxItem.id))
        ).all()
    assert case.acceptance_no == taken.acceptance_no and case.state == "submitted"
    assert states == [("case.intake", SUPERSEDED), ("case.intake_revision", "sent")]

    with session_scope(live.platform.engine) as session:
        platform_case = session.exec(
            select(PlatformCase).where(PlatformCase.case_id == taken.case_id)
        ).one()
        answers = {
            r.idempotency_key: (r.kind, json.loads(r.result)["status"])
            for r in session.exec(select(ReceivedItem).where(
                ReceivedItem.case_id == taken.case_id))
        }
    assert answers == {result.revises: ("case.intake", "rejected"),
                       result.idempotency_key: ("case.intake_revision", "accepted")}
    assert json.loads(platform_case.payload)["revises"] == result.revises  # linked
    assert platform_case.acceptance_no == taken.acceptance_no
    assert platform_case.applicant_id_number == RIGHT_ID

    # The department takes it from there, and the outcome reaches the desk.
    later = datetime.now(UTC) + timedelta(minutes=1)  # the platform's own clock
    assert advance(live.platform.engine, INSTANT, later) >= 1
    assert engine.run_once().ok
    with desk.store.read() as session:
        assert session.get(Case, taken.case_id).state in ("in_review", "approved", "rejected",
                                                            "result_ready")
    # one case of the day, confirmed once
    day = reconcile(desk, DAY)
    assert (day.cases, day.confirmed, day.unconfirmed) == (1, 1, 0) and day.reconciled
