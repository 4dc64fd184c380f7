"""The window's page switcher: a column of buttons beside a stack of pages.

Each page is a widget with a title and a shortcut (Ctrl+1, Ctrl+2, …, in the
order the pages were added), so a clerk moves between intake, the queue and
pickup without the mouse. A page can be hidden (Review, for clerks) without
shifting the others' shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

_RAIL_STYLE = """
QWidget#navRail { background: #2f3b4a; }
QToolButton { color: #dfe6ee; background: transparent; border: none;
              padding: 10px 6px; font-size: 14px; text-align: left; }
QToolButton:hover { background: #3c4b5e; }
QToolButton:checked { background: #f5f7fa; color: #1d2a38; font-weight: bold; }
"""


@dataclass
class Page:
    key: str
    widget: QWidget
    title: Callable[[], str]  # read again on every language switch
    button: QToolButton
    shortcut: QShortcut


class NavigatedPages(QWidget):
    """A navigation rail on the left and the current page on the right."""

    page_changed = Signal(str)  # the key of the page now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rail = QWidget()
        self.rail.setObjectName("navRail")
        self.rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.rail.setStyleSheet(_RAIL_STYLE)
        self.rail.setFixedWidth(112)
        self._rail_layout = QVBoxLayout(self.rail)
        self._rail_layout.setContentsMargins(0, 8, 0, 8)
        self._rail_layout.setSpacing(2)
        self._rail_layout.addStretch(1)
        self.stack = QStackedWidget()
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.pages: dict[str, Page] = {}

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)

    def add_page(self, key: str, widget: QWidget, title: Callable[[], str]) -> Page:
        """Add a page; its shortcut is Ctrl+<its position>, counting from 1."""
        button = QToolButton()
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays inside the page
        button.clicked.connect(lambda: self.show_page(key))
        self._group.addButton(button)
        self._rail_layout.insertWidget(self._rail_layout.count() - 1, button)
        self.stack.addWidget(widget)
        position = len(self.pages) + 1
        shortcut = QShortcut(QKeySequence(f"Ctrl+{position}"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: self.show_page(key))
        page = Page(key, widget, title, button, shortcut)
        self.pages[key] = page
        if len(self.pages) == 1:
            self.show_page(key)
        self.retranslate()
        return page

    def set_page_visible(self, key: str, visible: bool) -> None:
        page = self.pages[key]
        page.button.setVisible(visible)
        page.shortcut.setEnabled(visible)

    def show_page(self, key: str) -> None:
        page = self.pages.get(key)
        if page is None or not page.shortcut.isEnabled():
            return
        page.button.setChecked(True)
        if self.stack.currentWidget() is not page.widget:
            self.stack.setCurrentWidget(page.widget)
            self.page_changed.emit(key)

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p.widget is widget), "")

    def retranslate(self) -> None:
        for page in self.pages.values():
            title = page.title()
            keys = page.shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
            page.button.setText(title)
            page.button.setToolTip(f"{title} ({keys})")
