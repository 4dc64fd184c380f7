"""The platform's schema upgraded in place: a database of the first revision, with data in it.

On SQLite by default and on PostgreSQL in CI's second pass. The first
revision's database holds desks, cases and a feed written the way the
platform wrote them then (row ids, bodies without change id); after
`counter-desk exchange migrate` every change has its position, every page
is served, and a cursor a desk saved before the upgrade goes on exactly
where it stood. Revision 0003 gives each case it finds the due date of its
intake.
"""

from __future__ import annotations

import importlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import select

from sync.protocol import ChangesPage
from sync.protocol.certificates import b64url
from sync.server.cli import register
from sync.server.db import session_scope
from sync.server.feed import CURSOR_KEY, _mac, read_page_json
from sync.server.schema import (
    VERSION_TABLE,
    alembic_config,
    current_revision,
    drop_everything,
    prepare,
    upgrade,
)
from sync.server.tables import PlatformCase
from tests.sync.conftest import OFFICE_A, OFFICE_B, platform_engine

AT = datetime(2026, 3, 2, 1, 30)  # stored naive UTC, as the first revision kept it
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _first_revision_with_data(engine: Engine) -> None:
    with engine.begin() as conn:
        upgrade(conn, "0001")
        conn.execute(text("INSERT INTO x_meta (key, value) VALUES (:k, 'k3y')"), {"k": CURSOR_KEY})
        rows = [(OFFICE_A, n) for n in range(5)] + [("*", 100)] + [(OFFICE_B, n) for n in range(3)]
        rows += [(OFFICE_A, n) for n in range(5, 8)]
        for i, (office, n) in enumerate(rows):
            if office == "*":
                body = {"version": 2, "kind": "catalog_updated"}
            else:
                body = {"case_id": f"{office}-{n}", "acceptance_no": f"N{n}", "state": "in_review",
                        "reason": "", "kind": "case_state"}
            conn.execute(
                text("INSERT INTO x_change (office_code, kind, body, created_at) "
                     "VALUES (:o, :k, :b, :t)"),
                {"o": office, "k": body["kind"], "b": json.dumps(body), "t": AT + timedelta(seconds=i)},
            )


def _old_cursor(office: str, last_id: int) -> str:
    text_ = f"{last_id}:{office}"
    return b64url(text_.encode()) + "." + _mac("k3y", text_)


def _migrate(engine: Engine) -> str:
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["exchange", "migrate", "--db",
                              engine.url.render_as_string(hide_password=False)])
    assert args.func(args) == 0
    with engine.connect() as conn:
        return str(current_revision(conn))


def _read_all(engine: Engine, office: str, cursor: str | None) -> list[str]:
    seen = []
    while True:
        with session_scope(engine) as session:
            page = ChangesPage.model_validate_json(read_page_json(session, office, cursor, 2))
        seen += [getattr(c, "case_id", f"catalog {getattr(c, 'version', '')}") for c in page.changes]
        cursor = page.next_cursor
        if not page.has_more:
            return seen


@pytest.mark.parametrize("stamped", [True, False], ids=["at-0001", "made-before-migrations"])
def test_a_first_revision_database_with_data_is_upgraded_in_place(
    tmp_path: Path, stamped: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = platform_engine(tmp_path)
    _first_revision_with_data(engine)
    if not stamped:  # as `create_all` left it, before the platform had migrations
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE x_alembic_version"))
    saved = _old_cursor(OFFICE_A, 3)  # a desk had read office A's first three changes

    assert _migrate(engine) == HEAD
    assert f"from revision 0001 to {HEAD}" in capsys.readouterr().out
    prepare(engine, seed_demo=False)  # a worker starting on the upgraded database

    with engine.connect() as conn:
        positions = conn.execute(text(
            "SELECT office_code, position FROM x_change ORDER BY id"
        )).all()
    assert positions == (
        [(OFFICE_A, n) for n in range(1, 6)] + [("*", 1)] + [(OFFICE_B, n) for n in range(1, 4)]
        + [(OFFICE_A, n) for n in range(6, 9)]
    )
    a_cases = [f"{OFFICE_A}-{n}" for n in range(8)]
    assert _read_all(engine, OFFICE_A, None) == a_cases[:5] + ["catalog 2"] + a_cases[5:]
    # The cursor saved before the upgrade goes on after the third change, missing nothing.
    assert _read_all(engine, OFFICE_A, saved) == a_cases[3:5] + ["catalog 2"] + a_cases[5:]
    assert _read_all(engine, OFFICE_B, None) == ["catalog 2"] + [f"{OFFICE_B}-{n}" for n in
                                                                  range(3)]
    # New changes go on from the migrated positions.
    from sync.server.feed import add_change

    with session_scope(engine) as session:
        assert add_change(session, OFFICE_A, "case_state", {
            "case_id": "new", "acceptance_no": "N", "state": "approved"},
            datetime(2026, 3, 3, tzinfo=UTC)) == "c9"
    assert _migrate(engine) == HEAD
    assert "nothing to do" in capsys.readouterr().out
    drop_everything(engine)
    engine.dispose()


def _case_row(conn, n: int, payload: dict) -> None:  # type: ignore[no-untyped-def]
    """A case as revision 0002 stored it, with `payload` as its intake."""
    conn.execute(
        text("INSERT INTO x_case (case_id, office_code, desk_code, acceptance_no, service_code,"
             " counter_state, dept_state, applicant_kind, applicant_name, applicant_id_type,"
             " applicant_id_number, payload, received_at) VALUES (:c, :o, '01', :n, 'RS-002',"
             " 'submitted', 'received', 'person', '张伟', 'resident_id', 'X', :p, :t)"),
        {"c": f"case-{n}", "o": OFFICE_A, "n": f"N{n}", "p": json.dumps(payload), "t": AT},
    )


def test_0003_gives_each_case_the_due_date_of_its_intake(tmp_path: Path) -> None:
    revision = importlib.import_module("sync.server.migrations.versions.0003_case_due_date")
    engine = platform_engine(tmp_path)
    with engine.begin() as conn:
        upgrade(conn, "0002")
        # More cases than one step of the migration reads, some without a date.
        for n in range(revision._BATCH + 5):
            _case_row(conn, n, {"due_date": None if n % 7 == 0 else
                                (date(2026, 3, 9) + timedelta(days=n % 30)).isoformat()})
    assert _migrate(engine) == HEAD
    with engine.connect() as conn:
        due = dict(conn.execute(text("SELECT case_id, due_date FROM x_case")).all())
    assert len(due) == revision._BATCH + 5
    for n in range(revision._BATCH + 5):
        expected = None if n % 7 == 0 else date(2026, 3, 9) + timedelta(days=n % 30)
        stored = due[f"case-{n}"]
        assert (stored if stored is None or isinstance(stored, date)
                else date.fromisoformat(stored)) == expected
    with session_scope(engine) as session:  # read back as the platform reads it
        case = session.exec(select(PlatformCase).where(PlatformCase.case_id == "case-1")).one()
        assert case.due_date == date(2026, 3, 10)
    with engine.begin() as conn:  # and down again: the column goes
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        assert "due_date" not in {c["name"] for c in inspect(conn).get_columns("x_case")}
    drop_everything(engine)
    engine.dispose()


def test_the_newest_revision_makes_the_tables_the_platform_declares(tmp_path: Path) -> None:
    engine = platform_engine(tmp_path)
    prepare(engine, seed_demo=False)
    from sync.server.tables import METADATA

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    # Alembic's own record is the only table the models do not declare.
    assert [d for d in diff if d[:1] != ("remove_table",) or d[1].name != VERSION_TABLE] == []
    drop_everything(engine)
    engine.dispose()


def _numbered_case(conn, case_id: str, desk: str, number: str) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        text("INSERT INTO x_case (case_id, office_code, desk_code, acceptance_no, service_code,"
             " counter_state, dept_state, applicant_kind, applicant_name, applicant_id_type,"
             " applicant_id_number, payload, received_at) VALUES (:c, :o, :d, :n, 'RS-002',"
             " 'submitted', 'received', 'person', '张伟', 'resident_id', 'X', '{}', :t)"),
        {"c": case_id, "o": OFFICE_A, "d": desk, "n": number, "t": AT},
    )


def test_0004_finds_each_desks_highest_number_in_the_cases_it_holds(tmp_path: Path) -> None:
    engine = platform_engine(tmp_path)
    with engine.begin() as conn:
        upgrade(conn, "0003")
        for n, (desk, number) in enumerate([
            ("01", f"{OFFICE_A}-01-20260302-0004"), ("01", f"{OFFICE_A}-01-20260302-0012"),
            ("01", f"{OFFICE_A}-01-20260303-0001"), ("02", f"{OFFICE_A}-02-20260302-0002"),
            ("01", "N7"),  # written by a test tool before numbers were checked: left out
        ]):
            _numbered_case(conn, f"case-{n}", desk, number)
    assert _migrate(engine) == HEAD
    with engine.connect() as conn:
        found = conn.execute(text(
            "SELECT desk_code, day, last_seq FROM x_issued_number ORDER BY desk_code, day"
        )).all()
    assert [(d, str(day), seq) for d, day, seq in found] == [
        ("01", "2026-03-02", 12), ("01", "2026-03-03", 1), ("02", "2026-03-02", 2)]
    drop_everything(engine)
    engine.dispose()


def test_0004_stops_on_an_office_holding_one_number_twice_and_changes_nothing(
    tmp_path: Path,
) -> None:
    engine = platform_engine(tmp_path)
    number = f"{OFFICE_A}-01-20260302-0004"
    with engine.begin() as conn:
        upgrade(conn, "0003")
        _numbered_case(conn, "case-1", "01", number)
        _numbered_case(conn, "case-2", "01", number)
    with pytest.raises(RuntimeError, match=f"{OFFICE_A} {number}"), engine.begin() as conn:
        upgrade(conn)
    with engine.connect() as conn:
        assert current_revision(conn) == "0003"
        assert "x_issued_number" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM x_case")).scalar() == 2
    drop_everything(engine)
    engine.dispose()
