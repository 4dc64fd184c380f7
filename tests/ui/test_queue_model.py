"""Today's queue model: ids first, rows lazily, new cases inserted at the top."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter.intake_request import MaterialStatus
from tests.ui.flow import TIMEOUT_MS, record_case
from ui.materials_model import MaterialsModel
from ui.queue_model import COL_APPLICANT, COL_ID, COL_NUMBER, COL_STATE, COL_TIME, QueueModel


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
    from counter.catalog import get_item

    with opened.desk.store.read() as session:
        detail = get_item(session, "RS-002")
    assert detail is not None
    model = MaterialsModel()
    model.set_materials(detail.materials)
    qtmodeltester.check(model)
    assert not model.set_status(0, MaterialStatus.SHARED)  # the platform does not hold M01
    assert model.set_status(1, MaterialStatus.SHARED)  # it holds the ID card
