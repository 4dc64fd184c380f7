"""The other decisions and the failures a clerk must never misread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from counter.errors import StoreUnavailable
from counter.intake.request import Decision
from counter.store.models import Case
from tests.ui.flow import (
    TIMEOUT_MS,
    mark_all_received,
    open_window,
    pick_item,
    sign_in,
    type_person,
    type_text,
)
from ui.intake import intake_form, intake_task
from ui.intake.decision_dialogs import PendingAnswer, PendingDialog, ReasonDialog


@pytest.fixture
def window(qtbot, runner, opened, translations):  # type: ignore[no-untyped-def]
    actor = sign_in(qtbot, runner, opened, translations)
    return open_window(qtbot, runner, opened, actor, translations)


def _cases(opened) -> list[Case]:  # type: ignore[no-untyped-def]
    with opened.desk.store.read() as session:
        return list(session.exec(select(Case)).all())


def test_accept_with_materials_pending_asks_deadline_and_commitment(
        qtbot, window, opened, monkeypatch):
    form = window.form
    pick_item(qtbot, form, "RS-002")  # unemployment benefit: two non-key materials
    for _ in range(3):
        qtbot.keyClick(form.materials_table, Qt.Key.Key_Space)
    qtbot.keyClick(form.materials_table, Qt.Key.Key_3)  # the last one: pending
    type_person(qtbot, form)
    picked = form.picker.current
    asked = []

    def answer(parent, today, latest, default):  # type: ignore[no-untyped-def]
        asked.append((today, latest, default))
        return PendingAnswer(default, True)

    monkeypatch.setattr(PendingDialog, "ask", answer)
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        form.buttons[Decision.ACCEPT_PENDING].click()

    assert asked == [(picked.today, picked.due.due, picked.makeup_default)]
    [case] = _cases(opened)
    assert case.state == "accepted_pending"
    assert case.makeup_deadline == picked.makeup_default
    assert f"Materials to be made up by {picked.makeup_default.isoformat()}" \
        in form.panel.plain_text()
    assert (opened.directory / "documents" / f"{case.acceptance_no}-受理回执.pdf").exists()
    pending_notice = opened.directory / "documents" / f"{case.acceptance_no}-容缺受理通知书.pdf"
    assert pending_notice.exists()
    assert f"Notice: {pending_notice}" in form.panel.plain_text()


def test_pending_is_not_offered_for_an_immediate_item(qtbot, window):
    pick_item(qtbot, window.form, "gtgsh")
    assert not window.form.buttons[Decision.ACCEPT_PENDING].isEnabled()


def test_cancelled_question_records_nothing(qtbot, window, opened, runner, monkeypatch):
    form = window.form
    pick_item(qtbot, form, "RS-002")
    monkeypatch.setattr(PendingDialog, "ask", lambda *args: None)
    form.buttons[Decision.ACCEPT_PENDING].click()
    assert runner.pending == 0
    assert _cases(opened) == []


def test_refusal_records_reason_and_writes_the_notice_not_a_receipt(qtbot, window, opened, monkeypatch):
    form = window.form
    pick_item(qtbot, form, "RS-002")
    type_person(qtbot, form)
    monkeypatch.setattr(ReasonDialog, "ask", lambda parent, decision: "不属于本中心受理范围")
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        form.buttons[Decision.REFUSE].click()
    [case] = _cases(opened)
    assert (case.state, case.reason) == ("refused", "不属于本中心受理范围")
    assert case.acceptance_no in form.panel.plain_text()
    assert "State: Refused" in form.panel.plain_text()
    documents = opened.directory / "documents"
    notice = documents / f"{case.acceptance_no}-不予受理通知书.pdf"
    assert [p.name for p in documents.iterdir()] == [notice.name]  # a notice, no receipt
    assert notice.read_bytes().startswith(b"%PDF-")
    assert f"Notice: {notice}" in form.panel.plain_text()
    # The applicant is owed the notice: the panel offers to open it.
    assert form.panel.open_button.isVisibleTo(form) and form.panel.open_button.text() == "Open notice"


def test_store_unavailable_says_nothing_was_recorded(qtbot, window, opened, runner,
                                                     monkeypatch):
    form = window.form
    pick_item(qtbot, form, "gtgsh")
    mark_all_received(qtbot, form)
    type_person(qtbot, form)

    def full_disk(*args):  # type: ignore[no-untyped-def]
        raise StoreUnavailable("the disk is full; free some space")

    monkeypatch.setattr(intake_form, "record_intake", full_disk)
    qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.panel.isVisible() and runner.pending == 0, timeout=TIMEOUT_MS)
    text = form.panel.plain_text()
    assert "The case was NOT recorded and no receipt was printed." in text
    assert "the disk is full" in text
    assert form.applicant.person.line("name").text() == "张三"  # kept for the retry
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: "办件未登记" in form.panel.plain_text(), timeout=TIMEOUT_MS)
    assert "磁盘已满" in form.panel.plain_text()


def test_receipt_failure_still_reports_the_recorded_number(qtbot, window, opened, monkeypatch):
    form = window.form
    pick_item(qtbot, form, "gtgsh")
    mark_all_received(qtbot, form)
    type_person(qtbot, form)

    def broken_printer(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no space left on device")

    monkeypatch.setattr(intake_task, "save_receipt", broken_printer)
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    [case] = _cases(opened)
    text = form.panel.plain_text()
    assert case.acceptance_no in text
    assert "The case IS recorded, but its receipt could not be written" in text
    assert not form.panel.open_button.isVisible()


def test_agent_problems_name_the_agent(qtbot, window, runner):
    form = window.form
    pick_item(qtbot, form, "gtgsh")
    mark_all_received(qtbot, form)
    type_person(qtbot, form)
    form.agent.setChecked(True)
    qtbot.keyClicks(form.agent.fields.line("name"), "Li Si")
    qtbot.keyClicks(form.agent.fields.line("id_number"), "11010519491231002X")
    qtbot.keyClicks(form.agent.fields.line("phone"), "12345")
    qtbot.keyClick(form.agent.fields.line("phone"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.panel.isVisible() and runner.pending == 0, timeout=TIMEOUT_MS)
    assert "Agent's Phone: must be an 11-digit mobile number" in form.panel.plain_text()
    assert form.agent.fields.line("phone").property("problem") is True
    assert form.applicant.person.line("phone").property("problem") is not True


def test_accept_without_an_item_points_at_the_search(qtbot, window, runner):
    form = window.form
    form.decide(Decision.ACCEPT)
    assert runner.pending == 0
    assert "Pick the service item first." in form.panel.plain_text()
    assert form.picker.search.property("problem") is True


def test_open_receipt_button_uses_the_injected_opener(qtbot, runner, opened, translations):
    opened_files: list = []
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations, opened_files)
    form = window.form
    pick_item(qtbot, form, "gtgsh")
    mark_all_received(qtbot, form)
    type_person(qtbot, form)
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    qtbot.mouseClick(form.panel.open_button, Qt.MouseButton.LeftButton)
    [path] = opened_files
    assert path.suffix == ".pdf" and path.exists()


def test_makeup_deadline_default_is_within_the_promised_date(qtbot, window):
    pick_item(qtbot, window.form, "MZ-001")  # 20 working days
    picked = window.form.picker.current
    assert picked.today < picked.makeup_default <= picked.due.due
    assert picked.makeup_default - picked.today <= timedelta(days=9)


def test_company_item_takes_a_company_applicant(qtbot, window, opened):
    form = window.form
    pick_item(qtbot, form, "SCJG-002")  # limited company registration
    assert form.applicant.is_company
    mark_all_received(qtbot, form)
    company = form.applicant.company
    type_text(qtbot, company.line("name"), "清徐县晋源醋业有限公司")
    qtbot.keyClicks(company.line("credit_code"), "91140121MA0L12345Y")
    type_text(qtbot, company.line("legal_rep.name"), "王建国")
    qtbot.keyClicks(company.line("phone"), "0351-5721234")
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        qtbot.keyClick(company.line("phone"), Qt.Key.Key_Return)
    [case] = _cases(opened)
    assert (case.applicant_kind, case.applicant_id_number) == ("company", "91140121MA0L12345Y")
    assert case.legal_rep_name == "王建国"
    assert not form.applicant.is_company  # reset for the next applicant


def test_correction_request_lists_what_is_missing(qtbot, window, opened, monkeypatch):
    form = window.form
    pick_item(qtbot, form, "RS-002")
    qtbot.keyClick(form.materials_table, Qt.Key.Key_1)  # only the form is brought
    type_person(qtbot, form)
    monkeypatch.setattr(ReasonDialog, "ask", lambda parent, decision: "")
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS):
        form.buttons[Decision.REQUEST_CORRECTION].click()
    [case] = _cases(opened)
    assert case.state == "correction_requested"
    assert "State: Awaiting correction" in form.panel.plain_text()
