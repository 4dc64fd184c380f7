"""Starting the app: the desk opens, sign-in is asked, the window comes up."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from counter.bootstrap import open_desk
from counter.users import sign_in as core_sign_in
from tests.test_damaged_folder import snapshot
from tests.ui.flow import TIMEOUT_MS, open_window
from ui.shell import app as app_module
from ui.shell.i18n import Translations
from ui.shell.main_window import MainWindow
from ui.shell.tasks import TaskRunner


def test_closing_the_sign_in_ends_the_app(qapp, desk_home, monkeypatch):
    asked = []

    def no_sign_in(runner, opened, translations, parent=None) -> None:  # type: ignore[no-untyped-def]
        asked.append(opened.settings.office_name)

    monkeypatch.setattr(app_module.LoginDialog, "ask", no_sign_in)
    assert app_module.run_app(language="en") == 0
    assert qapp.applicationName() == "Counter Desk"
    assert asked and (desk_home / "counter.db").exists()


def test_signed_in_clerk_gets_the_main_window(qapp, qtbot, desk_home, monkeypatch):
    def clerk(runner, opened, translations, parent=None):  # type: ignore[no-untyped-def]
        return core_sign_in(opened.desk.store, "clerk", "demo1234")

    shown: list[MainWindow] = []

    def event_loop(app) -> int:  # type: ignore[no-untyped-def]
        # The real loop would end the test session's application; look, close, return.
        shown.extend(w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible())
        for window in shown:
            qtbot.addWidget(window)
            window.close()
        return 0

    monkeypatch.setattr(app_module.LoginDialog, "ask", clerk)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert app_module.run_app(language="en") == 0
    assert len(shown) == 1
    assert shown[0].windowTitle().startswith("Counter Desk — ")


def test_a_window_closed_after_the_runner_stopped_closes_quietly(  # type: ignore[no-untyped-def]
    qtbot, opened, clerk, translations, monkeypatch
):
    # The app stops its runner when the event loop ends; a window still open then (the
    # desktop session ending, a test's clean-up) is closed afterwards, in whatever order.
    runner = TaskRunner()
    window = open_window(qtbot, runner, opened, clerk, translations)
    closed: list[bool] = []
    monkeypatch.setattr(window.lookup_client, "close", lambda: closed.append(True))
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    runner.shutdown()
    window.close()
    assert closed == [True]  # its platform client is let go all the same


def test_a_damaged_store_is_told_in_a_message_and_left_as_it_was(  # type: ignore[no-untyped-def]
    qapp, desk_home, monkeypatch
):
    open_desk().desk.store.dispose()
    os.truncate(desk_home / "counter.db", 5000)
    before = snapshot(desk_home)
    told: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "critical",
                        lambda _parent, _title, text: told.append(text))
    made: list[Translations] = []

    class Recorded(Translations):
        def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
            super().__init__(app)
            made.append(self)

    monkeypatch.setattr(app_module, "Translations", Recorded)
    try:
        assert app_module.run_app(language="zh_CN") == 1
    finally:
        for translations in made:  # the app's catalogue stays installed until it exits
            translations.install("en")
    (message,) = told
    assert message.startswith(f"无法打开本窗口的数据：\n{desk_home / 'counter.db'} ")
    assert "counter-desk restore" in message
    assert snapshot(desk_home) == before
