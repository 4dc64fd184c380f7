"""The main window: pages for intake (the form beside today's queue) and the queue.

A rail on the left switches pages (Ctrl+1, Ctrl+2, …); the window remembers
its size, splitter, column widths and page in the desk's data folder.

The status bar says who is signed in, at which office and desk, and how the
exchange with the platform stands; the Sync menu runs a pass on demand (F9)
and, in the demo profile, cuts and restores the demo platform's line. The
Language menu switches the whole interface at once (every widget retranslates
itself on the LanguageChange event).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.intake.id_card import IdCardReader
from counter.users import ROLE_NAMES, Actor, Permission
from printing.fonts import CjkFont, resolve_cjk_font
from ui.cases.case_view import CaseViewDialog
from ui.common.message_panel import open_file
from ui.intake.intake_form import IntakeForm
from ui.intake.shared_lookup import PlatformClient, client_lookup
from ui.pickup.pickup_page import PickupPage
from ui.queue.queue_model import QueueModel
from ui.queue.queue_view import QueueView
from ui.shell.i18n import LANGUAGE_NAMES, Translations, tr_domain
from ui.shell.idle_lock import IdleWatch, LockScreen
from ui.shell.navigation import NavigatedPages
from ui.shell.sync_controller import SyncController
from ui.shell.sync_status import SyncStatusBar
from ui.shell.tasks import TaskRunner
from ui.shell.window_state import WindowState
from ui.supervisor.deadline_status import DeadlineStatus
from ui.supervisor.review_page import ReviewPage
from ui.supervisor.statistics_page import StatisticsPage
from ui.supervisor.supervisor_tools import SupervisorTools


class MainWindow(QMainWindow):
    """One clerk's working window for one desk.

    `user_switched` fires when another user signs in on the lock screen: the app
    opens that user's window and closes this one (ui.shell.app).
    """

    user_switched = Signal(object)  # the Actor who signed in

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 translations: Translations, parent: QWidget | None = None,
                 opener: Callable[[Path], None] = open_file,
                 sync: SyncController | None = None,
                 card_reader: IdCardReader | None = None,
                 printer: QPrinter | None = None) -> None:
        super().__init__(parent)
        self._opened = opened
        self._opener = opener
        self._printer = printer  # tests hand in a PDF printer; None: the office's printers
        self._actor = actor
        self._translations = translations
        self._runner = runner
        # Given no controller, a window makes an idle one and never syncs (tests, screenshots).
        demo = opened.settings.is_demo and sync is not None
        self.sync = sync or SyncController(runner, parent=self)

        settings = opened.settings
        self.lookup_client = PlatformClient(settings, lambda: self.sync.demo)
        self.form = IntakeForm(runner, opened, actor, opener=opener, card_reader=card_reader,
                               shared_lookup=client_lookup(self.lookup_client))
        self.queue_model = self._queue_model()
        self.queue = QueueView(self.queue_model)
        # The queue page shows the same day at full width, with room for its filters.
        self.day_model = self._queue_model()
        self.day_queue = QueueView(self.day_model)
        for model in (self.queue_model, self.day_model):
            self.form.case_recorded.connect(lambda _case_id, m=model: m.refresh())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self.queue)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([780, 586])

        self.pickup = PickupPage(runner, opened, actor, printer=printer, card_reader=card_reader)
        self.pickup.case_delivered.connect(lambda _case_id: self._refresh_queues())
        for view in (self.queue, self.day_queue):
            view.case_activated.connect(self.open_case)
        self.case_dialogs: dict[str, CaseViewDialog] = {}

        self.pages = NavigatedPages()
        self.pages.add_page("intake", self.splitter, lambda: self.tr("Intake"))
        self.pages.add_page("queue", self.day_queue, lambda: self.tr("Today's queue"))
        self.pages.add_page("pickup", self.pickup, lambda: self.tr("Pickup"))
        self.review: ReviewPage | None = None
        if actor.can(Permission.REVIEW_OFFICE):
            self.review = ReviewPage(runner, opened, actor)
            self.review.case_activated.connect(self.open_case)
            self.pages.add_page("review", self.review, lambda: self.tr("Review"))
        self.statistics: StatisticsPage | None = None
        if actor.can(Permission.VIEW_STATISTICS):
            self.statistics = StatisticsPage(runner, opened, actor)
            self.pages.add_page("statistics", self.statistics, lambda: self.tr("Statistics"))
        self.pages.page_changed.connect(self._page_shown)
        self.setCentralWidget(self.pages)

        self._user = QLabel()
        self._office = QLabel()
        self._desk = QLabel()
        self._busy = QLabel()
        self._font_warning = QLabel()
        self._font_warning.setStyleSheet("QLabel { color: #a33; }")
        self._font_warning.hide()
        self.statusBar().addWidget(self._font_warning)
        self.sync_status = SyncStatusBar(opened.desk.zone)
        # Supervisors: the office's overdue and due-soon cases.
        self.deadlines: DeadlineStatus | None = None
        if actor.can(Permission.REVIEW_OFFICE):
            self.deadlines = DeadlineStatus(runner, opened)
            self.statusBar().addPermanentWidget(self.deadlines)
        self.statusBar().addPermanentWidget(self.sync_status)
        for label in (self._user, self._office, self._desk):
            label.setStyleSheet("QLabel { border-left: 1px solid #b0b0b0; padding: 0 10px; }")
            self.statusBar().addPermanentWidget(label)
        self.statusBar().addWidget(self._busy)

        runner.busy_changed.connect(self._show_busy)

        self._build_menus()
        if self.review is not None:
            tools = self.supervisor
            self.review.day_close_requested.connect(tools.open_day_close)
            self.review.dead_letters_requested.connect(tools.open_dead_letters)
            self.review.follow_ups_requested.connect(tools.open_follow_ups)
            self.review.audit_requested.connect(tools.open_audit)
        self._wire_sync(demo)
        self.retranslate()
        self.resize(1366, 768)
        self._state = WindowState(opened.directory)
        self._restore_layout()
        self.queue_model.refresh()
        self.form.picker.search.setFocus()
        self._count_deadlines()
        # Finding and loading a CJK font reads font files: off the GUI thread.
        font_path = opened.settings.font_path or None
        runner.run_store(lambda: resolve_cjk_font(font_path), self._font_checked, owner=self)

        self.locked = False
        self.lock_screen: LockScreen | None = None
        self._locked_pages: QWidget | None = None
        self._hidden_while_locked: list[QWidget] = []
        self.idle = IdleWatch(settings.idle_lock_minutes * 60.0, self)
        self.idle.idle.connect(self.lock)
        self.idle.start()

    def _queue_model(self) -> QueueModel:
        desk = self._opened.desk
        return QueueModel(self._runner, desk.store, desk.zone, self, actor=self._actor,
                          calendar=lambda _session: desk.calendar,
                          due_soon_days=self._opened.settings.due_soon_days)

    def _font_checked(self, font: CjkFont) -> None:
        """Warn once, if documents cannot embed a Chinese font on this machine."""
        if font.embedded:
            return
        self._font_warning.show()
        self.retranslate()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Document font"),
                          self._font_warning_text(), parent=self)
        box.open()  # not modal to the clerk's work: the queue keeps moving

    def _font_warning_text(self) -> str:
        return self.tr(
            "No Chinese TrueType font was found. Receipts still carry their text, but the "
            "PDF viewer or printer must supply the font, so they may print differently. "
            "Install WenQuanYi Zen Hei or AR PL UMing, or set font_path in config.toml.")

    def _build_menus(self) -> None:
        self._file_menu = self.menuBar().addMenu("")
        self._refresh = QAction(self)
        self._refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self._refresh.triggered.connect(self.queue_model.refresh)
        self._refresh.triggered.connect(self.day_model.refresh)
        self._quit = QAction(self)
        self._quit.setShortcut(QKeySequence.StandardKey.Quit)
        self._quit.triggered.connect(self.close)
        self._file_menu.addAction(self._refresh)
        self.verify_action = QAction(self)
        self.verify_action.triggered.connect(self.open_verify_dialog)
        self._file_menu.addAction(self.verify_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self._quit)
        self.supervisor = SupervisorTools(self, self._runner, self._opened, self._actor,
                                          opener=self._opener, changed=self._refresh_queues,
                                          sync_now=lambda: self.sync.sync_now())

        self._language_menu = self.menuBar().addMenu("")
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self._translations.language)
            action.triggered.connect(lambda _=False, c=code: self._translations.install(c))
            group.addAction(action)
            self._language_menu.addAction(action)
            self.language_actions[code] = action

        self._help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.open_about)
        self._help_menu.addAction(self.about_action)

    def open_about(self) -> QDialog:
        """Help → About: the desk, its data folder, its platform and how its secrets are kept."""
        from ui.shell.about_dialog import AboutDialog

        dialog = AboutDialog(self._runner, self._opened, self)
        dialog.open()
        return dialog

    def open_verify_dialog(self) -> QDialog:
        """The certificate verification dialog (offline, against the pinned keys)."""
        from counter.certificates.records import pinned_keys
        from ui.cases.verify_dialog import VerifyDialog

        store = self._opened.desk.store

        def load_keys():  # type: ignore[no-untyped-def]
            with store.read() as session:
                return pinned_keys(session)

        dialog = VerifyDialog(self._runner, load_keys, self, zone=self._opened.desk.zone)
        dialog.open()
        return dialog

    def _build_sync_menu(self, demo: bool) -> None:
        self._sync_menu = QMenu(self)
        self.menuBar().insertMenu(self._language_menu.menuAction(), self._sync_menu)
        self.sync_now_action = QAction(self)
        self.sync_now_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.sync_now_action.triggered.connect(self.sync.sync_now)
        self._sync_menu.addAction(self.sync_now_action)
        self.cut_line_action: QAction | None = None
        if demo:
            self._sync_menu.addSeparator()
            self.cut_line_action = QAction(self, checkable=True)
            self.cut_line_action.toggled.connect(self.sync.set_line_cut)
            self._sync_menu.addAction(self.cut_line_action)

    def _wire_sync(self, demo: bool) -> None:
        self._build_sync_menu(demo)
        sync = self.sync
        sync.state_changed.connect(self.sync_status.show_status)
        sync.available_changed.connect(self._sync_available)
        sync.applied.connect(self._sync_applied)
        sync.demo_failed.connect(self.sync_status.show_failure)
        self.form.case_recorded.connect(lambda _case_id: sync.sync_now())
        # The demo platform may still be starting: the status says "not connected" meanwhile.
        self._sync_available(sync.available or demo)
        if sync.status is not None:
            self.sync_status.show_status(sync.status)

    def _sync_available(self, available: bool) -> None:
        self.sync_status.set_enabled(available)
        ready = self.sync.available
        self.sync_now_action.setEnabled(ready)
        if self.cut_line_action is not None:
            self.cut_line_action.setEnabled(ready)

    def _sync_applied(self, report) -> None:  # type: ignore[no-untyped-def]
        """Cases moved on (submitted, in review, decided): show their new states; a new
        catalog version: the intake form's item picker follows it."""
        if report.applied.cases_moved or report.applied.office_cases:
            self._refresh_queues()
        if report.applied.catalog_version:
            self.form.catalog_changed()

    def _show_busy(self, busy: bool) -> None:
        self._busy.setText(self.tr("Working…") if busy else "")

    def retranslate(self) -> None:
        settings = self._opened.settings
        self.setWindowTitle(self.tr("Counter Desk — {office}").format(office=settings.office_name))
        self._file_menu.setTitle(self.tr("&File"))
        self._refresh.setText(self.tr("&Refresh queue"))
        self.verify_action.setText(self.tr("&Verify a certificate…"))
        self._quit.setText(self.tr("&Quit"))
        self._language_menu.setTitle(self.tr("&Language"))
        self._help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Counter Desk…"))
        self._sync_menu.setTitle(self.tr("&Sync"))
        self.sync_now_action.setText(self.tr("Sync &now"))
        if self.cut_line_action is not None:
            self.cut_line_action.setText(self.tr("&Cut the line (demo)"))
            self.cut_line_action.setToolTip(self.tr(
                "Demo only: disconnect the desk from the demo platform to see cases queue, "
                "then reconnect to see them go out"))
        for code, action in self.language_actions.items():
            action.setChecked(code == self._translations.language)
        role = tr_domain("domain", ROLE_NAMES[self._actor.role])
        self._user.setText(self.tr("Signed in: {name} ({role})").format(
            name=self._actor.display_name, role=role))
        self._office.setText(settings.office_name)
        self._desk.setText(self.tr("Desk {desk}").format(desk=settings.desk_code))
        self._font_warning.setText(self.tr("Documents: no embeddable Chinese font"))
        self.pages.retranslate()
        self.supervisor.retranslate()
        self._font_warning.setToolTip(self._font_warning_text())

    # -- pages and layout ------------------------------------------------------------

    def open_case(self, case_id: str) -> CaseViewDialog:
        """The case view (one window per case: asking again raises the open one)."""
        dialog = self.case_dialogs.get(case_id)
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog = CaseViewDialog(self._runner, self._opened, self._actor, case_id, self,
                                opener=self._opener, printer=self._printer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_changed.connect(lambda _case_id: self._refresh_queues())
        dialog.destroyed.connect(lambda _=None, c=case_id: self.case_dialogs.pop(c, None))
        self.case_dialogs[case_id] = dialog
        dialog.show()
        return dialog

    # -- the unattended desk --------------------------------------------------------

    @property
    def actor(self) -> Actor:
        """The user whose session this window is."""
        return self._actor

    def lock(self) -> None:
        """Put the sign-in in place of everything the session shows; its work is kept."""
        if self.locked:
            return
        self.locked = True
        self.idle.stop()
        # The case views and tools open beside the window go out of sight too. A question
        # that was waiting for an answer (a modal dialog) is cancelled: nothing is recorded.
        self._hidden_while_locked = [
            w for w in QApplication.topLevelWidgets()
            if w is not self and w.isVisible() and w.isWindow()
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self.menuBar().setEnabled(False)
        self._locked_pages = self.takeCentralWidget()
        self.lock_screen = LockScreen(self._runner, self._opened, self._actor)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.setCentralWidget(self.lock_screen)

    def _unlocked(self, actor: Actor) -> None:
        if actor.id != self._actor.id:
            self.user_switched.emit(actor)  # the app ends this session
            return
        self._restore_pages()
        self.menuBar().setEnabled(True)
        for widget in self._hidden_while_locked:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden_while_locked = []
        self.locked = False
        self.idle.start()

    def _restore_pages(self) -> None:
        """The session's pages back in the window in place of the lock screen."""
        screen = self.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        self.lock_screen = None
        assert self._locked_pages is not None
        self.setCentralWidget(self._locked_pages)
        self._locked_pages = None

    def open_scanned(self, number: str) -> None:
        """A receipt was scanned anywhere in the app: its case, on the pickup page."""
        if self.locked:
            return  # nothing opens behind the lock
        self.pages.show_page("pickup")
        self.pickup.open_number(number)

    def _refresh_queues(self) -> None:
        self.queue_model.refresh()
        self.day_model.refresh()
        if self.review is not None and self.pages.current == "review":
            self.review.refresh()
        self._count_deadlines()

    def _count_deadlines(self) -> None:
        if self.deadlines is not None:
            self.deadlines.recount()

    def _page_shown(self, key: str) -> None:
        if key == "queue":
            self.day_model.refresh()
            self.day_queue.table.setFocus()
        elif key == "intake":
            self.form.picker.search.setFocus()
        elif key == "pickup":
            self.pickup.number.setFocus()
        elif key == "review" and self.review is not None:
            self.review.refresh()
            self.review.table.setFocus()
        elif key == "statistics" and self.statistics is not None:
            self.statistics.refresh()

    def _restore_layout(self) -> None:
        """The size, splitter and page the clerk left; defaults where nothing was kept."""
        state = self._state
        state.restore_window(self)
        # The splitter's sizes only mean something once it has its width: restored
        # the first time its page is on screen (see eventFilter).
        self.splitter.installEventFilter(self)
        state.restore_header("intake_queue", self.queue.table.horizontalHeader())
        state.restore_header("day_queue", self.day_queue.table.horizontalHeader())
        page = state.page()
        if page in self.pages.pages:
            self.pages.show_page(page)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Show:
            self.splitter.removeEventFilter(self)
            # After the layout pass that gives the splitter its real width.
            QTimer.singleShot(0, lambda: self._state.restore_splitter("intake", self.splitter))
        return super().eventFilter(watched, event)

    def save_layout(self) -> None:
        state = self._state
        state.save_window(self)
        state.save_splitter("intake", self.splitter)
        state.save_header("intake_queue", self.queue.table.horizontalHeader())
        state.save_header("day_queue", self.day_queue.table.horizontalHeader())
        state.save_page(self.pages.current)
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.close()
        if self._locked_pages is not None:  # closed while locked: its pages come back first
            self._restore_pages()
        self.save_layout()
        # Off the GUI thread while the app runs; at once if the runner has already stopped.
        self._runner.run_cleanup(self.lookup_client.close)
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
