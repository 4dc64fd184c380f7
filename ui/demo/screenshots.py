"""Render the main screens offscreen, in Chinese and English: ``python -m ui.demo.screenshots OUTDIR``.

Builds a throw-away demo desk with a few cases taken in this morning, then
saves at 1366×768 (a common counter monitor): the sign-in dialog, the main
window with an intake half filled in, the questions asked for 容缺受理 and
不予受理, the form with the problems the core found in a wrong ID number, and
the main window synced with the demo platform, online and with its line cut
(plus a close-up of the status bar in each state); then, once the demo
departments have decided, the queue page, the case view's tabs, pickup and
the certificate check (see ui.demo.screenshot_cases). The pictures are for
looking at, in review.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SIZE = (1366, 768)
TIMEOUT_S = 30.0


def _seed_cases(opened) -> None:  # type: ignore[no-untyped-def]
    """A morning's worth of cases, taken in directly through the core."""
    from counter.catalog.items import get_item
    from counter.intake.request import (
        CompanyInput,
        Decision,
        IntakeRequest,
        MaterialInput,
        MaterialStatus,
        PersonInput,
    )
    from counter.intake.submit import submit_intake
    from counter.users import sign_in
    from counter.validation import IdType

    clerk = sign_in(opened.desk.store, "clerk", "demo1234")
    cases = (
        ("SCJG-001", PersonInput("张三", IdType.RESIDENT_ID, "11010519491231002X", "13800138000")),
        ("RS-002", PersonInput("李秀英", IdType.RESIDENT_ID, "140121199006070026", "13912345678")),
        ("SCJG-002", CompanyInput("清徐县晋源醋业有限公司", "91140121MA0L12345Y", "王建国",
                                  "0351-5721234")),
    )
    for code, applicant in cases:
        with opened.desk.store.read() as session:
            detail = get_item(session, code)
        assert detail is not None
        materials = tuple(MaterialInput(m.code, MaterialStatus.RECEIVED) for m in detail.materials)
        submit_intake(opened.desk, clerk, IntakeRequest(code, Decision.ACCEPT, applicant, materials))


def _other_desk_and_ratings(opened, case) -> None:  # type: ignore[no-untyped-def]
    """Desk 02's morning as the feed would report it, and two ratings, one of them low."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import select

    from counter.clock import office_date, utc_now
    from counter.evaluation import record_evaluation
    from counter.store.models import Case, OfficeCase
    from counter.users import sign_in

    today = office_date(utc_now(), opened.desk.zone)
    with opened.desk.store.write() as session:
        for n, (name, state, due_in) in enumerate((("刘建华", "in_review", -2),
                                                    ("陈丽", "submitted", 1),
                                                    ("山西晋阳物流有限公司", "result_ready", 3))):
            session.add(OfficeCase(
                id=f"desk02-{n}", acceptance_no=f"140121-02-{today:%Y%m%d}-{n + 1:04d}",
                desk_code="02", clerk_name="赵磊", service_code="RS-002",
                service_name="失业保险金申领", applicant_name=name,
                applicant_id_masked="**************0026", state=state,
                accepted_at=datetime.now(UTC) - timedelta(minutes=30 * (n + 1)),
                local_date=today.isoformat(), due_date=today + timedelta(days=due_in),
                updated_at=datetime.now(UTC)))
    clerk = sign_in(opened.desk.store, "clerk", "demo1234")
    with opened.desk.store.read() as session:
        other = session.exec(select(Case).where(Case.id != case.id)).first()
    assert other is not None
    # A low rating of another visit (the case shown in the rating screen stays unrated).
    record_evaluation(opened.desk, clerk, other.id, "intake", 2, "等候时间较长，窗口只开了一个")


def _wait(app, done: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not settle")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def render(out: Path) -> list[Path]:
    """Write the PNGs into `out`; return their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="counter-desk-screens-"))
    os.environ["COUNTER_DESK_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication

    from counter.bootstrap import open_desk
    from counter.users import sign_in
    from sync.demo_platform import DemoSchedule, demo_engine, start_demo_platform
    from ui.demo.screenshot_cases import (
        decide_on_the_platform,
        shoot_case_screens,
        shoot_supervisor_screens,
    )
    from ui.shell.i18n import Translations
    from ui.shell.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    opened = open_desk(home)
    _seed_cases(opened)
    settings = opened.settings
    platform = start_demo_platform(home, settings.office_code, settings.desk_code,
                                   DemoSchedule(timer=False))
    actor = sign_in(opened.desk.store, "clerk", "demo1234")
    runner = TaskRunner()
    translations = Translations(app)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        path = out / name
        widget.grab().save(str(path))
        written.append(path)

    try:
        for language in ("zh_CN", "en"):
            translations.install(language)
            _shoot(app, runner, opened, actor, translations, language, save)
        # Last: the offline pictures take more cases in.
        for language in ("zh_CN", "en"):
            translations.install(language)
            _shoot_sync(app, runner, opened, actor, translations, language, save, platform,
                        demo_engine(opened.desk, platform))
        # Then the cases go to the departments and come back decided, with certificates.
        case = decide_on_the_platform(opened, platform, demo_engine(opened.desk, platform))
        for language in ("zh_CN", "en"):
            translations.install(language)
            shoot_case_screens(runner, opened, actor, translations, language, save,
                               lambda done: _wait(app, done), case, SIZE)
        # Other desks' cases, a low rating: what a supervisor's day holds.
        _other_desk_and_ratings(opened, case)
        supervisor = sign_in(opened.desk.store, "supervisor", "demo1234")
        for language in ("zh_CN", "en"):
            translations.install(language)
            shoot_supervisor_screens(runner, opened, supervisor, translations, language, save,
                                     lambda done: _wait(app, done), case, SIZE)
        _wait(app, lambda: runner.pending == 0)
    finally:
        runner.shutdown()
        platform.stop()
        opened.desk.store.dispose()
    return written


def _shoot_sync(app, runner, opened, actor, translations, language: str,  # type: ignore[no-untyped-def]
                save: Callable, platform, engine) -> None:
    """The window synced with the demo platform: online, then with the line cut."""
    from sync.engine import Connection
    from ui.shell.main_window import MainWindow
    from ui.shell.sync_controller import SyncController

    platform.restore()
    sync = SyncController(runner)
    window = MainWindow(runner, opened, actor, translations, opener=lambda path: None, sync=sync)
    sync.setParent(window)
    window.resize(*SIZE)
    window.show()

    def settled(connection: Connection) -> Callable[[], bool]:
        return lambda: (sync.status is not None and not sync._running
                        and sync.status.connection is connection and runner.pending == 0)

    sync.attach_demo(platform, engine)
    _wait(app, settled(Connection.ONLINE))
    save(window, f"main_sync_online_{language}.png")
    save(window.statusBar(), f"statusbar_online_{language}.png")

    window.cut_line_action.setChecked(True)
    _seed_cases(opened)  # three more cases come in while the line is down
    window.queue_model.refresh()
    sync.sync_now()
    _wait(app, lambda: settled(Connection.OFFLINE)() and sync.status.backlog > 0)
    window.statusBar().showMessage("")
    save(window, f"main_sync_offline_{language}.png")
    save(window.statusBar(), f"statusbar_offline_{language}.png")
    window.cut_line_action.setChecked(False)
    _wait(app, lambda: settled(Connection.ONLINE)() and sync.status.backlog == 0)
    sync.shutdown()
    window.close()


def _shoot(app, runner, opened, actor, translations, language: str,  # type: ignore[no-untyped-def]
           save: Callable) -> None:
    """The pictures of one language."""
    from counter.intake.request import Decision, MaterialStatus
    from ui.intake.decision_dialogs import PendingDialog, ReasonDialog
    from ui.shell.login import LoginDialog
    from ui.shell.main_window import MainWindow

    dialog = LoginDialog(runner, opened, translations)
    dialog.show()
    _wait(app, dialog.isVisible)
    save(dialog, f"login_{language}.png")
    dialog.close()

    window = MainWindow(runner, opened, actor, translations, opener=lambda path: None)
    window.resize(*SIZE)
    window.show()
    form = window.form
    form.picker.pick("RS-002")
    _wait(app, lambda: form.picker.current is not None and runner.pending == 0)
    for row, status in enumerate((MaterialStatus.RECEIVED, MaterialStatus.SHARED,
                                  MaterialStatus.RECEIVED, MaterialStatus.PENDING)):
        form.materials.set_status(row, status)
    person = form.applicant.person
    person.line("name").setText("赵小红")
    person.line("id_number").setText("140121197811201536")
    person.line("phone").setText("13698765432")
    person.line("address").setText("山西省太原市清徐县徐沟镇东南街 12 号")
    form.materials_table.setCurrentIndex(form.materials.index(3, 5))
    _wait(app, lambda: window.queue_model.rowCount() == 3 and runner.pending == 0)
    save(window, f"main_{language}.png")
    window.resize(1920, 1080)  # a large counter monitor: the same layout, more room
    _wait(app, lambda: runner.pending == 0)
    save(window, f"main_1920_{language}.png")
    window.resize(*SIZE)

    about = window.open_about()
    _wait(app, lambda: about.isVisible() and about.secrets is not None)  # type: ignore[attr-defined]
    save(about, f"about_{language}.png")
    about.close()

    picked = form.picker.current
    pending = PendingDialog(picked.today, picked.due.due, picked.makeup_default, window)
    pending.show()
    _wait(app, pending.isVisible)
    save(pending, f"pending_{language}.png")
    pending.close()
    refuse = ReasonDialog(Decision.REFUSE, window)
    refuse.text.setPlainText("申请事项不属于本中心受理范围，请到市级政务服务中心办理。")
    refuse.show()
    _wait(app, refuse.isVisible)
    save(refuse, f"refuse_{language}.png")
    refuse.close()

    # The same form with a mistyped ID number, as the core refuses it.
    person.line("id_number").setText("140121197811201535")
    form.decide(Decision.ACCEPT)
    _wait(app, lambda: form.panel.isVisible() and runner.pending == 0)
    save(window, f"main_problems_{language}.png")

    # Left alone: the desk locks, and the form's applicant is out of sight.
    window.lock()
    _wait(app, lambda: window.lock_screen is not None and window.lock_screen.isVisible())
    save(window, f"locked_{language}.png")
    window.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ui.demo.screenshots OUTDIR", file=sys.stderr)
        return 2
    for path in render(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
