"""Printing a case's certificate or reprinting its receipt or notice, recorded before the paper.

Shared by the case view and the pickup page. Every print of a certificate
and every reprint of a receipt or notice is recorded in the store first
(counter.certificates.records.record_print, counter.cases.reprints) on the store
worker, and only then sent to the printer on the GUI thread.

Why record first: the printed certificate carries its print number (补打,
第 N 次打印), which only the record gives; and a copy in someone's hand that
the counter did not count is the failure that matters (a second original in
circulation). A recorded print whose paper did not come out is visible in the
case's history, and the clerk is told so and reprints with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from counter.bootstrap import OpenedDesk
from counter.cases.queries import case_detail
from counter.cases.reprints import DOCUMENT_NAMES, record_document_reprint
from counter.certificates.records import CertificateInfo, PrintRecord
from counter.errors import ValidationError
from counter.users import Actor
from ui.cases.case_data import DocumentFile, print_certificate_pdf
from ui.common.core_messages import core_text
from ui.common.reason_dialog import ReasonDialog
from ui.shell.i18n import error_text, tr_domain
from ui.shell.tasks import TaskRunner

Report = Callable[[str, bool], None]  # message, is_error


translate = QCoreApplication.translate


def refusal_text(error: BaseException) -> str:
    """A core refusal, or any failure, in the clerk's language."""
    if isinstance(error, ValidationError):
        return error_text(error)
    return core_text(error)


class CasePrinting:
    """Prints for one window; `report` tells the clerk, `changed` asks for a re-read of the case."""

    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        opened: OpenedDesk,
        actor: Actor,
        report: Report,
        changed: Callable[[], None],
        printer: QPrinter | None = None,
    ) -> None:
        self._parent = parent
        self._runner = runner
        self._opened = opened
        self._actor = actor
        self._report = report
        self._changed = changed
        self.printer = printer  # a fixed printer (a PDF file in tests); None asks the system

    def print_certificate(self, info: CertificateInfo) -> None:
        """First print without a reason; a reprint asks why first."""
        reason: str | None = None
        if info.prints > 0:
            reason = ReasonDialog.ask(
                self._parent,
                translate("CasePrinting", "Reprint certificate"),
                translate(
                    "CasePrinting",
                    "This certificate was printed {count} time(s). Why is it printed again?",
                ).format(count=info.prints),
            )
            if reason is None:
                return
        opened, actor, serial = self._opened, self._actor, info.serial
        self._runner.run_store(
            lambda: print_certificate_pdf(opened, actor, serial, reason),
            self._certificate_ready,
            self._refused,
            owner=self._parent,
        )

    def _certificate_ready(self, answer: tuple[PrintRecord, bytes]) -> None:
        record, pdf = answer
        self._changed()
        filename = f"{record.acceptance_no}-{record.serial}-{record.print_no}.pdf"
        self._send("certificate", pdf, filename, record.print_no)

    def reprint_document(self, document: DocumentFile) -> None:
        """Ask the reason, record the reprint, then print the saved receipt or notice."""
        name = tr_domain("domain", DOCUMENT_NAMES.get(document.doc_type, document.doc_type))
        reason = ReasonDialog.ask(
            self._parent,
            translate("CasePrinting", "Reprint {document}").format(document=name),
            translate("CasePrinting", "Why is the {document} printed again?").format(document=name),
        )
        if reason is None:
            return
        opened, actor = self._opened, self._actor
        case_id = document.case_id
        path = document.path

        def work() -> tuple[int, bytes]:
            number = record_document_reprint(opened.desk, actor, case_id, document.doc_type, reason)
            return number, reprinted(opened, case_id, document.doc_type, path, number + 1)

        def done(answer: tuple[int, bytes]) -> None:
            number, pdf = answer
            self._changed()
            kind = "receipt" if document.doc_type.endswith("receipt") else "notice"
            self._send(kind, pdf, path.name, number)

        self._runner.run_store(work, done, self._refused, owner=self._parent)

    def _send(self, doc_type: str, pdf: bytes, filename: str, number: int) -> None:
        from ui.devices.printer import (  # QtPrintSupport loads on first print
            DocumentPrinter,
            PrintOutcome,
        )

        result = DocumentPrinter(self._parent).print_pdf(
            doc_type, pdf, filename=filename, printer=self.printer
        )
        if result.outcome is PrintOutcome.PRINTED:
            self._report(
                translate("CasePrinting", "Printed (print no. {number}).").format(number=number),
                False,
            )
        elif result.outcome is PrintOutcome.SAVED:
            self._report(
                translate(
                    "CasePrinting",
                    "Not printed; saved as {path}. The print is recorded as no. {number}.",
                ).format(path=result.path, number=number),
                True,
            )
        else:
            self._report(
                translate(
                    "CasePrinting",
                    "The print is recorded as no. {number}, but nothing came out: {problem} "
                    "Print it again with the reason 'printer failure'.",
                ).format(
                    number=number, problem=result.problem or translate("CasePrinting", "cancelled")
                ),
                True,
            )

    def _refused(self, error: BaseException) -> None:
        self._report(refusal_text(error), True)


def reprinted(opened: OpenedDesk, case_id: str, doc_type: str, saved: Path,
              print_no: int) -> bytes:
    """The document made again from the case, marked 补打 with its print number.

    Made afresh rather than copied, so the paper says it is a reprint; a kind
    of document the builders cannot remake is printed as saved.
    """
    from printing.case_documents import DOCUMENT_FILES, receipt_kind, render_document

    if doc_type not in DOCUMENT_FILES or doc_type == "extension":
        return saved.read_bytes()
    # The receipt is on the desk's paper (A4 or the 80 mm roll), as it was first printed.
    kind = receipt_kind(opened.settings) if doc_type == "receipt" else doc_type
    with opened.desk.store.read() as session:
        detail = case_detail(session, case_id)
    return render_document(kind, detail, opened.settings, print_no=print_no)  # type: ignore[arg-type]
