"""The life of a case: every legal move is recorded three times over, every other one is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from counter.audit import log as audit
from counter.bootstrap import open_desk
from counter.cases.lifecycle import REASON_REQUIRED, TRANSITIONS, CaseState
from counter.cases.lifecycle import record_transition as move
from counter.desk import Desk
from counter.errors import IllegalTransition, ValidationError
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store.models import AuditEntry, Case, CaseEvent, OutboxItem
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, intake_request, table_counts

LEGAL = [(src, dst) for src, targets in TRANSITIONS.items() for dst in sorted(targets)]
ILLEGAL = [(src, dst) for src in CaseState for dst in CaseState if dst not in TRANSITIONS[src]]
REASON = "申请人当场撤回"


def pair_id(pair: tuple[CaseState, CaseState]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def new_case(desk: Desk, clerk: Actor) -> str:
    return submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).case_id


def put_in_state(desk: Desk, case_id: str, state: CaseState) -> None:
    """Bring a case to `state` directly, as if its earlier life had happened."""
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.state = state.value
        session.add(case)


def test_the_table_covers_every_state():
    assert set(TRANSITIONS) == set(CaseState)
    assert CaseState.DRAFT not in {dst for targets in TRANSITIONS.values() for dst in targets}
    for final in (CaseState.REFUSED, CaseState.DELIVERED, CaseState.VOIDED):
        assert TRANSITIONS[final] == frozenset()


@pytest.mark.parametrize(("src", "dst"), LEGAL, ids=[pair_id(p) for p in LEGAL])
def test_every_legal_move_writes_event_audit_and_outbox(
    desk: Desk, clerk: Actor, supervisor: Actor, src: CaseState, dst: CaseState
):
    case_id = new_case(desk, clerk)
    put_in_state(desk, case_id, src)
    before = table_counts(desk.store)

    with desk.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        move(session, case, dst, supervisor, reason=REASON, data={"note": "x"})

    after = table_counts(desk.store)
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "case_event": 1,
        "audit_entry": 1,
        "outbox_item": 1,
    }
    with desk.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.state == dst.value
        event = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id).desc())
        ).first()
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        item = session.exec(
            select(OutboxItem)
            .where(OutboxItem.case_id == case_id)
            .order_by(col(OutboxItem.id).desc())
        ).first()
        assert audit.verify(session).ok
    assert event is not None and entry is not None and item is not None
    assert (event.kind, event.from_state, event.to_state) == ("transition", src.value, dst.value)
    assert (event.actor_id, event.reason) == (supervisor.id, REASON)
    assert (entry.action, entry.target) == (f"case.{dst.value}", f"case:{case.acceptance_no}")
    assert json.loads(entry.detail) == {"from": src.value, "reason": REASON}
    payload = json.loads(item.payload)
    assert item.kind == "case.transition"
    assert (payload["from"], payload["to"], payload["actor"]) == (
        src.value,
        dst.value,
        "supervisor",
    )
    assert payload["data"] == {"note": "x"}


@pytest.fixture(scope="module")
def shared_desk(
    template_dir: Path, demo_actors: dict[str, Actor], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    """One desk for the refusals: a refused move changes nothing, so they can share it."""
    directory = tmp_path_factory.mktemp("lifecycle")
    (directory / DATABASE_FILE).write_bytes((template_dir / DATABASE_FILE).read_bytes())
    opened = open_desk(directory)
    yield opened.desk
    opened.desk.store.dispose()


@pytest.fixture(scope="module")
def shared_case(shared_desk: Desk, demo_actors: dict[str, Actor]) -> str:
    return new_case(shared_desk, demo_actors["clerk"])


@pytest.mark.parametrize(("src", "dst"), ILLEGAL, ids=[pair_id(p) for p in ILLEGAL])
def test_every_illegal_move_is_refused_naming_both_states(
    shared_desk: Desk, shared_case: str, supervisor: Actor, src: CaseState, dst: CaseState
):
    put_in_state(shared_desk, shared_case, src)
    before = table_counts(shared_desk.store)
    with pytest.raises(IllegalTransition) as exc, shared_desk.store.write() as session:
        case = session.get(Case, shared_case)
        assert case is not None
        move(session, case, dst, supervisor, reason=REASON)
    assert str(exc.value) == f"a case that is {src.value} cannot become {dst.value}"
    assert table_counts(shared_desk.store) == before
    with shared_desk.store.read() as session:
        case = session.get(Case, shared_case)
    assert case is not None and case.state == src.value


REASON_MOVES = [
    (CaseState.ACCEPTED, CaseState.VOIDED),
    (CaseState.CORRECTION_REQUESTED, CaseState.VOIDED),
    (CaseState.CORRECTION_REQUESTED, CaseState.REFUSED),
    (CaseState.IN_REVIEW, CaseState.REJECTED),
]


def test_reason_moves_cover_every_state_that_needs_a_reason():
    assert {dst for _, dst in REASON_MOVES} == REASON_REQUIRED


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize(("src", "dst"), REASON_MOVES, ids=[pair_id(p) for p in REASON_MOVES])
def test_void_refuse_and_reject_need_a_reason(
    desk: Desk, clerk: Actor, supervisor: Actor, src: CaseState, dst: CaseState, reason: str
):
    case_id = new_case(desk, clerk)
    put_in_state(desk, case_id, src)
    before = table_counts(desk.store)
    with pytest.raises(ValidationError) as exc, desk.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        move(session, case, dst, supervisor, reason=reason)
    (problem,) = exc.value.problems
    assert (problem.field, problem.message) == ("reason", "is required for this step")
    assert table_counts(desk.store) == before
    with desk.store.read() as session:
        case = session.get(Case, case_id)
    assert case is not None and case.state == src.value


def test_a_move_learnt_from_the_platform_is_not_sent_back(
    desk: Desk, clerk: Actor, supervisor: Actor
):
    case_id = new_case(desk, clerk)
    put_in_state(desk, case_id, CaseState.SUBMITTED)
    before = table_counts(desk.store)
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        move(session, case, CaseState.IN_REVIEW, supervisor, notify_platform=False)
    after = table_counts(desk.store)
    assert after["case_event"] == before["case_event"] + 1
    assert after["audit_entry"] == before["audit_entry"] + 1
    assert after["outbox_item"] == before["outbox_item"]
