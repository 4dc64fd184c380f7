"""Today's queue on the read side: filters, search, order, due marks, and the index it uses."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session

from counter.cases.actions import void_case
from counter.cases.deadlines import DueMark, DueStatus, due_mark
from counter.cases.lifecycle import CaseState
from counter.cases.queries import queue_facets, queue_ids, queue_rows
from counter.cases.queue_filters import QueueFilter, QueueSort, search_terms
from counter.catalog.workcal import WorkCalendar
from counter.desk import Desk
from counter.intake.request import Decision, MaterialStatus
from counter.intake.submit import submit_intake
from counter.users import Actor, sign_in
from tests.conftest import (
    COMPANY_ITEM,
    DEMO_PASSWORD,
    MONDAY_MORNING,
    PERSON_ITEM,
    company,
    intake_request,
    person,
    resident_id,
)

DAY = date(2026, 3, 2)  # MONDAY_MORNING in the office's zone
WANG_ID = resident_id("14012119850312002")  # ...0024 (check character 4)
LI_ID = resident_id("11010519491231002")  # ...002X
ZHAO_ID = resident_id("14010519900704003")
DAY_INDEX = "ix_case_local_date_accepted"


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar.builtin()


# -- due marks: the rule, on the real 2026 calendar ----------------------------------


def test_national_day_week_does_not_count_towards_due_soon(calendar):
    # 2026: 1–7 October off, Saturday 10 October a make-up working day.
    wednesday_before = date(2026, 9, 30)
    assert due_mark("submitted", date(2026, 10, 8), wednesday_before, calendar) == DueMark(
        DueStatus.DUE_SOON, 1, date(2026, 10, 8))
    assert due_mark("submitted", date(2026, 10, 9), wednesday_before, calendar).working_days == 2
    assert due_mark("submitted", date(2026, 10, 9), wednesday_before, calendar, 1) is None
    # 8, 9, 10 (the make-up Saturday) and 12 October: four working days away, not due soon.
    assert due_mark("submitted", date(2026, 10, 12), wednesday_before, calendar) is None
    assert due_mark("accepted", wednesday_before, wednesday_before, calendar) == DueMark(
        DueStatus.DUE_SOON, 0, wednesday_before)


def test_overdue_counts_working_days_since_the_due_date(calendar):
    due = date(2026, 9, 30)
    assert due_mark("in_review", due, date(2026, 10, 8), calendar) == DueMark(
        DueStatus.OVERDUE, 1, due)
    # the make-up Saturday counts as a working day late
    assert due_mark("in_review", due, date(2026, 10, 10), calendar).working_days == 3
    # in the holiday week it is late, but no working day has passed yet
    assert due_mark("in_review", due, date(2026, 10, 5), calendar) == DueMark(
        DueStatus.OVERDUE, 0, due)


def test_intake_due_date_lands_on_the_make_up_saturday_and_marks_agree(calendar):
    # Accepted Monday 28 September for 5 working days: 29, 30 Sep, 8, 9, 10 Oct.
    due = calendar.add_working_days(date(2026, 9, 28), 5).due
    assert due == date(2026, 10, 10)
    assert due_mark("accepted", due, date(2026, 9, 30), calendar) is None  # 3 left
    assert due_mark("accepted", due, date(2026, 10, 8), calendar).working_days == 2
    assert due_mark("accepted", due, date(2026, 10, 12), calendar) == DueMark(
        DueStatus.OVERDUE, 1, due)


@pytest.mark.parametrize("state", ["delivered", "refused", "voided", "correction_requested",
                                   "approved", "rejected", "result_ready"])
def test_decided_and_closed_cases_carry_no_mark_however_late(calendar, state):
    assert due_mark(state, date(2026, 3, 2), date(2026, 6, 1), calendar) is None


@pytest.mark.parametrize("state", ["accepted", "accepted_pending", "submitted", "in_review"])
def test_cases_waiting_for_their_result_are_marked_overdue(calendar, state):
    mark = due_mark(state, date(2026, 3, 2), date(2026, 3, 4), calendar)
    assert mark == DueMark(DueStatus.OVERDUE, 2, date(2026, 3, 2))


def test_no_due_date_no_mark_and_far_due_dates_unmarked(calendar):
    assert due_mark("accepted", None, DAY, calendar) is None
    assert due_mark("accepted", DAY + timedelta(days=30), DAY, calendar) is None
    with pytest.raises(ValueError, match="soon_days"):
        due_mark("accepted", DAY, DAY, calendar, -1)


# -- the search text ------------------------------------------------------------------


def test_search_terms_read_what_the_clerk_has_at_hand():
    assert search_terms("   ") is None
    tail = search_terms("0024")
    assert (tail.number_tail, tail.id_tail, tail.id_full) == ("0024", "0024", None)
    full = search_terms(f" {LI_ID.lower()} ")
    assert full.id_full == LI_ID and full.id_tail is None
    name = search_terms("张伟")
    assert (name.name_part, name.number_tail, name.id_tail) == ("张伟", None, None)
    # full-width digits from a Chinese input method are the same digits
    assert search_terms("００２４").id_tail == "0024"
    # any other stretch of an ID number is never an ID search
    assert search_terms("19850312").id_tail is None


# -- the day's cases ----------------------------------------------------------------


@dataclasses.dataclass
class Day:
    """Cases taken in on DAY at the desk, by name, and who took them."""

    ids: dict[str, str]
    numbers: dict[str, str]
    clerk: Actor
    clerk2: Actor


@pytest.fixture
def day(desk: Desk, clerk: Actor, supervisor: Actor) -> Day:
    clerk2 = sign_in(desk.store, "clerk2", DEMO_PASSWORD)
    plan = [
        ("王伟", clerk, PERSON_ITEM, person("王伟", WANG_ID), Decision.ACCEPT),
        ("李娜", clerk2, PERSON_ITEM, person("李娜", LI_ID), Decision.ACCEPT),
        ("味道", clerk, COMPANY_ITEM, company(), Decision.ACCEPT),
        ("赵伟", clerk2, PERSON_ITEM, person("赵伟", ZHAO_ID), Decision.REQUEST_CORRECTION),
        ("张伟", clerk, PERSON_ITEM, person("张伟", resident_id("14012119700101001")),
         Decision.ACCEPT),
    ]
    ids: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for n, (name, actor, code, applicant, decision) in enumerate(plan):
        statuses = None
        if decision == Decision.REQUEST_CORRECTION:
            statuses = {m: MaterialStatus.MISSING for m in ("M01",)}
        request = intake_request(desk, code, decision=decision, statuses=statuses,
                                 applicant=applicant)
        result = submit_intake(desk, actor, request, now=MONDAY_MORNING + timedelta(minutes=n))
        ids[name], numbers[name] = result.case_id, result.acceptance_no
    void_case(desk, supervisor, ids["张伟"], "申请人当场撤回申请")
    # A case of the day before, with the same applicant: never in this day's queue.
    submit_intake(desk, clerk, intake_request(desk, PERSON_ITEM, applicant=person("王伟", WANG_ID)),
                  now=MONDAY_MORNING - timedelta(days=3))
    return Day(ids, numbers, clerk, clerk2)


def _names(desk: Desk, day: Day, query: QueueFilter | None = None) -> list[str]:
    by_id = {case_id: name for name, case_id in day.ids.items()}
    with desk.store.read() as session:
        return [by_id[i] for i in queue_ids(session, DAY, query)]


def test_the_day_newest_first_without_other_days(desk, day):
    assert _names(desk, day) == ["张伟", "赵伟", "味道", "李娜", "王伟"]


def test_filters_by_state_item_and_clerk(desk, day):
    assert _names(desk, day, QueueFilter(state="voided")) == ["张伟"]
    assert _names(desk, day, QueueFilter(state="correction_requested")) == ["赵伟"]
    assert _names(desk, day, QueueFilter(state="accepted")) == ["味道", "李娜", "王伟"]
    assert _names(desk, day, QueueFilter(service_code=COMPANY_ITEM)) == ["味道"]
    assert _names(desk, day, QueueFilter(clerk_id=day.clerk2.id)) == ["赵伟", "李娜"]
    both = QueueFilter(state="accepted", service_code=PERSON_ITEM, clerk_id=day.clerk.id)
    assert _names(desk, day, both) == ["王伟"]
    assert _names(desk, day, QueueFilter(state="delivered")) == []


def test_search_by_acceptance_number_whole_or_tail(desk, day):
    whole = day.numbers["李娜"]
    assert _names(desk, day, QueueFilter(search=whole)) == ["李娜"]
    assert whole.endswith("-0002")
    assert _names(desk, day, QueueFilter(search="-0002")) == ["李娜"]
    assert _names(desk, day, QueueFilter(search="3")) == ["味道"]  # ...-0003 alone ends in 3
    assert _names(desk, day, QueueFilter(search=whole[:-1])) == []  # a prefix is not a tail


def test_search_by_name_part(desk, day):
    assert _names(desk, day, QueueFilter(search="伟")) == ["张伟", "赵伟", "王伟"]
    assert _names(desk, day, QueueFilter(search="味道餐饮")) == ["味道"]
    assert _names(desk, day, QueueFilter(search="%")) == []  # no wildcard gets through
    assert _names(desk, day, QueueFilter(search="_")) == []


def test_search_by_id_number_whole_or_last_four_and_nothing_else(desk, day):
    assert _names(desk, day, QueueFilter(search=WANG_ID)) == ["王伟"]
    assert _names(desk, day, QueueFilter(search=WANG_ID[-4:])) == ["王伟"]
    assert _names(desk, day, QueueFilter(search="002x")) == ["李娜"]  # check character, any case
    assert _names(desk, day, QueueFilter(search=LI_ID.lower())) == ["李娜"]
    # Other stretches of the number find nothing: the masked digits cannot be probed.
    assert _names(desk, day, QueueFilter(search=WANG_ID[-5:])) == []
    assert _names(desk, day, QueueFilter(search=WANG_ID[6:14])) == []
    assert _names(desk, day, QueueFilter(search=WANG_ID[:6])) == []
    assert _names(desk, day, QueueFilter(search=WANG_ID[:-1])) == []


def test_rows_found_by_id_number_show_it_masked_only(desk, day):
    with desk.store.read() as session:
        for text in (WANG_ID, WANG_ID[-4:]):
            ids = queue_ids(session, DAY, QueueFilter(search=text))
            (row,) = queue_rows(session, ids).values()
            assert row.applicant_id_masked == "*" * 14 + WANG_ID[-4:]
            shown = " ".join(str(v) for v in dataclasses.astuple(row))
            assert WANG_ID not in shown and WANG_ID[6:14] not in shown


def test_search_combines_with_filters(desk, day):
    query = QueueFilter(search="伟", clerk_id=day.clerk.id, state="accepted")
    assert _names(desk, day, query) == ["王伟"]


def test_sort_orders(desk, day):
    def by(sort: QueueSort, descending: bool) -> list[str]:
        return _names(desk, day, QueueFilter(sort=sort, descending=descending))

    assert by(QueueSort.TIME, False) == ["王伟", "李娜", "味道", "赵伟", "张伟"]
    assert by(QueueSort.NUMBER, False) == ["王伟", "李娜", "味道", "赵伟", "张伟"]
    assert by(QueueSort.NUMBER, True) == ["张伟", "赵伟", "味道", "李娜", "王伟"]
    # Lifecycle order, not the alphabet: accepted, correction requested, then voided;
    # newest first among equals.
    assert by(QueueSort.STATE, False) == ["味道", "李娜", "王伟", "赵伟", "张伟"]
    assert by(QueueSort.STATE, True) == ["张伟", "赵伟", "味道", "李娜", "王伟"]
    assert by(QueueSort.CLERK, False)[:3] == ["张伟", "味道", "王伟"]  # 王芳 < 赵磊 by code point
    due = by(QueueSort.DUE, False)
    assert due[-1] == "赵伟"  # no due date (sent back for correction): last either way
    assert by(QueueSort.DUE, True)[-1] == "赵伟"
    with desk.store.read() as session:
        rows = queue_rows(session, list(day.ids.values()))
    dues = [rows[day.ids[n]].due_date for n in due[:-1]]
    assert dues == sorted(dues)


def test_state_sort_follows_the_lifecycle():
    order = list(CaseState)
    assert order.index(CaseState.ACCEPTED) < order.index(CaseState.IN_REVIEW) < order.index(
        CaseState.DELIVERED)


def test_facets_list_the_day_items_and_clerks(desk, day):
    with desk.store.read() as session:
        facets = queue_facets(session, DAY)
    assert {code for code, _name in facets.items} == {PERSON_ITEM, COMPANY_ITEM}
    assert dict(facets.clerks) == {day.clerk.id: day.clerk.display_name,
                                   day.clerk2.id: day.clerk2.display_name}
    assert facets.total == 5


# -- the id query stays on the day's index ------------------------------------------


QUERIES = [
    QueueFilter(),
    QueueFilter(state="accepted"),
    QueueFilter(service_code=PERSON_ITEM, sort=QueueSort.DUE),
    QueueFilter(state="in_review", service_code=PERSON_ITEM, sort=QueueSort.STATE),
    QueueFilter(clerk_id=1, sort=QueueSort.NUMBER, descending=False),
    QueueFilter(search="0024", state="accepted", sort=QueueSort.DUE),
    QueueFilter(search="伟", sort=QueueSort.APPLICANT),
    QueueFilter(search=WANG_ID, sort=QueueSort.ITEM),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.state}-{q.search}")
def test_every_id_query_searches_the_day_index(desk, day, query):
    sent: list[tuple[str, tuple]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        sent.append((statement, tuple(parameters or ())))

    with desk.store.read() as session:
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", listen)
        try:
            queue_ids(session, DAY, query)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        ((sql, params),) = [s for s in sent if s[0].lstrip().startswith("SELECT")]
        plan = _plan(session, sql, params)
    assert plan[0] == f"SEARCH case_record USING INDEX {DAY_INDEX} (local_date=?)", plan
    assert not any(line.startswith("SCAN") for line in plan), plan


def test_without_the_guard_sqlite_would_take_the_state_index(desk, day):
    # Why queue_ids writes "+case_record.state": the plain form walks every case in that state.
    sql = ("SELECT id FROM case_record WHERE local_date = ? AND state = ? "
           "ORDER BY due_date")
    with desk.store.read() as session:
        plan = _plan(session, sql, (DAY.isoformat(), "accepted"))
    assert DAY_INDEX not in plan[0]


def _plan(session: Session, sql: str, params: tuple) -> list[str]:
    connection = session.connection().connection.driver_connection
    return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def test_due_mark_of_a_real_intake(desk, clerk, calendar):
    # Taken in on Monday 28 September 2026 for RS-002 (5 working days): due on the make-up Saturday.
    monday = datetime(2026, 9, 28, 1, 30, tzinfo=UTC)
    result = submit_intake(desk, clerk, intake_request(desk), now=monday)
    with desk.store.read() as session:
        (row,) = queue_rows(session, [result.case_id]).values()
    assert row.due_date == date(2026, 10, 10)
    mark = due_mark(row.state, row.due_date, date(2026, 10, 9), desk.calendar)
    assert mark == DueMark(DueStatus.DUE_SOON, 1, date(2026, 10, 10))
