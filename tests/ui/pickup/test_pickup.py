"""The pickup screen driven from the keyboard, and a scan arriving while another field has focus."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from sqlmodel import col, select

from counter.cases.lifecycle import CaseState
from counter.certificates.records import print_history
from counter.store.models import Case, OutboxItem
from tests.delivery_support import AGENT_ID, APPLICANT_ID
from tests.ui.case_support import case_with_certificate, pdf_printer, signed_in
from tests.ui.flow import TIMEOUT_MS
from ui.devices import printer as printer_module
from ui.devices.scanner import ScannerListener
from ui.pickup.pickup_page import PickupPage


@pytest.fixture
def clerk(opened):  # type: ignore[no-untyped-def]
    return signed_in(opened, "clerk")


@pytest.fixture
def page(qtbot, runner, opened, clerk, tmp_path):  # type: ignore[no-untyped-def]
    page = PickupPage(runner, opened, clerk, printer=pdf_printer(tmp_path / "printed.pdf"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def case_state(opened, case_id: str) -> str:  # type: ignore[no-untyped-def]
    with opened.desk.store.read() as session:
        return session.get(Case, case_id).state  # type: ignore[union-attr]


def find(qtbot, page: PickupPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.number.setFocus()
    qtbot.keyClicks(page.number, text)
    with qtbot.waitSignal(page.case_opened, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.number, Qt.Key.Key_Return)


def test_a_citizen_collects_from_the_keyboard(qtbot, page, opened, clerk, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(printer_module, "show_problem", lambda *a: pytest.fail(str(a)))
    ready = case_with_certificate(opened, clerk, with_agent=True)
    find(qtbot, page, ready.acceptance_no.lower())
    assert page.collector.id_number.hasFocus()
    assert "Result ready" in page._values["state"].text()
    assert page.certificates.count() == 1
    assert page.collector.person.text().startswith("张伟")

    # Ctrl+P: the first print, through the Qt printer, counted in the store.
    qtbot.keyClick(page.collector.id_number, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (tmp_path / "printed.pdf").exists(), timeout=TIMEOUT_MS)
    with opened.desk.store.read() as session:
        assert [p.print_no for p in print_history(session, ready.serial)] == [1]

    # The agent collects: Alt+G, the agent's number, Enter.
    qtbot.keyClick(page.collector.id_number, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    # A mnemonic "clicks" the radio button after a short animation.
    qtbot.waitUntil(page.collector.agent.isChecked, timeout=TIMEOUT_MS)
    assert page.collector.person.text().startswith("李娜")
    page.collector.id_number.setFocus()
    qtbot.keyClicks(page.collector.id_number, APPLICANT_ID)  # the applicant's: wrong for the agent
    qtbot.keyClick(page.collector.id_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Collector ID number" in page.message.text(), timeout=TIMEOUT_MS)
    assert "does not match" in page.message.text()
    assert case_state(opened, ready.case_id) == "result_ready"

    page.collector.id_number.clear()
    qtbot.keyClicks(page.collector.id_number, AGENT_ID.lower())
    with qtbot.waitSignal(page.case_delivered, timeout=TIMEOUT_MS) as delivered:
        qtbot.keyClick(page.collector.id_number, Qt.Key.Key_Return)
    assert delivered.args == [ready.case_id]
    assert case_state(opened, ready.case_id) == "delivered"
    assert "delivered to 李娜" in page.message.text()
    assert page.number.text() == "" and page.number.hasFocus()
    with opened.desk.store.read() as session:
        last = session.exec(
            select(OutboxItem)
            .where(OutboxItem.case_id == ready.case_id)
            .order_by(col(OutboxItem.id).desc())
        ).first()
    payload = json.loads(last.payload)  # type: ignore[union-attr]
    assert (last.kind, last.state, payload["to"]) == ("case.transition", "pending", "delivered")  # type: ignore[union-attr]
    assert AGENT_ID not in last.payload  # type: ignore[union-attr]


def test_unknown_and_malformed_numbers_say_so(qtbot, page):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT_MS) as caught:
        qtbot.keyClicks(page.number, "140121-01-20260302-9999")
        qtbot.keyClick(page.number, Qt.Key.Key_Return)
    assert "no case has the acceptance number 140121-01-20260302-9999" in caught.args[0]
    page.number.clear()
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT_MS) as caught:
        qtbot.keyClicks(page.number, "hello")
        qtbot.keyClick(page.number, Qt.Key.Key_Return)
    assert caught.args[0].startswith("Acceptance number: should look like")
    assert page.number.hasFocus()


def test_a_case_not_ready_cannot_be_collected(qtbot, page, opened, clerk):  # type: ignore[no-untyped-def]
    ready = case_with_certificate(opened, clerk, CaseState.IN_REVIEW)
    find(qtbot, page, ready.acceptance_no)
    assert "cannot be collected now: it is In review" in page.message.text()
    assert not page.deliver_button.isEnabled() and not page.identity_box.isEnabled()
    assert page.number.hasFocus()


def test_a_scan_while_typing_elsewhere_opens_the_case_and_leaves_that_field_alone(  # type: ignore[no-untyped-def]
    qtbot, page, opened, clerk
):
    ready = case_with_certificate(opened, clerk)
    elsewhere = QWidget()
    layout = QVBoxLayout(elsewhere)
    other = QLineEdit("清徐县清源镇")
    layout.addWidget(other)
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    scanner = ScannerListener()
    scanner.scanned.connect(page.open_number)  # what the main window wires
    scanner.install()
    try:
        other.setFocus()
        with qtbot.waitSignal(page.case_opened, timeout=TIMEOUT_MS) as opened_case:
            qtbot.keyClicks(other, ready.acceptance_no)
            qtbot.keyClick(other, Qt.Key.Key_Return)
        assert opened_case.args == [ready.case_id]
        assert other.text() == "清徐县清源镇"
        assert page.number.text() == ready.acceptance_no
    finally:
        scanner.uninstall()


def test_slow_typing_elsewhere_is_not_a_scan(qtbot, page, opened, clerk):  # type: ignore[no-untyped-def]
    ready = case_with_certificate(opened, clerk)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    clock = iter(range(0, 100_000, 150))
    scanner = ScannerListener(clock=lambda: float(next(clock)))
    scanner.scanned.connect(page.open_number)
    scanner.install()
    try:
        with qtbot.assertNotEmitted(page.case_opened, wait=200):
            qtbot.keyClicks(other, ready.acceptance_no)
            qtbot.keyClick(other, Qt.Key.Key_Return)
        assert other.text() == ready.acceptance_no
    finally:
        scanner.uninstall()


def test_the_collectors_id_card_on_the_reader_fills_the_number(qtbot, runner, opened, clerk, tmp_path):  # type: ignore[no-untyped-def]
    """F8 reads the card on the desk's reader; Enter then records the delivery."""
    from counter.intake.id_card import SimulatedIdCardReader, card_from_number

    ready = case_with_certificate(opened, clerk)
    card = card_from_number("张伟", APPLICANT_ID, "山西省太原市清徐县")
    page = PickupPage(runner, opened, clerk, printer=pdf_printer(tmp_path / "printed.pdf"),
                      card_reader=SimulatedIdCardReader([card]))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    find(qtbot, page, ready.acceptance_no)
    with qtbot.waitSignal(page.read_card.card_read, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.collector.id_number, Qt.Key.Key_F8)
    assert page.collector.id_number.text() == APPLICANT_ID
    with qtbot.waitSignal(page.case_delivered, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.collector.id_number, Qt.Key.Key_Return)
    assert case_state(opened, ready.case_id) == "delivered"
