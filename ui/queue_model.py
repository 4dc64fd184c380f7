"""Today's queue as a table model: case ids up front, rows fetched lazily in batches.

The model holds the ids of today's cases in display order (newest first) and
a small cache of rows. A row not cached yet shows a placeholder; asking for it
queues one batch read on the store worker, and `dataChanged` repaints the
rows when they arrive. Nothing here touches the database on the GUI thread.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import UTC, date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from counter.clock import office_date, to_office_time, utc_now
from counter.lifecycle import STATE_NAMES, CaseState
from counter.queries import QueueRow, queue_ids, queue_rows
from counter.store import Store
from ui.i18n import tr_domain
from ui.tasks import TaskRunner

log = logging.getLogger("ui.queue")

Index = QModelIndex | QPersistentModelIndex

(COL_NUMBER, COL_TIME, COL_ITEM, COL_APPLICANT, COL_ID, COL_STATE, COL_DUE,
 COL_CLERK) = range(8)
COLUMN_COUNT = 8

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class QueueModel(QAbstractTableModel):
    """Today's cases at this desk's office, newest first."""

    BATCH = 40
    CACHE_LIMIT = 400
    loaded = Signal()  # the id list was (re)read; rows may still be on their way
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, store: Store, zone: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._zone = zone
        self._ids: list[str] = []
        self._rows: OrderedDict[str, QueueRow] = OrderedDict()
        self._loading: set[str] = set()
        # Bumped on every reset, so an answer to an older question is dropped.
        self._generation = 0
        self._day: date | None = None

    # -- reading ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read today's ids; new cases are inserted at the top without a reset."""
        day = office_date(utc_now(), self._zone)
        store = self._store

        def work() -> list[str]:
            with store.read() as session:
                return queue_ids(session, day)

        self._runner.run_store(work, lambda ids: self._apply_ids(day, ids), self._on_error,
                               owner=self)

    def _apply_ids(self, day: date, ids: list[str]) -> None:
        old = self._ids
        added = len(ids) - len(old)
        if day == self._day and added >= 0 and ids[added:] == old:
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
            self._ids = ids
            self._rows.clear()
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
        for case_id in rows:
            self._rows.move_to_end(case_id)
        while len(self._rows) > self.CACHE_LIMIT:
            self._rows.popitem(last=False)
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
        if role == Qt.ItemDataRole.ForegroundRole and row is None:
            return QColor("#888888")
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            return self._text(row, index.column())  # the whole text where a column cuts it
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
            return row.due_date.isoformat() if row.due_date else "—"
        return row.clerk_name

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


def _as_utc(instant: datetime) -> datetime:
    # SQLite gives back naive datetimes; the store only ever writes UTC.
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
