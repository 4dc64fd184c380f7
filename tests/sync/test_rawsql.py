"""Rows written and read by plain SQL on the session's connection are SQLAlchemy's rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from sync.server.db import insert_many, session_scope
from sync.server.rawsql import raw
from sync.server.tables import AuditHeadRow, PlatformCase
from tests.sync.conftest import Platform

_CASES = PlatformCase.__table__  # type: ignore[attr-defined]


def _case(case_id: str, received_at: datetime, **changes: object) -> dict:
    row = {
        "case_id": case_id, "office_code": "140121", "desk_code": "01",
        "acceptance_no": f"140121-01-20260302-{int(case_id.startswith('orm'))}{case_id[-3:]}", "service_code": "RS-002",
        "counter_state": "accepted", "dept_state": "received", "applicant_kind": "person",
        "applicant_name": "张伟", "applicant_id_type": "resident_id",
        "applicant_id_number": "11010519491231002X", "payload": '{"名":"值"}',
        "received_at": received_at, "dept_since": received_at, "due_date": date(2026, 3, 9),
    }
    row.update(changes)
    return row


def test_rows_inserted_raw_read_back_as_inserted_by_sqlalchemy(platform: Platform) -> None:
    at = datetime(2026, 3, 2, 9, 30, 0, tzinfo=timezone(timedelta(hours=8)))
    whole_second = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    with session_scope(platform.engine) as session:
        ids = insert_many(session, _CASES, [
            _case("raw-0001", at), _case("raw-0002", whole_second, due_date=None, dept_since=None),
        ], key="case_id")
        session.execute(insert(_CASES), [
            _case("orm-0001", at), _case("orm-0002", whole_second, due_date=None, dept_since=None),
        ])
    assert set(ids) == {"raw-0001", "raw-0002"}
    with session_scope(platform.engine) as session:
        rows = {r.case_id: r._asdict() for r in session.execute(select(_CASES))}
        db = raw(session)
        since = db.from_db(_CASES, "dept_since")
        read = dict(db.rows("SELECT case_id, dept_since FROM x_case"))
    for name in ("0001", "0002"):
        ours, theirs = dict(rows[f"raw-{name}"]), dict(rows[f"orm-{name}"])
        assert ids[f"raw-{name}"] == ours.pop("id")
        theirs.pop("id")
        assert {**ours, "case_id": "", "acceptance_no": ""} == {
            **theirs, "case_id": "", "acceptance_no": ""}
        assert since(read[f"raw-{name}"]) == since(read[f"orm-{name}"]) == ours["dept_since"]
    assert rows["raw-0001"]["received_at"] == at and rows["raw-0001"]["received_at"].tzinfo == UTC


def test_a_driver_error_is_raised_as_sqlalchemy_s_with_the_parameters_hidden(
    platform: Platform,
) -> None:
    at = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    with session_scope(platform.engine) as session:
        insert_many(session, _CASES, [_case("twice-0001", at)])
    with pytest.raises(IntegrityError) as refused, session_scope(platform.engine) as session:
        insert_many(session, _CASES, [_case("twice-0001", at)])
    assert "11010519491231002X" not in str(refused.value)
    with pytest.raises(IntegrityError), session_scope(platform.engine) as session:
        raw(session).run(
            "INSERT INTO x_audit_head (desk_id, entry_id, hash, received_at) VALUES (?, ?, ?, ?)",
            [1, 1, "a" * 64, None],
        )
    with session_scope(platform.engine) as session:
        assert session.execute(select(AuditHeadRow)).first() is None
