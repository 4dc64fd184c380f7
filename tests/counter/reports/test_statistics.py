"""Statistics on a hand-made week whose every figure is counted by hand (statistics_support)."""

from __future__ import annotations

from datetime import date

import pytest

from counter.day.figures import CountRow
from counter.desk import Desk
from counter.errors import PermissionDenied, ValidationError
from counter.reports.statistics import (
    CaseStatistics,
    Outcome,
    Period,
    case_statistics,
    period_range,
)
from counter.users import Actor
from tests.counter.reports.statistics_support import AS_OF, END, HRSS, SAMR, START, load_week


def _stats(desk: Desk, actor: Actor, start: date = START, end: date = END) -> CaseStatistics:
    with desk.store.read() as session:
        return case_statistics(session, actor, start, end, calendar=desk.calendar,
                               zone=desk.zone, as_of=AS_OF)


def test_breakdowns_of_the_week(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    s = _stats(desk, supervisor)
    assert s.total == 12  # case 13 was taken in the Monday after
    assert s.by_item == (
        CountRow("RS-002", "失业保险金申领", 5, HRSS),
        CountRow("SCJG-004", "食品经营许可", 5, SAMR),
        CountRow("RS-001", "社会保障卡申领", 2, HRSS),
    )
    assert [(r.name, r.count) for r in s.by_department] == [(HRSS, 7), (SAMR, 5)]
    assert [(r.key, r.name, r.count) for r in s.by_clerk] == [("1", "王芳", 7), ("2", "赵磊", 5)]
    assert {r.key: r.count for r in s.by_decision} == {
        "accept": 7, "accept_pending": 1, "request_correction": 2, "refuse": 2,
    }
    # delivered cases 1 and 2 are told apart by the event that decided them
    assert [(r.key, r.count) for r in s.by_outcome] == [
        ("accepted", 2),  # 5 in review, 9 submitted after its correction
        ("accepted_pending", 1),
        ("correction_requested", 1),
        ("refused", 2),
        ("voided", 1),
        ("approved", 3),  # 1 delivered, 3 result ready, 7 approved
        ("rejected", 2),  # 2 delivered, 4 rejected
    ]
    assert s.outcome_count(Outcome.APPROVED) == 3


def test_rates_and_times(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    s = _stats(desk, supervisor)
    assert (s.corrections, s.refusals) == (2, 2)
    assert s.correction_rate == pytest.approx(2 / 12)
    assert s.refusal_rate == pytest.approx(2 / 12)
    assert s.decided == 5
    assert s.hours_to_result == pytest.approx((72 + 183.5 + 176 + 30 + 2) / 5)  # 92.7
    assert s.working_days_to_result == pytest.approx((3 + 6 + 5 + 1 + 0) / 5)
    # case 2 was decided at 00:30 on the 10th, office time: a day late, though the 9th in UTC
    # on time: 1, 3 (on its due date), 4, 7; open and past due: 5 and 9
    assert (s.on_time, s.late, s.overdue_open) == (4, 1, 2)
    assert s.on_time_rate == pytest.approx(4 / 7)


def test_evaluations(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    e = _stats(desk, supervisor).evaluations
    assert e.count == 6
    assert e.by_level == (1, 1, 1, 1, 2)
    assert e.average == pytest.approx(20 / 6)
    assert (e.satisfied, e.satisfied_share, e.low) == (3, 0.5, 2)


def test_one_day_and_later_as_of(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    monday = _stats(desk, supervisor, START, START)
    assert monday.total == 2 and monday.decided == 2
    assert monday.hours_to_result == pytest.approx((72 + 183.5) / 2)
    assert (monday.on_time, monday.late, monday.on_time_rate) == (1, 1, 0.5)
    assert monday.evaluations.by_level == (0, 0, 0, 0, 1)
    with desk.store.read() as session:
        early = case_statistics(session, supervisor, START, END, calendar=desk.calendar,
                                zone=desk.zone, as_of=date(2026, 3, 11))
    assert early.overdue_open == 0  # case 5 is due on the 11th itself: not yet late


def test_an_empty_range(desk: Desk, admin: Actor) -> None:
    load_week(desk)
    s = _stats(desk, admin, date(2026, 4, 1), date(2026, 4, 30))
    assert s.total == 0 and s.by_item == () and s.by_clerk == ()
    assert all(row.count == 0 for row in s.by_outcome) and len(s.by_outcome) == 7
    assert s.correction_rate is None and s.refusal_rate is None and s.on_time_rate is None
    assert s.hours_to_result is None and s.working_days_to_result is None
    assert s.evaluations.count == 0 and s.evaluations.average is None
    assert s.evaluations.satisfied_share is None


def test_clerks_may_not_see_statistics(desk: Desk, clerk: Actor) -> None:
    load_week(desk)
    with pytest.raises(PermissionDenied) as refused:
        _stats(desk, clerk)
    assert "view_statistics" in str(refused.value)


def test_a_range_ending_before_it_starts(desk: Desk, supervisor: Actor) -> None:
    with pytest.raises(ValidationError):
        _stats(desk, supervisor, END, START)


def test_period_ranges() -> None:
    thursday = date(2026, 2, 12)
    assert period_range(Period.DAY, thursday) == (thursday, thursday)
    assert period_range(Period.WEEK, thursday) == (date(2026, 2, 9), date(2026, 2, 15))
    assert period_range(Period.MONTH, thursday) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_range(Period.MONTH, date(2026, 12, 31)) == (date(2026, 12, 1),
                                                              date(2026, 12, 31))
    assert period_range(Period.YEAR, thursday) == (date(2026, 1, 1), date(2026, 12, 31))
