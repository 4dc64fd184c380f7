"""The unattended desk: after some minutes without use the window locks until a sign-in.

A counter is left for a moment with a citizen's data on the screen; the next
person at the window must not read it. `IdleWatch` notes the time of the last
keystroke, click or touch anywhere in the app and says when the office's limit
(`idle_lock_minutes`) has passed. `LockScreen` is what the main window shows
instead of its pages meanwhile: the office and desk, who was signed in, and a
sign-in. The same user signing in gets the window back as it was, the intake
form's work included; another user signing in ends the first user's session.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.users import Actor, sign_in
from ui.common.core_messages import core_text
from ui.shell.tasks import TaskRunner

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleWatch(QObject):
    """Emits `idle` once `limit_s` seconds pass with no input anywhere in the app.

    The event filter only notes a time (it sees every event of the app, so it
    does nothing more); a timer looks at that time a few times per limit.
    """

    idle = Signal()

    def __init__(self, limit_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit_s = limit_s
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(max(50, min(5000, int(limit_s * 250))))
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        """Watch from now (after a sign-in); a limit of 0 never locks."""
        self._last = time.monotonic()
        if self.limit_s > 0:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        if time.monotonic() - self._last >= self.limit_s:
            self._timer.stop()
            self.idle.emit()

    def close(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """The locked window: no case data, only who was signed in and a sign-in."""

    unlocked = Signal(object)  # the Actor who signed in

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self._error: BaseException | None = None
        self._title = QLabel()
        self._title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self._note = QLabel()
        self._note.setWordWrap(True)
        self.username = QLineEdit(actor.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._sign_in)
        self.username.returnPressed.connect(self.password.setFocus)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._sign_in)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        self._user_label, self._password_label = QLabel(), QLabel()
        self._user_label.setBuddy(self.username)
        self._password_label.setBuddy(self.password)
        form = QFormLayout()
        form.addRow(self._user_label, self.username)
        form.addRow(self._password_label, self.password)
        box = QWidget()
        box.setFixedWidth(520)  # a fixed width lets the wrapped note take the height it needs
        inner = QVBoxLayout(box)
        inner.addWidget(self._title)
        inner.addWidget(self._note)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def showEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().showEvent(event)
        self.password.setFocus()

    def _sign_in(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            return
        self.sign_in_button.setEnabled(False)
        store = self._opened.desk.store
        self._runner.run_store(lambda: sign_in(store, username, password),
                               self._signed_in, self._refused, owner=self)

    def _signed_in(self, actor: Actor) -> None:
        self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.error.hide()
        self._error = None
        self.unlocked.emit(actor)

    def _refused(self, error: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        self._error = error
        self.error.setText(core_text(error))
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def retranslate(self) -> None:
        settings = self._opened.settings
        self._title.setText(self.tr("This desk is locked"))
        self._note.setText(self.tr(
            "{office}, desk {desk}. {name} was signed in. Sign in to go on; another user "
            "signing in ends that session.").format(
            office=settings.office_name, desk=settings.desk_code, name=self._actor.display_name))
        self._user_label.setText(self.tr("&User name"))
        self._password_label.setText(self.tr("&Password"))
        self.sign_in_button.setText(self.tr("&Sign in"))
        if self._error is not None:
            self.error.setText(core_text(self._error))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
