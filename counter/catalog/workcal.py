"""The working-day calendar that every deadline of the hall is counted in.

Time limits of service items are set in working days (工作日). A working day
is Monday to Friday unless the State Council's annual holiday notice says
otherwise: a public holiday can fall on a weekday (a day off), and a weekend
day can be a make-up working day (调休上班). Those exceptions are the only
data the calendar keeps; everything else follows the weekday rule.

The calendar knows which years its data covers. A date in a year without
data is counted by the weekday rule alone and the result is flagged
provisional, because the notice for that year is not known yet: no holiday is
ever guessed. The built-in data comes from the ``chinese_calendar`` package;
the platform can later send newer years, which replace the years they cover
(`WorkCalendar.refreshed`). The store keeps the data as plain tuples
(`WorkCalendar.to_entries` / `WorkCalendar.from_entries`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

from chinese_calendar.constants import Holiday, holidays, workdays

__all__ = ["DayRule", "Deadline", "Entry", "WorkCalendar"]

Entry = tuple[str, bool, str]
"""One serialised special day: (ISO date, is a working day, occasion name)."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayRule:
    """What a special day is: a day off (`working` False) or a make-up working day.

    `name` is the occasion the notice gives for it, e.g. "春节".
    """

    working: bool
    name: str


@dataclass(frozen=True)
class Deadline:
    """The date a time limit ends on.

    `provisional` is True when counting passed through a year the calendar has
    no holiday data for; the date was then counted on plain weekdays and may
    move once that year's notice is loaded.
    """

    due: date
    provisional: bool


def _check_date(value: object, what: str) -> date:
    # A datetime is a date subclass but never equals a date key, so special
    # days would silently be missed; make the caller say which day it means.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")
    return value


def _weekdays_through(d: date) -> int:
    """Number of Mondays to Fridays from 0001-01-01 up to and including `d`."""
    # Ordinal 1 (0001-01-01) is a Monday, so every block of 7 ordinals holds
    # exactly 5 weekdays and a partial block holds up to 5.
    o = d.toordinal()
    return 5 * (o // 7) + min(o % 7, 5)


class WorkCalendar:
    """Working days: Mon–Fri, overridden by the special days of the covered years.

    Built from data only: `special_days` maps a date to its `DayRule` and
    `years` lists the years that data is complete for. Every special day must
    lie in a covered year, so that "covered" always means "the whole notice is
    here". Instances are immutable; `refreshed` returns a new one.
    """

    def __init__(self, special_days: Mapping[date, DayRule], years: Iterable[int]):
        covered = frozenset(int(y) for y in years)
        days: dict[date, DayRule] = {}
        for d, rule in special_days.items():
            _check_date(d, "special day")
            if not isinstance(rule, DayRule):
                raise TypeError(f"rule for {d.isoformat()} must be a DayRule")
            if d.year not in covered:
                raise ValueError(f"special day {d.isoformat()} lies outside the covered years")
            days[d] = rule
        self._years = covered
        self._days = MappingProxyType(dict(sorted(days.items())))
        # Sorted dates let working_days_between look at only the special
        # days inside its range instead of walking day by day.
        self._sorted_days = list(self._days)

    # -- construction -------------------------------------------------------

    @classmethod
    def builtin(cls) -> WorkCalendar:
        """The calendar from the installed ``chinese_calendar`` package.

        Covers every year the package has data for (the same range it accepts
        itself). Occasion names are given in Chinese where the package knows them.
        """
        chinese = {h.value: h.chinese for h in Holiday}
        days: dict[date, DayRule] = {}
        for d, name in holidays.items():
            days[d] = DayRule(working=False, name=chinese.get(name, name))
        for d, name in workdays.items():
            days[d] = DayRule(working=True, name=chinese.get(name, name))
        all_dates = list(holidays) + list(workdays)
        if not all_dates:
            return cls({}, ())
        first = min(all_dates).year
        last = max(all_dates).year
        return cls(days, range(first, last + 1))

    @classmethod
    def from_entries(cls, entries: Iterable[Entry], years: Iterable[int]) -> WorkCalendar:
        """Rebuild a calendar from `to_entries` output and the years it covers.

        Raises ValueError on a malformed entry, a date given twice, or a date
        outside `years`.
        """
        days: dict[date, DayRule] = {}
        for entry in entries:
            try:
                iso, working, name = entry
            except (TypeError, ValueError):
                raise ValueError(f"calendar entry {entry!r} is not (date, working, name)") from None
            # Entries come from the store or the platform: any malformed one is
            # bad data (ValueError), so the caller has a single error to catch.
            if not isinstance(iso, str) or not isinstance(name, str):
                raise ValueError(f"calendar entry {entry!r} needs text date and name")  # noqa: TRY004
            if not isinstance(working, bool):
                raise ValueError(f"calendar entry {entry!r} needs a true/false working flag")  # noqa: TRY004
            try:
                d = date.fromisoformat(iso)
            except ValueError:
                raise ValueError(f"calendar entry {entry!r} has an invalid date") from None
            if d in days:
                raise ValueError(f"calendar entry for {iso} appears more than once")
            days[d] = DayRule(working=working, name=name)
        return cls(days, years)

    def to_entries(self) -> list[Entry]:
        """The special days as plain ``(iso_date, working, name)`` tuples, by date.

        Store `years` alongside: an empty year and an unknown year differ.
        """
        return [(d.isoformat(), r.working, r.name) for d, r in self._days.items()]

    def refreshed(self, entries: Iterable[Entry], years: Iterable[int]) -> WorkCalendar:
        """A new calendar where `years` are replaced by the data in `entries`.

        Used when the platform sends newer holiday notices: a refreshed year
        loses all its old special days (a notice can move holidays), other
        years are kept as they are.
        """
        update = WorkCalendar.from_entries(entries, years)
        kept = {d: r for d, r in self._days.items() if d.year not in update.years}
        kept.update(update.special_days)
        return WorkCalendar(kept, self._years | update.years)

    # -- queries ------------------------------------------------------------

    @property
    def years(self) -> frozenset[int]:
        """The years whose holiday data is loaded."""
        return self._years

    @property
    def special_days(self) -> Mapping[date, DayRule]:
        """Read-only view of the special days, in date order."""
        return self._days

    def covers(self, year: int) -> bool:
        """Whether the holiday notice for `year` is loaded."""
        return year in self._years

    def special_day(self, d: date) -> DayRule | None:
        """The rule for `d` if it is a holiday or make-up working day, else None."""
        return self._days.get(_check_date(d, "day"))

    def is_working_day(self, d: date) -> bool:
        """Whether the hall counts `d` as a working day."""
        rule = self._days.get(_check_date(d, "day"))
        if rule is not None:
            return rule.working
        return d.weekday() < 5

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The deadline `n` working days after `start`.

        The day of acceptance does not count: counting starts the day after
        `start`, and the result is the n-th working day found. n == 0 means an
        immediate item, due on `start` itself.
        """
        _check_date(start, "start")
        if n < 0:
            raise ValueError("number of working days must not be negative")
        d = start
        provisional = False
        counted = 0
        while counted < n:
            d += _ONE_DAY
            if d.year not in self._years:
                provisional = True
            if self.is_working_day(d):
                counted += 1
        return Deadline(due=d, provisional=provisional)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative when b < a.

        ``working_days_between(accepted, today)`` is how many working days of a
        time limit are used up; a negative count from today to a due date means
        the case is overdue by that many working days.
        """
        _check_date(a, "a")
        _check_date(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        count = _weekdays_through(b) - _weekdays_through(a)
        # Correct the weekday count by the special days inside (a, b]: a
        # holiday on a weekday removes one, a make-up working weekend adds one.
        lo = bisect.bisect_right(self._sorted_days, a)
        hi = bisect.bisect_right(self._sorted_days, b)
        for d in self._sorted_days[lo:hi]:
            weekday = d.weekday() < 5
            working = self._days[d].working
            if weekday and not working:
                count -= 1
            elif working and not weekday:
                count += 1
        return count

    def __repr__(self) -> str:
        span = f"{min(self._years)}–{max(self._years)}" if self._years else "no years"
        return f"<WorkCalendar {span}, {len(self._days)} special days>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self._years == other._years and dict(self._days) == dict(other._days)

    def __hash__(self) -> int:
        return hash((self._years, frozenset(self._days.items())))
