"""Remembering how the clerk left the window: size, position, splitters, page.

Kept in an INI file in the desk's data folder (beside the store), so each
desk on a shared machine keeps its own layout and tests never read the
developer's. A file that is missing, unreadable or from another screen gives
the defaults; nothing here may stop the window from opening.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

FILE_NAME = "window.ini"


class WindowState:
    """Reads and writes one window's layout under named keys."""

    def __init__(self, directory: Path) -> None:
        self.settings = QSettings(str(directory / FILE_NAME), QSettings.Format.IniFormat)

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._bytes("window/geometry")
        return bool(geometry) and window.restoreGeometry(geometry)

    def save_window(self, window: QMainWindow) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())

    def restore_splitter(self, name: str, splitter: QSplitter) -> bool:
        state = self._bytes(f"splitters/{name}")
        return bool(state) and splitter.restoreState(state)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self.settings.setValue(f"splitters/{name}", splitter.saveState())

    def restore_header(self, name: str, header: QHeaderView) -> bool:
        state = self._bytes(f"headers/{name}")
        return bool(state) and header.restoreState(state)

    def save_header(self, name: str, header: QHeaderView) -> None:
        self.settings.setValue(f"headers/{name}", header.saveState())

    def page(self) -> str:
        value = self.settings.value("window/page", "")
        return value if isinstance(value, str) else ""

    def save_page(self, key: str) -> None:
        self.settings.setValue("window/page", key)

    def sync(self) -> None:
        """Write to disk now (QSettings otherwise writes when it sees fit)."""
        self.settings.sync()

    def _bytes(self, key: str) -> QByteArray:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()
