"""A clerk's morning at the window, driven by keyboard: sign in, take a case, see it queued."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from counter.intake.request import Decision, MaterialStatus
from counter.store.models import Case, NumberSequence
from tests.ui.flow import (
    BAD_CHECK_ID,
    TIMEOUT_MS,
    mark_all_received,
    open_window,
    pick_item,
    sign_in,
    type_person,
)
from ui.queue.queue_model import COL_NUMBER


def test_keyboard_intake_records_case_queues_it_and_writes_receipt(
        qtbot, runner, opened, translations):
    actor = sign_in(qtbot, runner, opened, translations)
    assert actor.username == "clerk"
    window = open_window(qtbot, runner, opened, actor, translations)
    form = window.form

    pick_item(qtbot, form, "gtgsh", down=1)  # Down into the list, Enter picks
    assert form.picker.current.detail.item.code == "SCJG-001"
    assert form.materials.rowCount() == 4
    mark_all_received(qtbot, form)
    assert all(form.materials.status(r) is MaterialStatus.RECEIVED for r in range(4))
    type_person(qtbot, form)
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS) as recorded:
        qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)

    case_id = recorded.args[0]
    with opened.desk.store.read() as session:
        case = session.get(Case, case_id)
    assert case is not None and case.state == "accepted"
    model = window.queue_model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.row_of(case_id) is not None,
                    timeout=TIMEOUT_MS)
    assert model.index(0, COL_NUMBER).data() == case.acceptance_no

    receipt = opened.directory / "documents" / f"{case.acceptance_no}-受理回执.pdf"
    assert receipt.exists()
    assert receipt.read_bytes().startswith(b"%PDF-")
    assert case.acceptance_no in form.panel.plain_text()
    assert str(receipt) in form.panel.plain_text()
    # The form is empty again, ready for the next applicant.
    assert form.picker.current is None
    assert form.applicant.person.line("name").text() == ""


def test_wrong_check_character_names_it_and_records_nothing(qtbot, runner, opened, translations):
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    form = window.form
    pick_item(qtbot, form, "SCJG-001")
    mark_all_received(qtbot, form)
    type_person(qtbot, form, id_number=BAD_CHECK_ID)

    qtbot.keyClick(form.applicant.person.line("phone"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.panel.isVisible() and runner.pending == 0, timeout=TIMEOUT_MS)
    assert "ID number: check character should be X" in form.panel.plain_text()
    id_field = form.applicant.person.line("id_number")
    assert id_field.property("problem") is True
    assert "X" in id_field.toolTip()
    # The form keeps what was typed, for the clerk to correct.
    assert id_field.text() == BAD_CHECK_ID

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: "证件号码：校验码应为 X" in form.panel.plain_text(),
                    timeout=TIMEOUT_MS)
    assert "校验码" in id_field.toolTip()
    assert form.buttons[Decision.ACCEPT].text() == "受理(&A)"

    window.queue_model.refresh()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=TIMEOUT_MS)
    assert window.queue_model.rowCount() == 0
    with opened.desk.store.read() as session:
        assert session.exec(select(Case)).first() is None
        assert session.exec(select(NumberSequence)).first() is None
