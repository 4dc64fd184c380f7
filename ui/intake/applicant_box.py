"""Who applies: a person or a company, and an optional agent (代办人).

Each group knows its field widgets by the core's field keys ("name",
"id_number", ...), so the form can light up exactly the fields the core
rejected. Enter in any line edit is passed on by `submitted` (the form accepts).

A resident ID number is checked as it is typed, once all 18 characters are
in: a wrong one says at once what is wrong ("check character should be X"),
a right one shows the birth date and sex it encodes. `identity_changed`
tells the form whose documents to look up on the platform.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.errors import ValidationError
from counter.intake.id_card import IdCardData
from counter.intake.request import CompanyInput, PersonInput
from counter.validation import (
    SEX_NAMES,
    IdType,
    ValidatedId,
    check_as_typed,
    normalise_code,
    validate_credit_code,
)
from ui.shell.i18n import tr_domain

CREDIT_CODE_LENGTH = 18

Identity = tuple[str, str]
"""(id type as the platform names it, normalised number): whose documents to look up."""


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

    identity_changed = Signal(object)  # Identity, or None while the number is not valid

    def __init__(self, with_address: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.id_type = IdTypeCombo()
        self.add("name", QLineEdit(), 0, 0)
        self.add("id_type", self.id_type, 0, 1)
        self.add("id_number", QLineEdit(), 1, 0)
        self.add("phone", QLineEdit(), 1, 1)
        self.line("id_number").setMaxLength(32)
        self.line("phone").setMaxLength(20)
        # What the number says (or what is wrong with it), under the number. The line
        # is kept even when empty, so the form does not jump on the 18th character.
        self.id_facts = QLabel()
        self.id_facts.setMinimumHeight(self.id_facts.fontMetrics().height())
        self.grid.addWidget(self.id_facts, 2, 1, 1, 3)
        if with_address:
            self.add("address", QLineEdit(), 3, 0, span=3)
        self.checked: ValidatedId | None = None  # the number, once complete and valid
        self._problem: ValidationError | None = None
        self.line("id_number").textChanged.connect(self._check_id)
        self.id_type.currentIndexChanged.connect(self._check_id)
        self.retranslate()

    def fill_from_card(self, card: IdCardData) -> None:
        """Take name, number and address from a resident ID card that was read."""
        self.line("name").setText(card.name)
        self.id_type.setCurrentIndex(max(0, self.id_type.findData(IdType.RESIDENT_ID.value)))
        self.line("id_number").setText(card.id_number)
        if "address" in self.widgets:
            self.line("address").setText(card.address)

    def _check_id(self) -> None:
        """Judge the number once it is complete; silent while it is being typed."""
        self.checked, self._problem = None, None
        try:
            self.checked = check_as_typed(self.id_type.id_type(), self.line("id_number").text())
        except ValidationError as error:
            self._problem = error
        self._show_facts()
        identity = None if self.checked is None else (self.checked.id_type.value,
                                                      self.checked.number)
        self.identity_changed.emit(identity)

    def _show_facts(self) -> None:
        if self._problem is not None:
            rules = [tr_domain("rules", p.rule).format(**dict(p.params))
                     for p in self._problem.problems]
            self.id_facts.setStyleSheet("color: #c62828;")
            self.id_facts.setText(self.tr("ID number: {problems}").format(
                problems="; ".join(rules)))
        elif self.checked is not None and self.checked.birth_date is not None:
            self.id_facts.setStyleSheet("color: #2e7d32;")
            sex = tr_domain("domain", SEX_NAMES[self.checked.sex]) if self.checked.sex else ""
            self.id_facts.setText(self.tr("Date of birth {date} · {sex}").format(
                date=self.checked.birth_date.isoformat(), sex=sex))
        else:
            self.id_facts.clear()

    def clear(self) -> None:
        super().clear()
        self._check_id()

    def value(self) -> PersonInput:
        address = self.line("address").text() if "address" in self.widgets else ""
        return PersonInput(name=self.line("name").text(), id_type=self.id_type.id_type(),
                           id_number=self.line("id_number").text(),
                           phone=self.line("phone").text(), address=address)

    def retranslate(self) -> None:
        texts = {"name": self.tr("&Name"), "id_type": self.tr("ID t&ype"),
                 "id_number": self.tr("ID n&umber"), "phone": self.tr("P&hone"),
                 "address": self.tr("Addr&ess")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.line("id_number").setPlaceholderText(self.tr("18 characters for an ID card"))
        self.line("phone").setPlaceholderText(self.tr("Mobile or landline"))
        self.id_type.retranslate()
        if hasattr(self, "id_facts"):  # retranslate runs once before the facts line exists
            self._show_facts()


class CompanyFields(_Fields):
    """A company: name, unified social credit code, legal representative, contact."""

    identity_changed = Signal(object)  # Identity, or None while the code is not valid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add("name", QLineEdit(), 0, 0, span=3)
        self.add("credit_code", QLineEdit(), 1, 0)
        self.add("legal_rep.name", QLineEdit(), 1, 1)
        self.add("phone", QLineEdit(), 2, 0)
        self.add("address", QLineEdit(), 2, 1)
        self.line("credit_code").setMaxLength(24)
        self.line("credit_code").textChanged.connect(self._check_code)
        self.retranslate()

    def _check_code(self, text: str) -> None:
        """A complete, valid code names the company for the platform lookup."""
        identity = None
        if len(normalise_code(text)) == CREDIT_CODE_LENGTH:
            try:
                identity = ("credit_code", validate_credit_code(text))
            except ValidationError:
                identity = None  # said when the form is submitted, with everything else
        self.identity_changed.emit(identity)

    def value(self) -> CompanyInput:
        return CompanyInput(name=self.line("name").text(),
                            credit_code=self.line("credit_code").text(),
                            legal_rep_name=self.line("legal_rep.name").text(),
                            phone=self.line("phone").text(), address=self.line("address").text())

    def retranslate(self) -> None:
        texts = {"name": self.tr("Company &name"), "credit_code": self.tr("Cre&dit code"),
                 "legal_rep.name": self.tr("Le&gal rep."), "phone": self.tr("P&hone"),
                 "address": self.tr("Addr&ess")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.line("credit_code").setPlaceholderText(self.tr("18-character unified social credit code"))


class ApplicantBox(QGroupBox):
    """The applicant: person fields or company fields, as the service item asks.

    `card_button` (the "Read ID card" button) sits beside the person's fields
    and is hidden for a company applicant.
    """

    submitted = Signal()
    identity_changed = Signal(object)  # Identity of the applicant shown, or None

    def __init__(self, card_button: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = PersonFields()
        self.company = CompanyFields()
        self.card_button = card_button
        self._stack = QStackedWidget()
        self._stack.addWidget(self.person)
        self._stack.addWidget(self.company)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addWidget(self._stack, 1)
        if card_button is not None:
            layout.addWidget(card_button, 0, Qt.AlignmentFlag.AlignTop)
        self.person.submitted.connect(self.submitted)
        self.company.submitted.connect(self.submitted)
        self.person.identity_changed.connect(self._identity_from(self.person))
        self.company.identity_changed.connect(self._identity_from(self.company))
        self.retranslate()

    def _identity_from(self, fields: QWidget):  # type: ignore[no-untyped-def]
        def forward(identity: Identity | None) -> None:
            if self._stack.currentWidget() is fields:
                self.identity_changed.emit(identity)
        return forward

    def identity(self) -> Identity | None:
        """Whose documents to look up: the shown applicant's number once valid."""
        if self.is_company:
            text = self.company.line("credit_code").text()
            if len(normalise_code(text)) != CREDIT_CODE_LENGTH:
                return None
            try:
                return ("credit_code", validate_credit_code(text))
            except ValidationError:
                return None
        checked = self.person.checked
        return None if checked is None else (checked.id_type.value, checked.number)

    @property
    def is_company(self) -> bool:
        return self._stack.currentWidget() is self.company

    def set_company(self, company: bool) -> None:
        self._stack.setCurrentWidget(self.company if company else self.person)
        if self.card_button is not None:
            self.card_button.setVisible(not company)
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
