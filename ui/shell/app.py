"""Starting the desktop app: Qt, language, the desk's store, sign-in, main window."""

from __future__ import annotations

import gc
import importlib
import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from counter.bootstrap import OpenedDesk, open_desk
from counter.errors import DomainError
from counter.version import app_version
from ui.common.core_messages import core_text
from ui.devices.scanner import ScannerListener
from ui.shell.i18n import Translations, choose_language
from ui.shell.login import LoginDialog
from ui.shell.qt_platform import fatal_guard
from ui.shell.sessions import Sessions
from ui.shell.sync_controller import SyncController
from ui.shell.tasks import TaskRunner

log = logging.getLogger("ui.app")

APP_NAME = "Counter Desk"


def run_app(language: str | None = None) -> int:
    """Run the app until the window closes; the exit code for the process."""
    app = QApplication.instance() or _start_qt()
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
    # The main window's modules (the intake form, documents, the exchange client) take
    # about half a second to import: done on a worker while the clerk signs in, so the
    # sign-in screen comes up first. Importing only defines classes; no widget is made there.
    runner.run_network(lambda: importlib.import_module("ui.shell.main_window"))
    sync = _sync_controller(runner, opened)
    try:
        return _run(app, runner, opened, translations, sync)
    finally:
        sync.shutdown()
        # Queued store work (an intake committing, a receipt being written) finishes first.
        runner.shutdown()
        # Then the store closes: its write-ahead log is checkpointed and removed.
        opened.desk.store.dispose()


def _start_qt() -> QApplication:
    # A display that does not answer is found only now; Qt's abort becomes one line.
    with fatal_guard():
        return QApplication(sys.argv)


def _sync_controller(runner: TaskRunner, opened: OpenedDesk) -> SyncController:
    """Sync with the configured platform; the demo profile starts its own on loopback."""
    settings = opened.settings
    sync = SyncController(runner)
    if settings.sync_enabled:
        def make_engine():  # type: ignore[no-untyped-def]
            # Importing the engine (requests, the wire models) is kept off the sign-in's path.
            from sync.engine import engine_for

            engine = engine_for(opened.desk, settings, app_version())
            assert engine is not None
            return engine

        runner.run_network(make_engine, sync.set_engine,
                           lambda exc: log.error("sync could not start: %s", exc), owner=sync)
    elif settings.is_demo:
        # Starts on the network pool while the clerk signs in; about half a second.
        sync.start_demo(opened)
    return sync



def _run(app: QApplication, runner: TaskRunner, opened: OpenedDesk,
         translations: Translations, sync: SyncController) -> int:
    actor = LoginDialog.ask(runner, opened, translations)
    if actor is None:
        return 0
    from ui.shell.main_window import MainWindow  # at once if the worker has loaded it

    reader = None
    if opened.settings.is_demo:
        from counter.intake.id_card import SimulatedIdCardReader

        reader = SimulatedIdCardReader.demo()  # a real desk plugs in its reader's driver here
    sessions = Sessions(lambda user: MainWindow(runner, opened, user, translations, sync=sync,
                                                card_reader=reader))
    sessions.open(actor)
    # A receipt's barcode scanned anywhere in the app opens its case for pickup.
    scanner = ScannerListener(app)
    scanner.scanned.connect(sessions.open_scanned)
    scanner.install()
    # What start-up loaded lives as long as the app; keeping it out of the
    # collector's full scans saves a GUI-thread pause of tens of milliseconds.
    gc.freeze()
    try:
        return app.exec()
    finally:
        scanner.uninstall()
        scanner.deleteLater()
