"""The checklist keys: Space, the number keys, and the note a faulty paper needs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from counter.intake.request import MaterialStatus
from tests.ui.flow import TIMEOUT_MS, open_window, pick_item, sign_in
from ui.intake.materials_model import COL_NOTE, COL_STATUS


@pytest.fixture
def form(qtbot, runner, opened, translations):  # type: ignore[no-untyped-def]
    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    pick_item(qtbot, window.form, "RS-002")
    return window.form


def test_space_toggles_and_moves_down(qtbot, form):
    table, model = form.materials_table, form.materials
    assert model.status(0) is MaterialStatus.MISSING  # nothing is assumed brought
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert model.status(0) is MaterialStatus.RECEIVED
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert model.status(0) is MaterialStatus.MISSING


def test_number_keys_set_a_status_and_skip_what_is_not_allowed(qtbot, form):
    table, model = form.materials_table, form.materials
    qtbot.keyClick(table, Qt.Key.Key_2)  # M01 is not held by the platform: refused
    assert model.status(0) is MaterialStatus.MISSING
    assert table.currentIndex().row() == 0
    qtbot.keyClick(table, Qt.Key.Key_1)
    qtbot.keyClick(table, Qt.Key.Key_2)  # the ID card is: obtained by sharing
    qtbot.keyClick(table, Qt.Key.Key_3)
    assert [model.status(r) for r in range(3)] == [
        MaterialStatus.RECEIVED, MaterialStatus.SHARED, MaterialStatus.PENDING]


def test_faulty_opens_the_note_and_the_note_goes_in_the_request(qtbot, form):
    table, model = form.materials_table, form.materials
    qtbot.keyClick(table, Qt.Key.Key_6)
    assert model.status(0) is MaterialStatus.FAULTY
    assert table.currentIndex().column() == COL_NOTE
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "missing signature")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next turn
    qtbot.waitUntil(lambda: model.index(0, COL_NOTE).data() == "missing signature",
                    timeout=TIMEOUT_MS)
    assert model.inputs()[0].note == "missing signature"
    assert model.index(0, COL_STATUS).data() == "Needs correction"


def test_form_and_copies_from_the_keyboard_reach_the_case(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    """O cycles what was brought (original, copy, both); + and - count the copies."""
    from PySide6.QtCore import Qt
    from sqlmodel import select

    from counter.intake.request import Decision
    from counter.store.models import CaseMaterial
    from tests.ui.flow import VALID_ID, open_window, pick_item, sign_in, type_person
    from ui.intake.materials_model import COL_COPIES, COL_FORM

    actor = sign_in(qtbot, runner, opened, translations)
    window = open_window(qtbot, runner, opened, actor, translations)
    form = window.form
    pick_item(qtbot, form, "RS-002")
    table, model = form.materials_table, form.materials
    first_form = model.index(0, COL_FORM).data()
    qtbot.keyClick(table, Qt.Key.Key_O)
    assert model.index(0, COL_FORM).data() != first_form
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert model.index(0, COL_COPIES).data() == "3"
    qtbot.keyClick(table, Qt.Key.Key_Minus)
    assert model.index(0, COL_COPIES).data() == "2"
    for _ in range(model.rowCount()):
        qtbot.keyClick(table, Qt.Key.Key_Space)
    type_person(qtbot, form, "赵小红", VALID_ID, "13698765432")
    with qtbot.waitSignal(form.case_recorded, timeout=20_000) as recorded:
        form.decide(Decision.ACCEPT)
    with opened.desk.store.read() as session:
        first = session.exec(select(CaseMaterial).where(
            CaseMaterial.case_id == recorded.args[0], CaseMaterial.position == 0)).one()
    assert (first.form, first.copies) == ("复印件", 2)
