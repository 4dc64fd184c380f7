"""Recording a delivery from the case view: who collects, their ID number, Record delivery."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counter.bootstrap import OpenedDesk
from counter.cases.delivery import Delivery, deliver_case
from counter.users import Actor
from ui.cases.case_data import CaseSnapshot
from ui.cases.case_printing import refusal_text
from ui.pickup.collector_box import CollectorBox
from ui.shell.tasks import TaskRunner


class DeliverDialog(QDialog):
    """Enter (or Record delivery) hands the result over; a refusal stays in the dialog."""

    delivered = Signal(object)  # counter.cases.delivery.Delivery

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        case: CaseSnapshot,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor, self._case = runner, opened, actor, case
        self.setWindowTitle(self.tr("Deliver {number}").format(number=case.acceptance_no))
        self.collector = CollectorBox()
        self.collector.set_case(case)
        self.collector.submitted.connect(self.record)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { color: #b00000; }")
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(
            self.tr("&Record delivery"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.record_button.clicked.connect(self.record)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.collector)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.collector.id_number.setFocus()

    def record(self) -> None:
        opened, actor, case_id = self._opened, self._actor, self._case.case_id
        collector = self.collector.collector()
        self.record_button.setEnabled(False)
        self._runner.run_store(
            lambda: deliver_case(opened.desk, actor, case_id, collector),
            self._done,
            self._refused,
            owner=self,
        )

    def _done(self, delivery: Delivery) -> None:
        self.delivered.emit(delivery)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.message.setText(refusal_text(error))
        self.collector.id_number.selectAll()
        self.collector.id_number.setFocus()
