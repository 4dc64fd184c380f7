"""Signing in: demo users on show, refusals inline, the language switched live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter.bootstrap import DEMO_USERS
from tests.ui.flow import TIMEOUT_MS, open_window, sign_in
from ui.shell.login import LoginDialog


def test_demo_users_are_listed_with_their_passwords(qtbot, runner, opened, translations):
    dialog = LoginDialog(runner, opened, translations)
    qtbot.addWidget(dialog)
    table = dialog.demo_table
    assert table.rowCount() == len(DEMO_USERS)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == \
        [u.username for u in DEMO_USERS]
    assert table.item(0, 2).text() == "Clerk"
    assert table.item(0, 3).text() == "demo1234"


def test_wrong_password_is_refused_inline_then_translated(qtbot, runner, opened, translations):
    dialog = LoginDialog(runner, opened, translations)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "clerk")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and runner.pending == 0, timeout=TIMEOUT_MS)
    assert dialog.error.text() == "wrong user name or password"
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.password.text() == ""

    qtbot.mouseClick(dialog.language.buttons()["zh_CN"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() == "用户名或密码错误", timeout=TIMEOUT_MS)
    assert dialog.sign_in_button.text() == "登录(&S)"
    assert dialog.demo_table.item(0, 2).text() == "窗口受理员"
    assert dialog.windowTitle() == "一窗受理系统 — 登录"


def test_double_click_fills_in_a_demo_user(qtbot, runner, opened, translations):
    dialog = LoginDialog(runner, opened, translations)
    qtbot.addWidget(dialog)
    dialog.demo_table.cellDoubleClicked.emit(2, 0)
    assert (dialog.username.text(), dialog.password.text()) == ("supervisor", "demo1234")


def test_administrator_sees_a_read_only_form(qtbot, runner, opened, translations):
    actor = sign_in(qtbot, runner, opened, translations, username="admin")
    window = open_window(qtbot, runner, opened, actor, translations)
    assert not window.form.isEnabled()
    assert "does not take in cases" in window.form.panel.plain_text()
    status = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "Signed in: 系统管理员 (Administrator)" in status


def test_main_window_title_status_and_live_language(qtbot, runner, opened, translations):
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    office = opened.settings.office_name
    assert window.windowTitle() == f"Counter Desk — {office}"
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.windowTitle() == f"一窗受理系统 — {office}",
                    timeout=TIMEOUT_MS)
    assert window.queue.model.headerData(0, Qt.Orientation.Horizontal) == "受理编号"
    assert window.form.applicant.title() == "申请人"
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.form.applicant.title() == "Applicant", timeout=TIMEOUT_MS)
