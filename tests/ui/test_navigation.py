"""Moving between the window's pages by keyboard, and the layout kept between sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.flow import TIMEOUT_MS, open_window, sign_in


def test_ctrl_number_moves_between_pages(qtbot, runner, opened, translations) -> None:
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    window.activateWindow()
    assert window.pages.current == "intake"

    with qtbot.waitSignal(window.day_model.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(window.form.picker.search, Qt.Key.Key_2,
                       Qt.KeyboardModifier.ControlModifier)
    assert window.pages.current == "queue"
    assert window.pages.stack.currentWidget() is window.day_queue
    assert window.pages.pages["queue"].button.isChecked()

    qtbot.keyClick(window.day_queue.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.current == "intake"
    assert window.form.picker.search.hasFocus() or not window.isActiveWindow()


def test_page_titles_follow_the_language(qtbot, runner, opened, translations) -> None:
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    buttons = {key: page.button for key, page in window.pages.pages.items()}
    assert buttons["intake"].text() == "Intake"
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: buttons["intake"].text() == "受理", timeout=TIMEOUT_MS)
    assert buttons["queue"].text() == "今日办件"
    assert "Ctrl+2" in buttons["queue"].toolTip()


def test_layout_and_page_are_remembered(qtbot, runner, opened, translations) -> None:
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    # No wider than the offscreen screen (800 px), which a restored window is fitted to;
    # the window's own minimum width then decides, the same both times.
    window.resize(800, 700)
    window.splitter.setSizes([640, 444])
    kept = window.splitter.sizes()
    window.day_queue.table.horizontalHeader().resizeSection(2, 222)
    window.pages.show_page("queue")
    window.close()

    again = open_window(qtbot, runner, opened, actor, translations)
    assert again.pages.current == "queue"
    again.pages.show_page("intake")
    qtbot.waitUntil(lambda: again.splitter.sizes() == kept, timeout=TIMEOUT_MS)
    assert again.day_queue.table.horizontalHeader().sectionSize(2) == 222
    assert again.height() == 700


def test_a_damaged_layout_file_gives_the_defaults(qtbot, runner, opened, translations) -> None:
    (opened.directory / "window.ini").write_bytes(b"\x00\xff[window]\npage=@ByteArray(garbage")
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    assert window.pages.current == "intake"
    assert window.isVisible()
