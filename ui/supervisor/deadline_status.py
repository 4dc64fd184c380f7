"""The supervisor's deadline counts on the status bar: overdue and due soon, office-wide.

Counted on the store worker after anything that can move a case (an intake,
a sync pass, a supervisor's action) and every few minutes, since a case
turns overdue at midnight without any event.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from counter.bootstrap import OpenedDesk
from counter.clock import office_date, utc_now
from counter.day.office import DeadlineCounts, deadline_counts
from ui.shell.tasks import TaskRunner

RECOUNT_MS = 5 * 60 * 1000


class DeadlineStatus(QLabel):
    """"Overdue N · due soon M", red while anything is overdue."""

    def __init__(self, runner: TaskRunner, opened: OpenedDesk,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened = runner, opened
        self.counts: DeadlineCounts | None = None
        self.setVisible(False)
        self._timer = QTimer(self)
        self._timer.setInterval(RECOUNT_MS)
        self._timer.timeout.connect(self.recount)
        self._timer.start()

    def recount(self) -> None:
        desk, soon = self._opened.desk, self._opened.settings.due_soon_days

        def work() -> DeadlineCounts:
            today = office_date(utc_now(), desk.zone)
            with desk.store.read() as session:
                return deadline_counts(session, today, desk.calendar, soon)

        self._runner.run_store(work, self._show, owner=self)

    def _show(self, counts: DeadlineCounts) -> None:
        self.counts = counts
        self.setText(self.tr("Overdue {overdue} · due soon {soon}").format(
            overdue=counts.overdue, soon=counts.due_soon))
        colour = "#8a1c13" if counts.overdue else ("#6b4a00" if counts.due_soon else "#2e7d32")
        self.setStyleSheet(
            f"QLabel {{ color: {colour}; border-left: 1px solid #b0b0b0; padding: 0 10px; }}")
        self.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.counts is not None:
            self._show(self.counts)
        super().changeEvent(event)
