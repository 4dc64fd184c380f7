"""The queue pane from the keyboard: search (Ctrl+F, pause, Esc), filters, sorting, opening a case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from counter.users import sign_in
from tests.ui.flow import TIMEOUT_MS, record_case
from ui.queue.queue_model import COL_APPLICANT, COL_ID, COL_NUMBER, QueueModel
from ui.queue.queue_view import QueueView

ZHANG_ID = "11010519491231002X"
LI_ID = "140121199006070026"


@pytest.fixture
def view(qtbot, runner, opened, translations):  # type: ignore[no-untyped-def]
    clerk2 = sign_in(opened.desk.store, "clerk2", "demo1234")  # record_case takes cases as clerk2
    model = QueueModel(runner, opened.desk.store, opened.desk.zone, actor=clerk2)
    widget = QueueView(model)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def _settle(qtbot, view: QueueView, runner) -> None:  # type: ignore[no-untyped-def]
    for row in range(view.model.rowCount()):
        view.model.index(row, 0).data()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)


def _load(qtbot, view: QueueView, runner) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        view.model.refresh()
    _settle(qtbot, view, runner)


def _names(view: QueueView) -> list[str]:
    model = view.model
    return [model.index(r, COL_APPLICANT).data() for r in range(model.rowCount())]


def test_typing_the_last_four_of_an_id_finds_the_case_with_one_read(qtbot, view, runner, opened):
    record_case(opened, name="张三", id_number=ZHANG_ID)
    record_case(opened, name="李秀英", id_number=LI_ID)
    _load(qtbot, view, runner)
    assert _names(view) == ["李秀英", "张三"]
    reads: list[int] = []
    view.model.loaded.connect(lambda: reads.append(1))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClicks(view.search, "002x")
    _settle(qtbot, view, runner)
    assert reads == [1]  # four keys, one query after the pause
    assert _names(view) == ["张三"]
    assert view.model.index(0, COL_ID).data() == "**************002X"
    assert view._count.text() == "1 of 2 cases"
    # Esc clears the search at once: the whole day is back.
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    _settle(qtbot, view, runner)
    assert view.search.text() == ""
    assert _names(view) == ["李秀英", "张三"]
    assert view._count.text() == "2 cases"


def test_enter_on_a_found_row_opens_the_case(qtbot, view, runner, opened):
    record_case(opened, name="张三", id_number=ZHANG_ID)
    wanted = record_case(opened, name="李秀英", id_number=LI_ID)
    record_case(opened, name="王五", id_number=ZHANG_ID)
    _load(qtbot, view, runner)
    view.search.setFocus()
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClicks(view.search, "-0002")  # the tail of the receipt's acceptance number
    _settle(qtbot, view, runner)
    assert _names(view) == ["李秀英"]
    # Enter in the search box goes to the results; Enter there opens the case.
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.table.hasFocus()
    with qtbot.waitSignal(view.case_activated, timeout=TIMEOUT_MS) as opened_case:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened_case.args == [wanted]


def test_double_click_opens_the_case(qtbot, view, runner, opened):
    case_id = record_case(opened)
    _load(qtbot, view, runner)
    table = view.table
    rect = table.visualRect(view.model.index(0, COL_NUMBER))
    # A real double-click starts with a press on the same row (the view checks for it).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.case_activated, timeout=TIMEOUT_MS) as opened_case:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened_case.args == [case_id]


def test_state_item_and_clerk_filters(qtbot, view, runner, opened):
    record_case(opened, code="SCJG-001", name="张三")
    record_case(opened, code="RS-002", name="李四")
    _load(qtbot, view, runner)
    items = [view.item_filter.itemText(i) for i in range(view.item_filter.count())]
    assert items[0] == "All items" and len(items) == 3
    states = view.state_filter
    assert states.itemText(0) == "All states" and states.count() == 13

    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        view.item_filter.setCurrentIndex(view.item_filter.findData("RS-002"))
    _settle(qtbot, view, runner)
    assert _names(view) == ["李四"]

    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        states.setCurrentIndex(states.findData("voided"))
    assert view.model.rowCount() == 0
    assert view._count.text() == "0 of 2 cases"
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        states.setCurrentIndex(0)
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        view.item_filter.setCurrentIndex(0)
    _settle(qtbot, view, runner)

    clerks = [view.clerk_filter.itemText(i) for i in range(view.clerk_filter.count())]
    assert clerks == ["All clerks", "Me"]  # the only clerk today is the one signed in
    with qtbot.waitSignal(view.model.loaded, timeout=TIMEOUT_MS):
        view.clerk_filter.setCurrentIndex(view.clerk_filter.findData("me"))
    _settle(qtbot, view, runner)
    assert _names(view) == ["李四", "张三"]
    assert view.model.query.clerk_id == view.model.actor.id


def test_clicking_a_header_sorts_in_the_store(qtbot, view, runner, opened):
    first = record_case(opened, name="张三")
    second = record_case(opened, name="李四")
    _load(qtbot, view, runner)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_NUMBER) + 10
    with qtbot.waitSignal(view.model.modelReset, timeout=TIMEOUT_MS):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, 5))
    order = [view.model.case_id(r) for r in range(2)]
    expected = [first, second] if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder \
        else [second, first]
    assert header.sortIndicatorSection() == COL_NUMBER
    assert order == expected
    # The ID number column does not sort: the arrow stays where the order is.
    x = header.sectionViewportPosition(COL_ID) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == COL_NUMBER
    assert runner.pending == 0


def test_view_texts_in_chinese(qtbot, view, runner, opened, translations):
    record_case(opened)
    _load(qtbot, view, runner)
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: view.state_filter.itemText(0) == "全部状态", timeout=TIMEOUT_MS)
    assert view.clerk_filter.itemText(1) == "我"
    assert "受理编号" in view.search.placeholderText()
    assert "Ctrl+F" in view.search.placeholderText()
