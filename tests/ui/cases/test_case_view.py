"""The case view: header, history, documents; reprints with a reason; certificate printing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from counter.cases.lifecycle import CaseState
from counter.certificates.records import print_history
from counter.store.models import AuditEntry, Case
from tests.ui.case_support import case_with_certificate, pdf_printer, signed_in
from tests.ui.flow import TIMEOUT_MS
from ui.cases.case_view import CaseViewDialog
from ui.cases.timeline_model import TimelineModel
from ui.common.reason_dialog import ReasonDialog
from ui.devices import printer as printer_module


@pytest.fixture
def clerk(opened):  # type: ignore[no-untyped-def]
    return signed_in(opened, "clerk")


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    problems: list[str] = []
    monkeypatch.setattr(printer_module, "show_problem", lambda _p, _t, text: problems.append(text))
    monkeypatch.setattr(printer_module, "ask_save_path", lambda _p, _s: None)
    return problems


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The PDFs the Qt printer really painted (its own output is page images, not text)."""
    seen: list[bytes] = []
    real = printer_module.paint_pdf

    def spy(pdf, printer, copies=1):  # type: ignore[no-untyped-def]
        seen.append(pdf)
        return real(pdf, printer, copies)

    monkeypatch.setattr(printer_module, "paint_pdf", spy)
    return seen


def text_of(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")


def answer_reason(monkeypatch: pytest.MonkeyPatch, reason: str | None) -> list[str]:
    asked: list[str] = []

    def ask(_parent, title, _prompt):  # type: ignore[no-untyped-def]
        asked.append(title)
        return reason

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: ask(*a)))
    return asked


def open_view(qtbot, runner, opened, actor, case_id, **kwargs) -> CaseViewDialog:  # type: ignore[no-untyped-def]
    view = CaseViewDialog(runner, opened, actor, case_id, **kwargs)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.show()
    return view


def audit_actions(opened) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    with opened.desk.store.read() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    return [(r.action, json.loads(r.detail)) for r in rows]


def test_timeline_model_passes_the_model_tester(qtmodeltester, opened, clerk):  # type: ignore[no-untyped-def]
    from counter.cases.timeline import case_timeline

    ready = case_with_certificate(opened, clerk)
    with opened.desk.store.read() as session:
        entries = case_timeline(session, ready.case_id)
    model = TimelineModel(opened.desk.zone)
    model.set_entries(entries)
    qtmodeltester.check(model)
    assert model.rowCount() == len(entries) >= 6
    # Times in the office's zone: the intake was 09:30 in Beijing.
    assert model.data(model.index(0, 0)) == "2026-03-02 09:30"
    assert model.data(model.index(1, 1)) == "Exchange platform"


def test_header_history_and_documents(qtbot, runner, opened, clerk):  # type: ignore[no-untyped-def]
    ready = case_with_certificate(opened, clerk, with_agent=True)
    view = open_view(qtbot, runner, opened, clerk, ready.case_id)
    values = {k: v.text() for k, v in view._values.items()}
    assert values["number"] == ready.acceptance_no
    assert values["state"] == "Result ready"
    assert values["applicant"].startswith("张伟") and values["applicant"].endswith("0026")
    assert "*" in values["applicant"] and "李娜" in values["agent"]
    assert view.timeline_model.rowCount() == 6
    refs = [view.documents.item(r, 1).text() for r in range(view.documents.rowCount())]
    assert refs == [ready.receipt.name, ready.serial]
    assert view.deliver_button.isVisible()
    assert not view.void_button.isVisible()  # a decided case cannot be voided


def test_reprint_asks_a_reason_refuses_an_empty_one_and_records_a_given_one(  # type: ignore[no-untyped-def]
    qtbot, runner, opened, clerk, monkeypatch, tmp_path, no_dialogs, painted
):
    ready = case_with_certificate(opened, clerk)
    out = tmp_path / "reprint.pdf"
    view = open_view(qtbot, runner, opened, clerk, ready.case_id, printer=pdf_printer(out))
    view.select_document(ready.receipt.name)
    before = audit_actions(opened)

    asked = answer_reason(monkeypatch, "")
    view.reprint_button.click()
    qtbot.waitUntil(lambda: view.message.text() != "", timeout=TIMEOUT_MS)
    assert asked == ["Reprint Acceptance receipt"]
    assert view.message.text() == "Reason: a reprint needs a reason"
    assert audit_actions(opened) == before and not out.exists()

    answer_reason(monkeypatch, None)  # cancelled: nothing happens
    view.reprint_button.click()
    assert audit_actions(opened) == before

    answer_reason(monkeypatch, "申请人遗失回执")
    with qtbot.waitSignal(view.case_changed, timeout=TIMEOUT_MS):
        view.reprint_button.click()
    action, detail = audit_actions(opened)[-1]
    assert action == "document.reprint"
    assert detail == {"doc_type": "receipt", "reprint_no": 1, "reason": "申请人遗失回执"}
    assert len(PdfReader(out).pages) == len(PdfReader(ready.receipt).pages)
    # The paper says it is a reprint; the saved original does not.
    assert "补打（第2次打印）" in text_of(painted[-1])
    assert ready.acceptance_no in text_of(painted[-1])
    assert "补打" not in text_of(ready.receipt.read_bytes())
    assert "no. 1" in view.message.text()
    qtbot.waitUntil(lambda: view.documents.item(0, 2).text() == "reprinted 1×", timeout=TIMEOUT_MS)
    assert "申请人遗失回执" in view.timeline_model.data(
        view.timeline_model.index(view.timeline_model.rowCount() - 1, 2))


def test_certificate_print_then_reprint_through_a_pdf_printer(  # type: ignore[no-untyped-def]
    qtbot, runner, opened, clerk, monkeypatch, tmp_path, no_dialogs, painted
):
    ready = case_with_certificate(opened, clerk)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    view = open_view(qtbot, runner, opened, clerk, ready.case_id, printer=pdf_printer(first))
    view.select_document(ready.serial)
    assert view.print_button.isEnabled() and not view.reprint_button.isEnabled()
    asked = answer_reason(monkeypatch, "should not be asked")
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.print_button.click()
    assert asked == [] and len(PdfReader(first).pages) == 1
    assert ready.serial in text_of(painted[0]) and "补打" not in text_of(painted[0])

    view.select_document(ready.serial)
    assert not view.print_button.isEnabled() and view.reprint_button.isEnabled()
    view.printing.printer = pdf_printer(second)
    asked = answer_reason(monkeypatch, "打印机卡纸")
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.reprint_button.click()
    assert asked == ["Reprint certificate"]
    assert len(PdfReader(second).pages) == 1
    assert "补打已登记" in text_of(painted[1]) and "第2次打印" in text_of(painted[1])
    with opened.desk.store.read() as session:
        history = print_history(session, ready.serial)
    assert [(p.print_no, p.reason) for p in history] == [(1, ""), (2, "打印机卡纸")]
    assert no_dialogs == []


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_a_failed_print_keeps_the_record_and_tells_the_clerk(  # type: ignore[no-untyped-def]
    qtbot, runner, opened, clerk, tmp_path, no_dialogs
):
    ready = case_with_certificate(opened, clerk)
    broken = pdf_printer(tmp_path / "no-such-folder" / "x" / "out.pdf")
    view = open_view(qtbot, runner, opened, clerk, ready.case_id, printer=broken)
    view.select_document(ready.serial)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.print_button.click()
    with opened.desk.store.read() as session:
        assert len(print_history(session, ready.serial)) == 1
    assert "recorded as no. 1" in view.message.text()
    assert no_dialogs  # the printer module explained why


def test_a_supervisor_voids_an_undecided_case_with_a_reason(  # type: ignore[no-untyped-def]
    qtbot, runner, opened, clerk, monkeypatch
):
    from tests.delivery_support import ready_case

    case_id = ready_case(opened.desk, clerk, CaseState.IN_REVIEW)
    clerk_view = open_view(qtbot, runner, opened, clerk, case_id)
    assert not clerk_view.void_button.isVisible()
    view = open_view(qtbot, runner, opened, signed_in(opened, "supervisor"), case_id)
    # in review cannot be voided by the table; a submitted one can
    assert not view.void_button.isVisible()
    with opened.desk.store.write() as session:
        case = session.get(Case, case_id)
        case.state = "submitted"  # type: ignore[union-attr]
        session.add(case)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.reload()
    assert view.void_button.isVisible()
    answer_reason(monkeypatch, "申请人撤回")
    with qtbot.waitSignal(view.case_changed, timeout=TIMEOUT_MS):
        view.void_button.click()
    qtbot.waitUntil(lambda: view._values["state"].text() == "Voided", timeout=TIMEOUT_MS)
    assert not view.void_button.isVisible() and not view.deliver_button.isVisible()


def test_deliver_from_the_case_view(qtbot, runner, opened, clerk):  # type: ignore[no-untyped-def]
    from tests.delivery_support import APPLICANT_ID

    ready = case_with_certificate(opened, clerk)
    view = open_view(qtbot, runner, opened, clerk, ready.case_id)
    view.deliver_button.click()
    dialog = view.deliver_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.collector.id_number, "110105194912310021")
    qtbot.keyClick(dialog.collector.id_number, "\r")
    qtbot.waitUntil(lambda: "Collector ID number" in dialog.message.text(), timeout=TIMEOUT_MS)
    dialog.collector.id_number.clear()
    qtbot.keyClicks(dialog.collector.id_number, APPLICANT_ID)
    with qtbot.waitSignal(view.case_changed, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.collector.id_number, "\r")
    qtbot.waitUntil(lambda: view._values["state"].text() == "Delivered", timeout=TIMEOUT_MS)
    assert not view.deliver_button.isVisible()


def test_document_paths_follow_intakes_naming(opened, clerk) -> None:  # type: ignore[no-untyped-def]
    ready = case_with_certificate(opened, clerk)
    assert ready.receipt == Path(opened.directory) / "documents" / (
        f"{ready.acceptance_no}-受理回执.pdf")
