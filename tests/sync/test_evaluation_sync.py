"""Ratings (好差评) reach the reference platform: through the engine, and item by item."""

from __future__ import annotations

import uuid

from sqlmodel import select

from counter.cases.delivery import Collector, CollectorRole, deliver_case
from counter.desk import Desk
from counter.evaluation import record_evaluation
from counter.store.models import OutboxItem
from counter.users import Actor
from sync.server.db import session_scope
from sync.server.tables import PlatformEvaluation
from tests.conftest import APPLICANT_ID
from tests.sync.conftest import AT, Platform, batch, intake_payload, item
from tests.sync.engine_support import (
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)
from tests.sync.test_engine_pull import case_ids, decide, take
from tests.sync.test_upload import upload


def platform_ratings(engine) -> list[tuple[str, str, int, str]]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        rows = session.exec(select(PlatformEvaluation)).all()
        return sorted((r.case_id, r.visit, r.level, r.reason) for r in rows)


def test_ratings_of_both_visits_are_accepted_through_the_engine(
    live: Live, desk: Desk, clerk: Actor
) -> None:
    approved, _ = case_ids(1)
    case_id = approved[0]
    take(desk, clerk, case_id)
    record_evaluation(desk, clerk, case_id, "intake", 2, "等候时间较长")
    engine = make_engine(desk, live.url, live.token)
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.sent, report.dead) == (2, 0)  # the intake, then its rating

    decide(live)
    assert engine.run_once().ok
    deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, APPLICANT_ID))
    record_evaluation(desk, clerk, case_id, "delivery", 5)
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.sent, report.dead) == (2, 0)

    with desk.store.read() as session:
        kinds = {o.kind: o.state for o in session.exec(select(OutboxItem))}
    assert kinds["evaluation"] == "sent"
    assert platform_ratings(live.platform.engine) == [
        (case_id, "delivery", 5, ""),
        (case_id, "intake", 2, "等候时间较长"),
    ]


def rating(case_id: str, visit: str = "intake", level: int = 4, reason: str = "") -> dict:
    return {
        "evaluation_id": str(uuid.uuid4()),
        "case_id": case_id,
        "acceptance_no": "",
        "visit": visit,
        "level": level,
        "reason": reason,
        "at": AT.isoformat(),
        "clerk": "clerk",
    }


def test_intake_and_its_rating_in_one_batch_are_both_accepted(platform: Platform) -> None:
    case = intake_payload()
    results = upload(
        platform, batch(item(case), item(rating(case["case_id"]), kind="evaluation"))
    ).results
    assert [r.status for r in results] == ["accepted", "accepted"]
    assert platform_ratings(platform.engine) == [(case["case_id"], "intake", 4, "")]


def test_a_second_rating_of_the_same_visit_is_rejected(platform: Platform) -> None:
    case = intake_payload()
    upload(platform, batch(item(case), item(rating(case["case_id"]), kind="evaluation")))
    again = upload(platform, batch(item(rating(case["case_id"], level=1, reason="x"), "evaluation")))
    assert (again.results[0].status, again.results[0].reason_code) == (
        "rejected",
        "evaluation_exists",
    )
    # Within one batch too.
    other = intake_payload()
    twice = upload(
        platform,
        batch(
            item(other),
            item(rating(other["case_id"], visit="delivery"), kind="evaluation"),
            item(rating(other["case_id"], visit="delivery"), kind="evaluation"),
        ),
    ).results
    assert [r.status for r in twice] == ["accepted", "accepted", "rejected"]
    assert [r for _, v, _, r in platform_ratings(platform.engine) if v == "intake"] == [""]


def test_a_rating_the_platform_cannot_take_is_rejected_with_its_reason(platform: Platform) -> None:
    case = intake_payload()
    upload(platform, batch(item(case)))
    unknown = upload(platform, batch(item(rating(str(uuid.uuid4())), "evaluation"))).results[0]
    assert unknown.reason_code == "unknown_case"
    # Another office cannot rate, or learn of, this office's case.
    foreign = upload(
        platform, batch(item(rating(case["case_id"]), "evaluation"), office="140105"), who="B"
    ).results[0]
    assert foreign.reason_code == "unknown_case"
    no_reason = upload(
        platform, batch(item(rating(case["case_id"], level=1), "evaluation"))
    ).results[0]
    assert no_reason.reason_code == "invalid_payload"
    assert "needs a reason" in no_reason.reason
    off_scale = upload(
        platform, batch(item(rating(case["case_id"], level=6), "evaluation"))
    ).results[0]
    assert off_scale.reason_code == "invalid_payload"
    assert platform_ratings(platform.engine) == []
