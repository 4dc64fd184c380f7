"""A run through mixed faults: nothing lost, nothing duplicated, on either side.

Connections refused, replies lost after the platform acted, 5xx and 429 with
and without Retry-After, captive-portal pages and schema-invalid answers hit
uploads and the changes feed alike, while departments decide in between.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from sqlmodel import col, select

from counter.cases.actions import void_case
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.store.models import Case, CaseEvent, Certificate, OutboxItem
from counter.users import Actor
from sync.server import simulator
from sync.server.db import session_scope
from sync.server.tables import PlatformCase, ReceivedItem
from tests.conftest import COMPANY_ITEM, MONDAY_MORNING, intake_request
from tests.sync.engine_support import (
    INSTANT,
    FakeClock,
    FaultAdapter,
    Live,
    _response,
    html_200,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    lost_reply,
    make_engine,
    refused,
    status,
)

BATCH, CHANGES = "/v1/cases/batch", "/v1/changes"
DECIDING = replace(INSTANT, approval_ratio=0.6)


def wrong_shape():  # type: ignore[no-untyped-def]
    body = json.dumps({"protocol": "counter-exchange/1", "changes": "nope"}).encode()
    return lambda adapter, request, kw: _response(
        request, 200, body, {"Content-Type": "application/json"}
    )


def test_mixed_faults_lose_nothing_and_duplicate_nothing(
    live: Live,
    desk: Desk,
    clerk: Actor,
    supervisor: Actor,
) -> None:
    case_ids = [
        submit_intake(
            desk,
            clerk,
            intake_request(desk, COMPANY_ITEM if n % 3 == 0 else "RS-002"),
            now=MONDAY_MORNING,
        ).case_id
        for n in range(10)
    ]
    void_case(desk, supervisor, case_ids[4], "applicant withdrew", now=MONDAY_MORNING)
    adapter = FaultAdapter()
    adapter.add(
        BATCH,
        refused(),
        lost_reply(),
        status(503, "5"),
        html_200(),
        lost_reply(),
        status(429),
        status(500, "Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    adapter.add(CHANGES, refused(), html_200(), status(502), wrong_shape(), lost_reply())
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock, batch_size=3)
    for round_ in range(40):
        engine.run_once()
        clock.advance(700)  # past the longest wait (cap 600 s)
        if round_ >= 3:  # departments decide whatever has reached them by now
            simulator.advance(live.platform.engine, DECIDING, clock.now)
        if round_ > 8 and not adapter.faults and engine.state().backlog == 0:
            break
    simulator.advance(live.platform.engine, DECIDING, clock.now)
    final = engine.run_once()
    assert final.ok, final.error
    assert not adapter.faults, "every fault was met"

    with desk.store.read() as session:
        rows = session.exec(select(OutboxItem).order_by(col(OutboxItem.id))).all()
        cases = {c.id: c.state for c in session.exec(select(Case))}
        moves = Counter((e.case_id, e.to_state) for e in session.exec(select(CaseEvent)))
        certificates = Counter(c.case_id for c in session.exec(select(Certificate)))
    with session_scope(live.platform.engine) as session:
        received = Counter(r.idempotency_key for r in session.exec(select(ReceivedItem)))
        platform_cases = Counter(c.case_id for c in session.exec(select(PlatformCase)))
        withdrawn = session.exec(
            select(PlatformCase).where(PlatformCase.case_id == case_ids[4])
        ).one()

    # Nothing lost: every item sent, none refused, every case known once on each side.
    assert [r.state for r in rows] == ["sent"] * 11
    assert received == Counter(r.idempotency_key for r in rows)
    assert set(received.values()) == {1}
    assert platform_cases == Counter(case_ids)
    assert withdrawn.dept_state == "withdrawn"
    # Nothing duplicated: each move happened once, each certificate arrived once.
    assert all(n == 1 for n in moves.values()), moves
    assert cases[case_ids[4]] == "voided"
    live_cases = [c for c in case_ids if c != case_ids[4]]
    for case_id in live_cases:
        approved = simulator.approves(DECIDING, case_id)
        assert cases[case_id] == ("result_ready" if approved else "rejected")
        assert certificates.get(case_id, 0) == (1 if approved else 0)
        assert moves[(case_id, "submitted")] == 1
    assert 0 < sum(certificates.values()) < len(live_cases)
