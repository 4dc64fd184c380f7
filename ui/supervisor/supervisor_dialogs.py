"""The supervisor's case dialogs: correct applicant data, accept a make-up, extend a deadline.

Each dialog only collects what the supervisor enters; the case view asks the
reason (ui.common.reason_dialog) and runs the core action on the store worker, which
checks the role and every value again. The form is read on the worker too
(`load_supervision_form`), ID numbers already masked: the full number never
reaches a widget. An ID field stays empty until the supervisor types a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.store.models import Case
from counter.supervision.actions import pending_materials
from counter.supervision.correction import ApplicantCorrection
from counter.supervision.resubmission import REFUSAL_NAMES, Refusal
from counter.validation import mask_id_number
from ui.shell.i18n import tr_domain

_REFUSED_COLOUR = "#b00000"


def refusal_name(code: str) -> str:
    """The platform's reason code as a clerk reads it, in the interface language."""
    name = REFUSAL_NAMES.get(code)
    return tr_domain("domain", name) if name else code


@dataclass(frozen=True)
class SupervisionForm:
    """What the supervisor's dialogs prefill, with every ID number masked."""

    case_id: str
    acceptance_no: str
    is_company: bool
    applicant_name: str
    applicant_id_masked: str
    applicant_phone: str
    applicant_address: str
    legal_rep_name: str
    agent_name: str
    agent_id_type: str
    agent_id_masked: str
    agent_phone: str
    due_date: date | None
    pending: tuple[tuple[str, str], ...]  # (code, name) of materials pending make-up


def load_supervision_form(opened: OpenedDesk, case_id: str) -> SupervisionForm:
    """Read on the store worker: the case's current applicant data and pending materials."""
    with opened.desk.store.read() as session:
        case = session.get(Case, case_id)
        assert case is not None, case_id
        pending = tuple((m.code, m.name) for m in pending_materials(session, case_id))
    return SupervisionForm(
        case_id=case.id,
        acceptance_no=case.acceptance_no,
        is_company=case.applicant_kind == "company",
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id_number(case.applicant_id_number),
        applicant_phone=case.applicant_phone,
        applicant_address=case.applicant_address,
        legal_rep_name=case.legal_rep_name,
        agent_name=case.agent_name,
        agent_id_type=case.agent_id_type,
        agent_id_masked=mask_id_number(case.agent_id_number) if case.agent_id_number else "",
        agent_phone=case.agent_phone,
        due_date=case.due_date,
        pending=pending,
    )


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    # The texts of ui.common.reason_dialog, already translated there.
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons.button(ok).setText(QCoreApplication.translate("ReasonDialog", "OK"))
    buttons.button(cancel).setText(QCoreApplication.translate("ReasonDialog", "Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CorrectionDialog(QDialog):
    """The applicant's and agent's data, prefilled; `correction()` holds what was changed.

    Given the platform's `refusal` of the intake, it is the form to correct and
    resubmit it: the refusal heads the form, and its reason stands beside each
    field it concerns, that field marked and focused first.
    """

    def __init__(
        self, form: SupervisionForm, parent: QWidget | None = None,
        refusal: Refusal | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        if refusal is None:
            self.setWindowTitle(self.tr("Correct applicant data of {number}").format(
                number=form.acceptance_no))
        else:
            self.setWindowTitle(self.tr("Correct and resubmit {number}").format(
                number=form.acceptance_no))
        self.setMinimumWidth(480 if refusal is None else 720)
        self.fields: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}  # the refusal beside the fields it concerns
        concerned = set(refusal.columns) if refusal is not None else set()
        layout = QFormLayout()

        def add(key: str, label: str, value: str, placeholder: str = "") -> None:
            edit = QLineEdit(value)
            edit.setPlaceholderText(placeholder)
            self.fields[key] = edit
            if key not in concerned or refusal is None:
                layout.addRow(label, edit)
                return
            edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {_REFUSED_COLOUR}; }}")
            note = QLabel(self.tr("Refused: {why}").format(why=refusal_name(refusal.code)))
            note.setWordWrap(True)
            note.setStyleSheet(f"QLabel {{ color: {_REFUSED_COLOUR}; }}")
            note.setBuddy(edit)
            self.notes[key] = note
            row = QHBoxLayout()
            row.addWidget(edit, 3)
            row.addWidget(note, 2)
            layout.addRow(label, row)

        id_label = self.tr("Credit code:") if form.is_company else self.tr("ID number:")
        add("applicant_name", self.tr("&Name:"), form.applicant_name)
        add("applicant_id_number", id_label, "", form.applicant_id_masked)
        if form.is_company:
            add("legal_rep_name", self.tr("&Legal representative:"), form.legal_rep_name)
        add("applicant_phone", self.tr("&Phone:"), form.applicant_phone)
        add("applicant_address", self.tr("&Address:"), form.applicant_address)
        add("agent_name", self.tr("A&gent:"), form.agent_name)
        add("agent_id_number", self.tr("Agent ID number:"), "", form.agent_id_masked)
        add("agent_phone", self.tr("Agent p&hone:"), form.agent_phone)
        hint = QLabel(self.tr("ID numbers are shown masked; type a new number only to correct it."))
        hint.setWordWrap(True)
        outer = QVBoxLayout(self)
        self.banner: QLabel | None = None
        if refusal is not None:
            self.banner = QLabel(self._banner_text(refusal))
            self.banner.setWordWrap(True)
            self.banner.setTextFormat(Qt.TextFormat.PlainText)
            self.banner.setStyleSheet(
                f"QLabel {{ color: {_REFUSED_COLOUR}; background: #fdecea; padding: 6px; }}"
            )
            outer.addWidget(self.banner)
        outer.addLayout(layout)
        outer.addWidget(hint)
        outer.addWidget(_buttons(self))
        first = next((self.fields[c] for c in self.fields if c in concerned), None)
        if first is not None:
            first.setFocus()

    def _banner_text(self, refusal: Refusal) -> str:
        text = self.tr(
            "The platform refused this intake: {why}. Correct what it names; the case goes "
            "again under the same acceptance number."
        ).format(why=refusal_name(refusal.code))
        if refusal.reason:
            text += "\n" + self.tr("Platform's words: {reason}").format(
                reason=f"{refusal.code}: {refusal.reason}")
        if not refusal.columns:
            text += "\n" + self.tr(
                "It names no field here; leave the data as it is if only the platform was at "
                "fault."
            )
        return text

    def correction(self) -> ApplicantCorrection:
        """Only the values that differ from the case; an ID field left empty keeps the number."""
        form = self._form
        before = {
            "applicant_name": form.applicant_name,
            "legal_rep_name": form.legal_rep_name,
            "applicant_phone": form.applicant_phone,
            "applicant_address": form.applicant_address,
            "agent_name": form.agent_name,
            "agent_phone": form.agent_phone,
        }
        changed: dict[str, str] = {}
        for key, edit in self.fields.items():
            text = edit.text().strip()
            if key.endswith("id_number"):
                if text:
                    changed[key] = text
            elif text != before.get(key, ""):
                changed[key] = text
        if "agent_id_number" in changed and not form.agent_id_type:
            changed["agent_id_type"] = "resident_id"  # an agent added here shows a resident ID
        return ApplicantCorrection(**changed)

    @classmethod
    def ask(
        cls, parent: QWidget | None, form: SupervisionForm, refusal: Refusal | None = None
    ) -> ApplicantCorrection | None:
        """The correction entered, or None when cancelled (tests replace this)."""
        dialog = cls(form, parent, refusal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.correction()


class MakeupDialog(QDialog):
    """The materials pending make-up, to tick those handed in; `codes()` are the ticked ones."""

    def __init__(self, form: SupervisionForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accept make-up for {number}").format(
            number=form.acceptance_no))
        self.setMinimumWidth(420)
        label = QLabel(self.tr("Tick the materials the applicant has handed in (Space):"))
        label.setWordWrap(True)
        self.materials = QListWidget()
        for code, name in form.pending:
            item = QListWidgetItem(f"{name}  ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.materials.addItem(item)
        if self.materials.count():
            self.materials.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.materials)
        layout.addWidget(_buttons(self))

    def codes(self) -> list[str]:
        return [
            self.materials.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.materials.count())
            if self.materials.item(row).checkState() == Qt.CheckState.Checked
        ]

    @classmethod
    def ask(cls, parent: QWidget | None, form: SupervisionForm) -> list[str] | None:
        dialog = cls(form, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.codes()


class ExtendDialog(QDialog):
    """A date picker for the new promised date, starting a week after the current one."""

    def __init__(self, form: SupervisionForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Extend the deadline of {number}").format(
            number=form.acceptance_no))
        current = form.due_date
        self.current = QLabel(current.isoformat() if current else "—")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        if current is not None:
            start = QDate(current.year, current.month, current.day)
            self.date.setMinimumDate(start.addDays(1))
            self.date.setDate(start.addDays(7))
        layout = QFormLayout()
        layout.addRow(self.tr("Current promised date:"), self.current)
        layout.addRow(self.tr("&New promised date:"), self.date)
        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(_buttons(self))

    def new_due(self) -> date:
        return self.date.date().toPython()  # type: ignore[return-value]

    @classmethod
    def ask(cls, parent: QWidget | None, form: SupervisionForm) -> date | None:
        dialog = cls(form, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.new_due()
