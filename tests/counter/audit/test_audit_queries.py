"""Reading the audit log: newest first, filters by office day, actor, action and target; roles."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from counter.audit import log as audit
from counter.audit.queries import (
    AuditFilter,
    audit_facets,
    audit_ids,
    audit_page,
    audit_rows,
    verify_chain,
)
from counter.errors import PermissionDenied
from counter.store.models import AuditEntry


def add(desk, at: datetime, actor: str, action: str, target: str) -> int:
    with desk.store.write() as session:
        entry_id, _ = audit.append(
            session, actor_id=None, actor_name=actor, action=action, target=target, at=at
        )
    return entry_id


@pytest.fixture
def entries(desk) -> dict[str, int]:
    """Four entries over two office days (Beijing time), after the demo desk's own."""
    return {
        # 2026-03-01 23:30 in Beijing
        "late": add(desk, datetime(2026, 3, 1, 15, 30, tzinfo=UTC), "赵测试", "case.intake",
                    "case:140121-01-20260301-0007"),
        # 2026-03-02 00:10 in Beijing: the next office day, though still 1 March in UTC
        "midnight": add(desk, datetime(2026, 3, 1, 16, 10, tzinfo=UTC), "赵测试", "test.void",
                        "case:140121-01-20260302-0001"),
        "morning": add(desk, datetime(2026, 3, 2, 1, 30, tzinfo=UTC), "钱测试", "test.void",
                       "case:140121-01-20260302-0002"),
        "odd": add(desk, datetime(2026, 3, 2, 2, 0, tzinfo=UTC), "钱测试", "test.note",
                   "note:100%_done"),
    }


def test_entries_are_listed_newest_first(desk, supervisor, entries):
    with desk.store.read() as session:
        ids = audit_ids(session, supervisor)
    assert ids == sorted(ids, reverse=True)
    assert ids[:4] == [entries["odd"], entries["morning"], entries["midnight"], entries["late"]]


def test_date_range_is_in_office_days(desk, supervisor, entries):
    with desk.store.read() as session:
        second = audit_ids(
            session, supervisor, AuditFilter(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2))
        )
        first = audit_ids(
            session, supervisor, AuditFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 1))
        )
    assert second == [entries["odd"], entries["morning"], entries["midnight"]]
    assert first == [entries["late"]]


def test_actor_action_and_target_filters_combine(desk, supervisor, entries):
    with desk.store.read() as session:
        assert audit_ids(session, supervisor, AuditFilter(actor="赵测试")) == [
            entries["midnight"],
            entries["late"],
        ]
        assert audit_ids(session, supervisor, AuditFilter(action="test.void", actor="钱测试")) == [
            entries["morning"]
        ]
        assert audit_ids(session, supervisor, AuditFilter(target="20260302")) == [
            entries["morning"],
            entries["midnight"],
        ]
        # % and _ are searched as themselves, not as wildcards.
        assert audit_ids(session, supervisor, AuditFilter(target="100%_")) == [entries["odd"]]
        assert audit_ids(session, supervisor, AuditFilter(target="0%2")) == []


def test_a_page_counts_every_match_and_rows_come_by_id(desk, supervisor, entries):
    with desk.store.read() as session:
        page = audit_page(session, supervisor, AuditFilter(target="case:"), offset=1, limit=1)
        rows = audit_rows(session, supervisor, [entries["late"], entries["odd"]])
    assert page.total == 3
    assert [r.id for r in page.rows] == [entries["midnight"]]
    assert rows[entries["late"]].actor_name == "赵测试"
    assert rows[entries["late"]].at == datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    assert rows[entries["odd"]].target == "note:100%_done"


def test_facets_list_the_actors_and_actions_that_occur(desk, admin, entries):
    with desk.store.read() as session:
        facets = audit_facets(session, admin)
        total = len(session.exec(select(AuditEntry.id)).all())
    assert {"赵测试", "钱测试"} <= set(facets.actors)
    assert {"case.intake", "test.void", "test.note"} <= set(facets.actions)
    assert list(facets.actions) == sorted(facets.actions)
    assert facets.total == total


def test_only_supervisors_and_administrators_read_the_log(desk, clerk, supervisor, admin):
    with desk.store.read() as session:
        for call in (
            lambda who: audit_ids(session, who),
            lambda who: audit_rows(session, who, [1]),
            lambda who: audit_page(session, who),
            lambda who: audit_facets(session, who),
            lambda who: verify_chain(session, who),
        ):
            with pytest.raises(PermissionDenied, match="supervisor or admin"):
                call(clerk)
            assert call(supervisor) is not None
            assert call(admin) is not None


def test_verify_chain_names_the_first_tampered_entry(desk, supervisor, entries):
    with desk.store.read() as session:
        intact = verify_chain(session, supervisor)
    assert intact.ok and intact.checked >= 4
    connection = desk.store.raw_connection()
    try:
        connection.execute(
            "UPDATE audit_entry SET detail = '{\"note\":\"rewritten\"}' WHERE id = ?",
            (entries["midnight"],),
        )
        connection.commit()
    finally:
        connection.close()
    with desk.store.read() as session:
        broken = verify_chain(session, supervisor)
    assert not broken.ok
    assert (broken.first_bad_id, broken.bad_action) == (entries["midnight"], "test.void")
    assert broken.bad_at == datetime(2026, 3, 1, 16, 10, tzinfo=UTC)
    assert broken.problem == "its content was changed"
