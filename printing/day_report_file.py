"""The daily report file written when a day is closed (日报-YYYY-MM-DD.pdf).

`counter.day.close.close_day` takes the report writer as an argument because
`counter/` may not import `printing/`; this module is that writer, plus
`close_day_with_report`, the call the desk makes: close the day, then write
the report into the desk's documents folder and remember the file on the close.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from counter.bootstrap import OpenedDesk
from counter.clock import to_office_time
from counter.day.close import DayCloseResult, attach_report, close_day
from counter.day.figures import daily_figures
from counter.desk import Desk
from counter.settings import DOCUMENTS_FOLDER, Settings
from counter.users import Actor
from printing.daily_report import build_daily_report
from printing.fonts import CjkFont, resolve_cjk_font
from printing.output import write_atomically

DOCUMENTS_DIR = DOCUMENTS_FOLDER


def report_file_name(day: date) -> str:
    return f"日报-{day.isoformat()}.pdf"


class DailyReportWriter:
    """Builds the day's figures and writes the report PDF atomically (a `ReportWriter`)."""

    def __init__(self, settings: Settings, font: CjkFont | None = None) -> None:
        self._settings = settings
        self._font = font

    def pdf(self, desk: Desk, day: date, generated_at: datetime) -> bytes:
        with desk.store.read() as session:
            figures = daily_figures(
                session,
                day,
                calendar=desk.calendar,
                office_code=desk.office_code,
                office_name=self._settings.office_name,
                generated_at=to_office_time(generated_at, desk.zone),
                due_soon_days=self._settings.due_soon_days,
            )
        font = self._font or resolve_cjk_font(self._settings.font_path or None)
        return build_daily_report(figures, font)

    def __call__(self, desk: Desk, day: date, generated_at: datetime, folder: Path) -> Path:
        return write_atomically(folder / report_file_name(day), self.pdf(desk, day, generated_at))


def documents_dir(opened: OpenedDesk) -> Path:
    return opened.directory / DOCUMENTS_DIR


def close_day_with_report(
    opened: OpenedDesk,
    actor: Actor,
    day: date,
    *,
    override_reason: str = "",
    now: datetime | None = None,
    font: CjkFont | None = None,
) -> DayCloseResult:
    """Close `day` on this desk and write its daily report into the documents folder."""
    return close_day(
        opened.desk,
        actor,
        day,
        override_reason=override_reason,
        report_dir=documents_dir(opened),
        write_report=DailyReportWriter(opened.settings, font),
        now=now,
    )


def rewrite_report(opened: OpenedDesk, close_id: int, day: date, now: datetime) -> Path:
    """Write a closed day's report again (after a failed write) and remember the file."""
    path = DailyReportWriter(opened.settings)(opened.desk, day, now, documents_dir(opened))
    attach_report(opened.desk, close_id, path)
    return path
