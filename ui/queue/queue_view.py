"""The right-hand pane: today's queue at this desk's office, with filters and a search.

The clerk narrows the day by state, service item and clerk, or types an
acceptance number (or its last digits), a name or an ID number (whole, or its
last four) into the search box: Ctrl+F goes there, Esc clears it, and typing
is read once the clerk pauses, not at every key. Clicking a column header
sorts the day in the store. Enter or a double-click on a case emits
`case_activated` with its id.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.cases.lifecycle import CaseState
from ui.queue.queue_model import (
    COL_APPLICANT,
    COL_CLERK,
    COL_DUE,
    COL_ID,
    COL_ITEM,
    COL_NUMBER,
    COL_STATE,
    COL_TIME,
    SORT_KEYS,
    QueueModel,
    state_text,
)

# Fixed widths (pixels at normal DPI): sizing to contents would read every row.
_WIDTHS = {COL_NUMBER: 178, COL_TIME: 46, COL_ITEM: 130, COL_APPLICANT: 72, COL_ID: 104,
           COL_STATE: 110, COL_DUE: 100, COL_CLERK: 64}

# Long enough that a clerk typing a number sends one query, short enough to feel immediate.
SEARCH_DELAY_MS = 250

# The clerk filter's two fixed entries, kept apart from user ids in the combo's data.
_ALL = None
_ME = "me"


class TailDelegate(QStyledItemDelegate):
    """Cuts text on the left: a masked ID number is read by its last four characters."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class QueueView(QWidget):
    """Shows a `QueueModel` with a title, filters, a search box, a case count and a refresh."""

    case_activated = Signal(str)  # the id of the case the clerk opened (Enter, double-click)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._title = QLabel()
        self._title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self._count = QLabel()
        self._refresh = QPushButton()
        self._refresh.clicked.connect(model.refresh)

        self.state_filter = QComboBox()
        self.item_filter = QComboBox()
        self.clerk_filter = QComboBox()
        # Sized to a few characters, not the longest entry: the pane beside the intake
        # form is narrow, and the search box matters more there.
        for combo, chars in ((self.state_filter, 6), (self.item_filter, 8),
                             (self.clerk_filter, 5)):
            combo.setMinimumContentsLength(chars)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.search = QLineEdit()
        self.search.setMinimumWidth(200)
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self.search.textChanged.connect(self._search_timer.start)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(COL_ID, TailDelegate(self.table))
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
        # Newest first, as the model starts; the model sorts in the store, never in memory.
        header.setSortIndicator(COL_TIME, Qt.SortOrder.DescendingOrder)
        self._sorted_by = (COL_TIME, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.setSortingEnabled(True)
        # Enter on a row, or a double-click (the platform's "activate").
        self.table.activated.connect(self._activated)

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self._count)
        top.addWidget(self._refresh)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state_filter, 1)
        filters.addWidget(self.item_filter, 2)
        filters.addWidget(self.clerk_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        model.rowsInserted.connect(self._update_count)
        model.modelReset.connect(self._update_count)
        model.facets_changed.connect(self._fill_facets)
        model.facets_changed.connect(self._update_count)
        self.state_filter.currentIndexChanged.connect(self._state_chosen)
        self.item_filter.currentIndexChanged.connect(self._item_chosen)
        self.clerk_filter.currentIndexChanged.connect(self._clerk_chosen)
        self.retranslate()

    # -- search ----------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def _search_now(self) -> None:
        self.model.set_search(self.search.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)):
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self._search_timer.stop()
                self._search_now()  # clearing is one step: no reason to wait
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                # Enter reads the search now; Down (or Enter) goes on to the results.
                if self._search_timer.isActive():
                    self._search_timer.stop()
                    self._search_now()
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if self.model.rowCount() and not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, COL_NUMBER))
                return True
        return super().eventFilter(watched, event)

    # -- filters ---------------------------------------------------------------------

    @Slot(int)
    def _state_chosen(self, _index: int) -> None:
        self.model.set_state_filter(self.state_filter.currentData())

    @Slot(int)
    def _item_chosen(self, _index: int) -> None:
        self.model.set_service_filter(self.item_filter.currentData())

    @Slot(int)
    def _clerk_chosen(self, _index: int) -> None:
        chosen = self.clerk_filter.currentData()
        if chosen == _ME:
            actor = self.model.actor
            self.model.set_clerk_filter(actor.id if actor is not None else None)
        else:
            self.model.set_clerk_filter(chosen)

    def _fill_states(self) -> None:
        combo = self.state_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All states"), None)
        for state in CaseState:
            combo.addItem(state_text(state.value), state.value)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    @Slot()
    def _fill_facets(self) -> None:
        """The items and clerks of the day; the clerk's choice stays even if it left the day."""
        facets = self.model.facets
        query = self.model.query
        items = dict(facets.items)
        if query.service_code and query.service_code not in items:
            items[query.service_code] = query.service_code
        combo = self.item_filter
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All items"), None)
        for code, name in sorted(items.items(), key=lambda item: (item[1], item[0])):
            combo.addItem(name, code)
            combo.setItemData(combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(query.service_code)))
        combo.blockSignals(False)

        actor = self.model.actor
        combo = self.clerk_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All clerks"), _ALL)
        if actor is not None:
            combo.addItem(self.tr("Me"), _ME)
        for clerk_id, name in facets.clerks:
            if actor is None or clerk_id != actor.id:
                combo.addItem(name, clerk_id)
        if chosen not in (_ALL, _ME) and combo.findData(chosen) < 0:
            combo.addItem(str(chosen), chosen)  # a clerk with no case left today, still chosen
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    # -- sorting and opening ---------------------------------------------------------

    @Slot(int, Qt.SortOrder)
    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column in SORT_KEYS:
            self._sorted_by = (column, order)
            return
        # Not a sortable column (the ID number): put the arrow back where the order is.
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(self.model.case_id(index.row()))

    # -- texts -----------------------------------------------------------------------

    @Slot()
    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = self.model.facets.total
        if self.model.query.narrows and total:
            self._count.setText(self.tr("{count} of {total} cases").format(
                count=shown, total=total))
        else:
            self._count.setText(self.tr("{count} cases").format(count=shown))

    def retranslate(self) -> None:
        self._title.setText(self.tr("Today's queue"))
        self._refresh.setText(self.tr("Refresh"))
        self._refresh.setToolTip(self.tr("Read today's cases again (F5)"))
        self.search.setPlaceholderText(
            self.tr("No., name or ID last 4 (Ctrl+F)"))
        self.search.setToolTip(self.tr(
            "Type an acceptance number or its last digits, part of the applicant's name, "
            "or an ID number: the whole number or its last four characters. Esc clears."))
        self.state_filter.setToolTip(self.tr("Show only cases in this state"))
        self.item_filter.setToolTip(self.tr("Show only cases of this service item"))
        self.clerk_filter.setToolTip(self.tr("Show only cases taken in by this clerk"))
        self._fill_states()
        self._fill_facets()
        self._update_count()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
