"""One case whole: header, materials, history, documents, and what may be done with it now.

Opened with a case id (from the queue, the pickup page, a scan). Everything
is read on the store worker (ui.cases.case_data) and every action goes back through
the core: delivery (counter.cases.delivery), voiding (counter.cases.actions, for
supervisors, with a reason), the supervisor's correction, make-up and deadline
extension (ui.supervisor.case_actions), certificate prints and document reprints
(ui.cases.case_printing). After each action the case is read again, so what is
shown is what the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.cases.actions import void_case
from counter.cases.reprints import DOCUMENT_NAMES
from counter.intake.request import MATERIAL_STATUS_NAMES, MaterialStatus
from counter.supervision.actions import EXTENDABLE_STATES
from counter.users import Actor, Permission
from ui.cases.case_data import CaseSnapshot, DocumentFile, load_case
from ui.cases.case_printing import CasePrinting, refusal_text
from ui.cases.timeline_model import COL_WHAT, TimelineModel
from ui.common.message_panel import open_file
from ui.common.reason_dialog import ReasonDialog
from ui.pickup.deliver_dialog import DeliverDialog
from ui.queue.queue_model import state_text
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner
from ui.supervisor.case_actions import SupervisorCaseActions

_DOC_ROW = Qt.ItemDataRole.UserRole + 1


def material_status_text(status: str) -> str:
    try:
        return tr_domain("domain", MATERIAL_STATUS_NAMES[MaterialStatus(status)])
    except ValueError:
        return status


class CaseViewDialog(QDialog):
    """The case view. `loaded` fires after each read; `case_changed` after each recorded action."""

    loaded = Signal()
    failed = Signal(str)
    case_changed = Signal(str)  # case id: the queue and the pickup page may re-read it

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        case_id: str,
        parent: QWidget | None = None,
        *,
        opener: Callable[[Path], None] = open_file,
        printer: QPrinter | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.case_id = case_id
        self.case: CaseSnapshot | None = None
        self._opener = opener
        self.printing = CasePrinting(
            self, runner, opened, actor, self._report, self._changed, printer
        )
        self.supervision = SupervisorCaseActions(
            self, runner, opened, actor, case_id, report=self._report, changed=self._changed,
            ask_notice=lambda path: self.ask_notice_action(path), opener=opener,
            printer=lambda: self.printing.printer,
        )
        self.deliver_dialog: DeliverDialog | None = None
        self.setMinimumSize(860, 600)

        self.header = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        for key in ("number", "item", "state", "applicant", "agent", "due"):
            self._labels[key] = QLabel()
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._values[key] = value
            self.header.addRow(self._labels[key], value)

        self.materials = QTableWidget(0, 3)
        self.materials.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.materials.verticalHeader().hide()
        self.materials.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.timeline_model = TimelineModel(opened.desk.zone, self)
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.verticalHeader().hide()
        # A case has tens of entries, not thousands: fitting the columns is cheap.
        timeline_header = self.timeline.horizontalHeader()
        timeline_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        timeline_header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.timeline.setWordWrap(True)

        self.documents = QTableWidget(0, 3)
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.verticalHeader().hide()
        documents_header = self.documents.horizontalHeader()
        documents_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        documents_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.itemSelectionChanged.connect(self._update_buttons)
        self.open_button = QPushButton()
        self.print_button = QPushButton()
        self.reprint_button = QPushButton()
        self.open_button.clicked.connect(self.open_document)
        self.print_button.clicked.connect(self.print_document)
        self.reprint_button.clicked.connect(self.reprint_document)
        doc_buttons = QHBoxLayout()
        for button in (self.open_button, self.print_button, self.reprint_button):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        documents_page = QWidget()
        documents_layout = QVBoxLayout(documents_page)
        documents_layout.addWidget(self.documents)
        documents_layout.addLayout(doc_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "")
        self.tabs.addTab(self.materials, "")
        self.tabs.addTab(documents_page, "")

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.deliver_button = QPushButton()
        self.deliver_button.clicked.connect(self.deliver)
        self.void_button = QPushButton()
        self.void_button.clicked.connect(self.void)
        self.correct_button = QPushButton()
        self.correct_button.clicked.connect(self.supervision.correct)
        self.makeup_button = QPushButton()
        self.makeup_button.clicked.connect(self.supervision.accept_makeup)
        self.extend_button = QPushButton()
        self.extend_button.clicked.connect(self.supervision.extend)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        actions = QHBoxLayout()
        actions.addWidget(self.deliver_button)
        actions.addWidget(self.void_button)
        for button in (self.correct_button, self.makeup_button, self.extend_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.retranslate()
        self._update_buttons()
        self.reload()

    # -- reading ---------------------------------------------------------------

    def reload(self) -> None:
        opened, case_id = self._opened, self.case_id
        self._runner.run_store(
            lambda: load_case(opened, case_id), self._show, self._load_failed, owner=self
        )

    def _show(self, case: CaseSnapshot) -> None:
        self.case = case
        self.timeline_model.set_entries(case.timeline)
        self.timeline.resizeRowsToContents()
        self._fill_materials(case)
        self._fill_documents(case)
        self._fill_header()
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        text = refusal_text(error)
        self._report(text, True)
        self.failed.emit(text)

    def _fill_header(self) -> None:
        case = self.case
        if case is None:
            return
        self.setWindowTitle(self.tr("Case {number}").format(number=case.acceptance_no))
        v = self._values
        v["number"].setText(case.acceptance_no)
        v["item"].setText(f"{case.service_name}  ({case.service_code}, {case.department})")
        v["state"].setText(state_text(case.state))
        v["applicant"].setText(f"{case.applicant_name}  {case.applicant_id_masked}")
        v["agent"].setText(
            f"{case.agent_name}  {case.agent_id_masked}" if case.has_agent else self.tr("none")
        )
        due = case.due_date.isoformat() if case.due_date else self.tr("decided at the counter")
        if case.overdue:
            due += "  " + self.tr("OVERDUE")
            v["due"].setStyleSheet("QLabel { color: #b00000; font-weight: bold; }")
        else:
            v["due"].setStyleSheet("")
        v["due"].setText(due)

    def _fill_materials(self, case: CaseSnapshot) -> None:
        self.materials.setRowCount(len(case.materials))
        for row, line in enumerate(case.materials):
            name = line.name + (" *" if line.key else "")
            for column, text in enumerate((name, material_status_text(line.status), line.note)):
                self.materials.setItem(row, column, QTableWidgetItem(text))

    def _fill_documents(self, case: CaseSnapshot) -> None:
        rows: list[tuple[str, str, str, object]] = []
        for doc in case.documents:
            name = tr_domain("domain", DOCUMENT_NAMES[doc.doc_type])
            rows.append((name, doc.path.name, self.tr("reprinted {n}×").format(n=doc.reprints),
                         doc))
        for cert in case.certificates:
            count = (self.tr("printed {n}×").format(n=cert.prints) if cert.prints
                     else self.tr("not printed yet"))
            rows.append((cert.title, cert.serial, count, cert))
        selected = self.documents.currentRow()
        self.documents.setRowCount(len(rows))
        for row, (name, ref, count, payload) in enumerate(rows):
            first = QTableWidgetItem(name)
            first.setData(_DOC_ROW, payload)
            self.documents.setItem(row, 0, first)
            self.documents.setItem(row, 1, QTableWidgetItem(ref))
            self.documents.setItem(row, 2, QTableWidgetItem(count))
        if rows:
            self.documents.selectRow(min(max(selected, 0), len(rows) - 1))

    # -- documents -------------------------------------------------------------

    def selected_document(self) -> object | None:
        item = self.documents.item(self.documents.currentRow(), 0)
        return item.data(_DOC_ROW) if item is not None else None

    def select_document(self, reference: str) -> None:
        """Select the row of a document file name or certificate serial (keyboard and tests)."""
        for row in range(self.documents.rowCount()):
            if self.documents.item(row, 1).text() == reference:
                self.documents.selectRow(row)
                return
        raise KeyError(reference)

    def open_document(self) -> None:
        doc = self.selected_document()
        if isinstance(doc, DocumentFile):
            self._opener(doc.path)

    def print_document(self) -> None:
        """Print a certificate not printed yet (receipts and notices went out at intake)."""
        doc = self.selected_document()
        if doc is not None and not isinstance(doc, DocumentFile) and doc.prints == 0:
            self.printing.print_certificate(doc)

    def reprint_document(self) -> None:
        doc = self.selected_document()
        if isinstance(doc, DocumentFile):
            self.printing.reprint_document(doc)
        elif doc is not None and doc.prints > 0:
            self.printing.print_certificate(doc)

    def _update_buttons(self) -> None:
        doc = self.selected_document()
        is_file = isinstance(doc, DocumentFile)
        is_cert = doc is not None and not is_file
        may_print = self._actor.can(Permission.DELIVER) if is_cert else self._actor.can(
            Permission.INTAKE)
        self.open_button.setEnabled(is_file)
        self.print_button.setEnabled(is_cert and doc.prints == 0 and may_print)  # type: ignore[union-attr]
        self.reprint_button.setEnabled(
            may_print and (is_file or (is_cert and doc.prints > 0))  # type: ignore[union-attr]
        )
        case = self.case
        self.deliver_button.setVisible(
            case is not None and case.deliverable and self._actor.can(Permission.DELIVER)
        )
        self.void_button.setVisible(
            case is not None and case.voidable and self._actor.can(Permission.VOID_CASE)
        )
        can = self._actor.can
        state = case.state if case is not None else ""
        self.correct_button.setVisible(
            case is not None and state != "voided" and can(Permission.CORRECT_CASE)
        )
        self.makeup_button.setVisible(
            case is not None
            and state not in ("voided", "refused", "delivered")
            and any(m.status == MaterialStatus.PENDING for m in case.materials)
            and can(Permission.ACCEPT_MAKEUP)
        )
        self.extend_button.setVisible(
            case is not None
            and state in EXTENDABLE_STATES
            and case.due_date is not None
            and can(Permission.EXTEND_DEADLINE)
        )

    # -- actions ---------------------------------------------------------------

    def deliver(self) -> None:
        if self.case is None or not self.case.deliverable:
            return
        dialog = DeliverDialog(self._runner, self._opened, self._actor, self.case, self)
        dialog.delivered.connect(lambda d: self._report(
            self.tr("Delivered to {name}.").format(name=d.collector.name), False))
        dialog.delivered.connect(lambda _d: self._changed())
        self.deliver_dialog = dialog
        dialog.open()

    def void(self) -> None:
        if self.case is None:
            return
        reason = ReasonDialog.ask(
            self,
            self.tr("Void case {number}").format(number=self.case.acceptance_no),
            self.tr("The case and its number stay on record. Why is it voided?"),
        )
        if reason is None:
            return
        desk, actor, case_id = self._opened.desk, self._actor, self.case_id

        def done(_case: object) -> None:
            self._report(self.tr("The case is voided."), False)
            self._changed()

        self._runner.run_store(
            lambda: void_case(desk, actor, case_id, reason),
            done,
            lambda e: self._report(refusal_text(e), True),
            owner=self,
        )

    def ask_notice_action(self, path: Path) -> str:
        """"print", "open" or "" for the new extension notice (tests replace this)."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Extension notice"))
        box.setText(self.tr("The extension notice is ready. Print it for the applicant?"))
        print_button = box.addButton(self.tr("&Print"), QMessageBox.ButtonRole.AcceptRole)
        open_button = box.addButton(self.tr("&Open"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "print" if clicked is print_button else "open" if clicked is open_button else ""

    def _changed(self) -> None:
        self.case_changed.emit(self.case_id)
        self.reload()

    def _report(self, text: str, is_error: bool) -> None:
        self.message.setStyleSheet("QLabel { color: #b00000; }" if is_error else
                                   "QLabel { color: #1a7f37; }")
        self.message.setText(text)

    # -- language --------------------------------------------------------------

    def retranslate(self) -> None:
        labels = {
            "number": self.tr("Acceptance no.:"),
            "item": self.tr("Service item:"),
            "state": self.tr("State:"),
            "applicant": self.tr("Applicant:"),
            "agent": self.tr("Agent:"),
            "due": self.tr("Promised date:"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
        self.tabs.setTabText(0, self.tr("&History"))
        self.tabs.setTabText(1, self.tr("&Materials"))
        self.tabs.setTabText(2, self.tr("&Documents"))
        self.materials.setHorizontalHeaderLabels(
            [self.tr("Material"), self.tr("Status"), self.tr("Note")])
        self.documents.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("File or serial"), self.tr("Prints")])
        self.open_button.setText(self.tr("&Open"))
        self.print_button.setText(self.tr("&Print"))
        self.reprint_button.setText(self.tr("&Reprint…"))
        self.deliver_button.setText(self.tr("D&eliver…"))
        self.void_button.setText(self.tr("&Void…"))
        self.correct_button.setText(self.tr("&Correct applicant data…"))
        self.makeup_button.setText(self.tr("Accept ma&ke-up…"))
        self.extend_button.setText(self.tr("E&xtend deadline…"))
        self.close_button.setText(self.tr("Close"))
        self.timeline_model.retranslate()
        if self.case is not None:
            self._fill_header()
            self._fill_materials(self.case)
            self._fill_documents(self.case)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
