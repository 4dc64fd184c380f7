"""The right-hand pane: today's queue at this desk's office."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.queue_model import (
    COL_APPLICANT,
    COL_CLERK,
    COL_DUE,
    COL_ID,
    COL_ITEM,
    COL_NUMBER,
    COL_STATE,
    COL_TIME,
    QueueModel,
)

# Fixed widths (pixels at normal DPI): sizing to contents would read every row.
_WIDTHS = {COL_NUMBER: 178, COL_TIME: 46, COL_ITEM: 130, COL_APPLICANT: 72, COL_ID: 104,
           COL_STATE: 110, COL_DUE: 86, COL_CLERK: 64}


class _TailDelegate(QStyledItemDelegate):
    """Cuts text on the left: a masked ID number is read by its last four characters."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class QueueView(QWidget):
    """Shows a `QueueModel` with a title, a case count and a refresh button."""

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._title = QLabel()
        self._title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self._count = QLabel()
        self._refresh = QPushButton()
        self._refresh.clicked.connect(model.refresh)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(COL_ID, _TailDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        # The state right after the number: it is what changes as the platform answers,
        # and the pane is narrower than all columns together.
        header.moveSection(header.visualIndex(COL_STATE), 1)

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self._count)
        top.addWidget(self._refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        model.rowsInserted.connect(self._update_count)
        model.modelReset.connect(self._update_count)
        self.retranslate()

    @Slot()
    def _update_count(self) -> None:
        self._count.setText(self.tr("{count} cases").format(count=self.model.rowCount()))

    def retranslate(self) -> None:
        self._title.setText(self.tr("Today's queue"))
        self._refresh.setText(self.tr("Refresh"))
        self._refresh.setToolTip(self.tr("Read today's cases again (F5)"))
        self._update_count()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
