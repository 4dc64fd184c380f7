"""The applicant's ID number checked as typed, and the ID card reader filling the form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from counter.intake.id_card import DEMO_CARDS, SimulatedIdCardReader
from counter.users import Actor
from counter.users import sign_in as core_sign_in
from counter.validation import IdType
from tests.ui.flow import BAD_CHECK_ID, TIMEOUT_MS, VALID_ID, pick_item
from ui.intake.intake_form import IntakeForm


@pytest.fixture
def actor(opened) -> Actor:  # type: ignore[no-untyped-def]
    return core_sign_in(opened.desk.store, "clerk", "demo1234")


def make_form(qtbot, runner, opened, actor, **kwargs) -> IntakeForm:  # type: ignore[no-untyped-def]
    form = IntakeForm(runner, opened, actor, opener=lambda path: None, **kwargs)
    qtbot.addWidget(form)
    form.show()
    return form


@pytest.fixture
def form(qtbot, runner, opened, actor, translations) -> Iterator[IntakeForm]:  # type: ignore[no-untyped-def]
    yield make_form(qtbot, runner, opened, actor)


def test_typing_a_number_says_nothing_until_it_is_complete(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    number = form.applicant.person.line("id_number")
    facts = form.applicant.person.id_facts
    for n, ch in enumerate(BAD_CHECK_ID[:-1]):
        qtbot.keyClick(number, ch)
        assert facts.text() == "", f"nagged after {n + 1} characters"
    qtbot.keyClick(number, BAD_CHECK_ID[-1])
    assert facts.text() == "ID number: check character should be X"
    # Correcting the last character shows what the number says instead.
    qtbot.keyClick(number, Qt.Key.Key_Backspace)
    assert facts.text() == ""
    qtbot.keyClick(number, "x")
    assert facts.text() == "Date of birth 1949-12-31 · Female"


def test_the_check_speaks_chinese(qtbot, form, translations) -> None:  # type: ignore[no-untyped-def]
    number = form.applicant.person.line("id_number")
    qtbot.keyClicks(number, BAD_CHECK_ID)
    translations.install("zh_CN")
    facts = form.applicant.person.id_facts
    qtbot.waitUntil(lambda: "校验码应为 X" in facts.text(), timeout=TIMEOUT_MS)
    number.setText(VALID_ID)
    assert facts.text() == "出生日期 1949-12-31 · 女"


def test_other_documents_are_not_checked_as_typed(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    person = form.applicant.person
    person.id_type.setCurrentIndex(person.id_type.findData(IdType.PASSPORT.value))
    qtbot.keyClicks(person.line("id_number"), BAD_CHECK_ID)
    assert person.id_facts.text() == ""


def test_without_a_reader_the_button_is_disabled_and_says_why(form) -> None:  # type: ignore[no-untyped-def]
    assert not form.read_card.isEnabled()
    assert form.read_card.toolTip() == "No card reader"


def test_f8_reads_the_card_into_the_form(qtbot, runner, opened, actor, translations) -> None:  # type: ignore[no-untyped-def]
    form = make_form(qtbot, runner, opened, actor,
                     card_reader=SimulatedIdCardReader.demo())
    assert form.read_card.isEnabled() and "F8" in form.read_card.text()
    pick_item(qtbot, form, "jmsfz")
    with qtbot.waitSignal(form.read_card.card_read, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.materials_table, Qt.Key.Key_F8)
    card = DEMO_CARDS[0]
    person = form.applicant.person
    assert person.line("name").text() == card.name
    assert person.line("id_number").text() == card.id_number
    assert person.line("address").text() == card.address
    assert person.id_type.id_type() is IdType.RESIDENT_ID
    assert person.id_facts.text() == "Date of birth 1962-07-08 · Female"
    # The phone is the one thing a card does not hold: the cursor waits there.
    assert person.line("phone").hasFocus()


def test_an_unplugged_reader_or_no_card_is_said_calmly(qtbot, runner, opened, actor, translations) -> None:  # type: ignore[no-untyped-def]
    reader = SimulatedIdCardReader([], connected=False)
    form = make_form(qtbot, runner, opened, actor, card_reader=reader)
    form.picker.search.setFocus()
    qtbot.waitUntil(form.picker.search.hasFocus, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(form.read_card.failed, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.picker.search, Qt.Key.Key_F8)
    assert "No ID card reader is connected." in form.panel.plain_text()
    reader.connected = True
    with qtbot.waitSignal(form.read_card.no_card, timeout=TIMEOUT_MS):
        qtbot.keyClick(form.picker.search, Qt.Key.Key_F8)
    assert "No card on the reader" in form.panel.plain_text()
    assert form.applicant.person.line("name").text() == ""


def test_the_reader_can_be_handed_in_after_the_form_is_built(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    form.set_card_reader(SimulatedIdCardReader.demo())
    assert form.read_card.isEnabled()
    with qtbot.waitSignal(form.read_card.card_read, timeout=TIMEOUT_MS):
        form.read_card.click()
    assert form.applicant.person.line("name").text() == DEMO_CARDS[0].name
