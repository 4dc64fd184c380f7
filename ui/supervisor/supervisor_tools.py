"""The supervisor's tools in the main window: a menu for the day's dialogs.

Day close, uploads the platform refused, low ratings to follow up and the
audit log, each for the users allowed it (the core checks again on every
action). The Review page's buttons open the same dialogs through this.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from counter.bootstrap import OpenedDesk
from counter.users import Actor, Permission
from ui.shell.tasks import TaskRunner


class SupervisorTools(QObject):
    """Opens the day's dialogs for `window`; `changed` callbacks refresh what they touch."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 *, opener: Callable[[Path], None], changed: Callable[[], None],
                 sync_now: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._runner, self._opened, self._actor = window, runner, opened, actor
        self._opener, self._changed, self._sync_now = opener, changed, sync_now
        self.menu: QMenu | None = None
        self.actions: dict[str, QAction] = {}
        tools = (("day_close", Permission.CLOSE_DAY, self.open_day_close),
                 ("dead_letters", Permission.RESOLVE_DEAD_LETTER, self.open_dead_letters),
                 ("follow_ups", Permission.FOLLOW_UP_EVALUATION, self.open_follow_ups),
                 ("audit", Permission.VIEW_AUDIT, self.open_audit))
        allowed = [(key, opens) for key, permission, opens in tools if actor.can(permission)]
        if allowed:
            self.menu = window.menuBar().addMenu("")
            for key, opens in allowed:
                action = QAction(window)
                action.triggered.connect(lambda _=False, o=opens: o())
                self.menu.addAction(action)
                self.actions[key] = action

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_day_close(self) -> QDialog:
        """Day close (日结): reconcile the day with the platform, close it, print the report."""
        from ui.supervisor.day_close_dialog import DayCloseDialog

        dialog = DayCloseDialog(self._runner, self._opened, self._actor, self._window,
                                opener=self._opener)
        dialog.day_changed.connect(lambda _day: self._changed())
        return self._show(dialog)

    def open_dead_letters(self) -> QDialog:
        """The uploads the platform refused, to resend or close with a reason."""
        from ui.supervisor.dead_letters_dialog import DeadLettersDialog

        dialog = DeadLettersDialog(self._runner, self._opened, self._actor, self._window)
        dialog.changed.connect(self._changed)
        dialog.changed.connect(self._sync_now)  # a resent item goes out; the counts follow
        return self._show(dialog)

    def open_follow_ups(self) -> QDialog:
        """Low ratings (好差评) waiting for a supervisor's follow-up."""
        from ui.supervisor.follow_ups_dialog import FollowUpsDialog

        return self._show(FollowUpsDialog(self._runner, self._opened, self._actor, self._window))

    def open_audit(self) -> QDialog:
        """The audit log, with filters and the chain check."""
        from ui.supervisor.audit_viewer import AuditViewer

        return self._show(AuditViewer(self._runner, self._opened, self._actor, self._window))

    def retranslate(self) -> None:
        if self.menu is None:
            return
        self.menu.setTitle(self.tr("S&upervisor"))
        names = {"day_close": self.tr("&Day close…"),
                 "dead_letters": self.tr("&Refused by the platform…"),
                 "follow_ups": self.tr("&Low ratings to follow up…"),
                 "audit": self.tr("&Audit log…")}
        for key, action in self.actions.items():
            action.setText(names[key])
