"""Sync in the window: passes after intakes, the status bar, the demo line, a GUI that keeps up."""

from __future__ import annotations

import gc
import itertools
import time

from PySide6.QtCore import Qt, QTimer

from counter.bootstrap import OpenedDesk
from counter.users import sign_in as core_sign_in
from sync.demo_platform import demo_engine
from sync.engine import Connection, SyncStatus
from tests.ui.demo_window import (  # noqa: F401 - fixtures
    actor_fixture,
    demo_fixture,
    window_fixture,
)
from tests.ui.flow import TIMEOUT_MS, VALID_ID, mark_all_received, pick_item, type_person
from ui.queue.queue_model import CASE_ID_ROLE, COL_STATE
from ui.shell.main_window import MainWindow
from ui.shell.sync_controller import SyncController
from ui.shell.sync_status import SyncStatusBar


def _settled(status: SyncStatus) -> bool:
    return not status.running


def take_case(qtbot, window: MainWindow) -> str:  # type: ignore[no-untyped-def]
    """A clerk's intake at the form, by keyboard; the case id."""
    form = window.form
    pick_item(qtbot, form, "gtgsh", down=1)
    mark_all_received(qtbot, form)
    type_person(qtbot, form)
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS) as recorded:
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    return recorded.args[0]


def _shown_state(window: MainWindow, case_id: str) -> str | None:
    """The state column of the case's row in the queue, as the clerk reads it."""
    model = window.queue_model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(CASE_ID_ROLE) == case_id:
            return model.index(row, COL_STATE).data()
    return None


def _wait_status(qtbot, window: MainWindow, accept) -> SyncStatus:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            window.sync.status is not None
            and not window.sync._running
            and bool(accept(window.sync.status))
        ),
        timeout=TIMEOUT_MS,
    )
    return window.sync.status


def test_intake_goes_out_at_once_and_the_status_bar_says_online(qtbot, window, opened):
    bar = window.sync_status
    assert "Online" in bar.connection.text()
    case_id = take_case(qtbot, window)
    status = _wait_status(qtbot, window, lambda s: s.backlog == 0 and s.last_success)
    assert status.connection is Connection.ONLINE
    assert bar.backlog.text() == "To upload: 0"
    assert bar.last.text().startswith("Last sync ")
    assert not bar.dead.isVisible() and not bar.retry.isVisible()
    # The pass moved the case to "submitted", and the queue shows it.
    qtbot.waitUntil(lambda: _shown_state(window, case_id) == "Submitted", timeout=TIMEOUT_MS)


def test_cut_line_queues_the_next_intake_and_restoring_sends_it(qtbot, window, demo):
    bar = window.sync_status
    action = window.cut_line_action
    assert action is not None and action.isEnabled()
    action.setChecked(True)  # the demo menu's switch
    assert demo.is_cut
    take_case(qtbot, window)
    status = _wait_status(
        qtbot, window, lambda s: s.connection is Connection.OFFLINE and s.backlog == 1
    )
    assert status.next_attempt is not None
    assert "Offline" in bar.connection.text()
    assert bar.backlog.text() == "To upload: 1"
    assert bar.retry.text().startswith("Retry at ")
    assert "Last error: " in bar.toolTip()

    action.setChecked(False)
    assert not demo.is_cut
    # Recovery needs no clerk: the controller retries when the backoff says so.
    _wait_status(qtbot, window, lambda s: s.connection is Connection.ONLINE and s.backlog == 0)
    assert bar.backlog.text() == "To upload: 0"
    assert "Online" in bar.connection.text()


def test_queue_shows_departments_decisions_as_the_feed_applies_them(qtbot, window, opened, demo):
    case_id = take_case(qtbot, window)
    _wait_status(qtbot, window, lambda s: s.backlog == 0)
    demo.advance(demo.simulator.review_after_s + 1)
    demo.advance(demo.simulator.review_after_s + demo.simulator.decide_after_s + 2)
    with qtbot.waitSignal(window.sync.applied, timeout=TIMEOUT_MS) as applied:
        qtbot.keyClick(window, Qt.Key.Key_F9)  # Sync now
    assert case_id in applied.args[0].applied.cases_moved
    decided = {"Result ready", "Rejected"}
    qtbot.waitUntil(lambda: _shown_state(window, case_id) in decided, timeout=TIMEOUT_MS)


def test_status_bar_texts_for_each_state(qtbot, translations):
    from datetime import UTC, datetime

    bar = SyncStatusBar("Asia/Shanghai")
    qtbot.addWidget(bar)
    assert bar.connection.text() == "Sync off" and not bar.backlog.isVisibleTo(bar)
    at = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    bar.show_status(SyncStatus(Connection.DEGRADED, 3, 2, at, at, last_error="HTTP 503"))
    assert "Unstable connection" in bar.connection.text()
    assert bar.dead.text() == "2 refused" and bar.dead.isVisibleTo(bar)
    assert bar.last.text() == "Last sync 09:30"
    assert bar.retry.text() == "Retry at 09:30:00"
    assert "HTTP 503" in bar.toolTip()
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: "连接不稳定" in bar.connection.text(), timeout=TIMEOUT_MS)
    assert "待上传" in bar.backlog.text() and "被拒收" in bar.dead.text()
    bar.show_status(SyncStatus(Connection.UNKNOWN, 0, 0, None, None))
    assert "未连接" in bar.connection.text()


def test_a_certificate_problem_is_said_on_the_bar_in_one_line(qtbot, translations):
    bar = SyncStatusBar("Asia/Shanghai")
    qtbot.addWidget(bar)
    bar.show_status(SyncStatus(Connection.DEGRADED, 1, 0, None, None, tls_problem="expired",
                               last_error="/v1/cases/batch: TLS: the platform's certificate "
                               "has expired"))
    assert bar.connection.text() == "● Certificate problem"
    assert bar.tls.isVisibleTo(bar) and bar.tls.text() == "The platform's certificate has expired"
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: bar.tls.text() == "平台证书已过期", timeout=TIMEOUT_MS)
    assert "证书有误" in bar.connection.text()
    bar.show_status(SyncStatus(Connection.ONLINE, 0, 0, None, None))  # mended
    assert not bar.tls.isVisibleTo(bar) and "证书" not in bar.connection.text()


def _record_many(opened: OpenedDesk, count: int) -> None:
    """`count` cases taken in through the core by one signed-in clerk."""
    from counter.catalog.items import get_item
    from counter.intake.request import (
        Decision,
        IntakeRequest,
        MaterialInput,
        MaterialStatus,
        PersonInput,
    )
    from counter.intake.submit import submit_intake
    from counter.validation import IdType

    clerk = core_sign_in(opened.desk.store, "clerk2", "demo1234")
    with opened.desk.store.read() as session:
        detail = get_item(session, "SCJG-001")
    assert detail is not None
    materials = tuple(MaterialInput(m.code, MaterialStatus.RECEIVED) for m in detail.materials)
    applicant = PersonInput("张三", IdType.RESIDENT_ID, VALID_ID, "13800138000")
    for _ in range(count):
        submit_intake(
            opened.desk, clerk, IntakeRequest("SCJG-001", Decision.ACCEPT, applicant, materials)
        )


def test_gui_keeps_ticking_while_a_long_pass_runs(qtbot, runner, opened, demo):
    _record_many(opened, 300)
    engine = demo_engine(opened.desk, demo)
    engine.batch_size = 3  # a hundred round trips: a long pass, even on a quick machine
    sync = SyncController(runner)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    # The app freezes what start-up loaded out of the collector's full scans (ui/shell/app.py);
    # without that, a full collection over the test session's heap stops every thread.
    gc.collect()
    gc.freeze()
    timer.start()
    started = time.perf_counter()
    try:
        with qtbot.waitSignal(
            sync.state_changed, timeout=TIMEOUT_MS, check_params_cb=_settled
        ) as done:
            sync.set_engine(engine)
    finally:
        elapsed = time.perf_counter() - started
        timer.stop()
        gc.unfreeze()
    sync.shutdown()
    assert done.args[0].backlog == 0
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert elapsed > 0.2 and len(ticks) >= elapsed / 0.01 * 0.5, (elapsed, len(ticks))
    print(f"pass {elapsed:.2f} s, {len(ticks)} ticks, longest gap {max(gaps) * 1000:.0f} ms")
    assert max(gaps) < 0.25, max(gaps)
