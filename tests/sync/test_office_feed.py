"""The office's day for a supervisor: each desk hears of the other desks' cases by the feed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from counter.cases.actions import void_case
from counter.clock import utc_now
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE
from counter.store.database import Store
from counter.store.models import Case, OfficeCase
from sync.server import simulator
from tests.conftest import intake_request
from tests.sync.engine_support import (
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)


@pytest.fixture
def other_desk(template_dir: Path, tmp_path: Path) -> Iterator[Desk]:
    """Desk 02 of the same office, with its own store."""
    folder = tmp_path / "desk02"
    folder.mkdir()
    shutil.copyfile(template_dir / DATABASE_FILE, folder / DATABASE_FILE)
    desk = Desk(Store(folder / DATABASE_FILE), "140121", "02")
    yield desk
    desk.store.dispose()


def office_cases(desk: Desk) -> dict[str, OfficeCase]:
    with desk.store.read() as session:
        return {c.acceptance_no: c for c in session.exec(select(OfficeCase)).all()}


def test_each_desk_sees_the_others_cases_with_masked_ids(desk, other_desk, clerk, supervisor, live):  # type: ignore[no-untyped-def]
    first = make_engine(desk, live.url, live.platform.tokens["A"])
    second = make_engine(other_desk, live.url, live.platform.tokens["A2"])
    ours = submit_intake(desk, clerk, intake_request(desk))
    theirs = [submit_intake(other_desk, clerk, intake_request(other_desk)) for _ in range(2)]
    second.run_once()
    first.run_once()

    seen = office_cases(desk)
    assert sorted(seen) == sorted(r.acceptance_no for r in theirs)
    row = seen[theirs[0].acceptance_no]
    assert (row.desk_code, row.state, row.clerk_name) == ("02", "submitted", clerk.username)
    assert "*" in row.applicant_id_masked  # never the whole number on another desk
    with other_desk.store.read() as session:
        full = session.get(Case, theirs[0].case_id).applicant_id_number  # type: ignore[union-attr]
    assert full not in row.applicant_id_masked and row.applicant_id_masked[-4:] == full[-4:]
    assert row.service_name  # the item's name, for the supervisor's list

    # The other desk sees ours, and not its own (it holds those whole).
    second.run_once()
    assert list(office_cases(other_desk)) == [ours.acceptance_no]

    # A department decides and the other desk voids: both show on desk 01's copy.
    schedule = live.platform.app.state.settings.simulator
    simulator.advance(live.platform.engine, schedule,
                      utc_now() + timedelta(seconds=schedule.review_after_s + 1))
    void_case(other_desk, supervisor, theirs[1].case_id, "申请人撤回申请")
    second.run_once()
    first.run_once()
    seen = office_cases(desk)
    assert seen[theirs[1].acceptance_no].state == "voided"
    assert seen[theirs[0].acceptance_no].state == "in_review"


def test_the_feed_again_changes_nothing_and_a_repeated_upload_publishes_nothing(  # type: ignore[no-untyped-def]
        desk, other_desk, clerk, live):
    from sqlmodel import func

    from counter.exchange import changes as platform_changes
    from counter.store.models import Meta, OutboxItem
    from sync.server.db import session_scope
    from sync.server.tables import ChangeRow

    first = make_engine(desk, live.url, live.platform.tokens["A"])
    second = make_engine(other_desk, live.url, live.platform.tokens["A2"])
    for _ in range(2):
        submit_intake(other_desk, clerk, intake_request(other_desk))
    second.run_once()
    first.run_once()
    before = office_cases(desk)

    def published() -> int:
        with session_scope(live.platform.engine) as session:
            return session.exec(select(func.count()).select_from(ChangeRow)
                                .where(ChangeRow.kind == "desk_case")).one()

    count = published()
    # The reply was lost: desk 02 sends the same items again; the platform answers
    # "duplicate" and tells the office nothing new.
    with other_desk.store.write() as session:
        for item in session.exec(select(OutboxItem)).all():
            item.state, item.sent_at = "pending", None
            session.add(item)
    second.run_once()
    assert published() == count

    # Desk 01 lost its cursor (a crash before saving it): the whole feed again, same rows.
    with desk.store.write() as session:
        session.delete(session.get(Meta, platform_changes.CURSOR_KEY))
    first.run_once()
    again = office_cases(desk)
    assert {k: (v.state, v.desk_code) for k, v in again.items()} == \
        {k: (v.state, v.desk_code) for k, v in before.items()}
    assert len(again) == 2


def test_an_extension_moves_the_platforms_due_date_and_the_other_desks_follow(  # type: ignore[no-untyped-def]
        desk, other_desk, clerk, supervisor, live):
    from counter.day.office import deadline_counts, office_day
    from counter.supervision.actions import extend_deadline
    from sync.server.db import session_scope
    from sync.server.tables import PlatformCase

    first = make_engine(desk, live.url, live.platform.tokens["A"])
    second = make_engine(other_desk, live.url, live.platform.tokens["A2"])
    result = submit_intake(desk, clerk, intake_request(desk))
    assert first.run_once().ok
    second.run_once()
    seen = office_cases(other_desk)[result.acceptance_no]
    old_due, day = seen.due_date, date.fromisoformat(str(seen.local_date))
    assert old_due is not None and old_due == result.due_date

    def platform_due():  # type: ignore[no-untyped-def]
        with session_scope(live.platform.engine) as session:
            return session.exec(select(PlatformCase.due_date).where(
                PlatformCase.case_id == result.case_id)).one()

    assert platform_due() == old_due  # set at intake
    calendar = other_desk.calendar
    new_due = calendar.add_working_days(old_due, 10).due
    extend_deadline(desk, supervisor, result.case_id, new_due, "需现场核查")
    report = first.run_once()
    assert (report.sent, report.dead) == (1, 0)
    assert platform_due() == new_due

    # The day after the old date the case was overdue at desk 02; after its pull it is not.
    later = calendar.add_working_days(old_due, 1).due
    with other_desk.store.read() as session:
        assert deadline_counts(session, later, calendar, 3).overdue == 1
    assert second.run_once().ok
    assert office_cases(other_desk)[result.acceptance_no].due_date == new_due
    with other_desk.store.read() as session:
        [row] = [r for r in office_day(session, supervisor, day) if r.case_id == result.case_id]
        counts = deadline_counts(session, later, calendar, 3)
    assert (row.own, row.due_date) == (False, new_due)
    assert (counts.overdue, counts.due_soon) == (0, 0)
    with other_desk.store.read() as session:  # due soon as the new date nears
        assert deadline_counts(session, new_due, calendar, 3).due_soon == 1
