"""The supervisor's Review page: the office's whole day, filters, deadline marks, opening cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from counter.clock import office_date, utc_now
from counter.intake.submit import submit_intake
from counter.store.models import OfficeCase
from counter.supervision.actions import extend_deadline
from tests.conftest import company, intake_request
from tests.ui.flow import TIMEOUT_MS, open_window, sign_in
from ui.queue.queue_model import DUE_SOON_MARK
from ui.supervisor.review_model import COL_DESK, COL_DUE


def _other_desk_case(opened, number: str, state: str, due_in_days: int) -> None:  # type: ignore[no-untyped-def]
    today = office_date(utc_now(), opened.desk.zone)
    with opened.desk.store.write() as session:
        session.add(OfficeCase(
            id=f"other-{number}", acceptance_no=f"140121-02-{today:%Y%m%d}-{number}",
            desk_code="02", clerk_name="赵磊", service_code="RS-002",
            service_name="失业保险金申领", applicant_name="李秀英",
            applicant_id_masked="**************0026", state=state,
            accepted_at=datetime.now(UTC) - timedelta(minutes=int(number)),
            local_date=today.isoformat(), due_date=today + timedelta(days=due_in_days),
            updated_at=datetime.now(UTC)))


def _supervisor_window(qtbot, runner, opened, translations):  # type: ignore[no-untyped-def]
    clerk = sign_in(qtbot, runner, opened, translations)
    case_id = submit_intake(opened.desk, clerk, intake_request(opened.desk)).case_id
    _other_desk_case(opened, "0001", "submitted", due_in_days=-3)
    _other_desk_case(opened, "0002", "voided", due_in_days=-3)
    supervisor = sign_in(qtbot, runner, opened, translations, "supervisor")
    return open_window(qtbot, runner, opened, supervisor, translations), case_id


def test_the_office_day_with_every_desk(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    window, case_id = _supervisor_window(qtbot, runner, opened, translations)
    window.activateWindow()
    review = window.review
    assert review is not None
    with qtbot.waitSignal(review.model.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(window.form.picker.search, Qt.Key.Key_4,
                       Qt.KeyboardModifier.ControlModifier)
    assert window.pages.current == "review"
    qtmodel = review.proxy
    desks = sorted(qtmodel.index(r, COL_DESK).data() for r in range(qtmodel.rowCount()))
    assert desks == ["01", "02", "02"]
    # The other desk's open case is overdue (red mark); its voided one is not marked.
    overdue = [qtmodel.index(r, COL_DUE).data() for r in range(qtmodel.rowCount())
               if qtmodel.index(r, COL_DESK).data() == "02"]
    assert sum(text.startswith("◆") for text in overdue) == 1
    assert review.deadlines.text() == "Overdue 1 · due soon 0"

    review.desk_filter.setCurrentIndex(review.desk_filter.findData("02"))
    assert qtmodel.rowCount() == 2
    assert review.count.text() == "2 of 3 cases"
    review.desk_filter.setCurrentIndex(review.desk_filter.findData("01"))
    assert qtmodel.rowCount() == 1

    # Enter on this desk's own case opens it; the other desks' are read-only here.
    review.table.setFocus()
    review.table.selectRow(0)
    qtbot.keyClick(review.table, Qt.Key.Key_Return)
    assert case_id in window.case_dialogs
    window.case_dialogs[case_id].close()


def test_supervisors_see_the_deadline_counts_on_the_status_bar(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    window, _ = _supervisor_window(qtbot, runner, opened, translations)
    qtbot.waitUntil(lambda: window.deadlines.isVisible(), timeout=TIMEOUT_MS)
    assert window.deadlines.text() == "Overdue 1 · due soon 0"


def test_a_clerk_has_no_review_page(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    clerk = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, clerk, translations)
    assert window.review is None and "review" not in window.pages.pages
    assert window.deadlines is None  # the office's deadlines are the supervisor's


def test_the_review_model_passes_the_model_tester(qtbot, qtmodeltester, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    window, _ = _supervisor_window(qtbot, runner, opened, translations)
    review = window.review
    with qtbot.waitSignal(review.model.loaded, timeout=TIMEOUT_MS):
        review.refresh()
    qtmodeltester.check(review.model)
    qtmodeltester.check(review.proxy)


def test_the_review_page_follows_another_desks_extension(  # type: ignore[no-untyped-def]
        qtbot, runner, opened, translations, template_dir, tmp_path, demo_actors) -> None:
    """Desk 02's supervisor extends a case; this desk's review page shows the new date, unmarked.

    Both desks sync with the reference platform on loopback through the real engine;
    this window's passes run as F9 runs them.
    """
    from sync.demo_platform import DemoSchedule, demo_engine, start_demo_platform
    from sync.server.auth import add_desk
    from sync.server.db import session_scope
    from tests.sync.engine_support import make_engine
    from ui.shell.main_window import MainWindow
    from ui.shell.sync_controller import SyncController

    settings = opened.settings
    demo = start_demo_platform(opened.directory, settings.office_code, settings.desk_code,
                               DemoSchedule(timer=False))
    other = _desk_beside(template_dir, tmp_path, settings.office_code, "02")
    try:
        with session_scope(demo.engine) as session:
            token = add_desk(session, settings.office_code, "02", "desk 02")
        theirs = make_engine(other, demo.url, token)
        # One working day promised: due soon from the day it is taken in.
        taken = submit_intake(other, demo_actors["clerk"], intake_request(other, "SCJG-002",
                                                                applicant=company()))
        assert theirs.run_once().ok

        supervisor = sign_in(qtbot, runner, opened, translations, "supervisor")
        sync = SyncController(runner)
        window = MainWindow(runner, opened, supervisor, translations, opener=lambda path: None,
                            sync=sync)
        sync.setParent(window)
        qtbot.addWidget(window)
        with qtbot.waitSignal(sync.state_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: not s.running):
            window.show()
            sync.attach_demo(demo, demo_engine(opened.desk, demo))
        review = window.review
        assert review is not None
        with qtbot.waitSignal(review.model.loaded, timeout=TIMEOUT_MS):
            window.pages.show_page("review")

        def their_due() -> str:
            proxy = review.proxy
            [text] = [proxy.index(r, COL_DUE).data() for r in range(proxy.rowCount())
                      if proxy.index(r, COL_DESK).data() == "02"]
            return text

        assert taken.due_date is not None
        assert their_due() == f"{DUE_SOON_MARK} {taken.due_date.isoformat()}"
        assert review.deadlines.text() == "Overdue 0 · due soon 1"

        new_due = other.calendar.add_working_days(taken.due_date, 10).due
        extend_deadline(other, demo_actors["supervisor"], taken.case_id, new_due, "需现场核查")
        assert theirs.run_once().sent == 1
        with qtbot.waitSignal(review.model.loaded, timeout=TIMEOUT_MS):
            window.sync_now_action.trigger()
        assert their_due() == new_due.isoformat()  # no mark: not due soon any more
        assert review.deadlines.text() == "Overdue 0 · due soon 0"
        qtbot.waitUntil(lambda: not sync._running, timeout=TIMEOUT_MS)
        sync.shutdown()
    finally:
        other.store.dispose()
        demo.stop()


def _desk_beside(template_dir, tmp_path, office_code: str, desk_code: str):  # type: ignore[no-untyped-def]
    """Another desk of the office, with its own store copied from the template desk."""
    import shutil

    from counter.desk import Desk
    from counter.settings import DATABASE_FILE
    from counter.store.database import Store

    folder = tmp_path / f"desk{desk_code}"
    folder.mkdir()
    shutil.copyfile(template_dir / DATABASE_FILE, folder / DATABASE_FILE)
    return Desk(Store(folder / DATABASE_FILE), office_code, desk_code)
