"""The unattended desk: the window locks after idle minutes and shows nothing personal.

The same clerk signing in gets the window back with the form as it was left;
another user signing in ends the first session and gets a window of their own.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from tests.ui.flow import TIMEOUT_MS, open_window, pick_item, record_case, sign_in, type_person
from ui.shell.main_window import MainWindow
from ui.shell.sessions import Sessions

NAME = "欧阳娜娜"


def shown_texts() -> str:
    """Every text on screen now, in every visible window."""
    parts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel) or isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
                parts.append(widget.text())
    return "\n".join(parts)


def unlock(qtbot, window: MainWindow, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    screen = window.lock_screen
    assert screen is not None
    screen.username.setText(username)
    qtbot.keyClicks(screen.password, password)
    with qtbot.waitSignal(screen.unlocked, timeout=TIMEOUT_MS):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)


def test_the_idle_desk_locks_hides_the_citizens_data_and_gives_the_form_back(
        qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    pick_item(qtbot, window.form, "SCJG-001")
    type_person(qtbot, window.form, name=NAME)
    case_id = record_case(opened, name="司马相如")
    window.open_case(case_id)
    view = window.case_dialogs[case_id]
    qtbot.waitUntil(lambda: view.case is not None, timeout=TIMEOUT_MS)
    assert NAME in shown_texts() and "司马相如" in shown_texts()

    window.idle.limit_s = 0.3  # the office's minutes, shortened for the test
    window.idle.start()
    qtbot.waitUntil(lambda: window.locked, timeout=TIMEOUT_MS)
    shown = shown_texts()
    assert NAME not in shown and "司马相如" not in shown and "SCJG-001" not in shown
    assert not view.isVisible() and not window.menuBar().isEnabled()
    assert "This desk is locked" in shown

    screen = window.lock_screen
    assert screen is not None
    qtbot.keyClicks(screen.password, "wrong-password")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.error.isVisible, timeout=TIMEOUT_MS)
    assert window.locked and NAME not in shown_texts()

    unlock(qtbot, window, "clerk", "demo1234")
    assert not window.locked and window.centralWidget() is window.pages
    assert window.form.applicant.person.line("name").text() == NAME  # the work in progress
    assert view.isVisible() and window.menuBar().isEnabled()


def test_input_keeps_the_desk_open(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    window.idle.limit_s = 0.6
    window.idle.start()
    search = window.form.picker.search
    for _ in range(8):  # 1.2 s of typing, never 0.6 s apart
        qtbot.keyClick(search, Qt.Key.Key_A)
        qtbot.wait(150)
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=TIMEOUT_MS)


def test_another_user_signing_in_ends_the_first_session(
        qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make(user):  # type: ignore[no-untyped-def]
        # Not handed to qtbot: the sessions delete the window they end.
        window = MainWindow(runner, opened, user, translations, opener=lambda path: None)
        windows.append(window)
        return window

    sessions = Sessions(make)
    try:
        _switch_users(qtbot, runner, opened, translations, sessions)
    finally:
        for window in windows:
            if shiboken6.isValid(window):
                window.close()
                window.deleteLater()


def _switch_users(qtbot, runner, opened, translations, sessions: Sessions) -> None:  # type: ignore[no-untyped-def]
    first = sessions.open(sign_in(qtbot, runner, opened, translations))
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    pick_item(qtbot, first.form, "SCJG-001")
    type_person(qtbot, first.form, name=NAME)
    first.lock()
    unlock(qtbot, first, "supervisor", "demo1234")

    second = sessions.current
    assert second is not first and second is not None and second.isVisible()
    assert second.actor.username == "supervisor" and not second.locked
    assert not first.isVisible()  # closed: its layout saved, its client closed
    assert second.review is not None  # the supervisor's own window, with the supervisor's pages
    assert NAME not in shown_texts()
    assert second.form.applicant.person.line("name").text() == ""


def test_a_zero_limit_never_locks(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    window.idle.limit_s = 0
    window.idle.start()
    qtbot.wait(300)
    assert not window.locked


def test_the_lock_screen_reads_in_chinese(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_visible_chinese import _english

    translations.install("zh_CN")
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    window.lock()
    screen = window.lock_screen
    assert screen is not None
    qtbot.waitUntil(screen.isVisible, timeout=TIMEOUT_MS)
    assert _english(screen) == []
    assert "本窗口已锁定" in shown_texts()
