"""Driving the app as a clerk does: by keyboard, waiting on signals with timeouts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from counter.bootstrap import OpenedDesk
from counter.users import Actor
from ui.intake.intake_form import IntakeForm
from ui.shell.i18n import Translations
from ui.shell.login import LoginDialog
from ui.shell.main_window import MainWindow
from ui.shell.tasks import TaskRunner

TIMEOUT_MS = 20_000  # every wait has one; a hang fails instead of blocking the run
VALID_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"  # the check character should be X


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a clerk does: plain keys for ASCII, an input method's commit for Chinese.

    (QTest.keyClicks cannot send non-Latin-1 text; a real Chinese input method
    delivers it as an input method event, which is what this sends.)
    """
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def sign_in(qtbot, runner: TaskRunner, opened: OpenedDesk, translations: Translations,  # type: ignore[no-untyped-def]
            username: str = "clerk", password: str = "demo1234") -> Actor:
    dialog = LoginDialog(runner, opened, translations)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None
    return dialog.actor


def open_window(qtbot, runner: TaskRunner, opened: OpenedDesk, actor: Actor,  # type: ignore[no-untyped-def]
                translations: Translations, opened_files: list | None = None) -> MainWindow:
    opener = opened_files.append if opened_files is not None else (lambda path: None)
    window = MainWindow(runner, opened, actor, translations, opener=opener)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.queue_model.loaded, timeout=TIMEOUT_MS):
        window.show()
    # The rest of what a new window loads (the day's page, the font check) is done too, so a
    # test that checks nothing was queued sees only what it did itself.
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    return window


def pick_item(qtbot, form: IntakeForm, text: str, down: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Type a search, optionally move down the result list, pick with Enter."""
    search = form.picker.search
    qtbot.keyClicks(search, text)
    if down:
        qtbot.waitUntil(lambda: form.picker.results.isVisible(), timeout=TIMEOUT_MS)
        qtbot.keyClick(search, Qt.Key.Key_Down)
        for _ in range(down - 1):
            qtbot.keyClick(form.picker.results, Qt.Key.Key_Down)
        with qtbot.waitSignal(form.picker.picked, timeout=TIMEOUT_MS):
            qtbot.keyClick(form.picker.results, Qt.Key.Key_Return)
    else:
        with qtbot.waitSignal(form.picker.picked, timeout=TIMEOUT_MS):
            qtbot.keyClick(search, Qt.Key.Key_Return)


def mark_all_received(qtbot, form: IntakeForm) -> None:  # type: ignore[no-untyped-def]
    """Space on every row: each press marks the paper received and moves down."""
    for _ in range(form.materials.rowCount()):
        qtbot.keyClick(form.materials_table, Qt.Key.Key_Space)


def type_person(qtbot, form: IntakeForm, name: str = "张三", id_number: str = VALID_ID,  # type: ignore[no-untyped-def]
                phone: str = "13800138000") -> None:
    person = form.applicant.person
    type_text(qtbot, person.line("name"), name)
    qtbot.keyClicks(person.line("id_number"), id_number)
    qtbot.keyClicks(person.line("phone"), phone)


def record_case(opened: OpenedDesk, code: str = "SCJG-001", name: str = "张三",
                id_number: str = VALID_ID) -> str:
    """Take a case in directly through the core (test set-up, not the GUI); its id."""
    from counter.catalog.items import get_item
    from counter.intake.request import (
        Decision,
        IntakeRequest,
        MaterialInput,
        MaterialStatus,
        PersonInput,
    )
    from counter.intake.submit import submit_intake
    from counter.users import sign_in as core_sign_in
    from counter.validation import IdType

    clerk = core_sign_in(opened.desk.store, "clerk2", "demo1234")
    with opened.desk.store.read() as session:
        detail = get_item(session, code)
    assert detail is not None
    materials = tuple(MaterialInput(m.code, MaterialStatus.RECEIVED) for m in detail.materials)
    applicant = PersonInput(name, IdType.RESIDENT_ID, id_number, "13800138000")
    result = submit_intake(opened.desk, clerk, IntakeRequest(code, Decision.ACCEPT, applicant,
                                                             materials))
    return result.case_id
