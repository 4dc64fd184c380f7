"""Time for the domain: instants in UTC, dates in the office's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"


def utc_now() -> datetime:
    return datetime.now(UTC)


def office_date(instant: datetime, zone: str = DEFAULT_ZONE) -> date:
    """The calendar date at the office when `instant` happened."""
    return instant.astimezone(ZoneInfo(zone)).date()


def to_office_time(instant: datetime, zone: str = DEFAULT_ZONE) -> datetime:
    return instant.astimezone(ZoneInfo(zone))
