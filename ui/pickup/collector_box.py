"""Who collects: applicant or agent, and the ID number they show (checked in the core)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from counter.cases.delivery import Collector, CollectorRole
from ui.cases.case_data import CaseSnapshot


class CollectorBox(QWidget):
    """Radio applicant / agent, the ID number field, the name and masked number on the case.

    Enter in the ID number field emits `submitted`. The number typed is only
    compared in the core (counter.cases.delivery); this box never sees the full
    number on the case.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: CaseSnapshot | None = None
        self.applicant = QRadioButton()
        self.agent = QRadioButton()
        self.applicant.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.applicant)
        group.addButton(self.agent)
        group.buttonToggled.connect(lambda *_: self._show_person())
        roles = QHBoxLayout()
        roles.setContentsMargins(0, 0, 0, 0)
        roles.addWidget(self.applicant)
        roles.addWidget(self.agent)
        roles.addStretch(1)
        self.person = QLabel()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(40)
        self.id_number.returnPressed.connect(self.submitted)
        self._role_label = QLabel()
        self._person_label = QLabel()
        self._id_label = QLabel()
        self._id_label.setBuddy(self.id_number)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._role_label, roles)
        form.addRow(self._person_label, self.person)
        form.addRow(self._id_label, self.id_number)
        self.retranslate()

    def set_case(self, case: CaseSnapshot | None) -> None:
        self._case = case
        self.applicant.setChecked(True)
        self.agent.setEnabled(case is not None and case.has_agent)
        self.id_number.clear()
        self._show_person()

    @property
    def case(self) -> CaseSnapshot | None:
        return self._case

    def collector(self) -> Collector:
        role = CollectorRole.AGENT if self.agent.isChecked() else CollectorRole.APPLICANT
        return Collector(role, self.id_number.text())

    def _show_person(self) -> None:
        case = self._case
        if case is None:
            self.person.clear()
        elif self.agent.isChecked():
            self.person.setText(f"{case.agent_name}  {case.agent_id_masked}")
        else:
            self.person.setText(f"{case.applicant_name}  {case.applicant_id_masked}")

    def retranslate(self) -> None:
        self.applicant.setText(self.tr("&Applicant"))
        self.agent.setText(self.tr("A&gent"))
        self._role_label.setText(self.tr("Collected by:"))
        self._person_label.setText(self.tr("Name on the case:"))
        self._id_label.setText(self.tr("&ID number shown:"))
        self.id_number.setPlaceholderText(self.tr("Type or read the ID card number"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
