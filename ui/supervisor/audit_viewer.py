"""The audit viewer: the hash-chained log, newest first, with filters and a chain check.

`AuditModel` holds the ids its filters select and reads rows in batches on the
store worker (like `ui.queue.queue_model`), so a log of years opens at once. "Verify
chain" walks the whole chain on the store worker (`counter.audit.log.verify`) and
either says it is intact or names the first broken entry and selects it,
clearing the filters if they hide it. The role (supervisor or administrator)
is checked in `counter.audit.queries`.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import UTC, date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.audit.actions import action_name
from counter.audit.queries import (
    AuditFacets,
    AuditFilter,
    AuditRow,
    ChainReport,
    audit_facets,
    audit_ids,
    audit_rows,
    verify_chain,
)
from counter.bootstrap import OpenedDesk
from counter.clock import office_date, to_office_time, utc_now
from counter.users import PLATFORM, Actor
from ui.cases.case_printing import refusal_text
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner

log = logging.getLogger("ui.audit")

Index = QModelIndex | QPersistentModelIndex
COL_ID, COL_TIME, COL_ACTOR, COL_ACTION, COL_TARGET, COL_DETAIL = range(6)
COLUMN_COUNT = 6
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AuditModel(QAbstractTableModel):
    """Audit entries the filter selects, newest first; rows arrive in batches."""

    BATCH = 50
    CACHE_LIMIT = 500
    loaded = Signal()  # the ids were (re)read
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self._ids: list[int] = []
        self._rows: OrderedDict[int, AuditRow] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0
        self._asked = 0
        self.filters = AuditFilter()

    def set_filters(self, filters: AuditFilter) -> None:
        if filters != self.filters:
            self.filters = filters
            self.refresh()

    def refresh(self) -> None:
        store, actor, filters = self._opened.desk.store, self._actor, self.filters
        zone = self._opened.desk.zone
        self._asked += 1
        asked = self._asked

        def work() -> list[int]:
            with store.read() as session:
                return audit_ids(session, actor, filters, zone=zone)

        self._runner.run_store(work, lambda ids: self._apply_ids(asked, ids), self._on_error,
                               owner=self)

    def _apply_ids(self, asked: int, ids: list[int]) -> None:
        if asked != self._asked:
            return
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._rows.clear()
        self._loading.clear()
        self.endResetModel()
        self.loaded.emit()

    def _fetch(self, row: int) -> None:
        start = row - row % self.BATCH
        wanted = [i for i in self._ids[start:start + self.BATCH]
                  if i not in self._rows and i not in self._loading]
        if not wanted:
            return
        self._loading.update(wanted)
        store, actor, generation = self._opened.desk.store, self._actor, self._generation

        def work() -> dict[int, AuditRow]:
            with store.read() as session:
                return audit_rows(session, actor, wanted)

        self._runner.run_store(work, lambda rows: self._apply_rows(generation, wanted, rows),
                               self._on_error, owner=self)

    def _apply_rows(self, generation: int, asked: list[int], rows: dict[int, AuditRow]) -> None:
        if generation != self._generation:
            return
        self._loading.difference_update(asked)
        self._rows.update(rows)
        while len(self._rows) > self.CACHE_LIMIT:
            self._rows.popitem(last=False)
        positions = {entry_id: n for n, entry_id in enumerate(self._ids)}
        changed = sorted(positions[i] for i in rows if i in positions)
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0),
                                  self.index(changed[-1], COLUMN_COUNT - 1))

    def _on_error(self, error: BaseException) -> None:
        self._loading.clear()
        log.warning("audit read failed: %s", error)
        self.failed.emit(refusal_text(error))

    def row_of_id(self, entry_id: int) -> int | None:
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return None

    def entry_id(self, row: int) -> int:
        return self._ids[row]

    # -- model interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        entry_id = self._ids[index.row()]
        if role == ENTRY_ID_ROLE:
            return entry_id
        row = self._rows.get(entry_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == COL_ID:
                return f"#{entry_id}"
            if row is None:
                if role == Qt.ItemDataRole.DisplayRole:
                    self._fetch(index.row())
                    return self.tr("Loading…") if index.column() == COL_TIME else ""
                return None
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and row is None:
            return QColor("#888888")
        return None

    def _text(self, row: AuditRow, column: int) -> str:
        if column == COL_TIME:
            at = to_office_time(row.at.astimezone(UTC), self._opened.desk.zone)
            return at.strftime("%Y-%m-%d %H:%M:%S")
        if column == COL_ACTOR:
            return actor_text(row.actor_name)
        if column == COL_ACTION:
            return action_text(row.action)
        if column == COL_TARGET:
            return row.target
        return "" if row.detail == "{}" else row.detail

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"),
                  self.tr("Target"), self.tr("Detail"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None


class AuditViewer(QDialog):
    """The audit log with filters; "Verify chain" reports the first broken entry."""

    verified = Signal(object)  # ChainReport

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self._select_after_load: int | None = None
        self.model = AuditModel(runner, opened, actor, self)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(lambda text: self._say(text, error=True))

        today = office_date(utc_now(), opened.desk.zone)
        self.use_dates = QCheckBox()
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._filters_changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.actor_box = QComboBox()
        self.action_box = QComboBox()
        for box in (self.actor_box, self.action_box):
            box.setMinimumContentsLength(10)
            box.currentIndexChanged.connect(self._filters_changed)
        self.target = QLineEdit()
        self.target.setClearButtonEnabled(True)
        # Typing re-queries once the clerk pauses, not on every key.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self._filters_changed)
        self.target.textChanged.connect(lambda _: self._typing.start())
        self._to_label = QLabel()
        self._actor_label = QLabel()
        self._action_label = QLabel()
        self._actor_label.setBuddy(self.actor_box)
        self._action_label.setBuddy(self.action_box)
        filters = QHBoxLayout()
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(self._to_label)
        filters.addWidget(self.date_to)
        filters.addSpacing(12)
        filters.addWidget(self._actor_label)
        filters.addWidget(self.actor_box)
        filters.addWidget(self._action_label)
        filters.addWidget(self.action_box)
        filters.addWidget(self.target, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((COL_ID, 60), (COL_TIME, 150), (COL_ACTOR, 100),
                              (COL_ACTION, 150), (COL_TARGET, 230)):
            self.table.setColumnWidth(column, width)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(980, 560)
        self._facets = AuditFacets((), (), 0)
        self._retranslate()
        self._load_facets()
        self.model.refresh()

    # -- filters -----------------------------------------------------------------

    def _load_facets(self) -> None:
        store, actor = self._opened.desk.store, self._actor

        def work() -> AuditFacets:
            with store.read() as session:
                return audit_facets(session, actor)

        self._runner.run_store(work, self._show_facets,
                               lambda e: self._say(refusal_text(e), error=True), owner=self)

    def _show_facets(self, facets: AuditFacets) -> None:
        self._facets = facets
        for box, values, shown in ((self.actor_box, facets.actors, actor_text),
                                   (self.action_box, facets.actions, action_text)):
            current = box.currentData() or ""
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("All"), "")
            for value in values:
                box.addItem(shown(value), value)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._filters_changed()

    def current_filters(self) -> AuditFilter:
        dates = self.use_dates.isChecked()
        return AuditFilter(
            date_from=_date(self.date_from.date()) if dates else None,
            date_to=_date(self.date_to.date()) if dates else None,
            actor=self.actor_box.currentData() or "",
            action=self.action_box.currentData() or "",
            target=self.target.text().strip(),
        )

    def _filters_changed(self) -> None:
        self.model.set_filters(self.current_filters())

    def clear_filters(self) -> None:
        for widget in (self.use_dates, self.actor_box, self.action_box, self.target):
            widget.blockSignals(True)
        self.use_dates.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.actor_box.setCurrentIndex(0)
        self.action_box.setCurrentIndex(0)
        self.target.clear()
        for widget in (self.use_dates, self.actor_box, self.action_box, self.target):
            widget.blockSignals(False)
        self._typing.stop()
        self._filters_changed()

    # -- verifying ---------------------------------------------------------------

    def verify(self) -> None:
        """Walk the whole chain on the store worker; report and select the first break."""
        store, actor = self._opened.desk.store, self._actor

        def work() -> ChainReport:
            with store.read() as session:
                return verify_chain(session, actor)

        self.verify_button.setEnabled(False)
        self._say(self.tr("Checking the chain…"))
        self._runner.run_store(work, self._verified, self._verify_failed, owner=self)

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self._say(self.tr("Chain intact: {count} entries.").format(count=report.checked))
        else:
            when = ("" if report.bad_at is None else
                    to_office_time(report.bad_at, self._opened.desk.zone)
                    .strftime("%Y-%m-%d %H:%M:%S"))
            self._say(self.tr("Chain broken at entry #{id} ({time}, {action}): {problem}. "
                              "Entries before it are intact.").format(
                id=report.first_bad_id, time=when, action=action_text(report.bad_action or ""),
                problem=report.problem), error=True)
            self._select_after_load = report.first_bad_id
            if self.model.row_of_id(report.first_bad_id or 0) is None:
                self.clear_filters()  # the filters hid it; show everything, then select
                if self.model.filters == AuditFilter():
                    self._on_loaded()
            else:
                self._on_loaded()
        self.verified.emit(report)

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self._say(refusal_text(error), error=True)

    def _on_loaded(self) -> None:
        if self._select_after_load is None:
            return
        row = self.model.row_of_id(self._select_after_load)
        if row is None:
            return
        self._select_after_load = None
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setFocus()

    def selected_entry_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_id(rows[0].row()) if rows else None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet("color: #b00000; font-weight: bold;" if error
                                  else "color: #1a7f37;")
        self.result.setText(text)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log"))
        self.use_dates.setText(self.tr("From"))
        self._to_label.setText(self.tr("to"))
        self._actor_label.setText(self.tr("&User:"))
        self._action_label.setText(self.tr("A&ction:"))
        self.target.setPlaceholderText(self.tr("Target contains… (e.g. an acceptance number)"))
        self.verify_button.setText(self.tr("&Verify chain"))
        self.close_button.setText(self.tr("Close"))


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def action_text(action: str) -> str:
    """An audit action's name in the interface language (its code if it has none)."""
    template, params = action_name(action)
    if not params and template == action:
        return action
    return tr_domain("domain", template).format(
        **{key: tr_domain("domain", value) for key, value in params.items()})


def actor_text(name: str) -> str:
    """Who acted: the platform by its name in the interface language, people as recorded."""
    if name == PLATFORM.display_name:
        return QCoreApplication.translate("CaseTimeline", "Exchange platform")
    return name
