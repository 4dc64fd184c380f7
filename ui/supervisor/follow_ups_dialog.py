"""The supervisor's list of low ratings waiting for a follow-up (好差评 差评回访).

Each open low rating shows the case, the level, the applicant's reason, the
clerk and when; "Record follow-up…" asks for the supervisor's note (required)
and closes it through `counter.evaluation.follow_up`, which checks the role.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.clock import to_office_time
from counter.evaluation import LEVEL_NAMES, VISIT_NAMES, OpenFollowUp, follow_up, open_follow_ups
from counter.users import Actor
from ui.cases.case_printing import refusal_text
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner


class NoteDialog(QDialog):
    """Asks for the follow-up note; OK only once something is written."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record follow-up"))
        label = QLabel(heading)
        label.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("What was done: who called the applicant, what "
                                             "was explained or put right"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.note.textChanged.connect(lambda: ok.setEnabled(bool(self.note.toPlainText().strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(460, 240)

    @classmethod
    def ask(cls, heading: str, parent: QWidget | None = None) -> str | None:
        """The note written, or None if cancelled. Tests replace this."""
        dialog = cls(heading, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.note.toPlainText().strip()


class FollowUpsDialog(QDialog):
    """Open low ratings, oldest first, and the supervisor's follow-up of each."""

    COLUMNS = 6

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.rows: list[OpenFollowUp] = []
        self.setWindowTitle(self.tr("Low ratings to follow up"))
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 190), (1, 90), (2, 120), (4, 90), (5, 120)):
            self.table.setColumnWidth(column, width)
        self.table.itemDoubleClicked.connect(lambda _: self.record_follow_up())
        self.status = QLabel()
        self.follow_button = QPushButton()
        self.follow_button.clicked.connect(self.record_follow_up)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.follow_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(880, 420)
        self._retranslate()
        self.refresh()

    def refresh(self) -> None:
        store = self._opened.desk.store

        def work() -> list[OpenFollowUp]:
            with store.read() as session:
                return open_follow_ups(session)

        self._runner.run_store(work, self._show, self._failed, owner=self)

    def _show(self, rows: list[OpenFollowUp]) -> None:
        self.rows = rows
        zone = self._opened.desk.zone
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            level = f"{int(row.level)} {tr_domain('domain', LEVEL_NAMES[row.level])}"
            when = to_office_time(row.at.astimezone(UTC), zone).strftime("%Y-%m-%d %H:%M")
            cells = (
                f"{row.acceptance_no}\n{row.applicant_name}",
                tr_domain("domain", VISIT_NAMES[row.visit]),
                level,
                row.reason,
                row.clerk_name,
                when,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(n, column, item)
        self.table.resizeRowsToContents()
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
        self.follow_button.setEnabled(bool(rows))
        self.status.setText(self.tr("{count} open").format(count=len(rows)) if rows
                            else self.tr("No low rating is waiting for a follow-up."))

    def record_follow_up(self) -> None:
        """Ask for the note on the selected rating and record it."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        chosen = self.rows[row]
        heading = self.tr("Case {number}, rated \u201c{level}\u201d: {reason}").format(
            number=chosen.acceptance_no,
            level=tr_domain("domain", LEVEL_NAMES[chosen.level]), reason=chosen.reason)
        note = NoteDialog.ask(heading, self)
        if note is None:
            return
        desk, actor = self._opened.desk, self._actor
        self._runner.run_store(lambda: follow_up(desk, actor, chosen.evaluation_id, note),
                               lambda _: self.refresh(), self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(refusal_text(error))
        self.status.setStyleSheet("color: #b00000;")

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Visit"), self.tr("Rating"), self.tr("Reason"),
            self.tr("Clerk"), self.tr("When")])
        self.follow_button.setText(self.tr("Record &follow-up…"))
        self.close_button.setText(self.tr("Close"))
