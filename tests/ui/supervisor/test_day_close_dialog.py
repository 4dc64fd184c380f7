"""The day close dialog: blocked by an unsent case, the override from the keyboard, closed, reopened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from counter.clock import office_date, utc_now
from counter.day import close as day_close
from counter.day import reconcile as day_state
from counter.exchange import sync_state
from counter.exchange.sync_state import Delivered
from counter.intake.submit import submit_intake
from counter.store.models import OutboxItem, User
from counter.users import Actor, actor_of
from tests.conftest import intake_request
from tests.ui.flow import TIMEOUT_MS
from ui.common.reason_dialog import ReasonDialog
from ui.devices.printer import PrintOutcome, PrintResult
from ui.supervisor.day_close_dialog import DayCloseDialog


class FakePrinter:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, bytes, str]] = []

    def print_pdf(self, doc_type: str, pdf: bytes, *, filename: str) -> PrintResult:
        self.jobs.append((doc_type, pdf, filename))
        return PrintResult(PrintOutcome.PRINTED, printer="test")


def actor(opened, username: str) -> Actor:
    with opened.desk.store.read() as session:
        return actor_of(session.exec(select(User).where(User.username == username)).one())


def take_case(opened) -> str:
    desk = opened.desk
    return submit_intake(desk, actor(opened, "clerk"), intake_request(desk)).case_id


def confirm_all(opened) -> None:
    with opened.desk.store.write() as session:
        ids = session.exec(select(OutboxItem.id).where(OutboxItem.state == "pending")).all()
        sync_state.record_batch(session, [Delivered(i) for i in ids], utc_now())


def open_dialog(qtbot, runner, opened, who: str, **kwargs) -> DayCloseDialog:  # type: ignore[no-untyped-def]
    # Closing prints the report: never to a real queue from a test.
    kwargs.setdefault("printer", FakePrinter())
    dialog = DayCloseDialog(runner, opened, actor(opened, who), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.reconciliation is not None, timeout=TIMEOUT_MS)
    return dialog


def loaded_again(qtbot, dialog: DayCloseDialog, runner) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)


def test_an_unsent_case_blocks_the_close(qtbot, qtmodeltester, runner, opened, translations):
    take_case(opened)
    dialog = open_dialog(qtbot, runner, opened, "supervisor")
    qtmodeltester.check(dialog.model)
    rec = dialog.reconciliation
    assert (rec.cases, rec.confirmed, rec.unsent) == (1, 0, 1)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 3).data() == "Unsent"
    assert dialog.model.index(0, 2).data() == "Intake"
    assert "1 items of" in dialog.status.text()
    assert "Unsent: 1" in dialog.figures.text()
    assert not dialog.close_button.isEnabled()
    assert dialog.override_box.isVisible() and dialog.hint.isVisible()
    # Ticking the override is not enough: the reason must be written.
    dialog.override.setFocus()
    qtbot.keyClick(dialog.override, Qt.Key.Key_Space)
    qtbot.keyClicks(dialog.reason, "net")
    assert not dialog.close_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # nothing happens; the dialog stays
    assert dialog.isVisible() and runner.pending == 0
    with opened.desk.store.read() as session:
        assert day_state.closed_days(session) == []


def test_override_from_the_keyboard_closes_the_day_and_shows_the_close(
    qtbot, runner, opened, translations, monkeypatch: pytest.MonkeyPatch
):
    take_case(opened)
    printer, opened_files = FakePrinter(), []
    dialog = open_dialog(qtbot, runner, opened, "supervisor", printer=printer,
                         opener=opened_files.append)
    dialog.override.setFocus()
    qtbot.keyClick(dialog.override, Qt.Key.Key_Space)
    assert dialog.override.isChecked() and dialog.reason.hasFocus()
    qtbot.keyClicks(dialog.reason, "network down until 18:00")
    assert dialog.close_button.isEnabled()
    today = office_date(utc_now(), opened.desk.zone)
    with qtbot.waitSignal(dialog.day_changed, timeout=TIMEOUT_MS) as changed:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert changed.args == [today.isoformat()]
    loaded_again(qtbot, dialog, runner)
    assert dialog.message.text().startswith("Day closed")
    with opened.desk.store.read() as session:
        closed = day_state.closing(session, today)
    assert closed is not None and closed.override_reason == "network down until 18:00"
    # The closed state: who, the override, the report; no Close button any more.
    assert dialog.closed_box.isVisible() and not dialog.close_button.isVisible()
    info = dialog.closed_info.text()
    assert closed.closed_by_name in info and "network down until 18:00" in info
    assert f"日报-{today.isoformat()}.pdf" in info
    # Closing printed the report at once; the button prints it again.
    assert len(printer.jobs) == 1
    dialog.print_button.click()
    (doc_type, pdf, filename), again = printer.jobs
    assert again[1] == pdf
    assert (doc_type, filename) == ("daily-report", f"日报-{today.isoformat()}.pdf")
    assert pdf.startswith(b"%PDF")
    dialog.open_button.click()
    assert opened_files == [Path(closed.report_file)]

    # Reopen, with the reason asked for.
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: "补录漏登办件"))
    with qtbot.waitSignal(dialog.day_changed, timeout=TIMEOUT_MS):
        dialog.reopen_button.click()
    loaded_again(qtbot, dialog, runner)
    with opened.desk.store.read() as session:
        assert not day_state.is_closed(session, today)
    assert not dialog.closed_box.isVisible()
    assert dialog.close_button.isVisible() and not dialog.close_button.isEnabled()


def test_a_reconciled_day_closes_without_override_but_not_by_a_clerk(
    qtbot, runner, opened, translations
):
    take_case(opened)
    confirm_all(opened)
    clerk_view = open_dialog(qtbot, runner, opened, "clerk")
    assert clerk_view.reconciliation.reconciled
    assert not clerk_view.close_button.isEnabled()
    assert not clerk_view.override_box.isVisible()
    clerk_view.close()
    dialog = open_dialog(qtbot, runner, opened, "supervisor")
    assert dialog.close_button.isEnabled() and not dialog.table.isVisible()
    with qtbot.waitSignal(dialog.day_changed, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)
    loaded_again(qtbot, dialog, runner)
    assert "At closing: 1 cases, 1 confirmed, 0 not." in dialog.closed_info.text()


def test_cancelling_the_reopen_reason_keeps_the_day_closed(
    qtbot, runner, opened, translations, monkeypatch: pytest.MonkeyPatch
):
    take_case(opened)
    confirm_all(opened)
    today = office_date(utc_now(), opened.desk.zone)
    day_close.close_day(opened.desk, actor(opened, "supervisor"), today)
    dialog = open_dialog(qtbot, runner, opened, "supervisor")
    assert dialog.closed_box.isVisible()
    assert "The daily report was not written." in dialog.closed_info.text()
    assert not dialog.print_button.isEnabled()
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: None))
    dialog.reopen_button.click()
    assert runner.pending == 0
    with opened.desk.store.read() as session:
        assert day_state.is_closed(session, today)
