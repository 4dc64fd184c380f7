"""The supervisor's Review page: the whole office's day, and the day's tools.

Every desk's cases of a day (this desk's, and the others' as the platform's
feed reported them, read-only), narrowed by desk, clerk, item and state,
sorted by any column, with due-soon and overdue cases marked. From here the
supervisor opens one of this desk's cases (Enter), and the day's tools: day
close, dead letters, low ratings to follow up, the audit log.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.cases.deadlines import DueStatus
from counter.cases.lifecycle import STATE_NAMES
from counter.clock import office_date, utc_now
from counter.day.office import OfficeDayFilter, OfficeDayRow
from counter.users import Actor, Permission
from ui.queue.queue_view import TailDelegate
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner
from ui.supervisor.review_model import (
    COL_CLERK,
    COL_DESK,
    COL_DUE,
    COL_ID,
    COL_ITEM,
    COL_NUMBER,
    COL_STATE,
    COL_TIME,
    SORT_ROLE,
    ReviewModel,
)

_WIDTHS = {COL_NUMBER: 178, COL_DESK: 44, COL_TIME: 46, COL_STATE: 110, COL_ITEM: 150,
           COL_ID: 120, COL_DUE: 104, COL_CLERK: 70}


class _DayFilter(QSortFilterProxyModel):
    """Keeps the rows the combos ask for; sorts on each column's sort key."""

    def __init__(self, model: ReviewModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.wanted = OfficeDayFilter()

    def set_wanted(self, wanted: OfficeDayFilter) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt before 6.9
            self.wanted = wanted
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self.wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReviewModel)
        return row < len(model.rows) and self.wanted.keeps(model.rows[row])


class ReviewPage(QWidget):
    """The office's day for a supervisor; signals ask the window to open tools and cases."""

    case_activated = Signal(str)
    day_close_requested = Signal()
    dead_letters_requested = Signal()
    follow_ups_requested = Signal()
    audit_requested = Signal()

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened = opened
        desk = opened.desk
        self.model = ReviewModel(runner, desk.store, desk.zone, actor, lambda: desk.calendar,
                                 opened.settings.due_soon_days, self)
        self.proxy = _DayFilter(self.model)
        self.model.loaded.connect(self._loaded)

        self._title = QLabel()
        self._title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(_qdate(self._today()))
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.desk_filter = QComboBox()
        self.clerk_filter = QComboBox()
        self.item_filter = QComboBox()
        self.state_filter = QComboBox()
        for combo in (self.desk_filter, self.clerk_filter, self.item_filter, self.state_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.count = QLabel()
        self.deadlines = QLabel()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(COL_ID, TailDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TIME, Qt.SortOrder.DescendingOrder)
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
        self.table.activated.connect(self._activated)

        self.day_close_button = QPushButton()
        self.day_close_button.clicked.connect(self.day_close_requested)
        self.dead_letters_button = QPushButton()
        self.dead_letters_button.clicked.connect(self.dead_letters_requested)
        self.follow_ups_button = QPushButton()
        self.follow_ups_button.clicked.connect(self.follow_ups_requested)
        self.audit_button = QPushButton()
        self.audit_button.clicked.connect(self.audit_requested)

        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addWidget(self.day)
        top.addStretch(1)
        top.addWidget(self.deadlines)
        top.addWidget(self.count)
        top.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        for combo in (self.desk_filter, self.clerk_filter, self.item_filter, self.state_filter):
            filters.addWidget(combo, 1)
        tools = QHBoxLayout()
        for button, permission in ((self.day_close_button, Permission.CLOSE_DAY),
                                   (self.dead_letters_button, Permission.RESOLVE_DEAD_LETTER),
                                   (self.follow_ups_button, Permission.FOLLOW_UP_EVALUATION),
                                   (self.audit_button, Permission.VIEW_AUDIT)):
            button.setVisible(actor.can(permission))  # the core checks again on every action
            tools.addWidget(button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        self.retranslate()

    # -- reading ---------------------------------------------------------------------

    def _today(self) -> date:
        return office_date(utc_now(), self._opened.desk.zone)

    def refresh(self) -> None:
        """Read the chosen day again (after a sync, a close, an action)."""
        qdate = self.day.date()
        day = date(qdate.year(), qdate.month(), qdate.day())
        self.model.load(day, self._today(), OfficeDayFilter())

    def _loaded(self) -> None:
        self._fill_filters(self.model.rows)
        self._update_counts()

    def _fill_filters(self, rows: list[OfficeDayRow]) -> None:
        """The combos offer what the day holds; a choice still there stays chosen."""
        desks = sorted({r.desk_code for r in rows})
        clerks = sorted({r.clerk_name for r in rows})
        items = sorted({(r.service_code, r.service_name) for r in rows})
        self._refill(self.desk_filter, self.tr("All desks"),
                     [(self.tr("Desk {desk}").format(desk=d), d) for d in desks])
        self._refill(self.clerk_filter, self.tr("All clerks"), [(c, c) for c in clerks])
        self._refill(self.item_filter, self.tr("All items"), [(n, c) for c, n in items])
        self._refill(self.state_filter, self.tr("All states"),
                     [(tr_domain("domain", name), state.value)
                      for state, name in STATE_NAMES.items()])

    @staticmethod
    def _refill(combo: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value in entries:
            combo.addItem(text, value)
        found = combo.findData(kept) if kept is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _filter_changed(self) -> None:
        self.proxy.set_wanted(OfficeDayFilter(
            desk_code=self.desk_filter.currentData(),
            clerk_name=self.clerk_filter.currentData(),
            service_code=self.item_filter.currentData(),
            state=self.state_filter.currentData(),
        ))
        self._update_counts()

    def _update_counts(self) -> None:
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        if shown == total:
            self.count.setText(self.tr("{count} cases").format(count=total))
        else:
            self.count.setText(self.tr("{shown} of {count} cases").format(shown=shown,
                                                                         count=total))
        marks = [self.model.mark(r.case_id) for r in self.model.rows]
        overdue = sum(1 for m in marks if m is not None and m.status is DueStatus.OVERDUE)
        soon = sum(1 for m in marks if m is not None and m.status is DueStatus.DUE_SOON)
        self.deadlines.setText(self.tr("Overdue {overdue} · due soon {soon}").format(
            overdue=overdue, soon=soon))
        self.deadlines.setStyleSheet("QLabel { color: #8a1c13; }" if overdue else "")

    def _activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        row = self.model.rows[source.row()]
        if row.own:
            self.case_activated.emit(row.case_id)

    def selected_case(self) -> OfficeDayRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.rows[self.proxy.mapToSource(indexes[0]).row()]

    # -- language --------------------------------------------------------------------

    def retranslate(self) -> None:
        self._title.setText(self.tr("The office's day"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.day_close_button.setText(self.tr("Day close…"))
        self.dead_letters_button.setText(self.tr("Refused by the platform…"))
        self.follow_ups_button.setText(self.tr("Low ratings to follow up…"))
        self.audit_button.setText(self.tr("Audit log…"))
        self._fill_filters(self.model.rows)
        self._update_counts()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

