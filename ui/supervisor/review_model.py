"""The office's day as a table model: every desk's cases, with deadline marks.

A day of an office is bounded (hundreds, a few thousand cases), so the model
holds the whole filtered day, read on the store worker in one go; sorting is
a proxy's job. Other desks' cases are shown greyed: they are read-only here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from counter.cases.deadlines import DueMark, DueStatus, due_mark
from counter.catalog.workcal import WorkCalendar
from counter.clock import to_office_time
from counter.day.office import OfficeDayFilter, OfficeDayRow, office_day
from counter.store.database import Store
from counter.users import Actor
from ui.queue.queue_model import DUE_COLOURS, DUE_SOON_MARK, OVERDUE_MARK, due_text, state_text
from ui.shell.tasks import TaskRunner

log = logging.getLogger("ui.review")

Index = QModelIndex | QPersistentModelIndex

(COL_NUMBER, COL_DESK, COL_TIME, COL_STATE, COL_ITEM, COL_APPLICANT, COL_ID, COL_DUE,
 COL_CLERK) = range(9)
COLUMN_COUNT = 9
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_OTHER_DESK = QColor("#6b6b6b")


class ReviewModel(QAbstractTableModel):
    """The filtered day of the office; `load` asks the store, `loaded` says it arrived."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, store: Store, zone: str, actor: Actor,
                 calendar: Callable[[], WorkCalendar], soon_days: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._store, self._zone, self._actor = runner, store, zone, actor
        self._calendar = calendar
        self._soon_days = soon_days
        self.rows: list[OfficeDayRow] = []
        self._marks: dict[str, DueMark] = {}
        self.day: date | None = None
        self.today: date | None = None
        self._asked = 0

    def load(self, day: date, today: date, wanted: OfficeDayFilter) -> None:
        store, actor = self._store, self._actor
        self._asked += 1
        asked = self._asked
        calendar_of = self._calendar

        def work() -> tuple[list[OfficeDayRow], WorkCalendar]:
            with store.read() as session:
                return office_day(session, actor, day, wanted), calendar_of()

        def done(answer: tuple[list[OfficeDayRow], WorkCalendar]) -> None:
            if asked != self._asked:
                return  # the supervisor has asked for another day or filter since
            rows, calendar = answer
            self.beginResetModel()
            self.rows, self.day, self.today = rows, day, today
            self._marks = {
                r.case_id: m for r in rows
                if (m := due_mark(r.state, r.due_date, today, calendar, self._soon_days))
            }
            self.endResetModel()
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            log.warning("the office's day could not be read: %s", error)
            self.failed.emit(str(error))

        self._runner.run_store(work, done, failed, owner=self)

    def mark(self, case_id: str) -> DueMark | None:
        return self._marks.get(case_id)

    # -- model interface -----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == CASE_ID_ROLE:
            return row.case_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            if column == COL_TIME:
                return row.accepted_at.isoformat()
            if column == COL_DUE:
                return row.due_date.isoformat() if row.due_date else "9999"
            return self._text(row, column)
        mark = self._marks.get(row.case_id) if column == COL_DUE else None
        if role == Qt.ItemDataRole.BackgroundRole and mark is not None:
            return DUE_COLOURS[mark.status][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if mark is not None:
                return DUE_COLOURS[mark.status][1]
            return None if row.own else _OTHER_DESK
        if role == Qt.ItemDataRole.FontRole and not row.own:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if mark is not None:
                return due_text(mark)
            if not row.own:
                return self.tr("Desk {desk}'s case: read-only here").format(desk=row.desk_code)
        return None

    def _text(self, row: OfficeDayRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.acceptance_no
        if column == COL_DESK:
            return row.desk_code
        if column == COL_TIME:
            return to_office_time(row.accepted_at, self._zone).strftime("%H:%M")
        if column == COL_STATE:
            return state_text(row.state)
        if column == COL_ITEM:
            return row.service_name
        if column == COL_APPLICANT:
            return row.applicant_name
        if column == COL_ID:
            return row.applicant_id_masked
        if column == COL_DUE:
            if row.due_date is None:
                return "—"
            mark = self._marks.get(row.case_id)
            if mark is None:
                return row.due_date.isoformat()
            sign = OVERDUE_MARK if mark.status is DueStatus.OVERDUE else DUE_SOON_MARK
            return f"{sign} {row.due_date.isoformat()}"
        return row.clerk_name

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Acceptance no."), self.tr("Desk"), self.tr("Time"), self.tr("State"),
                  self.tr("Service item"), self.tr("Applicant"), self.tr("ID number"),
                  self.tr("Due date"), self.tr("Clerk"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, COLUMN_COUNT - 1))
