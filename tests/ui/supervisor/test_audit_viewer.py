"""The audit viewer: a lazy model that passes the model tester, filters, and the chain check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, Qt

from counter.audit import log as audit
from tests.ui.case_support import signed_in
from tests.ui.flow import TIMEOUT_MS
from ui.supervisor.audit_viewer import (
    COL_ACTION,
    COL_ACTOR,
    COL_ID,
    COL_TARGET,
    AuditModel,
    AuditViewer,
)


def add(opened, at: datetime, actor: str, action: str, target: str) -> int:  # type: ignore[no-untyped-def]
    with opened.desk.store.write() as session:
        entry_id, _ = audit.append(session, actor_id=None, actor_name=actor, action=action,
                                   target=target, at=at, detail={"n": 1})
    return entry_id


@pytest.fixture
def supervisor(opened):  # type: ignore[no-untyped-def]
    return signed_in(opened, "supervisor")


@pytest.fixture
def entries(opened, supervisor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "old": add(opened, datetime(2026, 3, 2, 1, 30, tzinfo=UTC), "赵测试", "test.open",
                   "case:140121-01-20260302-0001"),
        "mid": add(opened, datetime(2026, 3, 3, 1, 30, tzinfo=UTC), "钱测试", "test.void",
                   "case:140121-01-20260303-0001"),
        "new": add(opened, datetime(2026, 3, 4, 1, 30, tzinfo=UTC), "赵测试", "test.void",
                   "case:140121-01-20260304-0009"),
    }


def shown(viewer: AuditViewer, column: int) -> list[str]:
    model = viewer.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def wait_rows(qtbot, viewer: AuditViewer) -> None:  # type: ignore[no-untyped-def]
    model = viewer.model

    def arrived() -> bool:
        return all(model.index(r, COL_ACTOR).data() not in ("", None)
                   for r in range(model.rowCount()))

    qtbot.waitUntil(arrived, timeout=TIMEOUT_MS)


@pytest.fixture
def viewer(qtbot, runner, opened, supervisor, entries) -> AuditViewer:  # type: ignore[no-untyped-def]
    viewer = AuditViewer(runner, opened, supervisor)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: viewer.model.rowCount() > 3 and viewer.action_box.count() > 1,
                    timeout=TIMEOUT_MS)
    wait_rows(qtbot, viewer)
    return viewer


def test_model_passes_the_model_tester(qtmodeltester, qtbot, runner, opened, supervisor, entries):  # type: ignore[no-untyped-def]
    model = AuditModel(runner, opened, supervisor)
    with qtbot.waitSignal(model.loaded, timeout=TIMEOUT_MS):
        model.refresh()
    qtmodeltester.check(model)
    # Rows arrive from the store worker; the tester must hold after they have too.
    qtbot.waitUntil(lambda: model.index(0, COL_ACTOR).data() not in ("", None),
                    timeout=TIMEOUT_MS)
    qtmodeltester.check(model)


def test_newest_first_and_the_filters_narrow(qtbot, viewer, entries):  # type: ignore[no-untyped-def]
    ids = shown(viewer, COL_ID)
    assert ids[:3] == [f"#{entries['new']}", f"#{entries['mid']}", f"#{entries['old']}"]

    def then(change) -> None:  # type: ignore[no-untyped-def]
        with qtbot.waitSignal(viewer.model.loaded, timeout=TIMEOUT_MS):
            change()
        wait_rows(qtbot, viewer)

    then(lambda: viewer.action_box.setCurrentIndex(viewer.action_box.findData("test.void")))
    assert shown(viewer, COL_ACTION) == ["test.void", "test.void"]

    then(lambda: viewer.actor_box.setCurrentIndex(viewer.actor_box.findData("钱测试")))
    assert shown(viewer, COL_ID) == [f"#{entries['mid']}"]

    then(viewer.clear_filters)
    then(lambda: qtbot.keyClicks(viewer.target, "0304"))
    assert shown(viewer, COL_TARGET) == ["case:140121-01-20260304-0009"]

    then(viewer.clear_filters)
    viewer.date_from.setDate(QDate(2026, 3, 2))
    viewer.date_to.setDate(QDate(2026, 3, 3))
    then(lambda: viewer.use_dates.setChecked(True))
    assert shown(viewer, COL_ID) == [f"#{entries['mid']}", f"#{entries['old']}"]


def test_verify_chain_on_an_intact_log(qtbot, viewer):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(viewer.verified, timeout=TIMEOUT_MS) as verified:
        qtbot.keyClick(viewer.verify_button, Qt.Key.Key_Space)
    report = verified.args[0]
    assert report.ok
    assert viewer.result.text() == f"Chain intact: {report.checked} entries."
    assert report.checked == viewer.model.rowCount()


def test_verify_chain_names_and_selects_the_first_tampered_entry(qtbot, viewer, opened, entries):  # type: ignore[no-untyped-def]
    connection = opened.desk.store.raw_connection()
    try:
        for key in ("mid", "new"):
            connection.execute("UPDATE audit_entry SET detail = '{\"n\":2}' WHERE id = ?",
                               (entries[key],))
        connection.commit()
    finally:
        connection.close()
    # A filter that hides the broken entry: the viewer clears it to show the entry.
    viewer.action_box.setCurrentIndex(viewer.action_box.findData("test.open"))
    qtbot.waitUntil(lambda: viewer.model.rowCount() == 1, timeout=TIMEOUT_MS)

    with qtbot.waitSignal(viewer.verified, timeout=TIMEOUT_MS) as verified:
        viewer.verify()
    report = verified.args[0]
    assert report.first_bad_id == entries["mid"]
    text = viewer.result.text()
    assert f"broken at entry #{entries['mid']}" in text
    assert "2026-03-03 09:30:00" in text and "test.void" in text
    qtbot.waitUntil(lambda: viewer.selected_entry_id() == entries["mid"], timeout=TIMEOUT_MS)
    assert viewer.action_box.currentData() == ""


def test_a_clerk_sees_nothing_of_the_log(qtbot, runner, opened, entries):  # type: ignore[no-untyped-def]
    clerk = signed_in(opened, "clerk")
    viewer = AuditViewer(runner, opened, clerk)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: "supervisor or admin" in viewer.result.text(), timeout=TIMEOUT_MS)
    assert viewer.model.rowCount() == 0
