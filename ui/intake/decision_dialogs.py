"""The questions some decisions ask before they are recorded.

容缺受理 needs the make-up deadline and the applicant's signed commitment;
不予受理 needs a written reason; 补正 takes an optional note for the notice.
Each dialog has an `ask()` classmethod returning the answer or None
(cancelled), so tests can replace it without opening a modal window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter.intake.checks import MIN_REASON_LENGTH
from counter.intake.request import Decision


@dataclass(frozen=True)
class PendingAnswer:
    makeup_deadline: date
    commitment_signed: bool


class PendingDialog(QDialog):
    """Asks for the make-up deadline and whether the commitment (承诺书) was signed."""

    def __init__(self, today: date, latest: date | None, default: date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accept with materials pending"))
        intro = QLabel(self.tr("Non-key materials marked pending may be made up later. "
                               "The applicant signs a commitment to bring them by the deadline."))
        intro.setWordWrap(True)
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setMinimumDate(_qdate(date.fromordinal(today.toordinal() + 1)))
        if latest is not None:
            self.deadline.setMaximumDate(_qdate(latest))
        self.deadline.setDate(_qdate(default or date.fromordinal(today.toordinal() + 1)))
        self.signed = QCheckBox(self.tr("The applicant has signed the commitment"))
        form = QFormLayout()
        form.addRow(self.tr("Make-up &deadline"), self.deadline)
        if latest is not None:
            form.addRow("", QLabel(self.tr("No later than the promised date {due}.")
                                   .format(due=latest.isoformat())))
        form.addRow("", self.signed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Accept"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def answer(self) -> PendingAnswer:
        return PendingAnswer(self.deadline.date().toPython(), self.signed.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, today: date, latest: date | None,
            default: date | None) -> PendingAnswer | None:
        dialog = cls(today, latest, default, parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReasonDialog(QDialog):
    """Asks for the refusal reason (required) or a note for the correction notice."""

    def __init__(self, decision: Decision, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._required = decision is Decision.REFUSE
        if self._required:
            self.setWindowTitle(self.tr("Refuse the application"))
            prompt = self.tr("Reason for refusing (it is printed on the notice to the applicant):")
        else:
            self.setWindowTitle(self.tr("Request correction"))
            prompt = self.tr("Note for the correction notice (optional); every missing or "
                             "faulty material is listed on it anyway:")
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Refuse") if self._required else self.tr("Request correction"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self._buttons)
        self.setMinimumSize(440, 240)
        self._update()

    def _update(self) -> None:
        long_enough = len(self.text.toPlainText().strip()) >= MIN_REASON_LENGTH
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(long_enough or not self._required)

    @classmethod
    def ask(cls, parent: QWidget | None, decision: Decision) -> str | None:
        dialog = cls(decision, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text.toPlainText().strip()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
