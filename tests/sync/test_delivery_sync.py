"""A delivery at the counter reaches the real reference platform through the sync engine."""

from __future__ import annotations

from sqlmodel import select

from counter.cases.delivery import Collector, CollectorRole, deliver_case
from counter.desk import Desk
from counter.store.models import OutboxItem
from counter.users import Actor
from sync.server.db import session_scope
from sync.server.tables import PlatformCase
from tests.conftest import APPLICANT_ID
from tests.sync.engine_support import (
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)
from tests.sync.test_engine_pull import case_ids, decide, states, take


def test_delivered_cases_are_accepted_by_the_platform(live: Live, desk: Desk, clerk: Actor):
    approved, rejected = case_ids(1)
    for case_id in approved + rejected:
        take(desk, clerk, case_id)
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().ok
    decide(live)
    assert engine.run_once().ok
    assert {states(desk)[c] for c in approved} == {"result_ready"}
    assert {states(desk)[c] for c in rejected} == {"rejected"}

    for case_id in approved + rejected:
        deliver_case(desk, clerk, case_id, Collector(CollectorRole.APPLICANT, APPLICANT_ID))
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.sent, report.dead) == (2, 0)

    with desk.store.read() as session:
        unsent = session.exec(select(OutboxItem).where(OutboxItem.state != "sent")).all()
    assert unsent == []
    with session_scope(live.platform.engine) as session:
        rows = session.exec(
            select(PlatformCase).where(PlatformCase.case_id.in_(approved + rejected))  # type: ignore[attr-defined]
        ).all()
        assert {r.counter_state for r in rows} == {"delivered"}
    assert set(states(desk).values()) == {"delivered"}
