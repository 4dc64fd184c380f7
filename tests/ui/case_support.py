"""Cases for the case view and pickup tests: decided, with a receipt on disk and a certificate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from counter.bootstrap import OpenedDesk
from counter.cases.lifecycle import CaseState
from counter.cases.queries import case_detail
from counter.store.models import Case
from counter.users import Actor, sign_in
from printing.case_documents import save_receipt
from tests.delivery_support import add_certificate, ready_case
from ui.cases.case_data import DOCUMENTS_DIR


@dataclass(frozen=True)
class ReadyCase:
    case_id: str
    acceptance_no: str
    serial: str
    receipt: Path


def signed_in(opened: OpenedDesk, username: str = "clerk") -> Actor:
    return sign_in(opened.desk.store, username, "demo1234")


def case_with_certificate(
    opened: OpenedDesk,
    clerk: Actor,
    state: CaseState = CaseState.RESULT_READY,
    *,
    with_agent: bool = False,
) -> ReadyCase:
    desk = opened.desk
    case_id = ready_case(desk, clerk, state, with_agent=with_agent)
    serial = add_certificate(desk, case_id)
    with desk.store.read() as session:
        detail = case_detail(session, case_id)
        number = session.get(Case, case_id).acceptance_no  # type: ignore[union-attr]
    receipt = save_receipt(detail, opened.settings, opened.directory / DOCUMENTS_DIR)
    return ReadyCase(case_id, number, serial, receipt)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
