"""Who applies: a person or a company, and an optional agent (代办人).

Each group knows its field widgets by the core's field keys ("name",
"id_number", ...), so the form can light up exactly the fields the core
rejected. Enter in any line edit is passed on by `submitted` (the form accepts).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.intake_request import CompanyInput, PersonInput
from counter.validation import IdType
from ui.i18n import tr_domain


class IdTypeCombo(QComboBox):
    """The identity documents the core accepts, resident ID card first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The permit names are long; keep the combo from widening the whole form.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        for kind in IdType:
            self.addItem("", kind.value)
        self.retranslate()

    def id_type(self) -> IdType:
        return IdType(self.currentData())

    def retranslate(self) -> None:
        for n in range(self.count()):
            name = tr_domain("domain", IdType(self.itemData(n)).display_name)
            self.setItemText(n, name)
            # The full name as a tooltip, for when the combo cuts it short.
            self.setItemData(n, name, Qt.ItemDataRole.ToolTipRole)


class _Fields(QWidget):
    """A grid of labelled inputs, two per line, known by field key."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, key: str, widget: QWidget, row: int, column: int, span: int = 1) -> None:
        label = QLabel()
        label.setBuddy(widget)
        self.grid.addWidget(label, row, column * 2)
        self.grid.addWidget(widget, row, column * 2 + 1, 1, span)
        self.widgets[key] = widget
        self.labels[key] = label
        if isinstance(widget, QLineEdit):
            widget.returnPressed.connect(self.submitted)

    def line(self, key: str) -> QLineEdit:
        widget = self.widgets[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def clear(self) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class PersonFields(_Fields):
    """A natural person: name, ID document, phone, and (for an applicant) address."""

    def __init__(self, with_address: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.id_type = IdTypeCombo()
        self.add("name", QLineEdit(), 0, 0)
        self.add("id_type", self.id_type, 0, 1)
        self.add("id_number", QLineEdit(), 1, 0)
        self.add("phone", QLineEdit(), 1, 1)
        self.line("id_number").setMaxLength(32)
        self.line("phone").setMaxLength(20)
        if with_address:
            self.add("address", QLineEdit(), 2, 0, span=3)
        self.retranslate()

    def value(self) -> PersonInput:
        address = self.line("address").text() if "address" in self.widgets else ""
        return PersonInput(name=self.line("name").text(), id_type=self.id_type.id_type(),
                           id_number=self.line("id_number").text(),
                           phone=self.line("phone").text(), address=address)

    def retranslate(self) -> None:
        texts = {"name": self.tr("&Name"), "id_type": self.tr("ID &type"),
                 "id_number": self.tr("ID n&umber"), "phone": self.tr("&Phone"),
                 "address": self.tr("Addr&ess")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.line("id_number").setPlaceholderText(self.tr("18 characters for an ID card"))
        self.line("phone").setPlaceholderText(self.tr("Mobile or landline"))
        self.id_type.retranslate()


class CompanyFields(_Fields):
    """A company: name, unified social credit code, legal representative, contact."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add("name", QLineEdit(), 0, 0, span=3)
        self.add("credit_code", QLineEdit(), 1, 0)
        self.add("legal_rep.name", QLineEdit(), 1, 1)
        self.add("phone", QLineEdit(), 2, 0)
        self.add("address", QLineEdit(), 2, 1)
        self.line("credit_code").setMaxLength(24)
        self.retranslate()

    def value(self) -> CompanyInput:
        return CompanyInput(name=self.line("name").text(),
                            credit_code=self.line("credit_code").text(),
                            legal_rep_name=self.line("legal_rep.name").text(),
                            phone=self.line("phone").text(), address=self.line("address").text())

    def retranslate(self) -> None:
        texts = {"name": self.tr("Company &name"), "credit_code": self.tr("Credit &code"),
                 "legal_rep.name": self.tr("&Legal rep."), "phone": self.tr("&Phone"),
                 "address": self.tr("Addr&ess")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.line("credit_code").setPlaceholderText(self.tr("18-character unified social credit code"))


class ApplicantBox(QGroupBox):
    """The applicant: person fields or company fields, as the service item asks."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = PersonFields()
        self.company = CompanyFields()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.person)
        self._stack.addWidget(self.company)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addWidget(self._stack)
        self.person.submitted.connect(self.submitted)
        self.company.submitted.connect(self.submitted)
        self.retranslate()

    @property
    def is_company(self) -> bool:
        return self._stack.currentWidget() is self.company

    def set_company(self, company: bool) -> None:
        self._stack.setCurrentWidget(self.company if company else self.person)
        self.retranslate()

    def current(self) -> PersonFields | CompanyFields:
        return self.company if self.is_company else self.person

    def value(self) -> PersonInput | CompanyInput:
        return self.current().value()

    def widgets(self) -> dict[str, QWidget]:
        return self.current().widgets

    def first_field(self) -> QWidget:
        return self.current().widgets["name"]

    def clear(self) -> None:
        self.person.clear()
        self.company.clear()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Applicant (company)") if self.is_company
                      else self.tr("Applicant"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AgentBox(QWidget):
    """An agent (代办人) applying on someone's behalf: a tick box, and the fields once ticked."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QCheckBox()
        self.fields = PersonFields(with_address=False)
        # Folded away until ticked: most applicants come in person.
        self._body = QGroupBox()
        body = QVBoxLayout(self._body)
        body.setContentsMargins(8, 6, 8, 6)
        body.addWidget(self.fields)
        self._body.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self._body)
        self.toggle.toggled.connect(self._body.setVisible)
        self.fields.submitted.connect(self.submitted)
        self.retranslate()

    # Named like the tick box's own methods, so the box reads like one.
    def isChecked(self) -> bool:
        return self.toggle.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.toggle.setChecked(checked)

    def value(self) -> PersonInput | None:
        return self.fields.value() if self.isChecked() else None

    def widgets(self) -> dict[str, QWidget]:
        return self.fields.widgets

    def clear(self) -> None:
        self.fields.clear()
        self.setChecked(False)

    def retranslate(self) -> None:
        self.toggle.setText(self.tr("Submitted by an agent"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
