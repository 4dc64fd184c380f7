"""Keep the working-day calendar in the store, so the platform can refresh it later."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, delete, select

from counter.catalog.workcal import WorkCalendar
from counter.store.models import CalendarDay, CalendarYear


def save_calendar(session: Session, calendar: WorkCalendar, *, source: str) -> None:
    """Replace the data of every year `calendar` covers, inside the caller's transaction."""
    years = sorted(calendar.years)
    for year in years:
        session.exec(
            delete(CalendarDay).where(
                col(CalendarDay.day) >= date(year, 1, 1), col(CalendarDay.day) <= date(year, 12, 31)
            )
        )
        session.merge(CalendarYear(year=year, source=source))
    for iso_day, working, name in calendar.to_entries():
        day = date.fromisoformat(iso_day)
        if day.year in calendar.years:
            session.add(CalendarDay(day=day, working=working, name=name))
    session.flush()


def load_calendar(session: Session) -> WorkCalendar:
    years = {row.year for row in session.exec(select(CalendarYear))}
    entries = [(d.day.isoformat(), d.working, d.name) for d in session.exec(select(CalendarDay))]
    return WorkCalendar.from_entries(entries, years)
