"""The sync engine against the real reference platform on loopback: upload side.

Drain in order, answers per item, dead letters, backoff with full jitter and
Retry-After, failures that must never count as success, and the audit head.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from counter.cases.lifecycle import CaseState
from counter.desk import Desk
from counter.exchange import outbox, sync_state
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry, Case, CaseEvent, OutboxItem
from counter.users import Actor
from sync.engine import Backoff, Connection
from sync.server.db import session_scope
from sync.server.tables import AuditHeadRow, PlatformCase, ReceivedItem
from tests.conftest import COMPANY_ITEM, MONDAY_MORNING, intake_request
from tests.sync.engine_support import (
    BottomRng,
    FakeClock,
    FaultAdapter,
    Live,
    closed_port_url,
    html_200,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    lost_reply,
    make_engine,
    status,
)

BATCH = "/v1/cases/batch"


def intake(desk: Desk, clerk: Actor, **kwargs: object) -> str:
    return submit_intake(desk, clerk, intake_request(desk, **kwargs), now=MONDAY_MORNING).case_id


def outbox_rows(desk: Desk) -> list[OutboxItem]:
    with desk.store.read() as session:
        return list(session.exec(select(OutboxItem).order_by(col(OutboxItem.id))).all())


def case_state(desk: Desk, case_id: str) -> str:
    with desk.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.state


def bogus_transition(desk: Desk) -> None:
    """An outbox item the platform must refuse: a transition of a case it never received."""
    case_id = str(uuid.uuid4())
    with desk.store.write() as session:
        outbox.enqueue(
            session,
            kind="case.transition",
            case_id=case_id,
            payload={
                "case_id": case_id,
                "acceptance_no": "",
                "from": "accepted",
                "to": "voided",
                "at": MONDAY_MORNING.isoformat(),
                "actor": "clerk",
                "reason": "test",
                "data": {},
            },
            at=MONDAY_MORNING,
        )


def test_drain_sends_in_order_and_hands_accepted_cases_on(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    accepted = intake(desk, clerk)
    company = intake(desk, clerk, service_code=COMPANY_ITEM)
    correction = intake(
        desk,
        clerk,
        decision=Decision.REQUEST_CORRECTION,
        statuses={"M03": MaterialStatus.MISSING},
    )
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, clock=clock)
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.sent, report.dead, report.retried) == (3, 0, 0)
    assert all(row.state == "sent" and row.attempts == 1 for row in outbox_rows(desk))
    assert case_state(desk, accepted) == case_state(desk, company) == CaseState.SUBMITTED
    assert case_state(desk, correction) == CaseState.CORRECTION_REQUESTED
    state = engine.state()
    assert (state.connection, state.backlog, state.dead) == (Connection.ONLINE, 0, 0)
    assert state.last_success == clock.now and state.next_attempt is None
    with session_scope(live.platform.engine) as session:
        received = session.exec(select(ReceivedItem).order_by(col(ReceivedItem.id))).all()
        assert [r.idempotency_key for r in received] == [
            r.idempotency_key for r in outbox_rows(desk)
        ]
    # The move to submitted is the platform's doing: an event, but no new outbox item.
    with desk.store.read() as session:
        moved = session.exec(select(CaseEvent).where(CaseEvent.to_state == "submitted")).all()
    assert {e.case_id for e in moved} == {accepted, company}
    assert {e.actor_name for e in moved} == {"Exchange platform"}
    assert len(outbox_rows(desk)) == 3


def test_batches_are_sized_and_each_carries_the_audit_head(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    for _ in range(5):
        intake(desk, clerk)
    adapter = FaultAdapter()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, batch_size=2)
    assert engine.run_once().sent == 5
    bodies = [json.loads(b) for m, p, b in adapter.sent if p == BATCH and b]
    assert [len(b["items"]) for b in bodies] == [2, 2, 1]
    # The head moves as the engine records "submitted" moves (audited) between batches.
    with desk.store.read() as session:
        heads = {e.id: e.hash for e in session.exec(select(AuditEntry))}
    for body in bodies:
        head = body["audit_head"]
        assert heads[head["entry_id"]] == head["hash"]
    assert bodies[0]["audit_head"]["entry_id"] < bodies[-1]["audit_head"]["entry_id"]
    with session_scope(live.platform.engine) as session:
        assert len(session.exec(select(AuditHeadRow)).all()) == 3
    assert not engine.state().audit_mismatch


def test_each_item_travels_as_its_frozen_row_and_a_row_that_cannot_goes_to_the_dead_letters(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    first = intake(desk, clerk)
    broken = intake(desk, clerk)
    listed = intake(desk, clerk)
    last = intake(desk, clerk)
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE outbox_item SET payload = substr(payload, 1, 40) WHERE case_id = ?",
                     (broken,))
        conn.execute("UPDATE outbox_item SET payload = '[1, 2]' WHERE case_id = ?", (listed,))
    frozen = {r.idempotency_key: r for r in outbox_rows(desk)}
    adapter = FaultAdapter()
    engine = make_engine(desk, live.url, live.token, adapter=adapter)
    report = engine.run_once()
    assert report.ok and (report.sent, report.dead) == (2, 2)
    (body,) = [json.loads(b) for m, p, b in adapter.sent if p == BATCH and b]
    assert [item["case_id"] for item in body["items"]] == [first, last]
    for item in body["items"]:
        row = frozen[item["idempotency_key"]]
        assert item["kind"] == row.kind == "case.intake"
        assert item["payload"] == json.loads(row.payload)
        assert datetime.fromisoformat(item["created_at"]) == row.created_at.replace(tzinfo=UTC)
    assert body["desk"] == {"office_code": desk.office_code, "desk_code": desk.desk_code,
                            "app_version": ""}
    rows = {r.case_id: r for r in outbox_rows(desk)}
    assert rows[broken].state == rows[listed].state == "dead"
    assert rows[broken].last_error.startswith("invalid_item: ")
    assert "JSONDecodeError" in rows[broken].last_error
    assert "ValidationError" in rows[listed].last_error
    assert case_state(desk, first) == case_state(desk, last) == CaseState.SUBMITTED


def test_a_lost_reply_is_answered_as_duplicate_with_the_first_status(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    first, second = intake(desk, clerk), intake(desk, clerk)
    bogus_transition(desk)
    adapter = FaultAdapter()
    adapter.add(BATCH, lost_reply())
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock)
    report = engine.run_once()
    assert report.connection is Connection.DEGRADED  # a read timeout: it answered the connect
    assert [(r.state, r.attempts) for r in outbox_rows(desk)] == [("pending", 1)] * 3
    assert case_state(desk, first) == CaseState.ACCEPTED
    clock.advance(3600)
    report = engine.run_once()
    assert report.ok, report.error
    assert (report.duplicates, report.sent, report.dead) == (3, 2, 1)
    rows = outbox_rows(desk)
    assert [r.state for r in rows] == ["sent", "sent", "dead"]
    assert rows[2].last_error.startswith("unknown_case: ")
    assert case_state(desk, first) == case_state(desk, second) == CaseState.SUBMITTED
    with session_scope(live.platform.engine) as session:
        assert len(session.exec(select(PlatformCase)).all()) == 2


def test_a_rejection_goes_to_the_dead_letters_with_its_reason_and_is_never_resent(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    bogus_transition(desk)
    case_id = intake(desk, clerk)
    adapter = FaultAdapter()
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock)
    report = engine.run_once()
    assert report.ok and (report.sent, report.dead) == (1, 1)
    with desk.store.read() as session:
        letters = sync_state.dead_letters(session)
    assert len(letters) == 1
    letter = letters[0]
    assert letter.kind == "case.transition"
    assert letter.reason.startswith("unknown_case: no intake for this case")
    state = engine.state()
    assert (state.backlog, state.dead) == (0, 1)
    clock.advance(86400)
    before = adapter.uploads()
    assert engine.run_once().ok
    assert adapter.uploads() == before  # nothing due: the dead letter stays put
    assert case_state(desk, case_id) == CaseState.SUBMITTED


@pytest.mark.parametrize(
    ("code", "retry_after", "floor"),
    [(503, "120", 120.0), (429, "30", 30.0), (502, None, 0.0), (500, "junk", 0.0)],
)
def test_5xx_and_429_back_off_with_full_jitter_and_honour_retry_after(
    live: Live,
    desk: Desk,
    clerk: Actor,
    code: int,
    retry_after: str | None,
    floor: float,
) -> None:
    intake(desk, clerk)
    intake(desk, clerk)
    adapter = FaultAdapter()
    adapter.add(BATCH, status(code, retry_after))
    clock = FakeClock()
    start = clock.now
    # The bottom of the jitter range: the wait is exactly the Retry-After floor.
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock, rng=BottomRng())
    report = engine.run_once()
    assert report.connection is Connection.DEGRADED and f"HTTP {code}" in report.error
    rows = outbox_rows(desk)
    assert all(r.state == "pending" and r.attempts == 1 for r in rows)
    assert all(
        r.next_attempt_at.replace(tzinfo=start.tzinfo) == start + timedelta(seconds=floor)
        for r in rows
    )
    assert engine.state().next_attempt == start + timedelta(seconds=floor)
    if floor:
        clock.advance(floor - 1)
        uploads = adapter.uploads()
        engine.run_once()
        assert adapter.uploads() == uploads, "retried before Retry-After"
        assert all(r.state == "pending" for r in outbox_rows(desk))
    clock.advance(1)
    assert engine.run_once().sent == 2


def test_backoff_grows_per_attempt_up_to_the_cap(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    intake(desk, clerk)
    adapter = FaultAdapter()
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock)
    waits = []
    for _ in range(12):
        adapter.add(BATCH, status(503))
        engine.run_once()
        (row,) = outbox_rows(desk)
        wait = (row.next_attempt_at.replace(tzinfo=clock.now.tzinfo) - clock.now).total_seconds()
        waits.append(wait)
        clock.advance(wait)
    # TopRng draws the top of each range: base * 2**(attempts-1), capped.
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600, 600]
    assert row.attempts == 12 and row.state == "pending"
    assert engine.run_once().sent == 1


def test_full_jitter_draws_between_zero_and_the_ceiling() -> None:
    import random

    rng = random.Random(1)
    backoff = Backoff(base=2, cap=60)
    draws = [backoff.delay(4, rng) for _ in range(500)]
    assert 0 <= min(draws) < 2 and 14 < max(draws) <= 16
    assert all(backoff.delay(30, rng) <= 60 for _ in range(100))
    assert all(backoff.delay(3, rng, floor=100) == 100 for _ in range(10))


def test_an_html_page_with_200_is_a_failure_and_removes_nothing(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    case_id = intake(desk, clerk)
    adapter = FaultAdapter()
    adapter.add(BATCH, html_200())
    adapter.add("/v1/changes", html_200())
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock)
    report = engine.run_once()
    assert report.connection is Connection.DEGRADED
    assert report.sent == 0 and report.pages == 0
    (row,) = outbox_rows(desk)
    assert (row.state, row.attempts) == ("pending", 1)
    assert "text/html" in row.last_error
    assert case_state(desk, case_id) == CaseState.ACCEPTED
    assert engine.state().last_success is None
    with session_scope(live.platform.engine) as session:
        assert session.exec(select(ReceivedItem)).all() == []
    clock.advance(3600)
    assert engine.run_once().sent == 1


def test_a_json_answer_of_the_wrong_shape_is_a_failure(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    intake(desk, clerk)
    adapter = FaultAdapter()
    body = json.dumps({"protocol": "counter-exchange/1", "results": [], "audit": "recorded"})
    adapter.add(BATCH, lambda a, r, kw: _json_response(r, body))
    engine = make_engine(desk, live.url, live.token, adapter=adapter)
    report = engine.run_once()
    assert report.connection is Connection.DEGRADED and "0 results for 1 items" in report.error
    assert outbox_rows(desk)[0].state == "pending"


def _json_response(request, body: str):  # type: ignore[no-untyped-def]
    from tests.sync.engine_support import _response

    return _response(request, 200, body.encode(), {"Content-Type": "application/json"})


def test_connection_refused_is_offline_and_keeps_every_item(
    desk: Desk, clerk: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    intake(desk, clerk)
    intake(desk, clerk)
    clock = FakeClock()
    token = "secret-token-" + uuid.uuid4().hex
    engine = make_engine(desk, closed_port_url(), token, clock=clock)
    with caplog.at_level(logging.DEBUG):
        report = engine.run_once()
    assert report.connection is Connection.OFFLINE and report.pages == 0
    rows = outbox_rows(desk)
    assert all(r.state == "pending" and r.attempts == 1 for r in rows)
    assert all(r.next_attempt_at is not None and "ConnectionError" in r.last_error for r in rows)
    state = engine.state()
    assert (state.connection, state.backlog, state.dead) == (Connection.OFFLINE, 2, 0)
    assert state.next_attempt == clock.now + timedelta(seconds=2)
    assert token not in caplog.text and token not in repr(engine.client)


def test_a_revoked_token_keeps_the_items_for_later(
    live: Live,
    desk: Desk,
    clerk: Actor,
) -> None:
    intake(desk, clerk)
    engine = make_engine(desk, live.url, "not-a-token")
    report = engine.run_once()
    assert report.connection is Connection.DEGRADED and "unauthorized" in report.error
    (row,) = outbox_rows(desk)
    assert (row.state, row.attempts) == ("pending", 1)


def test_a_batch_refused_as_too_large_is_split_until_each_item_fits(
    tmp_path,
    desk: Desk,
    clerk: Actor,  # type: ignore[no-untyped-def]
) -> None:
    from tests.sync.conftest import build_platform
    from tests.sync.engine_support import serve

    for _ in range(4):
        intake(desk, clerk)
    (tmp_path / "small").mkdir()
    platform = build_platform(tmp_path / "small", max_body_bytes=3000)
    try:
        for url in serve(platform):
            adapter = FaultAdapter()
            engine = make_engine(desk, url, platform.tokens["A"], adapter=adapter, batch_size=4)
            report = engine.run_once()
            assert report.ok, report.error
            assert report.sent == 4
            assert adapter.uploads() > 2  # refused whole, then halves, then quarters
    finally:
        platform.close()


def test_an_item_waits_behind_an_earlier_item_of_its_case_but_not_behind_other_cases(
    live: Live, desk: Desk, clerk: Actor, supervisor: Actor
) -> None:
    from counter.cases.actions import void_case

    first = intake(desk, clerk)
    adapter = FaultAdapter()
    adapter.add(BATCH, status(503, "100"))
    clock = FakeClock()
    engine = make_engine(desk, live.url, live.token, adapter=adapter, clock=clock, rng=BottomRng())
    engine.run_once()
    void_case(desk, supervisor, first, "applicant withdrew", now=MONDAY_MORNING)
    other = intake(desk, clerk)
    clock.advance(50)
    assert engine.run_once().sent == 1
    last = json.loads(next(b for m, p, b in reversed(adapter.sent) if p == BATCH and b))
    assert [i["case_id"] for i in last["items"]] == [other]
    assert [r.state for r in outbox_rows(desk)] == ["pending", "pending", "sent"]
    clock.advance(50)
    assert engine.run_once().sent == 2
    last = json.loads(next(b for m, p, b in reversed(adapter.sent) if p == BATCH and b))
    assert [i["kind"] for i in last["items"]] == ["case.intake", "case.transition"]
    with session_scope(live.platform.engine) as session:
        case = session.exec(select(PlatformCase).where(PlatformCase.case_id == first)).one()
    assert case.dept_state == "withdrawn"
    assert case_state(desk, first) == CaseState.VOIDED
