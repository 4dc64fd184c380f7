"""The scanner listener: a machine-speed burst ending in Enter is a scan; people's typing is not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from tests.ui.flow import TIMEOUT_MS
from ui.devices.scanner import ScannerListener

NUMBER = "140121-03-20261127-0042"


class SlowClock:
    """A clock that moves on 120 ms every time it is read: a person at the keyboard."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 120
        return self.now


@pytest.fixture
def form(qtbot):  # type: ignore[no-untyped-def]
    widget = QWidget()
    layout = QVBoxLayout(widget)
    widget.name = QLineEdit("张三")  # type: ignore[attr-defined]
    widget.other = QLineEdit()  # type: ignore[attr-defined]
    widget.button = QPushButton("OK")  # type: ignore[attr-defined]
    for child in (widget.name, widget.other, widget.button):  # type: ignore[attr-defined]
        layout.addWidget(child)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def scanner(qtbot):  # type: ignore[no-untyped-def]
    scanner = ScannerListener()
    scanner.install()
    yield scanner
    scanner.uninstall()


def test_a_burst_is_a_scan_and_leaves_the_focused_field_as_it_was(qtbot, form, scanner):
    line = form.name
    line.setFocus()
    line.setCursorPosition(1)
    with qtbot.waitSignal(scanner.scanned, timeout=TIMEOUT_MS) as caught:
        qtbot.keyClicks(line, NUMBER.lower())
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert caught.args == [NUMBER]
    assert line.text() == "张三"
    assert line.cursorPosition() == 1
    assert scanner.holding == 0


def test_the_enter_of_a_scan_does_not_reach_the_field(qtbot, form, scanner):
    pressed: list[bool] = []
    form.other.returnPressed.connect(lambda: pressed.append(True))
    with qtbot.waitSignal(scanner.scanned, timeout=TIMEOUT_MS):
        qtbot.keyClicks(form.other, NUMBER)
        qtbot.keyClick(form.other, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert pressed == [] and form.other.text() == ""


def test_slow_typing_of_the_same_characters_is_not_a_scan(qtbot, form):
    scanner = ScannerListener(clock=SlowClock())
    scanner.install()
    try:
        pressed: list[bool] = []
        form.other.returnPressed.connect(lambda: pressed.append(True))
        with qtbot.assertNotEmitted(scanner.scanned, wait=100):
            qtbot.keyClicks(form.other, NUMBER)
            # Every key landed at once: nothing was held back from a person.
            assert form.other.text() == NUMBER
            qtbot.keyClick(form.other, Qt.Key.Key_Return)
        assert pressed == [True]
    finally:
        scanner.uninstall()


def test_a_quick_burst_that_is_not_a_number_arrives_whole_and_in_order(qtbot, form, scanner):
    pressed: list[str] = []
    form.other.returnPressed.connect(lambda: pressed.append(form.other.text()))
    with qtbot.assertNotEmitted(scanner.scanned, wait=100):
        qtbot.keyClicks(form.other, "13800138000")
        qtbot.keyClick(form.other, Qt.Key.Key_Return)
    assert pressed == ["13800138000"]


def test_quick_keys_without_enter_are_delivered_when_the_burst_stops(qtbot, form, scanner):
    qtbot.keyClicks(form.other, "ab-12")
    qtbot.waitUntil(lambda: form.other.text() == "ab-12", timeout=TIMEOUT_MS)
    assert scanner.holding == 0


def test_a_mouse_press_or_another_key_delivers_held_keys_first(qtbot, form, scanner):
    seen: list[str] = []
    form.button.clicked.connect(lambda: seen.append(form.other.text()))
    qtbot.keyClicks(form.other, "140121")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert seen == ["140121"]
    qtbot.keyClicks(form.other, "xyz")
    qtbot.keyClick(form.other, Qt.Key.Key_Backspace)
    assert form.other.text() == "140121xy"


def test_a_short_burst_then_enter_is_not_a_scan(qtbot, form, scanner):
    with qtbot.assertNotEmitted(scanner.scanned, wait=50):
        qtbot.keyClicks(form.other, "0042")
        qtbot.keyClick(form.other, Qt.Key.Key_Return)
    assert form.other.text() == "0042"


def test_uninstalled_listener_sees_nothing(qtbot, form):
    scanner = ScannerListener()
    scanner.install()
    scanner.uninstall()
    with qtbot.assertNotEmitted(scanner.scanned, wait=50):
        qtbot.keyClicks(form.other, NUMBER)
        qtbot.keyClick(form.other, Qt.Key.Key_Return)
    assert form.other.text() == NUMBER
