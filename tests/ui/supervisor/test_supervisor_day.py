"""A supervisor runs a whole day in the app, against the demo platform on loopback.

Two cases go out, a third waits while the line is cut; the Review page shows
the day, the day close is blocked by the unsent case; the line comes back, the
case goes out, the day closes and its report is printed, and the day is locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counter.day.reconcile import DayClosed
from counter.intake.submit import submit_intake
from counter.users import sign_in as core_sign_in
from sync.demo_platform import DemoPlatform, DemoSchedule, demo_engine, start_demo_platform
from tests.conftest import intake_request
from tests.ui.flow import TIMEOUT_MS
from ui.shell.main_window import MainWindow
from ui.shell.sync_controller import SyncController


@pytest.fixture
def demo(opened) -> Iterator[DemoPlatform]:  # type: ignore[no-untyped-def]
    platform = start_demo_platform(opened.directory, opened.settings.office_code,
                                   opened.settings.desk_code, DemoSchedule(timer=False))
    yield platform
    platform.stop()


def test_a_supervisors_day(qtbot, runner, opened, translations, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.devices import printer as printer_module

    printed: list[tuple[str, str]] = []
    monkeypatch.setattr(printer_module.DocumentPrinter, "print_pdf",
                        lambda self, doc_type, pdf, *, filename, **kw: printed.append(
                            (doc_type, filename)) or printer_module.PrintResult(
                            printer_module.PrintOutcome.PRINTED, "test"))
    desk = opened.desk
    clerk = core_sign_in(desk.store, "clerk", "demo1234")
    supervisor = core_sign_in(desk.store, "supervisor", "demo1234")
    sync = SyncController(runner)
    window = MainWindow(runner, opened, supervisor, translations, opener=lambda p: None,
                        sync=sync)
    sync.setParent(window)
    qtbot.addWidget(window)
    window.show()
    sync.attach_demo(demo, demo_engine(desk, demo))

    def synced() -> bool:
        status = sync.status
        return status is not None and not status.running and runner.pending == 0

    for _ in range(2):
        submit_intake(desk, clerk, intake_request(desk))
    sync.sync_now()
    qtbot.waitUntil(lambda: synced() and sync.status.backlog == 0, timeout=TIMEOUT_MS)
    demo.cut()
    late = submit_intake(desk, clerk, intake_request(desk))
    sync.sync_now()
    qtbot.waitUntil(lambda: synced() and sync.status.backlog == 1, timeout=TIMEOUT_MS)

    # Review: the day's three cases.
    window.pages.show_page("review")
    review = window.review
    qtbot.waitUntil(lambda: review.model.rowCount() == 3, timeout=TIMEOUT_MS)

    # Day close: blocked while the late case has not reached the platform.
    dialog = window.supervisor.open_day_close()
    qtbot.waitUntil(lambda: dialog.reconciliation is not None and runner.pending == 0,
                    timeout=TIMEOUT_MS)
    rec = dialog.reconciliation
    assert (rec.cases, rec.confirmed, rec.unsent) == (3, 2, 1)
    assert [i.acceptance_no for i in rec.items] == [late.acceptance_no]
    assert not dialog.close_button.isEnabled()

    # The line comes back; the case goes out; the day reconciles and closes.
    demo.restore()
    sync.sync_now()
    qtbot.waitUntil(lambda: synced() and sync.status.backlog == 0, timeout=TIMEOUT_MS)
    dialog.refresh()
    qtbot.waitUntil(lambda: runner.pending == 0 and dialog.reconciliation.reconciled,
                    timeout=TIMEOUT_MS)
    assert dialog.close_button.isEnabled()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: runner.pending == 0 and dialog.reconciliation is not None
                    and dialog.reconciliation.is_closed, timeout=TIMEOUT_MS)
    closed = dialog.reconciliation.closed
    assert closed.closed_by_name == supervisor.display_name and closed.override_reason == ""
    report = Path(closed.report_file)
    assert report.read_bytes().startswith(b"%PDF-")
    assert printed == [("daily-report", report.name)]  # closing printed the day's report

    # The day is locked: the counter takes no more cases on it.
    with pytest.raises(DayClosed):
        submit_intake(desk, clerk, intake_request(desk))
    dialog.close()
    sync.shutdown()
