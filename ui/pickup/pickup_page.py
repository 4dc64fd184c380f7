"""The Pickup screen (领取): find the case, check who collects, print, record the delivery.

Keyboard first, for a queue of citizens:

1. the number field has the focus; the clerk types the acceptance number or
   scans the receipt (a scan anywhere in the app arrives through
   `open_number`, see ui.devices.scanner) and presses Enter;
2. the case shows (item, applicant, agent, state, its certificates) and the
   focus moves to the ID number of whoever collects (Alt+A / Alt+G: applicant
   or agent);
3. Ctrl+P prints the certificate (a reprint asks why);
4. Enter in the ID number records the delivery; the core checks the number
   against the case. The confirmation stays on screen, the number field is
   cleared and has the focus for the next citizen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.cases.delivery import Delivery, deliver_case
from counter.intake.id_card import IdCardData, IdCardReader
from counter.users import Actor
from ui.cases.case_data import CaseSnapshot, load_by_number, load_case
from ui.cases.case_printing import CasePrinting, refusal_text
from ui.common.evaluation_dialog import SHORTCUT as EVALUATE_KEY
from ui.common.evaluation_dialog import EvaluationDialog
from ui.devices.id_card_reading import SHORTCUT as READ_CARD_KEY
from ui.devices.id_card_reading import CardReadButton
from ui.pickup.collector_box import CollectorBox
from ui.queue.queue_model import state_text
from ui.shell.tasks import TaskRunner

_OK = "QLabel { color: #1a7f37; font-weight: bold; }"
_ERROR = "QLabel { color: #b00000; }"


class PickupPage(QWidget):
    """Pickup at the counter. `case_opened` / `case_delivered` carry the case id."""

    case_opened = Signal(str)
    case_delivered = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        printer: QPrinter | None = None,
        card_reader: IdCardReader | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.case: CaseSnapshot | None = None
        self.printing = CasePrinting(
            self, runner, opened, actor, self._report, self._reload, printer
        )

        self.number = QLineEdit()
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(lambda: self.open_number(self.number.text()))
        self.find_button = QPushButton()
        self.find_button.clicked.connect(lambda: self.open_number(self.number.text()))
        self._number_label = QLabel()
        self._number_label.setBuddy(self.number)
        top = QHBoxLayout()
        top.addWidget(self._number_label)
        top.addWidget(self.number, 1)
        top.addWidget(self.find_button)

        self.summary_box = QGroupBox()
        self.summary = QFormLayout(self.summary_box)
        self._labels: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        for key in ("item", "applicant", "agent", "state"):
            self._labels[key] = QLabel()
            self._values[key] = QLabel()
            self.summary.addRow(self._labels[key], self._values[key])
        self.certificates = QListWidget()
        self.certificates.setMaximumHeight(90)
        self._certs_label = QLabel()
        self.summary.addRow(self._certs_label, self.certificates)

        self.identity_box = QGroupBox()
        self.collector = CollectorBox()
        self.collector.submitted.connect(self.record_delivery)
        identity_layout = QVBoxLayout(self.identity_box)
        identity_layout.addWidget(self.collector)
        # The collector's ID card on the desk's reader fills the number (F8), as at intake.
        self.read_card = CardReadButton(runner, card_reader)
        self.read_card.card_read.connect(self._card_read)
        identity_layout.addWidget(self.read_card)
        QShortcut(QKeySequence(READ_CARD_KEY), self, self.read_card.read,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_certificate)
        self.deliver_button = QPushButton()
        self.deliver_button.clicked.connect(self.record_delivery)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.deliver_button)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_certificate,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # After a delivery the applicant may rate the visit (F7) until the next case opens.
        self._delivered_case: str | None = None
        self.evaluate_button = QPushButton()
        self.evaluate_button.setVisible(False)
        self.evaluate_button.clicked.connect(self.evaluate)
        QShortcut(QKeySequence(EVALUATE_KEY), self, self.evaluate,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.evaluate_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_box)
        layout.addWidget(self.identity_box)
        layout.addLayout(buttons)
        layout.addLayout(message_row)
        layout.addStretch(1)
        self.retranslate()
        self._show_case(None)
        self.number.setFocus()

    # -- finding ---------------------------------------------------------------

    def open_number(self, text: str) -> None:
        """Find and show the case with this typed or scanned number."""
        if not text.strip():
            return
        self.number.setText("".join(text.split()).upper())
        opened = self._opened
        self._runner.run_store(
            lambda: load_by_number(opened, text), self._opened_case, self._refused, owner=self
        )

    def _opened_case(self, case: CaseSnapshot) -> None:
        self._offer_evaluation(None)
        self._show_case(case)
        if case.deliverable:
            self._report("", False)
            self.collector.id_number.setFocus()
        else:
            self._report(
                self.tr("This case cannot be collected now: it is {state}.").format(
                    state=state_text(case.state)
                ),
                True,
            )
            self.number.selectAll()
            self.number.setFocus()
        self.case_opened.emit(case.case_id)

    def _reload(self) -> None:
        if self.case is None:
            return
        opened, case_id = self._opened, self.case.case_id
        self._runner.run_store(lambda: load_case(opened, case_id), self._show_case, owner=self)

    def _show_case(self, case: CaseSnapshot | None) -> None:
        self.case = case
        v = self._values
        if case is None:
            for value in v.values():
                value.clear()
            self.certificates.clear()
        else:
            v["item"].setText(f"{case.acceptance_no}  {case.service_name}")
            v["applicant"].setText(f"{case.applicant_name}  {case.applicant_id_masked}")
            v["agent"].setText(
                f"{case.agent_name}  {case.agent_id_masked}" if case.has_agent else self.tr("none")
            )
            v["state"].setText(state_text(case.state))
            self.certificates.clear()
            for cert in case.certificates:
                prints = (self.tr("printed {n}×").format(n=cert.prints) if cert.prints
                          else self.tr("not printed yet"))
                item = QListWidgetItem(f"{cert.title}  {cert.serial}  ({prints})")
                item.setData(Qt.ItemDataRole.UserRole, cert.serial)
                self.certificates.addItem(item)
            if case.certificates:
                self.certificates.setCurrentRow(0)
        shown = self.collector.case
        if case is None or shown is None or shown.case_id != case.case_id:
            self.collector.set_case(case)  # a re-read of the same case keeps what was typed
        ready = case is not None and case.deliverable
        self.identity_box.setEnabled(ready)
        self.deliver_button.setEnabled(ready)
        self.print_button.setEnabled(case is not None and bool(case.certificates))

    # -- printing and delivering -----------------------------------------------

    def _card_read(self, card: IdCardData) -> None:
        """The card's number in the collector field; the core still checks it against the case."""
        if not self.identity_box.isEnabled():
            return
        self.collector.id_number.setText(card.id_number)
        self.collector.id_number.setFocus()

    def print_certificate(self) -> None:
        case = self.case
        if case is None or not case.certificates:
            return
        row = max(self.certificates.currentRow(), 0)
        self.printing.print_certificate(case.certificates[row])

    def record_delivery(self) -> None:
        case = self.case
        if case is None or not case.deliverable:
            return
        desk, actor, case_id = self._opened.desk, self._actor, case.case_id
        collector = self.collector.collector()
        self.deliver_button.setEnabled(False)
        self._runner.run_store(
            lambda: deliver_case(desk, actor, case_id, collector),
            self._delivered,
            self._delivery_refused,
            owner=self,
        )

    def _delivered(self, delivery: Delivery) -> None:
        self._show_case(None)
        self._report(
            self.tr("{number} delivered to {name} ({id}). Next citizen, please.").format(
                number=delivery.acceptance_no,
                name=delivery.collector.name,
                id=delivery.collector.id_masked,
            ),
            False,
        )
        self.number.clear()
        self.number.setFocus()
        self._offer_evaluation(delivery.case_id)
        self.case_delivered.emit(delivery.case_id)

    def _offer_evaluation(self, case_id: str | None) -> None:
        self._delivered_case = case_id
        self.evaluate_button.setVisible(case_id is not None)

    def evaluate(self) -> None:
        """Turn the rating of the delivery just recorded to the applicant (F7), if offered."""
        if self._delivered_case is None:
            return
        dialog = EvaluationDialog.ask(self._runner, self._opened, self._actor,
                                      self._delivered_case, "delivery", self)
        if dialog is not None:
            dialog.rated.connect(lambda _: self._offer_evaluation(None))

    def _delivery_refused(self, error: BaseException) -> None:
        self.deliver_button.setEnabled(True)
        self._report(refusal_text(error), True)
        self.collector.id_number.selectAll()
        self.collector.id_number.setFocus()

    def _refused(self, error: BaseException) -> None:
        self._offer_evaluation(None)
        text = refusal_text(error)
        self._show_case(None)
        self._report(text, True)
        self.number.selectAll()
        self.number.setFocus()
        self.failed.emit(text)

    def _report(self, text: str, is_error: bool) -> None:
        self.message.setStyleSheet(_ERROR if is_error else _OK)
        self.message.setText(text)

    # -- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self._number_label.setText(self.tr("Acceptance &no.:"))
        self.number.setPlaceholderText(self.tr("Scan the receipt or type the number, then Enter"))
        self.find_button.setText(self.tr("&Find"))
        self.summary_box.setTitle(self.tr("Case"))
        labels = {"item": self.tr("Number and item:"), "applicant": self.tr("Applicant:"),
                  "agent": self.tr("Agent:"), "state": self.tr("State:")}
        for key, text in labels.items():
            self._labels[key].setText(text)
        self._certs_label.setText(self.tr("Certificates:"))
        self.identity_box.setTitle(self.tr("Identity check"))
        self.print_button.setText(self.tr("&Print certificate (Ctrl+P)"))
        self.deliver_button.setText(self.tr("&Record delivery (Enter)"))
        self.evaluate_button.setText(self.tr("Evaluate (F7)"))
        if self.case is not None:
            self._show_case(self.case)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
