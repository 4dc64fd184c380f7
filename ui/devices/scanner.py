"""Recognising a barcode scanner anywhere in the app, so a scanned number opens its case.

A USB barcode scanner is a keyboard: it "types" the acceptance number from a
receipt's Code 128 or QR code, then Enter, a few milliseconds a key. A person
never types eight keys in a row each under 30 ms apart. `ScannerListener`
watches every key press in the application (an event filter on the
QApplication) and, when such a burst ends with Enter and reads as an
acceptance number (counter.intake.numbering.NUMBER), emits `scanned(number)` and
keeps the number out of whatever field had the focus.

Swallow or remove? A burst is only known after a few keys, so something has
to give:

- The first key of every sequence goes through at once (nothing is known
  yet, and a person's keystrokes must never wait). Before it lands, the text
  of the line edit it goes to is noted.
- Every further key that follows the one before within `max_gap_ms` is held
  back (not delivered). When the sequence turns out to be a scan, the held
  keys are dropped and the line edit gets back its text from before the first
  key; when it does not (a short run of quick keys, a long run that is not an
  acceptance number, no Enter), the held keys are delivered, in order, to the
  widget they were meant for, before anything else happens: before the next
  slower key, another key, a mouse press, a focus change, or at the latest
  `max_gap_ms` after the last key (a timer).

So a scan never lands in a field (except, for a moment, its first
character in a line edit; in another kind of widget that one key keeps its
effect), and a person's typing is never reordered or lost: the only keys
ever delayed are ones that came faster than people type.

Timing: key events from the window system carry a timestamp, used when set;
QTest's events carry none, so a monotonic clock is used, which tests can
replace to type "slowly" without waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from counter.intake.numbering import NUMBER

log = logging.getLogger("ui.scanner")

MAX_GAP_MS = 30
MIN_LENGTH = 8
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _monotonic_ms() -> float:
    return time.monotonic_ns() / 1_000_000


@dataclass
class _Held:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class ScannerListener(QObject):
    """Emits `scanned` with the acceptance number a scanner typed, wherever the focus was.

    Create it once with the application as parent and call `install()`;
    `uninstall()` removes it (a screen that wants raw keys, e.g. a setting
    where the clerk tests the scanner).
    """

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] | None = None,
        max_gap_ms: float = MAX_GAP_MS,
        min_length: int = MIN_LENGTH,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._receiver: QObject | None = None
        self._held: list[_Held] = []
        self._text = ""
        self._last = 0.0
        self._snapshot: tuple[QLineEdit, str, int] | None = None
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    # -- installing ------------------------------------------------------------

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            app.focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]
            self._installed = True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            self.flush()
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._focus_changed)  # type: ignore[attr-defined]
            self._installed = False

    # -- watching --------------------------------------------------------------

    def _now(self, event: QKeyEvent) -> float:
        if self._clock is not None:
            return self._clock()
        stamp = event.timestamp()
        return float(stamp) if stamp else _monotonic_ms()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self.flush()
            return False
        if kind != QEvent.Type.KeyPress or not watched.isWidgetType():
            # Key presses reach the window first and its focus widget next: watch
            # the widget only, so each key is seen once.
            return False
        assert isinstance(event, QKeyEvent)
        now = self._now(event)
        quick = (
            bool(self._text)
            and watched is self._receiver
            and 0 <= now - self._last <= self.max_gap_ms
        )
        plain = not (event.modifiers() & ~_PLAIN)
        if event.key() in _ENTER and plain:
            if quick and self._is_number(self._text):
                self._recognised()
                return True
            self.flush()
            return False
        text = event.text()
        if not plain or len(text) != 1 or not text.isprintable() or event.isAutoRepeat():
            self.flush()
            return False
        if quick:
            self._held.append(_Held(event.key(), event.modifiers(), text))
            self._text += text
            self._last = now
            self._timer.start(max(1, int(self.max_gap_ms)))
            return True
        # A new sequence: its first key goes through; note what it lands on.
        self.flush()
        self._receiver = watched
        self._text = text
        self._last = now
        self._snapshot = None
        if isinstance(watched, QLineEdit):
            self._snapshot = (watched, watched.text(), watched.cursorPosition())
        self._timer.start(max(1, int(self.max_gap_ms)))
        return False

    def _is_number(self, text: str) -> bool:
        return len(text) >= self.min_length and NUMBER.match(text.strip().upper()) is not None

    def _recognised(self) -> None:
        number = self._text.strip().upper()
        if self._snapshot is not None:
            line, text, cursor = self._snapshot
            if shiboken6.isValid(line):
                line.setText(text)
                line.setCursorPosition(cursor)
        self._reset()
        log.info("scanned acceptance number %s", number)
        self.scanned.emit(number)

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self.flush()

    def flush(self) -> None:
        """Deliver the keys held back, in order, to the widget they were for; end the sequence."""
        held, receiver = self._held, self._receiver
        self._reset()
        if not held or receiver is None or not shiboken6.isValid(receiver):
            return
        self._replaying = True
        try:
            for key in held:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        receiver, QKeyEvent(kind, key.key, key.modifiers, key.text)
                    )
        finally:
            self._replaying = False

    def _reset(self) -> None:
        self._timer.stop()
        self._held = []
        self._text = ""
        self._receiver = None
        self._snapshot = None

    @property
    def holding(self) -> int:
        """How many keys are held back right now (for tests)."""
        return len(self._held)
