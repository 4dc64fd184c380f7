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


def test_a_scan_on_the_intake_page_opens_the_case_for_pickup(
        qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.case_support import case_with_certificate
    from ui.devices.scanner import ScannerListener

    actor = sign_in(qtbot, runner, opened, translations)
    ready = case_with_certificate(opened, actor)
    window = open_window(qtbot, runner, opened, actor, translations)
    scanner = ScannerListener()
    scanner.scanned.connect(window.open_scanned)  # as ui.shell.app wires it
    scanner.install()
    try:
        search = window.form.picker.search
        search.setFocus()
        with qtbot.waitSignal(window.pickup.case_opened, timeout=TIMEOUT_MS):
            qtbot.keyClicks(search, ready.acceptance_no)
            qtbot.keyClick(search, Qt.Key.Key_Return)
        assert window.pages.current == "pickup"
        assert search.text() == ""  # the number did not land in the item search
        assert ready.acceptance_no in window.pickup.number.text()
    finally:
        scanner.uninstall()


def test_enter_on_a_queue_row_opens_the_case_view(qtbot, runner, opened, translations) -> None:
    from counter.intake.submit import submit_intake
    from tests.conftest import intake_request

    actor = sign_in(qtbot, runner, opened, translations)
    case_id = submit_intake(opened.desk, actor, intake_request(opened.desk)).case_id
    window = open_window(qtbot, runner, opened, actor, translations)
    window.pages.show_page("queue")
    table = window.day_queue.table
    qtbot.waitUntil(lambda: window.day_model.rowCount() == 1, timeout=TIMEOUT_MS)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = window.case_dialogs[case_id]
    qtbot.waitUntil(lambda: dialog.case is not None, timeout=TIMEOUT_MS)
    assert dialog.isVisible()
    # Asking again brings the same window forward instead of a second one.
    assert window.open_case(case_id) is dialog
    dialog.close()
