"""The desk: this counter's identity, its store and its working-day calendar.

Every use case runs through a `Desk`, so the office code, desk code and time
zone that go into numbers and dates come from one place.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from counter.catalog.calendar_store import load_calendar
from counter.catalog.items import CatalogCache
from counter.catalog.workcal import WorkCalendar
from counter.clock import DEFAULT_ZONE
from counter.intake.numbering import check_office_and_desk
from counter.store.database import Store


@dataclass
class Desk:
    store: Store
    office_code: str
    desk_code: str
    zone: str = DEFAULT_ZONE
    _calendar: WorkCalendar | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        check_office_and_desk(self.office_code, self.desk_code)
        self.catalog = CatalogCache(self.store)

    @property
    def calendar(self) -> WorkCalendar:
        """The calendar, read from the store once and kept until `reload_calendar`."""
        with self._lock:
            if self._calendar is None:
                with self.store.read() as session:
                    self._calendar = load_calendar(session)
            return self._calendar

    def reload_calendar(self) -> None:
        """Forget the cached calendar (after the platform refreshed it)."""
        with self._lock:
            self._calendar = None
