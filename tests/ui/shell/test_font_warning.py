"""Without an embeddable Chinese font the window says so once; with one it says nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from counter.users import sign_in
from printing import fonts
from ui.shell import main_window as main_window_module
from ui.shell.main_window import MainWindow

TIMEOUT_MS = 10_000


@pytest.fixture
def clerk(opened):  # type: ignore[no-untyped-def]
    return sign_in(opened.desk.store, "clerk", "demo1234")


def _window(qtbot, runner, opened, clerk, translations) -> MainWindow:  # type: ignore[no-untyped-def]
    translations.install("en")
    window = MainWindow(runner, opened, clerk, translations, opener=lambda _path: None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    return window


def test_no_cjk_font_warns_once(qtbot, runner, opened, clerk, translations, monkeypatch):
    monkeypatch.setattr(main_window_module, "resolve_cjk_font",
                        lambda _path=None: fonts.cid_fallback_font("no CJK font"))
    window = _window(qtbot, runner, opened, clerk, translations)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    assert "No Chinese TrueType font" in boxes[0].text()
    assert window._font_warning.isVisible()
    assert "no embeddable Chinese font" in window._font_warning.text()
    boxes[0].close()


def test_a_system_cjk_font_gives_no_warning(qtbot, runner, opened, clerk, translations):
    if not fonts.resolve_cjk_font().embedded:
        pytest.skip("no CJK TrueType font on this machine (install fonts-wqy-zenhei)")
    window = _window(qtbot, runner, opened, clerk, translations)
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert not window._font_warning.isVisible()
