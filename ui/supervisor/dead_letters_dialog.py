"""The dead letters: what the platform refused, with its reason; resend or close each (supervisors).

A refused intake can also be corrected and resubmitted (counter.supervision.resubmission):
the correction form shows the refusal beside the fields it concerns, then the
reason is asked and the revision queued; by supervisors, or clerks where the
office allows it.

Read and changed on the store worker through counter.exchange.sync_state.dead_letters and
counter.supervision.dead_letters, which check the role and the reason themselves.
After each resolution the list is read again and `changed` fires, so the sync
status bar can recount.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.clock import to_office_time
from counter.exchange.outbox import INTAKE_KINDS, KIND_NAMES
from counter.exchange.sync_state import DeadLetter, dead_letters
from counter.supervision.dead_letters import close_dead_letter, resend_dead_letter
from counter.supervision.resubmission import may_resubmit, refused_intake, resubmit_intake
from counter.users import Actor, Permission
from ui.cases.case_printing import refusal_text
from ui.common.reason_dialog import ReasonDialog
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner
from ui.supervisor.supervisor_dialogs import CorrectionDialog, load_supervision_form

_ITEM = Qt.ItemDataRole.UserRole + 1


class DeadLettersDialog(QDialog):
    """The refused outbox items. `loaded` after each read; `changed` after each resolution."""

    loaded = Signal()
    changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.letters: list[DeadLetter] = []
        self.setMinimumSize(760, 360)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.resubmit_button = QPushButton()
        self.resubmit_button.clicked.connect(self.resubmit)
        self.resend_button = QPushButton()
        self.resend_button.clicked.connect(self.resend)
        self.close_item_button = QPushButton()
        self.close_item_button.clicked.connect(self.close_item)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resubmit_button)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.close_item_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_buttons()
        self.reload()

    # -- reading ---------------------------------------------------------------

    def reload(self) -> None:
        store = self._opened.desk.store

        def work() -> list[DeadLetter]:
            with store.read() as session:
                return dead_letters(session)

        self._runner.run_store(work, self._show, self._failed, owner=self)

    def _show(self, letters: list[DeadLetter]) -> None:
        self.letters = letters
        zone = self._opened.desk.zone
        selected = max(self.table.currentRow(), 0)
        self.table.setRowCount(len(letters))
        for row, letter in enumerate(letters):
            when = to_office_time(letter.created_at, zone).strftime("%Y-%m-%d %H:%M")
            cells = (letter.acceptance_no or "—", self.kind_text(letter.kind), letter.reason, when)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ITEM, letter.item_id)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if letters:
            self.table.selectRow(min(selected, len(letters) - 1))
        if not letters and not self.message.text():  # keep the last resolution's message
            self.message.setText(self.tr("Nothing was refused."))
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._report(refusal_text(error), True)

    def selected(self) -> DeadLetter | None:
        row = self.table.currentRow()
        return self.letters[row] if 0 <= row < len(self.letters) else None

    def _update_buttons(self) -> None:
        letter = self.selected()
        may = self._actor.can(Permission.RESOLVE_DEAD_LETTER) and letter is not None
        self.resend_button.setEnabled(may)
        self.close_item_button.setEnabled(may)
        self.resubmit_button.setEnabled(
            letter is not None and letter.kind in INTAKE_KINDS
            and may_resubmit(self._actor, self._opened.settings.clerk_may_resubmit)
        )

    # -- actions ---------------------------------------------------------------

    def resubmit(self) -> None:
        """Correct a refused intake where the refusal points, and queue its new revision."""
        letter = self.selected()
        if letter is None or letter.case_id is None:
            return
        opened, item_id, case_id = self._opened, letter.item_id, letter.case_id

        def read():  # type: ignore[no-untyped-def]
            return load_supervision_form(opened, case_id), refused_intake(opened.desk, item_id)

        self._runner.run_store(read, self._ask_correction, self._failed, owner=self)

    def _ask_correction(self, loaded) -> None:  # type: ignore[no-untyped-def]
        form, refusal = loaded
        correction = CorrectionDialog.ask(self, form, refusal)
        if correction is None:
            return
        reason = ReasonDialog.ask(
            self,
            self.tr("Resubmit {number}").format(number=form.acceptance_no),
            self.tr("The corrected intake goes to the platform under the same acceptance "
                    "number. What was corrected, and why?"),
        )
        if reason is None:
            return
        desk, actor, item_id = self._opened.desk, self._actor, refusal.item_id
        clerk_may = self._opened.settings.clerk_may_resubmit
        self._resolve(
            lambda: resubmit_intake(desk, actor, item_id, correction, reason,
                                    clerk_may_resubmit=clerk_may),
            self.tr("Corrected and queued to be sent again; the acceptance number {number} "
                    "stays.").format(number=form.acceptance_no),
        )

    def resend(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        reason = ReasonDialog.ask(
            self,
            self.tr("Resend to the platform"),
            self.tr("The platform refused it: {reason}. What was put right?").format(
                reason=letter.reason
            ),
        )
        if reason is None:
            return
        desk, actor, item_id = self._opened.desk, self._actor, letter.item_id
        self._resolve(
            lambda: resend_dead_letter(desk, actor, item_id, reason),
            self.tr("Queued to be sent again."),
        )

    def close_item(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        reason = ReasonDialog.ask(
            self,
            self.tr("Close without sending"),
            self.tr("The item stays on record but is never sent. Why is it closed?"),
        )
        if reason is None:
            return
        desk, actor, item_id = self._opened.desk, self._actor, letter.item_id
        self._resolve(
            lambda: close_dead_letter(desk, actor, item_id, reason),
            self.tr("Closed; it stays on record."),
        )

    def _resolve(self, work, done_text: str) -> None:  # type: ignore[no-untyped-def]
        def done(_result: object) -> None:
            self._report(done_text, False)
            self.changed.emit()
            self.reload()

        self._runner.run_store(work, done, self._failed, owner=self)

    def _report(self, text: str, is_error: bool) -> None:
        self.message.setStyleSheet(
            "QLabel { color: #b00000; }" if is_error else "QLabel { color: #1a7f37; }"
        )
        self.message.setText(text)

    # -- language --------------------------------------------------------------

    def kind_text(self, kind: str) -> str:
        name = KIND_NAMES.get(kind)
        return tr_domain("domain", name) if name else kind

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Refused by the platform"))
        self.intro.setText(
            self.tr(
                "The platform refused these items for good. Correct a refused intake and "
                "resubmit it, resend an item once the cause is put right, or close it with a "
                "reason; nothing is deleted."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Acceptance no."), self.tr("Kind"), self.tr("Platform's reason"),
             self.tr("Recorded")]
        )
        self.resubmit_button.setText(self.tr("Correct and re&submit…"))
        self.resend_button.setText(self.tr("&Resend…"))
        self.close_item_button.setText(self.tr("C&lose…"))
        self.done_button.setText(self.tr("&Done"))
        if self.letters:
            self._show(self.letters)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
