"""Starting the desktop app: Qt, language, the desk's store, sign-in, main window."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from counter.bootstrap import OpenedDesk, open_desk
from counter.errors import DomainError
from ui.core_messages import core_text
from ui.i18n import Translations, choose_language
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

log = logging.getLogger("ui.app")

APP_NAME = "Counter Desk"


def run_app(language: str | None = None) -> int:
    """Run the app until the window closes; the exit code for the process."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("CounterDesk")
    translations = Translations(app)
    try:
        # Opening the store (and migrating or seeding it on first run) happens once,
        # before any window exists, so nothing on screen waits for it.
        opened = open_desk()
    except (DomainError, OSError) as exc:
        translations.install(language or choose_language())
        log.error("the desk could not be opened: %s", exc)
        QMessageBox.critical(None, app.translate("App", "Counter Desk"),
                             app.translate("App", "The desk could not be opened:\n{error}")
                             .format(error=core_text(exc)))
        return 1
    translations.install(language or choose_language(opened.settings.language))
    runner = TaskRunner()
    try:
        return _run(app, runner, opened, translations)
    finally:
        # Queued store work (an intake committing, a receipt being written) finishes first.
        runner.shutdown()


def _run(app: QApplication, runner: TaskRunner, opened: OpenedDesk,
         translations: Translations) -> int:
    actor = LoginDialog.ask(runner, opened, translations)
    if actor is None:
        return 0
    window = MainWindow(runner, opened, actor, translations)
    window.show()
    # What start-up loaded lives as long as the app; keeping it out of the
    # collector's full scans saves a GUI-thread pause of tens of milliseconds.
    gc.freeze()
    return app.exec()
