"""The supervisor's actions in the case view: shown by role and state, reason asked, core does it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlmodel import select

from counter.intake.request import Decision
from counter.intake.request import MaterialStatus as P
from counter.intake.submit import submit_intake
from counter.store.models import Case, CaseMaterial
from counter.supervision.correction import ApplicantCorrection
from tests.conftest import MONDAY_MORNING, intake_request
from tests.ui.case_support import signed_in
from tests.ui.cases.test_case_view import TIMEOUT_MS, answer_reason, open_view
from ui.supervisor.supervisor_dialogs import (
    CorrectionDialog,
    ExtendDialog,
    MakeupDialog,
    load_supervision_form,
)


def _pending_case(opened, clerk) -> str:  # type: ignore[no-untyped-def]
    request = intake_request(
        opened.desk,
        decision=Decision.ACCEPT_PENDING,
        statuses={"M03": P.PENDING, "M04": P.PENDING},
        commitment_signed=True,
        makeup_deadline=date(2026, 3, 6),
    )
    return submit_intake(opened.desk, clerk, request, now=MONDAY_MORNING).case_id


def _buttons(view):  # type: ignore[no-untyped-def]
    return [view.correct_button, view.makeup_button, view.extend_button]


def test_only_a_supervisor_sees_the_actions(qtbot, runner, opened, clerk):  # type: ignore[no-untyped-def]
    case_id = _pending_case(opened, clerk)
    clerk_view = open_view(qtbot, runner, opened, clerk, case_id)
    assert [b.isVisible() for b in _buttons(clerk_view)] == [False] * 3
    view = open_view(qtbot, runner, opened, signed_in(opened, "supervisor"), case_id)
    assert [b.isVisible() for b in _buttons(view)] == [True] * 3


def test_correction_dialog_keyboard_prefilled_id_masked(qtbot, opened, clerk):  # type: ignore[no-untyped-def]
    case_id = _pending_case(opened, clerk)
    form = load_supervision_form(opened, case_id)
    dialog = CorrectionDialog(form)
    qtbot.addWidget(dialog)
    assert dialog.fields["applicant_name"].text() == "张伟"
    id_field = dialog.fields["applicant_id_number"]
    assert id_field.text() == "" and "*" in id_field.placeholderText()
    assert dialog.correction() == ApplicantCorrection()  # untouched: nothing to correct
    phone = dialog.fields["applicant_phone"]
    phone.setFocus()
    QTest.keyClick(phone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(phone, "13800001111")
    assert dialog.correction() == ApplicantCorrection(applicant_phone="13800001111")


def test_correct_flow_asks_reason_and_updates_the_case(qtbot, runner, opened, clerk, monkeypatch):  # type: ignore[no-untyped-def]
    case_id = _pending_case(opened, clerk)
    view = open_view(qtbot, runner, opened, signed_in(opened, "supervisor"), case_id)
    monkeypatch.setattr(
        CorrectionDialog, "ask",
        classmethod(lambda cls, *a: ApplicantCorrection(applicant_phone="12")),
    )
    asked = answer_reason(monkeypatch, "号码录错")
    view.correct_button.click()
    qtbot.waitUntil(lambda: view.message.text() != "", timeout=TIMEOUT_MS)
    assert asked and view.message.text().startswith("Phone")  # the core names the field
    monkeypatch.setattr(
        CorrectionDialog, "ask",
        classmethod(lambda cls, *a: ApplicantCorrection(applicant_phone="13800001111")),
    )
    with qtbot.waitSignal(view.case_changed, timeout=TIMEOUT_MS):
        view.correct_button.click()
    assert view.message.text() == "The applicant data is corrected."
    with opened.desk.store.read() as session:
        assert session.get(Case, case_id).applicant_phone == "13800001111"


def test_makeup_ticked_from_the_keyboard_accepts_the_case(qtbot, runner, opened, clerk, monkeypatch):  # type: ignore[no-untyped-def]
    case_id = _pending_case(opened, clerk)
    dialog = MakeupDialog(load_supervision_form(opened, case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.materials.setFocus()
    QTest.keyClick(dialog.materials, Qt.Key.Key_Space)
    QTest.keyClick(dialog.materials, Qt.Key.Key_Down)
    QTest.keyClick(dialog.materials, Qt.Key.Key_Space)
    assert dialog.codes() == ["M03", "M04"]

    view = open_view(qtbot, runner, opened, signed_in(opened, "supervisor"), case_id)
    monkeypatch.setattr(MakeupDialog, "ask", classmethod(lambda cls, *a: dialog.codes()))
    answer_reason(monkeypatch, "申请人到窗口补交")
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.makeup_button.click()
    qtbot.waitUntil(lambda: view.case is not None and view.case.state == "accepted",
                    timeout=TIMEOUT_MS)
    assert view.message.text() == "All materials are in; the case is accepted."
    assert not view.makeup_button.isVisible()
    with opened.desk.store.read() as session:
        statuses = {m.status for m in session.exec(
            select(CaseMaterial).where(CaseMaterial.case_id == case_id))}
    assert "pending" not in statuses


def test_extend_offers_the_notice(qtbot, runner, opened, clerk, monkeypatch):  # type: ignore[no-untyped-def]
    case_id = _pending_case(opened, clerk)
    dialog = ExtendDialog(load_supervision_form(opened, case_id))
    qtbot.addWidget(dialog)
    assert dialog.new_due() == date(2026, 3, 16)  # a week after the promised 9 March
    opened_files: list[Path] = []
    view = open_view(
        qtbot, runner, opened, signed_in(opened, "supervisor"), case_id,
        opener=opened_files.append,
    )
    monkeypatch.setattr(ExtendDialog, "ask", classmethod(lambda cls, *a: date(2026, 3, 16)))
    monkeypatch.setattr(view, "ask_notice_action", lambda path: "open")
    answer_reason(monkeypatch, "需现场核查")
    with qtbot.waitSignal(view.case_changed, timeout=TIMEOUT_MS):
        view.extend_button.click()
    assert view.message.text() == "The promised date is now 2026-03-16."
    assert opened_files and opened_files[0].name.endswith("延期办理通知书.pdf")
    assert opened_files[0].read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: view.case is not None and view.case.due_date == date(2026, 3, 16),
                    timeout=TIMEOUT_MS)
