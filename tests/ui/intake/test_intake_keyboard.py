"""The demo's standard case taken from the keyboard alone, every key press counted.

The standard case is the demo morning's 王秀英 renewing her resident ID card
(GA-001), every paper in hand. Each key goes to whatever widget has the focus,
as on a real desk: if a step needed the mouse, the key would land in the wrong
place and the test would fail. The counts are written up in docs/KEYBOARD.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import select

from counter.intake.id_card import SimulatedIdCardReader
from counter.store.models import Case
from counter.users import sign_in as core_sign_in
from tests.ui.flow import TIMEOUT_MS, open_window
from ui.demo.demo_morning import MORNING

STANDARD = next(v for v in MORNING if v.service_code == "GA-001" and not v.statuses)
Key = Qt.Key


@dataclass
class Keyboard:
    """Presses keys on the focused widget, keeping count and a readable record."""

    qtbot: object
    presses: int = 0
    record: list[str] = field(default_factory=list)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        for ch in text:
            QTest.keyClick(self.focused(), ch)
        self.presses += len(text)
        self.record.append(text)

    def press(self, key: Qt.Key, name: str, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(self.focused(), key)
        self.presses += times
        self.record.append(name if times == 1 else f"{name}×{times}")

    def input_method(self, text: str) -> None:
        """A Chinese input method's commit (QTest cannot type Chinese); not counted here."""
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(self.focused(), event)
        self.record.append(f"[IME {text}]")


def _window(qtbot, runner, opened, translations, reader=None):  # type: ignore[no-untyped-def]
    actor = core_sign_in(opened.desk.store, "clerk", "demo1234")
    window = open_window(qtbot, runner, opened, actor, translations)
    form = window.form
    if reader is not None:
        form.set_card_reader(reader)
    form.reset()  # an empty form, the cursor in the item search
    window.activateWindow()
    qtbot.waitUntil(form.picker.search.hasFocus, timeout=TIMEOUT_MS)
    return window, form


def _pick_standard_item(qtbot, keys: Keyboard, form) -> None:  # type: ignore[no-untyped-def]
    keys.type("jmsfz")  # 居民身份证: pinyin initials
    with qtbot.waitSignal(form.picker.picked, timeout=TIMEOUT_MS):
        keys.press(Key.Key_Return, "Enter")
    assert form.picker.current.detail.item.code == STANDARD.service_code
    assert form.materials_table.hasFocus()


def _accept_and_check(qtbot, keys: Keyboard, form, opened) -> Case:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(form.case_recorded, timeout=TIMEOUT_MS) as recorded:
        keys.press(Key.Key_Return, "Enter")
    with opened.desk.store.read() as session:
        case = session.get(Case, recorded.args[0])
        assert len(session.exec(select(Case)).all()) == 1
    assert case is not None and case.state == "accepted"
    receipt = opened.directory / "documents" / f"{case.acceptance_no}-受理回执.pdf"
    assert receipt.read_bytes().startswith(b"%PDF-")
    assert str(receipt) in form.panel.plain_text()
    # Ready for the next applicant, the cursor back in the item search.
    assert form.picker.current is None and form.picker.search.hasFocus()
    return case


def test_standard_case_typed_by_hand(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    _, form = _window(qtbot, runner, opened, translations)
    keys = Keyboard(qtbot)
    person = STANDARD.applicant
    _pick_standard_item(qtbot, keys, form)
    rows = form.materials.rowCount()
    keys.press(Key.Key_Space, "Space", rows)  # each paper received, moving down
    keys.press(Key.Key_Tab, "Tab")  # to the applicant's name
    assert keys.focused() is form.applicant.person.line("name")
    keys.input_method(person.name)
    keys.press(Key.Key_Tab, "Tab")  # past the document type (resident ID card already)
    keys.press(Key.Key_Tab, "Tab")
    assert keys.focused() is form.applicant.person.line("id_number")
    keys.type(person.id_number)
    assert form.applicant.person.id_facts.text() == "Date of birth 1962-07-08 · Female"
    keys.press(Key.Key_Tab, "Tab")
    assert keys.focused() is form.applicant.person.line("phone")
    keys.type(person.phone)
    case = _accept_and_check(qtbot, keys, form, opened)

    with opened.desk.store.read() as session:
        stored = session.get(Case, case.id)
    assert stored.applicant_name == person.name
    print(f"\nstandard case typed by hand: {keys.presses} key presses + the name "
          f"by input method\n  {' '.join(keys.record)}")
    # 5 + 1 + 4 + 1 + 2 + 18 + 1 + 11 + 1 (see docs/KEYBOARD.md)
    assert keys.presses == 44


def test_standard_case_with_the_card_reader(qtbot, runner, opened, translations) -> None:  # type: ignore[no-untyped-def]
    _, form = _window(qtbot, runner, opened, translations,
                           reader=SimulatedIdCardReader.demo())
    keys = Keyboard(qtbot)
    _pick_standard_item(qtbot, keys, form)
    keys.press(Key.Key_Space, "Space", form.materials.rowCount())
    with qtbot.waitSignal(form.read_card.card_read, timeout=TIMEOUT_MS):
        keys.press(Key.Key_F8, "F8")
    assert keys.focused() is form.applicant.person.line("phone")
    keys.type(STANDARD.applicant.phone)
    _accept_and_check(qtbot, keys, form, opened)
    print(f"\nstandard case with the card reader: {keys.presses} key presses\n"
          f"  {' '.join(keys.record)}")
    # 5 + 1 + 4 + 1 + 11 + 1
    assert keys.presses == 23


def test_enter_accepts_and_prints_once_the_receipt_printer_is_chosen(  # type: ignore[no-untyped-def]
        qtbot, runner, opened, translations) -> None:
    _, form = _window(qtbot, runner, opened, translations, reader=SimulatedIdCardReader.demo())
    printed: list[tuple] = []
    form.panel.printer = lambda parent, path, ask=True: printed.append((path.name, ask))
    form.printer_chosen = lambda doc_type: doc_type == "receipt"
    keys = Keyboard(qtbot)
    _pick_standard_item(qtbot, keys, form)
    keys.press(Key.Key_Space, "Space", form.materials.rowCount())
    with qtbot.waitSignal(form.read_card.card_read, timeout=TIMEOUT_MS):
        keys.press(Key.Key_F8, "F8")
    keys.type(STANDARD.applicant.phone)
    case = _accept_and_check(qtbot, keys, form, opened)
    # Straight to the remembered receipt printer: no dialog in the clerk's way.
    qtbot.waitUntil(lambda: printed == [(f"{case.acceptance_no}-受理回执.pdf", False)],
                    timeout=TIMEOUT_MS)


def test_no_receipt_printer_chosen_means_saved_not_printed(  # type: ignore[no-untyped-def]
        qtbot, runner, opened, translations) -> None:
    _, form = _window(qtbot, runner, opened, translations, reader=SimulatedIdCardReader.demo())
    printed: list[tuple] = []
    form.panel.printer = lambda parent, path, ask=True: printed.append((path.name, ask))
    form.printer_chosen = lambda doc_type: False
    keys = Keyboard(qtbot)
    _pick_standard_item(qtbot, keys, form)
    keys.press(Key.Key_Space, "Space", form.materials.rowCount())
    with qtbot.waitSignal(form.read_card.card_read, timeout=TIMEOUT_MS):
        keys.press(Key.Key_F8, "F8")
    keys.type(STANDARD.applicant.phone)
    _accept_and_check(qtbot, keys, form, opened)
    qtbot.wait(50)
    assert printed == []
    assert form.panel.print_button.isVisible()  # the clerk prints (and picks the printer) by hand
