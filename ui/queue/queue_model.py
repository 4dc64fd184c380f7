"""Today's queue as a table model: case ids up front, rows fetched lazily in batches.

The model holds the ids of today's cases in display order and a small cache
of rows. Filters, the search and the order are applied in SQL on the id query
(counter.cases.queries.queue_ids), so the model never holds more than ids. A row not
cached yet shows a placeholder; asking for it queues one batch read on the
store worker, and `dataChanged` repaints the rows when they arrive. Nothing
here touches the database on the GUI thread.

Due marks (overdue red, due soon amber) follow counter.cases.deadlines on the desk's
working-day calendar, which is read on the store worker with the ids.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from sqlmodel import Session

from counter.cases.deadlines import DEFAULT_DUE_SOON_DAYS, DueMark, DueStatus, due_mark
from counter.cases.lifecycle import STATE_NAMES, CaseState
from counter.cases.queries import QueueFacets, QueueRow, queue_facets, queue_ids, queue_rows
from counter.cases.queue_filters import QueueFilter, QueueSort
from counter.catalog.calendar_store import load_calendar
from counter.catalog.workcal import WorkCalendar
from counter.clock import office_date, to_office_time, utc_now
from counter.store.database import Store
from counter.users import Actor
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner

log = logging.getLogger("ui.queue")

Index = QModelIndex | QPersistentModelIndex

(COL_NUMBER, COL_TIME, COL_ITEM, COL_APPLICANT, COL_ID, COL_STATE, COL_DUE,
 COL_CLERK) = range(8)
COLUMN_COUNT = 8

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DUE_STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # "overdue", "due_soon" or None

# The columns a clerk can sort by, and the order each one is in. Not the ID number:
# its order would hint at the masked digits.
SORT_KEYS = {
    COL_NUMBER: QueueSort.NUMBER,
    COL_TIME: QueueSort.TIME,
    COL_ITEM: QueueSort.ITEM,
    COL_APPLICANT: QueueSort.APPLICANT,
    COL_STATE: QueueSort.STATE,
    COL_DUE: QueueSort.DUE,
    COL_CLERK: QueueSort.CLERK,
}

# Marks in the due column, so the state reads without colour too.
OVERDUE_MARK = "◆"
DUE_SOON_MARK = "●"
DUE_COLOURS = {
    DueStatus.OVERDUE: (QColor("#f6c9c6"), QColor("#8a1c13")),
    DueStatus.DUE_SOON: (QColor("#fbe3a6"), QColor("#6b4a00")),
}

CalendarSource = Callable[[Session], WorkCalendar]


class QueueModel(QAbstractTableModel):
    """Today's cases at this desk's office, newest first."""

    BATCH = 40
    CACHE_LIMIT = 400
    loaded = Signal()  # the id list was (re)read; rows may still be on their way
    failed = Signal(str)
    facets_changed = Signal()  # the day's items, clerks or total changed (for the filter lists)

    def __init__(self, runner: TaskRunner, store: Store, zone: str,
                 parent: QObject | None = None, *,
                 calendar: CalendarSource | None = None,
                 actor: Actor | None = None,
                 due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> None:
        """`calendar` gives the desk's working-day calendar on the store worker (by default
        it is read from the store); `actor` is who "me" means in the clerk filter."""
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._zone = zone
        self._calendar_source = calendar or load_calendar
        self._calendar: WorkCalendar | None = None
        self.actor = actor
        self.due_soon_days = due_soon_days
        self._ids: list[str] = []
        self._rows: OrderedDict[str, QueueRow] = OrderedDict()
        self._marks: dict[str, DueMark | None] = {}
        self._loading: set[str] = set()
        # Bumped on every reset, so an answer to an older question is dropped.
        self._generation = 0
        self._day: date | None = None
        self._filter = QueueFilter()  # what the clerk asks for now
        self._shown: QueueFilter | None = None  # what the ids on screen answer
        self._asked = 0  # numbers id reads, so only the latest answer is applied
        self.facets = QueueFacets(items=(), clerks=(), total=0)

    # -- reading ---------------------------------------------------------------

    @property
    def query(self) -> QueueFilter:
        """The filters, search and order the clerk asked for."""
        return self._filter

    def set_query(self, query: QueueFilter) -> None:
        """Show the day's cases `query` asks for; re-reads (and resets) only on a change."""
        if query != self._filter:
            self._filter = query
            self.refresh()

    def set_state_filter(self, state: str | None) -> None:
        self.set_query(replace(self._filter, state=state or None))

    def set_service_filter(self, service_code: str | None) -> None:
        self.set_query(replace(self._filter, service_code=service_code or None))

    def set_clerk_filter(self, clerk_id: int | None) -> None:
        self.set_query(replace(self._filter, clerk_id=clerk_id))

    def set_search(self, text: str) -> None:
        self.set_query(replace(self._filter, search=text.strip()))

    def refresh(self) -> None:
        """Re-read today's ids; new cases are inserted at the top without a reset."""
        day = office_date(utc_now(), self._zone)
        store = self._store
        query = self._filter
        source = self._calendar_source
        self._asked += 1
        asked = self._asked

        def work() -> tuple[list[str], QueueFacets, WorkCalendar]:
            with store.read() as session:
                return queue_ids(session, day, query), queue_facets(session, day), source(session)

        self._runner.run_store(
            work, lambda answer: self._apply_answer(asked, day, query, *answer),
            self._on_error, owner=self)

    def _apply_answer(self, asked: int, day: date, query: QueueFilter, ids: list[str],
                      facets: QueueFacets, calendar: WorkCalendar) -> None:
        if asked != self._asked:
            return  # the clerk has asked something else since; that answer is on its way
        self._calendar = calendar
        if facets != self.facets:
            self.facets = facets
            self.facets_changed.emit()
        self._apply_ids(day, ids, query)

    def _apply_ids(self, day: date, ids: list[str], query: QueueFilter | None = None) -> None:
        query = query if query is not None else self._filter
        old = self._ids
        added = len(ids) - len(old)
        if day == self._day and query == self._shown and added >= 0 and ids[added:] == old:
            # The usual case: new cases on top of the ones shown. Insert, don't reset,
            # so the selection and the scroll position stay where the clerk left them.
            if added:
                self.beginInsertRows(QModelIndex(), 0, added - 1)
                self._ids = ids
                self.endInsertRows()
        else:
            self.beginResetModel()
            self._generation += 1
            self._day = day
            self._shown = query
            self._ids = ids
            self._rows.clear()
            self._marks.clear()
            self._loading.clear()
            self.endResetModel()
        # States move on (a later step submits or voids a case): re-read what is cached.
        self._fetch([i for i in self._rows if i not in self._loading])
        self.loaded.emit()

    def _fetch(self, ids: list[str]) -> None:
        if not ids:
            return
        self._loading.update(ids)
        generation = self._generation
        store = self._store

        def work() -> dict[str, QueueRow]:
            with store.read() as session:
                return queue_rows(session, ids)

        self._runner.run_store(work, lambda rows: self._apply_rows(generation, ids, rows),
                               self._on_error, owner=self)

    def _apply_rows(self, generation: int, asked: list[str], rows: dict[str, QueueRow]) -> None:
        if generation != self._generation:
            return
        self._loading.difference_update(asked)
        self._rows.update(rows)
        for case_id, row in rows.items():
            self._rows.move_to_end(case_id)
            self._marks[case_id] = self._mark(row)
        while len(self._rows) > self.CACHE_LIMIT:
            gone, _row = self._rows.popitem(last=False)
            self._marks.pop(gone, None)
        positions = {case_id: n for n, case_id in enumerate(self._ids)}
        changed = sorted(positions[i] for i in rows if i in positions)
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def _on_error(self, error: BaseException) -> None:
        # A failed read leaves placeholders; the next refresh asks again.
        self._loading.clear()
        log.warning("queue read failed: %s", error)
        self.failed.emit(str(error))

    def _request_row(self, row: int) -> None:
        start = row - row % self.BATCH
        wanted = [i for i in self._ids[start:start + self.BATCH]
                  if i not in self._rows and i not in self._loading]
        self._fetch(wanted)

    # -- model interface -----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def case_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, case_id: str) -> QueueRow | None:
        """The cached row for a case, if it has arrived."""
        return self._rows.get(case_id)

    def due_of(self, case_id: str) -> DueMark | None:
        """The due mark of a case whose row has arrived (None: none, or not arrived)."""
        return self._marks.get(case_id)

    def _mark(self, row: QueueRow) -> DueMark | None:
        if self._calendar is None or self._day is None:
            return None
        return due_mark(row.state, row.due_date, self._day, self._calendar, self.due_soon_days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        case_id = self._ids[index.row()]
        if role == CASE_ID_ROLE:
            return case_id
        row = self._rows.get(case_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                self._request_row(index.row())
                return self.tr("Loading…") if index.column() == COL_NUMBER else ""
            return self._text(row, index.column())
        if row is None:
            return QColor("#888888") if role == Qt.ItemDataRole.ForegroundRole else None
        mark = self._marks.get(case_id)
        if role == DUE_STATUS_ROLE:
            return mark.status.value if mark else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_DUE and mark is not None:
                return due_text(mark)
            return self._text(row, index.column())  # the whole text where a column cuts it
        if mark is not None and index.column() == COL_DUE:
            background, foreground = DUE_COLOURS[mark.status]
            if role == Qt.ItemDataRole.BackgroundRole:
                return background
            if role == Qt.ItemDataRole.ForegroundRole:
                return foreground
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.acceptance_no
        if column == COL_TIME:
            return to_office_time(_as_utc(row.accepted_at), self._zone).strftime("%H:%M")
        if column == COL_ITEM:
            return row.service_name
        if column == COL_APPLICANT:
            return row.applicant_name
        if column == COL_ID:
            return row.applicant_id_masked
        if column == COL_STATE:
            return state_text(row.state)
        if column == COL_DUE:
            if not row.due_date:
                return "—"
            mark = self._marks.get(row.id)
            if mark is None:
                return row.due_date.isoformat()
            sign = OVERDUE_MARK if mark.status == DueStatus.OVERDUE else DUE_SOON_MARK
            return f"{sign} {row.due_date.isoformat()}"
        return row.clerk_name

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the queue by a column, in SQL: the model re-reads the ids, never the rows."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._filter, sort=key, descending=descending))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Acceptance no."), self.tr("Time"), self.tr("Service item"),
                  self.tr("Applicant"), self.tr("ID number"), self.tr("State"),
                  self.tr("Due date"), self.tr("Clerk"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def retranslate(self) -> None:
        """Repaint headers and translated cells after a language switch."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, COLUMN_COUNT - 1))


def state_text(state: str) -> str:
    """A case state in the interface language."""
    try:
        return tr_domain("domain", STATE_NAMES[CaseState(state)])
    except ValueError:
        return state


def due_text(mark: DueMark) -> str:
    """What a due mark means, in words, for the due column's tooltip."""
    days = mark.working_days
    if mark.status == DueStatus.OVERDUE:
        if days == 0:
            return QCoreApplication.translate(
                "QueueModel", "Overdue: it was due on {date}").format(date=mark.due.isoformat())
        if days == 1:
            return QCoreApplication.translate("QueueModel", "Overdue by 1 working day")
        return QCoreApplication.translate(
            "QueueModel", "Overdue by {count} working days").format(count=days)
    if days == 0:
        return QCoreApplication.translate("QueueModel", "Due today")
    if days == 1:
        return QCoreApplication.translate("QueueModel", "Due in 1 working day")
    return QCoreApplication.translate(
        "QueueModel", "Due in {count} working days").format(count=days)


def _as_utc(instant: datetime) -> datetime:
    # SQLite gives back naive datetimes; the store only ever writes UTC.
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
