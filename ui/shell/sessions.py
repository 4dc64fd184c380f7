"""The signed-in user's window, one at a time, and the switch to another user at the lock screen.

When another user signs in on a locked window (ui.shell.idle_lock), that user's
window opens and the first one closes: its layout is saved, its platform
client closed, and what its form held unsaved goes with the session. The new
window opens first, so the app always has a window and does not quit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from counter.users import Actor

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger("ui.app")


class Sessions:
    """Opens `make_window(actor)` for the user who signed in; `current` is the open one."""

    def __init__(self, make_window: Callable[[Actor], MainWindow]) -> None:
        self._make_window = make_window
        self.current: MainWindow | None = None

    def open(self, actor: Actor) -> MainWindow:
        window = self._make_window(actor)
        window.user_switched.connect(lambda other: self._switch(window, other))
        self.current = window
        window.show()
        return window

    def _switch(self, old: MainWindow, actor: Actor) -> None:
        log.info("%s signed in at the locked desk; %s's session ends", actor.username,
                 old.actor.username)
        self.open(actor)
        old.close()
        old.deleteLater()

    def open_scanned(self, number: str) -> None:
        """A scanned receipt, for the window open now."""
        if self.current is not None:
            self.current.open_scanned(number)
