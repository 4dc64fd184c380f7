"""Today's queue model: ids first, rows lazily, new cases inserted at the top."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter.intake.request import MaterialStatus
from tests.ui.flow import TIMEOUT_MS, record_case
from ui.intake.materials_model import MaterialsModel
from ui.queue.queue_model import COL_APPLICANT, COL_ID, COL_NUMBER, COL_STATE, COL_TIME, QueueModel


@pytest.fixture
def model(qtbot, runner, opened, translations):  # type: ignore[no-untyped-def]
    return QueueModel(runner, opened.desk.store, opened.desk.zone)


def _load(qtbot, model: QueueModel, runner) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.loaded, timeout=TIMEOUT_MS):
        model.refresh()
    for row in range(model.rowCount()):
        model.index(row, 0).data()  # asks for the rows, as a view painting them would
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)


def test_model_passes_the_model_tester_with_cases(qtbot, qtmodeltester, model, runner, opened):
    for name in ("张三", "李四", "王五"):
        record_case(opened, name=name)
    _load(qtbot, model, runner)
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_rows_show_placeholders_until_they_arrive_newest_first(qtbot, model, runner, opened):
    first = record_case(opened, name="张三")
    second = record_case(opened, name="李四")
    with qtbot.waitSignal(model.loaded, timeout=TIMEOUT_MS):
        model.refresh()
    assert [model.case_id(r) for r in range(2)] == [second, first]
    assert model.index(0, COL_NUMBER).data() == "Loading…"
    with qtbot.waitSignal(model.dataChanged, timeout=TIMEOUT_MS):
        pass  # the data() call above queued the batch read
    assert model.index(0, COL_APPLICANT).data() == "李四"
    assert model.index(1, COL_APPLICANT).data() == "张三"
    assert model.index(0, COL_ID).data() == "**************002X"
    assert model.index(0, COL_STATE).data() == "Accepted"
    assert len(model.index(0, COL_TIME).data()) == 5  # HH:MM in the office's zone


def test_new_case_is_inserted_at_the_top_without_a_reset(qtbot, model, runner, opened):
    record_case(opened, name="张三")
    _load(qtbot, model, runner)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    newest = record_case(opened, name="李四")
    with qtbot.waitSignal(model.rowsInserted, timeout=TIMEOUT_MS) as inserted:
        model.refresh()
    assert inserted.args[1:] == [0, 0]
    assert resets == []
    assert model.case_id(0) == newest
    model.index(0, COL_NUMBER).data()
    qtbot.waitUntil(lambda: model.row_of(newest) is not None, timeout=TIMEOUT_MS)
    assert model.index(0, COL_APPLICANT).data() == "李四"


def test_state_column_follows_the_language(qtbot, model, runner, opened, translations):
    record_case(opened)
    _load(qtbot, model, runner)
    translations.install("zh_CN")
    assert model.index(0, COL_STATE).data() == "已受理"
    assert model.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == "受理编号"


def test_materials_model_passes_the_model_tester(qtbot, qtmodeltester, opened):
    from counter.catalog.items import get_item

    with opened.desk.store.read() as session:
        detail = get_item(session, "RS-002")
    assert detail is not None
    model = MaterialsModel()
    model.set_materials(detail.materials)
    qtmodeltester.check(model)
    assert not model.set_status(0, MaterialStatus.SHARED)  # the platform does not hold M01
    assert model.set_status(1, MaterialStatus.SHARED)  # it holds the ID card


# -- filters, order and due marks ---------------------------------------------------


def _set_due(opened, case_id: str, due) -> None:  # type: ignore[no-untyped-def]
    """Test set-up: move a case's due date (as if it had been taken in days ago)."""
    from counter.store.models import Case

    with opened.desk.store.write() as session:
        case = session.get(Case, case_id)
        case.due_date = due
        session.add(case)


def _working_days_from_today(calendar, n: int):  # type: ignore[no-untyped-def]
    """The date n working days after today (n > 0) or before it (n < 0), on the real calendar."""
    from datetime import timedelta

    from counter.clock import office_date, utc_now

    today = office_date(utc_now(), "Asia/Shanghai")
    step = timedelta(days=1 if n > 0 else -1)
    day = today
    while calendar.working_days_between(today, day) != n if n > 0 else (
            calendar.working_days_between(day, today) != -n):
        day += step
    return day


def _show(qtbot, model: QueueModel, runner, query=None) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.loaded, timeout=TIMEOUT_MS):
        if query is None:
            model.refresh()
        else:
            model.set_query(query)
    for row in range(model.rowCount()):
        model.index(row, 0).data()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)


def _names(model: QueueModel) -> list[str]:
    return [model.index(r, COL_APPLICANT).data() for r in range(model.rowCount())]


def test_model_tester_with_filters_search_and_order(qtbot, qtmodeltester, model, runner, opened):
    from counter.cases.queue_filters import QueueFilter, QueueSort

    for name in ("张三", "李四", "王五", "李白"):
        record_case(opened, name=name)
    _show(qtbot, model, runner, QueueFilter(search="李", state="accepted",
                                            sort=QueueSort.NUMBER, descending=False))
    assert _names(model) == ["李四", "李白"]
    qtmodeltester.check(model)
    _show(qtbot, model, runner, QueueFilter(state="voided"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_filter_change_resets_but_a_refresh_with_the_same_filter_inserts(qtbot, model, runner,
                                                                         opened):
    record_case(opened, name="李四")
    record_case(opened, name="张三")
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.modelReset, timeout=TIMEOUT_MS):
        model.set_search("李")
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    assert model.rowCount() == 1 and resets == [1]
    newest = record_case(opened, name="李白")
    record_case(opened, name="王五")  # not found by the search: not shown, no reset
    with qtbot.waitSignal(model.rowsInserted, timeout=TIMEOUT_MS) as inserted:
        model.refresh()
    assert inserted.args[1:] == [0, 0]
    assert resets == [1]
    assert model.case_id(0) == newest
    model.set_search("李")  # the same search again: nothing to re-read
    assert runner.pending == 0


def test_header_sort_reads_ids_in_the_asked_order(qtbot, model, runner, opened):
    first = record_case(opened, name="张三")
    second = record_case(opened, name="李四")
    _show(qtbot, model, runner)
    assert [model.case_id(r) for r in range(2)] == [second, first]
    with qtbot.waitSignal(model.modelReset, timeout=TIMEOUT_MS):
        model.sort(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    assert [model.case_id(r) for r in range(2)] == [first, second]
    model.sort(COL_ID, Qt.SortOrder.AscendingOrder)  # never by ID number
    assert runner.pending == 0


def test_overdue_and_due_soon_cases_are_marked(qtbot, model, runner, opened, translations):
    from counter.catalog.workcal import WorkCalendar
    from ui.queue.queue_model import COL_DUE, DUE_STATUS_ROLE

    calendar = WorkCalendar.builtin()
    late = record_case(opened, name="张三")
    soon = record_case(opened, name="李四")
    later = record_case(opened, name="王五")
    _set_due(opened, late, _working_days_from_today(calendar, -3))
    _set_due(opened, soon, _working_days_from_today(calendar, 1))
    _set_due(opened, later, _working_days_from_today(calendar, 5))
    _show(qtbot, model, runner)
    rows = {model.case_id(r): r for r in range(model.rowCount())}

    def cell(case_id: str, role: Qt.ItemDataRole | int):  # type: ignore[no-untyped-def]
        return model.index(rows[case_id], COL_DUE).data(role)

    assert cell(late, DUE_STATUS_ROLE) == "overdue"
    assert cell(late, Qt.ItemDataRole.ToolTipRole) == "Overdue by 3 working days"
    assert cell(late, Qt.ItemDataRole.DisplayRole).startswith("◆ ")
    assert cell(soon, DUE_STATUS_ROLE) == "due_soon"
    assert cell(soon, Qt.ItemDataRole.ToolTipRole) == "Due in 1 working day"
    assert cell(soon, Qt.ItemDataRole.DisplayRole).startswith("● ")
    assert cell(late, Qt.ItemDataRole.BackgroundRole) != cell(soon, Qt.ItemDataRole.BackgroundRole)
    assert cell(later, DUE_STATUS_ROLE) is None
    assert cell(later, Qt.ItemDataRole.BackgroundRole) is None
    translations.install("zh_CN")
    assert cell(late, Qt.ItemDataRole.ToolTipRole) == "已超期 3 个工作日"
    assert cell(soon, Qt.ItemDataRole.ToolTipRole) == "还剩 1 个工作日到期"


def test_due_soon_window_is_configurable(qtbot, runner, opened, translations):
    from counter.catalog.workcal import WorkCalendar
    from ui.queue.queue_model import COL_DUE, DUE_STATUS_ROLE

    calendar = WorkCalendar.builtin()
    case_id = record_case(opened)
    _set_due(opened, case_id, _working_days_from_today(calendar, 3))
    narrow = QueueModel(runner, opened.desk.store, opened.desk.zone)
    wide = QueueModel(runner, opened.desk.store, opened.desk.zone, due_soon_days=3)
    for model in (narrow, wide):
        _show(qtbot, model, runner)
    assert narrow.index(0, COL_DUE).data(DUE_STATUS_ROLE) is None
    assert wide.index(0, COL_DUE).data(DUE_STATUS_ROLE) == "due_soon"
