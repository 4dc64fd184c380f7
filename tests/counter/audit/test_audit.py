"""The audit log is hash-chained: any edit, deletion or reordering is found, and where."""

from __future__ import annotations

import hashlib
from contextlib import closing
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.audit import log as audit
from counter.cases.lifecycle import CaseState, record_transition
from counter.cases.queries import find_by_number
from counter.desk import Desk
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.store.models import AuditEntry
from counter.users import Actor, sign_in
from tests.conftest import DEMO_PASSWORD, MONDAY_MORNING, intake_request


def work_a_morning(desk: Desk, clerk: Actor, supervisor: Actor) -> None:
    """Sign-ins, intakes of every kind and a void, as a desk's morning goes."""
    sign_in(desk.store, "clerk", DEMO_PASSWORD)
    minute = timedelta(minutes=7)
    requests = [
        intake_request(desk),
        intake_request(
            desk,
            decision=Decision.ACCEPT_PENDING,
            statuses={"M03": MaterialStatus.PENDING},
            commitment_signed=True,
            makeup_deadline=date(2026, 3, 5),
        ),
        intake_request(
            desk, decision=Decision.REQUEST_CORRECTION, statuses={"M04": MaterialStatus.MISSING}
        ),
        intake_request(desk, decision=Decision.REFUSE, reason="不属于本窗口受理范围"),
        intake_request(desk, "GA-001"),
        intake_request(desk, "SCJG-004"),
    ]
    numbers = [
        submit_intake(desk, clerk, r, now=MONDAY_MORNING + i * minute).acceptance_no
        for i, r in enumerate(requests)
    ]
    with desk.store.write() as session:
        case = find_by_number(session, numbers[0])
        assert case is not None
        record_transition(session, case, CaseState.VOIDED, supervisor, reason="重复录入")


def raw_sql(desk: Desk, *statements: str) -> None:
    """Change the database behind the application's back, as a forger with file access could."""
    with closing(desk.store.raw_connection()) as conn, conn:  # commits, then closes
        for statement in statements:
            conn.execute(statement)


def verdict(desk: Desk) -> audit.ChainVerdict:
    with desk.store.read() as session:
        return audit.verify(session)


@pytest.fixture
def worked(desk: Desk, clerk: Actor, supervisor: Actor) -> Desk:
    work_a_morning(desk, clerk, supervisor)
    return desk


def entry_count(desk: Desk) -> int:
    with closing(desk.store.raw_connection()) as conn:
        return conn.execute("SELECT count(*) FROM audit_entry").fetchone()[0]


def test_the_chain_holds_after_a_morning_of_work(worked: Desk):
    result = verdict(worked)
    assert result.ok, result
    assert result.checked == entry_count(worked) >= 12


def test_the_head_moves_with_every_entry(worked: Desk, clerk: Actor):
    with worked.store.read() as session:
        before = audit.head(session)
    submit_intake(worked, clerk, intake_request(worked), now=MONDAY_MORNING)
    with worked.store.read() as session:
        after = audit.head(session)
        assert audit.verify(session).ok
    assert after != before and len(after) == 64


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("detail", '\'{"applicant_id":"**************1234"}\''),
        ("actor_name", "'李军'"),
        ("action", "'case.intake.refuse'"),
        ("target", "'case:140121-01-20260302-0099'"),
        ("at", "'2026-03-01 23:00:00.000000'"),
    ],
)
def test_editing_an_entry_is_caught_at_that_entry(worked: Desk, column: str, value: str):
    raw_sql(worked, f"UPDATE audit_entry SET {column} = {value} WHERE id = 8")
    result = verdict(worked)
    assert (result.first_bad_id, result.problem) == (8, "its content was changed")
    assert result.checked == 7


def test_editing_an_entry_and_recomputing_its_hash_is_caught_at_the_next(worked: Desk):
    with worked.store.write() as session:
        entry = session.get(AuditEntry, 8)
        assert entry is not None
        entry.detail = '{"forged":true}'
        # A forger who knows the hashing rule makes the edited entry consistent in itself.
        entry.hash = audit._entry_hash(
            entry.id, entry.at, entry.actor_id, entry.actor_name, entry.action,
            entry.target, entry.detail, entry.prev_hash,
        )  # fmt: skip
        session.add(entry)
    result = verdict(worked)
    assert (result.first_bad_id, result.problem) == (9, "does not follow the entry before it")


def test_deleting_an_entry_in_the_middle_is_caught(worked: Desk):
    raw_sql(worked, "DELETE FROM audit_entry WHERE id = 6")
    result = verdict(worked)
    assert result.first_bad_id == 7
    assert result.problem == "entry 6 is missing"


def test_deleting_an_entry_and_renumbering_the_rest_is_caught(worked: Desk):
    last = entry_count(worked)
    statements = ["DELETE FROM audit_entry WHERE id = 6"]
    statements += [
        f"UPDATE audit_entry SET id = {i - 1} WHERE id = {i}" for i in range(7, last + 1)
    ]
    raw_sql(worked, *statements)
    result = verdict(worked)
    assert result.first_bad_id == 6
    assert not result.ok


def test_swapping_two_entries_is_caught_at_the_first_of_them(worked: Desk):
    raw_sql(
        worked,
        "UPDATE audit_entry SET id = -1 WHERE id = 5",
        "UPDATE audit_entry SET id = 5 WHERE id = 6",
        "UPDATE audit_entry SET id = 6 WHERE id = -1",
    )
    result = verdict(worked)
    assert (result.first_bad_id, result.problem) == (5, "does not follow the entry before it")


_scalars = st.one_of(st.none(), st.integers(), st.text(), st.booleans(), st.floats(allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _scalars | st.lists(st.integers(), max_size=2), max_size=4))
def test_the_detail_written_by_hand_is_the_canonical_json(detail: dict):
    assert audit.detail_json(detail) == audit.canonical_json(detail)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1),
    st.datetimes(timezones=st.just(UTC)).map(lambda t: t.replace(microsecond=0)),
    st.none() | st.integers(),
    st.text(),
    st.text(),
    st.text(),
    st.dictionaries(st.text(), st.text(), max_size=3).map(audit.canonical_json),
)
def test_an_entry_hashed_by_hand_hashes_the_canonical_json(
    entry_id: int, at: datetime, actor_id: int | None, actor: str, action: str, target: str,
    detail: str,
):
    fields = [entry_id, at.isoformat(), actor_id, actor, action, target, detail, audit.GENESIS]
    expected = hashlib.sha256(audit.canonical_json(fields).encode("utf-8")).hexdigest()
    assert audit._entry_hash(
        entry_id, at, actor_id, actor, action, target, detail, audit.GENESIS
    ) == expected
