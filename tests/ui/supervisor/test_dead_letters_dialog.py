"""The dead-letter list: what the platform refused and why; resend or close, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlmodel import col, select

from counter.exchange.sync_state import Rejected, backlog_count, dead_count, record_batch
from counter.intake.submit import submit_intake
from counter.store.models import OutboxItem
from tests.conftest import MONDAY_MORNING, intake_request
from tests.ui.case_support import signed_in
from tests.ui.cases.test_case_view import TIMEOUT_MS, answer_reason
from ui.supervisor.dead_letters_dialog import DeadLettersDialog


def _two_dead(opened, clerk) -> list[str]:  # type: ignore[no-untyped-def]
    numbers = []
    for _ in range(2):
        numbers.append(
            submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
            .acceptance_no
        )
    with opened.desk.store.write() as session:
        items = session.exec(select(OutboxItem).order_by(col(OutboxItem.id))).all()
        record_batch(
            session,
            [Rejected(i.id, "unknown_service", "service RS-002 is not in the catalog")
             for i in items],
            MONDAY_MORNING,
        )
    return numbers


def _open(qtbot, runner, opened, actor) -> DeadLettersDialog:  # type: ignore[no-untyped-def]
    dialog = DeadLettersDialog(runner, opened, actor)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        dialog.show()
    return dialog


def _counts(opened) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with opened.desk.store.read() as session:
        return backlog_count(session), dead_count(session)


def test_list_shows_number_kind_reason_and_time(qtbot, runner, opened, clerk):  # type: ignore[no-untyped-def]
    numbers = _two_dead(opened, clerk)
    dialog = _open(qtbot, runner, opened, signed_in(opened, "supervisor"))
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert [r[0] for r in rows] == numbers
    assert rows[0][1] == "Intake"
    assert rows[0][2] == "unknown_service: service RS-002 is not in the catalog"
    assert rows[0][3] == "2026-03-02 09:30"  # office time
    # a clerk may look but not resolve
    clerk_dialog = _open(qtbot, runner, opened, clerk)
    assert not clerk_dialog.resend_button.isEnabled()
    assert not clerk_dialog.close_item_button.isEnabled()


def test_resend_and_close_from_the_keyboard(qtbot, runner, opened, clerk, monkeypatch):  # type: ignore[no-untyped-def]
    _two_dead(opened, clerk)
    dialog = _open(qtbot, runner, opened, signed_in(opened, "supervisor"))
    dialog.table.setFocus()

    answer_reason(monkeypatch, "")  # a blank reason: the core says what is missing
    QTest.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT_MS)
    assert dialog.message.text().startswith("Reason")
    assert _counts(opened) == (0, 2)

    asked = answer_reason(monkeypatch, "平台目录已更新")
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert asked == ["Resend to the platform"]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    assert _counts(opened) == (1, 1)

    answer_reason(monkeypatch, "重复办件，已另行受理")
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT_MS):
        QTest.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert _counts(opened) == (1, 0)
    assert dialog.message.text() == "Closed; it stays on record."
    with opened.desk.store.read() as session:
        assert session.exec(select(OutboxItem.state).order_by(col(OutboxItem.id))).all() == [
            "pending", "closed"]
