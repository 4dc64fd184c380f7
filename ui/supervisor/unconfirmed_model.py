"""The day close's table of uploads the platform has not confirmed, with why.

One row per upload (ui.supervisor.day_close_dialog shows it): the case, what
kind of upload, unsent or refused, attempts, the next try and the last error
or the platform's reason for refusing.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from counter.clock import to_office_time
from counter.day.reconcile import Unconfirmed, Why
from counter.exchange.outbox import KIND_NAMES
from ui.shell.i18n import tr_domain

Index = QModelIndex | QPersistentModelIndex


def office_time_text(value: datetime | None, zone: str) -> str:
    """An instant as the office's local "YYYY-MM-DD HH:MM", or "" for none."""
    return "" if value is None else to_office_time(value, zone).strftime("%Y-%m-%d %H:%M")


class UnconfirmedModel(QAbstractTableModel):
    """The day's uploads the platform has not confirmed, one row each."""

    COLUMNS = 7

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: tuple[Unconfirmed, ...] = ()

    def set_items(self, items: tuple[Unconfirmed, ...]) -> None:
        self.beginResetModel()
        self._rows = items
        self.endResetModel()

    def item(self, row: int) -> Unconfirmed:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return {
            0: self.tr("Acceptance no."),
            1: self.tr("Service item"),
            2: self.tr("Change"),
            3: self.tr("Why"),
            4: self.tr("Attempts"),
            5: self.tr("Next try"),
            6: self.tr("Detail"),
        }.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return item.error or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and item.why is Why.REFUSED:
            return QColor("#b00000")
        return None

    def _text(self, item: Unconfirmed, column: int) -> str:
        if column == 0:
            return item.acceptance_no or "—"
        if column == 1:
            return item.service_name
        if column == 2:
            return self._kind(item)
        if column == 3:
            return self.tr("Unsent") if item.why is Why.UNSENT else self.tr("Refused by platform")
        if column == 4:
            return str(item.attempts)
        if column == 5:
            if item.why is Why.REFUSED:
                return self.tr("never (refused)")
            return office_time_text(item.next_attempt_at, self._zone) or self.tr("next sync")
        return item.error

    def _kind(self, item: Unconfirmed) -> str:
        name = KIND_NAMES.get(item.kind)
        return tr_domain("domain", name) if name else item.kind
