"""The rating screen from the keyboard: keys 1–5, a reason for the two lowest, one per visit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from counter.evaluation import Level
from counter.store.models import Evaluation, OutboxItem
from tests.delivery_support import APPLICANT_ID
from tests.ui.case_support import case_with_certificate, signed_in
from tests.ui.flow import (
    TIMEOUT_MS,
    mark_all_received,
    open_window,
    pick_item,
    record_case,
    sign_in,
    type_person,
    type_text,
)
from ui.common import evaluation_dialog
from ui.common.evaluation_dialog import EvaluationDialog
from ui.pickup.pickup_page import PickupPage

KEYS = {5: Qt.Key.Key_5, 4: Qt.Key.Key_4, 3: Qt.Key.Key_3, 2: Qt.Key.Key_2, 1: Qt.Key.Key_1}


@pytest.fixture
def clerk(opened):  # type: ignore[no-untyped-def]
    return signed_in(opened, "clerk")


@pytest.fixture
def case_id(opened) -> str:  # type: ignore[no-untyped-def]
    return record_case(opened)


@pytest.fixture(autouse=True)
def no_auto_close(monkeypatch):  # type: ignore[no-untyped-def]
    # The thanks would close the dialog under the test's feet.
    monkeypatch.setattr(evaluation_dialog, "CLOSE_AFTER_MS", 60_000)


def open_dialog(qtbot, runner, opened, clerk, case_id, visit="intake") -> EvaluationDialog:  # type: ignore[no-untyped-def]
    dialog = EvaluationDialog(runner, opened, clerk, case_id, visit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog._state != "loading", timeout=TIMEOUT_MS)
    return dialog


def ratings(opened) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    with opened.desk.store.read() as session:
        return [(e.visit, e.level, e.reason) for e in session.exec(select(Evaluation))]


@pytest.mark.parametrize("level", [5, 4, 3])
def test_a_key_chooses_the_level_and_enter_submits(qtbot, runner, opened, clerk, case_id, level):  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, runner, opened, clerk, case_id)
    assert "case 140121-" in dialog.subtitle.text()
    qtbot.keyClick(dialog.focusWidget(), KEYS[level])
    assert dialog.level == Level(level)
    assert dialog.buttons[Level(level)].isChecked()
    assert not dialog.reason.isVisible()
    with qtbot.waitSignal(dialog.rated, timeout=TIMEOUT_MS) as rated:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert rated.args[0].level == Level(level)
    assert ratings(opened) == [("intake", level, "")]
    assert "Thank you" in dialog.message.text()
    assert not any(b.isEnabled() for b in dialog.buttons.values())
    with opened.desk.store.read() as session:
        kinds = [o.kind for o in session.exec(select(OutboxItem))]
    assert kinds.count("evaluation") == 1


@pytest.mark.parametrize("level", [2, 1])
def test_a_low_rating_asks_for_the_reason_from_the_keyboard(qtbot, runner, opened, clerk, case_id, level):  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, runner, opened, clerk, case_id)
    qtbot.keyClick(dialog.focusWidget(), KEYS[level])
    assert dialog.reason.isVisible()
    assert dialog.reason.hasFocus()
    # Enter with the reason empty: refused, nothing written, still in the reason box.
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Reason" in dialog.message.text(), timeout=TIMEOUT_MS)
    assert "required" in dialog.message.text()
    assert ratings(opened) == []
    assert dialog.reason.hasFocus()
    # Digits typed in the reason are text, not another rating.
    type_text(qtbot, dialog.reason, "排队")
    qtbot.keyClicks(dialog.reason, "1")
    type_text(qtbot, dialog.reason, "小时")
    assert dialog.level == Level(level)
    with qtbot.waitSignal(dialog.rated, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert ratings(opened) == [("intake", level, "排队1小时")]


def test_submit_without_a_choice_asks_for_one(qtbot, runner, opened, clerk, case_id):  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, runner, opened, clerk, case_id)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert "choose" in dialog.message.text()
    assert ratings(opened) == []


def test_a_visit_rated_before_is_said_so_and_cannot_be_rated_again(qtbot, runner, opened, clerk, case_id):  # type: ignore[no-untyped-def]
    first = open_dialog(qtbot, runner, opened, clerk, case_id)
    qtbot.keyClick(first.focusWidget(), Qt.Key.Key_4)
    with qtbot.waitSignal(first.rated, timeout=TIMEOUT_MS):
        qtbot.keyClick(first.focusWidget(), Qt.Key.Key_Return)
    first.close()

    again = open_dialog(qtbot, runner, opened, clerk, case_id)
    assert again._state == "rated_before"
    assert "already been rated" in again.message.text()
    assert "Satisfied" in again.message.text()
    assert not any(b.isEnabled() for b in again.buttons.values())
    assert not again.submit_button.isVisible()
    qtbot.keyClick(again, Qt.Key.Key_1)
    assert again.level is None
    assert ratings(opened) == [("intake", 4, "")]


def test_a_rating_given_elsewhere_meanwhile_is_refused_by_the_core(qtbot, runner, opened, clerk, case_id):  # type: ignore[no-untyped-def]
    from counter.evaluation import record_evaluation

    dialog = open_dialog(qtbot, runner, opened, clerk, case_id)
    record_evaluation(opened.desk, clerk, case_id, "intake", 5)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_3)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog._state == "rated_before", timeout=TIMEOUT_MS)
    assert "already been rated" in dialog.message.text()
    assert ratings(opened) == [("intake", 5, "")]


def test_ask_opens_a_dialog_on_a_desk_with_one_screen(qtbot, runner, opened, clerk, case_id):  # type: ignore[no-untyped-def]
    dialog = EvaluationDialog.ask(runner, opened, clerk, case_id, "intake")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert not dialog.isFullScreen()
    assert evaluation_dialog.second_screen(None) is None
    qtbot.waitUntil(lambda: dialog._state == "open", timeout=TIMEOUT_MS)
    dialog.close()


@pytest.fixture
def opened_dialogs(monkeypatch):  # type: ignore[no-untyped-def]
    """The dialogs `ask` opens (the real one: window-modal, returns at once)."""
    shown: list[EvaluationDialog] = []
    real = EvaluationDialog.ask.__func__  # type: ignore[attr-defined]

    def ask(cls, *args):  # type: ignore[no-untyped-def]
        dialog = real(cls, *args)
        shown.append(dialog)
        return dialog

    monkeypatch.setattr(EvaluationDialog, "ask", classmethod(ask))
    return shown


def test_f7_after_an_intake_turns_the_rating_to_the_applicant(  # type: ignore[no-untyped-def]
        qtbot, runner, opened, translations, opened_dialogs):
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    form = window.form
    pick_item(qtbot, form, "gtgsh", down=1)
    mark_all_received(qtbot, form)
    type_person(qtbot, form)
    # F7 before anything was recorded does nothing.
    qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_F7)
    assert opened_dialogs == []
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS) as recorded:
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    assert form.panel.evaluate_button.isVisible()
    assert "F7" in form.panel.evaluate_button.text()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F7)
    [dialog] = opened_dialogs
    assert (dialog.case_id, dialog.visit) == (recorded.args[0], "intake")
    qtbot.waitUntil(lambda: dialog._state == "open", timeout=TIMEOUT_MS)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_5)
    with qtbot.waitSignal(dialog.rated, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert ratings(opened) == [("intake", 5, "")]
    assert not form.panel.evaluate_button.isVisible()
    dialog.close()


def test_f7_after_a_delivery_rates_the_collection(qtbot, runner, opened, clerk, opened_dialogs):  # type: ignore[no-untyped-def]
    ready = case_with_certificate(opened, clerk)
    page = PickupPage(runner, opened, clerk)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.keyClicks(page.number, ready.acceptance_no)
    with qtbot.waitSignal(page.case_opened, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.number, Qt.Key.Key_Return)
    assert not page.evaluate_button.isVisible()
    qtbot.keyClicks(page.collector.id_number, APPLICANT_ID)
    with qtbot.waitSignal(page.case_delivered, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.collector.id_number, Qt.Key.Key_Return)
    assert page.evaluate_button.isVisible()

    qtbot.keyClick(page.number, Qt.Key.Key_F7)
    [dialog] = opened_dialogs
    assert (dialog.case_id, dialog.visit) == (ready.case_id, "delivery")
    qtbot.waitUntil(lambda: dialog._state == "open", timeout=TIMEOUT_MS)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_1)
    type_text(qtbot, dialog.reason, "等了很久")
    with qtbot.waitSignal(dialog.rated, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert ratings(opened) == [("delivery", 1, "等了很久")]
    assert not page.evaluate_button.isVisible()
    dialog.close()


def test_the_supervisor_follows_up_a_low_rating(qtbot, runner, opened, clerk, case_id, monkeypatch):  # type: ignore[no-untyped-def]
    from counter.evaluation import record_evaluation
    from ui.supervisor.follow_ups_dialog import FollowUpsDialog, NoteDialog

    record_evaluation(opened.desk, clerk, case_id, "intake", 2, "材料清单没讲清楚")
    record_evaluation(opened.desk, clerk, record_case(opened, name="李四"), "intake", 5)
    supervisor = signed_in(opened, "supervisor")
    dialog = FollowUpsDialog(runner, opened, supervisor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    assert dialog.table.item(0, 3).text() == "材料清单没讲清楚"
    assert dialog.table.item(0, 2).text() == "2 Dissatisfied"
    assert dialog.table.item(0, 4).text() == clerk.display_name

    asked: list[str] = []
    monkeypatch.setattr(NoteDialog, "ask", classmethod(
        lambda cls, heading, parent=None: asked.append(heading) or "已电话回访，重新说明材料"))
    qtbot.keyClick(dialog.follow_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert "材料清单没讲清楚" in asked[0]
    assert "No low rating" in dialog.status.text()
    with opened.desk.store.read() as session:
        done = session.exec(select(Evaluation).where(Evaluation.level == 2)).one()
    assert (done.follow_up, done.follow_up_note) == ("done", "已电话回访，重新说明材料")


def test_a_clerk_cannot_record_a_follow_up(qtbot, runner, opened, clerk, case_id, monkeypatch):  # type: ignore[no-untyped-def]
    from counter.evaluation import record_evaluation
    from ui.supervisor.follow_ups_dialog import FollowUpsDialog, NoteDialog

    record_evaluation(opened.desk, clerk, case_id, "intake", 1, "态度差")
    dialog = FollowUpsDialog(runner, opened, clerk)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, h, p=None: "回访"))
    dialog.record_follow_up()
    qtbot.waitUntil(lambda: "supervisor" in dialog.status.text(), timeout=TIMEOUT_MS)
    assert dialog.table.rowCount() == 1
