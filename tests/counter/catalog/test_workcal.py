"""Working-day calendar, checked against the State Council's holiday notices."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.catalog.workcal import DayRule, Deadline, WorkCalendar

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.builtin()


def _days(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _through_2026(cal: WorkCalendar) -> WorkCalendar:
    """The built-in data cut at 2026, so tests about 2027 hold after package updates."""
    return WorkCalendar(
        {d: r for d, r in cal.special_days.items() if d.year <= 2026},
        [y for y in cal.years if y <= 2026],
    )


# -- built-in data ------------------------------------------------------------


def test_builtin_covers_the_package_range(cal: WorkCalendar) -> None:
    assert cal.covers(2004)
    assert cal.covers(2025)
    assert cal.covers(2026)
    assert not cal.covers(2003)
    assert not cal.covers(2031)
    assert cal.years == frozenset(range(min(cal.years), max(cal.years) + 1))


def test_builtin_agrees_with_the_package_on_every_covered_day(cal: WorkCalendar) -> None:
    for year in sorted(cal.years):
        for d in _days(f"{year}-01-01", f"{year}-12-31"):
            assert cal.is_working_day(d) == chinese_calendar.is_workday(d), d


def test_ordinary_weekdays_and_weekends(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D("2025-03-12"))  # Wednesday
    assert not cal.is_working_day(D("2025-03-15"))  # Saturday
    assert not cal.is_working_day(D("2025-03-16"))  # Sunday
    assert cal.special_day(D("2025-03-12")) is None


def test_2025_spring_festival(cal: WorkCalendar) -> None:
    # 国务院办公厅关于2025年部分节假日安排的通知:
    # 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    # 1月26日（周日）、2月8日（周六）上班。
    for d in _days("2025-01-28", "2025-02-04"):
        assert not cal.is_working_day(d), d
        assert cal.special_day(d) == DayRule(working=False, name="春节")
    assert cal.is_working_day(D("2025-01-26"))  # Sunday, make-up day
    assert cal.is_working_day(D("2025-02-08"))  # Saturday, make-up day
    assert cal.special_day(D("2025-02-08")) == DayRule(working=True, name="春节")
    assert cal.is_working_day(D("2025-01-27"))
    assert cal.is_working_day(D("2025-02-05"))


def test_2025_national_day(cal: WorkCalendar) -> None:
    # 国务院办公厅关于2025年部分节假日安排的通知:
    # 10月1日（周三）至8日（周三）放假调休，共8天。
    # 9月28日（周日）、10月11日（周六）上班。
    for d in _days("2025-10-01", "2025-10-08"):
        assert not cal.is_working_day(d), d
    assert cal.special_day(D("2025-10-06")) == DayRule(working=False, name="中秋")
    assert cal.is_working_day(D("2025-09-28"))
    assert cal.is_working_day(D("2025-10-11"))
    assert cal.is_working_day(D("2025-10-09"))


def test_2026_spring_festival(cal: WorkCalendar) -> None:
    # 国务院办公厅关于2026年部分节假日安排的通知:
    # 2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    # 2月14日（周六）、2月28日（周六）上班。
    off = {d for d, r in cal.special_days.items() if not r.working and r.name == "春节"}
    assert {d for d in off if d.year == 2026} == set(_days("2026-02-15", "2026-02-23"))
    make_up = {d for d, r in cal.special_days.items() if r.working and r.name == "春节"}
    assert {d for d in make_up if d.year == 2026} == {D("2026-02-14"), D("2026-02-28")}
    assert cal.is_working_day(D("2026-02-14"))
    assert cal.is_working_day(D("2026-02-28"))
    assert not cal.is_working_day(D("2026-02-23"))  # Monday off
    assert cal.is_working_day(D("2026-02-24"))


def test_2026_national_day(cal: WorkCalendar) -> None:
    # 国务院办公厅关于2026年部分节假日安排的通知:
    # 10月1日（周四）至7日（周三）放假调休，共7天。
    # 9月20日（周日）、10月10日（周六）上班。
    # 中秋节: 9月25日（周五）至27日（周日）放假，共3天。
    off = {d for d, r in cal.special_days.items() if not r.working and r.name == "国庆节"}
    assert {d for d in off if d.year == 2026} == set(_days("2026-10-01", "2026-10-07"))
    make_up = {d for d, r in cal.special_days.items() if r.working and r.name == "国庆节"}
    assert {d for d in make_up if d.year == 2026} == {D("2026-09-20"), D("2026-10-10")}
    for d in _days("2026-09-25", "2026-09-27"):
        assert cal.special_day(d) == DayRule(working=False, name="中秋")
    assert cal.is_working_day(D("2026-10-08"))


# -- deadlines across holidays (counted by hand) -------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Accepted Friday 2025-01-24: Sat off, Sun 01-26 make-up, Mon 01-27,
        # 01-28..02-04 off, then 02-05, 02-06, 02-07, Sat 02-08 make-up, Mon 02-10.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-24", 2, "2025-01-27"),
        ("2025-01-24", 3, "2025-02-05"),
        ("2025-01-24", 6, "2025-02-08"),
        ("2025-01-24", 7, "2025-02-10"),
        ("2025-01-27", 5, "2025-02-10"),
        # Accepted on a holiday: counting still starts the next day.
        ("2025-01-30", 1, "2025-02-05"),
        # National Day 2025: Sun 09-28 make-up, 10-01..10-08 off, Sat 10-11 make-up.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-26", 3, "2025-09-30"),
        ("2025-09-26", 4, "2025-10-09"),
        ("2025-09-26", 6, "2025-10-11"),
        ("2025-09-26", 7, "2025-10-13"),
        ("2025-09-30", 10, "2025-10-21"),
        # New Year 2026 across the year end: 01-01..01-03 off, Sun 01-04 make-up.
        ("2025-12-31", 1, "2026-01-04"),
        ("2025-12-31", 2, "2026-01-05"),
        # Spring Festival 2026: Sat 02-14 make-up, 02-15..02-23 off, Sat 02-28 make-up.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-13", 5, "2026-02-27"),
        ("2026-02-13", 6, "2026-02-28"),
        ("2026-02-13", 7, "2026-03-02"),
        # Mid-autumn 09-25..09-27 then National Day 10-01..10-07, Sat 10-10 make-up.
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-23", 1, "2026-09-24"),
        ("2026-09-23", 2, "2026-09-28"),
        ("2026-09-23", 4, "2026-09-30"),
        ("2026-09-23", 5, "2026-10-08"),
        ("2026-09-23", 7, "2026-10-10"),
        ("2026-09-23", 8, "2026-10-12"),
    ],
)
def test_deadlines_across_holidays(cal: WorkCalendar, start: str, n: int, due: str) -> None:
    assert cal.add_working_days(D(start), n) == Deadline(due=D(due), provisional=False)
    assert cal.working_days_between(D(start), D(due)) == n


def test_immediate_item_is_due_the_same_day(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D("2025-10-03"), 0) == Deadline(D("2025-10-03"), False)
    assert cal.add_working_days(D("2031-06-01"), 0) == Deadline(D("2031-06-01"), False)


def test_working_days_between(cal: WorkCalendar) -> None:
    assert cal.working_days_between(D("2025-01-24"), D("2025-01-24")) == 0
    # 2025-01-25..2025-02-10: 01-26, 01-27, 02-05, 02-06, 02-07, 02-08, 02-10.
    assert cal.working_days_between(D("2025-01-24"), D("2025-02-10")) == 7
    assert cal.working_days_between(D("2025-02-10"), D("2025-01-24")) == -7
    # The whole holiday has no working day in it.
    assert cal.working_days_between(D("2025-01-27"), D("2025-02-04")) == 0
    # 2025 starts on a Wednesday: 261 weekdays, minus 18 weekday holidays
    # (01-01; 01-28..31, 02-03, 02-04; 04-04; 05-01, 05-02, 05-05; 06-02;
    # 10-01..03, 10-06..08), plus 5 make-up days (01-26, 02-08, 04-27, 09-28, 10-11).
    assert cal.working_days_between(D("2024-12-31"), D("2025-12-31")) == 261 - 18 + 5
    # 2026 starts on a Thursday: 261 weekdays, minus 19 weekday holidays
    # (01-01, 01-02; 02-16..20, 02-23; 04-06; 05-01, 05-04, 05-05; 06-19; 09-25;
    # 10-01, 10-02, 10-05..07), plus 6 make-up days (01-04, 02-14, 02-28, 05-09,
    # 09-20, 10-10).
    assert cal.working_days_between(D("2025-12-31"), D("2026-12-31")) == 261 - 19 + 6


def test_overdue_is_negative(cal: WorkCalendar) -> None:
    due = cal.add_working_days(D("2025-09-26"), 4).due  # 2025-10-09
    # On 2025-10-13 the case is 3 working days late: 10-10, Sat 10-11 (make-up), 10-13.
    assert cal.working_days_between(D("2025-10-13"), due) == -3


# -- years without data --------------------------------------------------------


def test_year_without_data_counts_plain_weekdays(cal: WorkCalendar) -> None:
    # No notice for 2031 is loaded: 2031-10-01.. is counted as ordinary
    # weekdays (Wed, Thu, Fri, Mon, Tue) and the deadline is provisional.
    assert cal.add_working_days(D("2031-09-30"), 5) == Deadline(D("2031-10-07"), True)
    assert cal.is_working_day(D("2031-10-01"))
    assert cal.special_day(D("2031-10-01")) is None
    # 2031 starts on a Wednesday: 52 full weeks plus one Wednesday.
    assert cal.working_days_between(D("2030-12-31"), D("2031-12-31")) == 261


def test_provisional_only_once_counting_leaves_the_data() -> None:
    cal = _through_2026(WorkCalendar.builtin())
    assert not cal.covers(2027)
    # 2026-12-30 is a Wednesday; 12-31 is in covered 2026.
    assert cal.add_working_days(D("2026-12-30"), 1) == Deadline(D("2026-12-31"), False)
    # 2027-01-01 is a Friday; with no 2027 notice no New Year holiday is assumed.
    assert cal.add_working_days(D("2026-12-30"), 2) == Deadline(D("2027-01-01"), True)


def test_empty_calendar_is_all_weekdays_and_provisional() -> None:
    cal = WorkCalendar({}, ())
    assert cal.add_working_days(D("2025-01-24"), 3) == Deadline(D("2025-01-29"), True)
    assert not cal.covers(2025)


# -- serialisation and refresh -------------------------------------------------


def test_entries_round_trip(cal: WorkCalendar) -> None:
    entries = cal.to_entries()
    assert ("2025-01-26", True, "春节") in entries
    assert ("2025-01-28", False, "春节") in entries
    assert entries == sorted(entries)
    assert all(
        isinstance(i, str) and isinstance(w, bool) and isinstance(n, str) for i, w, n in entries
    )
    again = WorkCalendar.from_entries(entries, cal.years)
    assert again == cal
    assert hash(again) == hash(cal)
    assert again.to_entries() == entries
    assert again.years == cal.years


def test_refresh_replaces_the_years_it_covers(cal: WorkCalendar) -> None:
    only_2025 = [e for e in cal.to_entries() if e[0].startswith("2025-")]
    only_2026 = [e for e in cal.to_entries() if e[0].startswith("2026-")]
    old = WorkCalendar.from_entries(only_2025, [2025])
    assert not old.covers(2026)
    assert old.add_working_days(D("2026-02-13"), 2).provisional

    new = old.refreshed(only_2026, [2026])
    assert new.years == frozenset({2025, 2026})
    assert new.to_entries() == only_2025 + only_2026
    assert new.add_working_days(D("2026-02-13"), 2) == Deadline(D("2026-02-24"), False)

    # A refreshed year drops all its old special days.
    emptied = new.refreshed([], [2025])
    assert emptied.covers(2025)
    assert emptied.is_working_day(D("2025-01-28"))
    assert not emptied.is_working_day(D("2025-01-26"))
    assert emptied.to_entries() == only_2026


@pytest.mark.parametrize(
    "entries",
    [
        [("2025-13-01", False, "x")],
        [("2025-01-28", "no", "春节")],
        [("2025-01-28", False)],
        [(20250128, False, "春节")],
        [("2025-01-28", False, "春节"), ("2025-01-28", True, "春节")],
        [("2024-10-01", False, "国庆节")],  # outside the years given
    ],
)
def test_from_entries_rejects_bad_data(entries: list) -> None:
    with pytest.raises(ValueError):
        WorkCalendar.from_entries(entries, [2025])


def test_datetime_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2025, 1, 28, 9, 0))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.add_working_days(datetime(2025, 1, 28, 9, 0), 1)  # type: ignore[arg-type]


def test_negative_days_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(D("2025-01-28"), -1)


# -- properties ----------------------------------------------------------------

_BUILTIN = WorkCalendar.builtin()
starts = st.dates(min_value=date(2003, 6, 1), max_value=date(2032, 12, 31))
counts = st.integers(min_value=0, max_value=120)


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_property_deadline_is_the_nth_working_day(start: date, n: int) -> None:
    deadline = _BUILTIN.add_working_days(start, n)
    assert _BUILTIN.working_days_between(start, deadline.due) == n
    if n > 0:
        assert deadline.due > start
        assert _BUILTIN.is_working_day(deadline.due)
        assert _BUILTIN.working_days_between(start, deadline.due - timedelta(days=1)) == n - 1
        examined = range((start + timedelta(days=1)).year, deadline.due.year + 1)
        assert deadline.provisional == any(not _BUILTIN.covers(y) for y in examined)
    else:
        assert deadline == Deadline(start, False)


@settings(max_examples=200, deadline=None)
@given(a=starts, span=st.integers(min_value=-400, max_value=400))
def test_property_between_matches_a_day_by_day_count(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    lo, hi = min(a, b), max(a, b)
    walked = sum(
        _BUILTIN.is_working_day(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1)
    )
    expected = walked if b >= a else -walked
    assert _BUILTIN.working_days_between(a, b) == expected
    assert _BUILTIN.working_days_between(b, a) == -expected
