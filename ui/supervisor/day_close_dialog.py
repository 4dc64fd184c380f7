"""Day close (日结) for a supervisor: reconcile a day, close it (or override), reopen it.

The dialog shows the day's figures against the platform and every upload not
confirmed, with why (unsent: attempts and next try; refused: the platform's
reason). Close the day stays disabled while anything is unconfirmed, unless
"Close anyway" is ticked with a written reason. A closed day shows who closed
it, when, the override reason, and offers the daily report (print / open) and
Reopen…. The rules themselves (roles, reasons, the lock) are in
`counter.day.close`; the store work runs on the task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QDate,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.clock import office_date, utc_now
from counter.day.close import MIN_REASON_LENGTH, DayCloseResult, reopen_day
from counter.day.reconcile import Reconciliation, reconcile
from counter.users import Actor, Permission
from printing.day_report_file import close_day_with_report
from ui.common.core_messages import core_text
from ui.common.message_panel import open_file
from ui.common.reason_dialog import ReasonDialog
from ui.devices.printer import DocumentPrinter
from ui.shell.tasks import TaskRunner
from ui.supervisor.unconfirmed_model import UnconfirmedModel, office_time_text

REPORT_DOC_TYPE = "daily-report"  # ui.devices.printer.DOCUMENT_COPIES and the remembered printer


class DayCloseDialog(QDialog):
    """Reconcile and close a day; a closed day shows its close and can be reopened."""

    day_changed = Signal(str)  # ISO day closed or reopened

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        printer: DocumentPrinter | None = None,
        opener: Callable[[Path], None] = open_file,
    ) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self._printer = printer
        self._opener = opener
        self._rec: Reconciliation | None = None
        self._busy = False
        zone = opened.desk.zone
        self.setWindowTitle(self.tr("Day close"))
        self.resize(860, 560)

        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        today = office_date(utc_now(), zone)
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        day_label = QLabel(self.tr("&Day:"))
        day_label.setBuddy(self.day_edit)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day_edit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("QLabel { font-weight: bold; font-size: 14px; }")
        self.figures = QLabel()
        self.figures.setWordWrap(True)

        self.model = UnconfirmedModel(zone, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((188, 130, 64, 100, 60, 120)):
            self.table.setColumnWidth(column, width)
        self.hint = QLabel(
            self.tr(
                "Unsent items go out with the next sync: use Sync now (F9) in the main "
                "window, then Refresh. Items refused by the platform are resolved from the "
                "dead-letter list."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { color: #555555; }")

        self.override = QCheckBox(self.tr("Close &anyway, with a reason (supervisor override)"))
        self.override.toggled.connect(self._override_toggled)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("Why the day is closed with items not confirmed (at least {min} characters)")
            .format(min=MIN_REASON_LENGTH)
        )
        self.reason.setEnabled(False)
        self.reason.textChanged.connect(lambda _t: self._update_buttons())

        self.closed_box = QGroupBox(self.tr("Closed"))
        self.closed_info = QLabel()
        self.closed_info.setWordWrap(True)
        self.closed_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(self.tr("&Print report…"))
        self.print_button.clicked.connect(self.print_report)
        self.open_button = QPushButton(self.tr("&Open report"))
        self.open_button.clicked.connect(self.open_report)
        self.reopen_button = QPushButton(self.tr("Re&open…"))
        self.reopen_button.clicked.connect(self.reopen)
        closed_buttons = QHBoxLayout()
        for button in (self.print_button, self.open_button, self.reopen_button):
            closed_buttons.addWidget(button)
        closed_buttons.addStretch(1)
        closed_layout = QVBoxLayout(self.closed_box)
        closed_layout.addWidget(self.closed_info)
        closed_layout.addLayout(closed_buttons)

        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            self.tr("&Close the day"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button.clicked.connect(self.close_day)
        done = buttons.addButton(self.tr("Done"), QDialogButtonBox.ButtonRole.RejectRole)
        done.clicked.connect(self.reject)
        # Enter (in the reason, say) closes the day, and only when that is allowed;
        # it never falls through to another button and shuts the dialog.
        for button in (self.refresh_button, self.print_button, self.open_button,
                       self.reopen_button, done):
            button.setAutoDefault(False)
        self.close_button.setDefault(True)

        self.override_box = QWidget()
        override_layout = QFormLayout(self.override_box)
        override_layout.setContentsMargins(0, 0, 0, 0)
        override_layout.addRow(self.override)
        reason_label = QLabel(self.tr("R&eason:"))
        reason_label.setBuddy(self.reason)
        override_layout.addRow(reason_label, self.reason)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.figures)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.override_box)
        layout.addWidget(self.closed_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.closed_box.hide()
        self._update_buttons()
        self.refresh()

    # -- state

    @property
    def day(self) -> date:
        return self.day_edit.date().toPython()  # type: ignore[return-value]

    @property
    def reconciliation(self) -> Reconciliation | None:
        return self._rec

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh_button.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        rec = self._rec
        open_day = rec is not None and not rec.is_closed
        may_close = self._actor.can(Permission.CLOSE_DAY)
        may_override = self._actor.can(Permission.OVERRIDE_DAY_CLOSE)
        needs_override = open_day and rec is not None and not rec.reconciled
        self.override_box.setVisible(bool(needs_override))
        self.override.setEnabled(may_override and not self._busy)
        self.reason.setEnabled(self.override.isChecked() and not self._busy)
        overridden = self.override.isChecked() and (
            len(self.reason.text().strip()) >= MIN_REASON_LENGTH
        )
        self.close_button.setVisible(open_day or rec is None)
        self.close_button.setEnabled(
            open_day and may_close and not self._busy and (not needs_override or overridden)
        )
        closed = rec.closed if rec is not None else None
        has_report = closed is not None and bool(closed.report_file)
        self.print_button.setEnabled(has_report and not self._busy)
        self.open_button.setEnabled(has_report and not self._busy)
        self.reopen_button.setEnabled(closed is not None and may_close and not self._busy)

    def _override_toggled(self, checked: bool) -> None:
        self._update_buttons()
        if checked:
            self.reason.setFocus()

    # -- loading

    def refresh(self) -> None:
        """Read the chosen day's reconciliation on the store worker."""
        desk, day = self._opened.desk, self.day
        self._set_busy(True)
        self._runner.run_store(lambda: reconcile(desk, day), self._loaded, self._failed, owner=self)

    def _loaded(self, rec: Reconciliation) -> None:
        if rec.day != self.day:
            return  # the supervisor moved on to another day meanwhile
        self._rec = rec
        self.model.set_items(rec.items)
        self._show(rec)
        self._set_busy(False)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._say(core_text(error), error=True)

    def _show(self, rec: Reconciliation) -> None:
        zone = self._opened.desk.zone
        self.figures.setText(
            self.tr(
                "Cases taken in: {cases}    Confirmed by the platform: {confirmed}    "
                "Unsent: {unsent}    Refused: {refused}    Later changes not confirmed: {later}"
            ).format(
                cases=rec.cases,
                confirmed=rec.confirmed,
                unsent=rec.unsent + rec.missing,
                refused=rec.refused,
                later=rec.later_items,
            )
        )
        closed = rec.closed
        self.closed_box.setVisible(closed is not None)
        self.table.setVisible(bool(rec.items))
        self.hint.setVisible(bool(rec.items) and closed is None)
        if closed is not None:
            self.status.setText(self.tr("{day} is closed.").format(day=rec.day.isoformat()))
            lines = [
                self.tr("Closed by {name} at {time}.").format(
                    name=closed.closed_by_name, time=office_time_text(closed.closed_at, zone)
                ),
                self.tr("At closing: {cases} cases, {confirmed} confirmed, {unconfirmed} not.")
                .format(cases=closed.cases, confirmed=closed.confirmed,
                        unconfirmed=closed.unconfirmed),
            ]
            if closed.override_reason:
                lines.append(
                    self.tr("Closed anyway: {reason}").format(reason=closed.override_reason)
                )
            lines.append(
                self.tr("Daily report: {file}").format(file=Path(closed.report_file).name)
                if closed.report_file
                else self.tr("The daily report was not written.")
            )
            self.closed_info.setText("\n".join(lines))
        elif rec.reconciled:
            self.status.setText(
                self.tr("Every case of {day} is confirmed by the platform; the day can be closed.")
                .format(day=rec.day.isoformat())
            )
        else:
            self.status.setText(
                self.tr("{count} items of {day} are not confirmed by the platform.").format(
                    count=len(rec.items) + rec.missing, day=rec.day.isoformat()
                )
            )
        if closed is None and self.override.isChecked() and rec.reconciled:
            self.override.setChecked(False)
        self._update_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        colour = "#b00000" if error else "#1a7f37"
        self.message.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.message.setText(text)

    # -- actions

    def close_day(self) -> None:
        """Close the chosen day (with the override reason when ticked)."""
        if not self.close_button.isEnabled():
            return
        opened, actor, day = self._opened, self._actor, self.day
        reason = self.reason.text() if self.override.isChecked() else ""
        self._set_busy(True)
        self._say("")
        self._runner.run_store(
            lambda: close_day_with_report(opened, actor, day, override_reason=reason),
            self._closed,
            self._failed_and_refresh,
            owner=self,
        )

    def _closed(self, result: DayCloseResult) -> None:
        self.override.setChecked(False)
        self.reason.clear()
        text = self.tr("Day closed: {day}.").format(day=result.closed.day.isoformat())
        if result.report_error:
            text += " " + self.tr("The daily report could not be written: {error}").format(
                error=result.report_error
            )
        self._say(text, error=bool(result.report_error))
        self.day_changed.emit(result.closed.day.isoformat())
        self.refresh()
        # Closing prints the day's report (the print dialog picks the printer the first time).
        if not result.report_error and result.closed.report_file:
            self._print_path(Path(result.closed.report_file))

    def _failed_and_refresh(self, error: BaseException) -> None:
        self._failed(error)
        self.refresh()  # what blocked the close may have changed meanwhile

    def reopen(self) -> None:
        rec = self._rec
        if rec is None or rec.closed is None:
            return
        reason = ReasonDialog.ask(
            self,
            self.tr("Reopen {day}").format(day=rec.day.isoformat()),
            self.tr("Why is the day reopened? The reason is kept in the audit log."),
        )
        if reason is None:
            return
        desk, actor, day = self._opened.desk, self._actor, rec.day
        self._set_busy(True)
        self._runner.run_store(
            lambda: reopen_day(desk, actor, day, reason),
            lambda _closed: self._reopened(day),
            self._failed_and_refresh,
            owner=self,
        )

    def _reopened(self, day: date) -> None:
        self._say(self.tr("{day} reopened.").format(day=day.isoformat()))
        self.day_changed.emit(day.isoformat())
        self.refresh()

    def _report_path(self) -> Path | None:
        closed = self._rec.closed if self._rec is not None else None
        return Path(closed.report_file) if closed is not None and closed.report_file else None

    def print_report(self) -> None:
        path = self._report_path()
        if path is not None:
            self._print_path(path)

    def _print_path(self, path: Path) -> None:
        try:
            pdf = path.read_bytes()
        except OSError as exc:
            self._say(self.tr("The daily report cannot be read: {error}").format(error=exc),
                      error=True)
            return
        printer = self._printer or DocumentPrinter(self)
        result = printer.print_pdf(REPORT_DOC_TYPE, pdf, filename=path.name)
        if result.problem:
            self._say(result.problem, error=True)

    def open_report(self) -> None:
        path = self._report_path()
        if path is not None:
            self._opener(path)
