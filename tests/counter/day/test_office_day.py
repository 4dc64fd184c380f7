"""The office's day for a supervisor: every desk's cases, masked, filtered; deadline counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter.catalog.workcal import WorkCalendar
from counter.day.office import OfficeDayFilter, deadline_counts, office_day
from counter.errors import PermissionDenied
from counter.intake.submit import submit_intake
from counter.store.models import Case, OfficeCase
from tests.conftest import MONDAY_MORNING, intake_request

DAY = MONDAY_MORNING.date()


def other_desk_case(number: str, state: str, *, due: date | None = None, day: date = DAY,
                    hour: int = 3) -> OfficeCase:
    return OfficeCase(
        id=f"other-{number}", acceptance_no=f"140121-02-{day:%Y%m%d}-{number}", desk_code="02",
        clerk_name="赵磊", service_code="RS-002", service_name="失业保险金申领",
        applicant_name="李秀英", applicant_id_masked="**************0026", state=state,
        accepted_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        local_date=day.isoformat(), due_date=due, updated_at=datetime.now(UTC),
    )


def test_the_day_holds_every_desk_newest_first_with_masked_ids(desk, clerk, supervisor):  # type: ignore[no-untyped-def]
    ours = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    with desk.store.write() as session:
        session.add(other_desk_case("0001", "submitted", hour=0))
        session.add(other_desk_case("0002", "voided", hour=23))
        session.add(other_desk_case("0003", "submitted", day=date(2026, 1, 1)))  # another day
    with desk.store.read() as session:
        rows = office_day(session, supervisor, DAY)
        full = session.get(Case, ours.case_id).applicant_id_number  # type: ignore[union-attr]
    assert [r.desk_code for r in rows] == ["02", "01", "02"]
    assert [r.own for r in rows] == [False, True, False]
    own = rows[1]
    assert own.acceptance_no == ours.acceptance_no
    assert full not in own.applicant_id_masked and own.applicant_id_masked.endswith(full[-4:])


@pytest.mark.parametrize(("wanted", "numbers"), [
    (OfficeDayFilter(desk_code="02"), ["0002", "0001"]),
    (OfficeDayFilter(state="voided"), ["0002"]),
    (OfficeDayFilter(clerk_name="赵磊", state="submitted"), ["0001"]),
    (OfficeDayFilter(service_code="NOPE"), []),
])
def test_filters(desk, supervisor, wanted, numbers):  # type: ignore[no-untyped-def]
    with desk.store.write() as session:
        session.add(other_desk_case("0001", "submitted", hour=1))
        session.add(other_desk_case("0002", "voided", hour=2))
    with desk.store.read() as session:
        rows = office_day(session, supervisor, DAY, wanted)
    assert [r.acceptance_no[-4:] for r in rows] == numbers


def test_a_clerk_may_not_review_the_office(desk, clerk):  # type: ignore[no-untyped-def]
    with desk.store.read() as session, pytest.raises(PermissionDenied):
        office_day(session, clerk, DAY)


def test_deadline_counts_on_the_working_day_calendar(desk):  # type: ignore[no-untyped-def]
    """On 30 Sep 2026, before the National Day week: 8 Oct is 1 working day away."""
    today = date(2026, 9, 30)
    with desk.store.write() as session:
        session.add(other_desk_case("0001", "in_review", due=date(2026, 9, 29)))  # overdue
        session.add(other_desk_case("0002", "submitted", due=date(2026, 10, 8)))  # due soon
        session.add(other_desk_case("0003", "submitted", due=date(2026, 10, 20)))  # not yet
        session.add(other_desk_case("0004", "approved", due=date(2026, 9, 1)))  # decided
        session.add(other_desk_case("0005", "delivered", due=date(2026, 9, 1)))  # done
    with desk.store.read() as session:
        counts = deadline_counts(session, today, WorkCalendar.builtin(), soon_days=2)
    assert (counts.overdue, counts.due_soon) == (1, 1)
