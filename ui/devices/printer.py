"""Sending a document's PDF to a printer: the one place the app talks to printers.

Documents are PDF bytes (see printing/). PySide6-Essentials has no QtPdf, so
pages are rasterised with pdfium (pypdfium2) at the printer's resolution
(capped, see `MAX_RENDER_DPI`) and painted on the QPrinter at their true
size: a receipt's barcode and form keep their dimensions, as the PDF asks
(it is marked not to be scaled).

What the clerk gets:

- a print preview (QPrintPreviewDialog) of exactly what will be printed;
- the printer chosen last time for this kind of document, remembered in
  QSettings (``printers/<document type>``), so receipts go to the counter's
  printer and reports to the back office's without asking each time;
- the number of copies the document requires (`DOCUMENT_COPIES`);
- when there is no printer, the printer is offline or the job fails: a clear
  message and the offer to save the PDF instead, so the applicant can still be
  given the document (by e-mail, another desk's printer, a USB stick).

Printing never touches the store: whatever happens here, the case stays as it
was committed. Every failure comes back as a `PrintResult`, never as an
exception into the caller's flow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF, QSettings, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
)
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from printing.output import write_atomically

log = logging.getLogger("ui.printer")
translate = QCoreApplication.translate


def _failed(error: BaseException) -> str:
    return translate("DocumentPrinter", "Printing failed: {error}").format(error=error)


__all__ = [
    "DOCUMENT_COPIES",
    "MAX_RENDER_DPI",
    "DocumentPrinter",
    "PrintError",
    "PrintOutcome",
    "PrintResult",
    "ask_save_path",
    "choose_printer",
    "paint_pdf",
    "render_page",
    "show_problem",
]

MAX_RENDER_DPI = 600
"""Pages are rasterised at the printer's resolution up to this (an A4 page at 600 dpi is
about 140 MB of pixels; at 1200 it would be four times that, for no visible gain)."""

DOCUMENT_COPIES: dict[str, int] = {
    "receipt": 1,  # the applicant's; the hall keeps the case itself
    "notice": 2,  # one for the applicant, one signed back for the file
    "daily-report": 1,
    "certificate": 1,
    "thermal-receipt": 1,
}
"""Copies each kind of document requires; unknown kinds print once."""

SETTINGS_GROUP = "printers"


class PrintOutcome(StrEnum):
    PRINTED = "printed"
    SAVED = "saved"  # printing was not possible; the PDF was saved instead
    CANCELLED = "cancelled"  # the clerk closed the print dialog
    FAILED = "failed"  # not printed and not saved


@dataclass(frozen=True)
class PrintResult:
    outcome: PrintOutcome
    printer: str = ""
    path: Path | None = None
    problem: str = ""  # why it was not printed, as shown to the clerk


class PrintError(Exception):
    """A job that could not be printed; the message is for the clerk."""


# -- dialogs, one function each so tests (and headless runs) can replace them --------------


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system print dialog, preset to `printer`; False when the clerk cancels."""
    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save the PDF instead; None when the clerk declines."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        translate("DocumentPrinter", "Save as PDF"),
        suggested,
        translate("DocumentPrinter", "PDF files (*.pdf)"),
    )
    return Path(path) if path else None


# -- rasterising and painting ------------------------------------------------------------


@contextmanager
def _open_pdf(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(pdf)
    try:
        yield document
    finally:
        document.close()


def render_page(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """Page `index` as an opaque white-backed image at `dpi`."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
        try:
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            )
            return image.copy()  # own the pixels: the bitmap's buffer is freed below
        finally:
            bitmap.close()
    finally:
        page.close()


def paint_pdf(pdf: bytes, printer: QPrinter, copies: int = 1) -> int:
    """Paint every page of `pdf` on `printer`, `copies` times; returns pages painted.

    The printer takes the copies itself when it can (one job, collated by the
    driver); otherwise the pages are painted once per copy. Raises PrintError
    when the job cannot be started or the printer reports an error.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PrintError(
            translate("DocumentPrinter", "the document cannot be read: {error}").format(error=exc)
        ) from exc
    try:
        sizes = [document.get_page_size(i) for i in range(len(document))]
        if not sizes:
            raise PrintError(translate("DocumentPrinter", "the document has no pages"))
        width, height = sizes[0]
        printer.setFullPage(True)  # origin at the paper's corner: the PDF has its own margins
        printer.setPageSize(
            QPageSize(
                QSizeF(width, height),
                QPageSize.Unit.Point,
                "",
                QPageSize.SizeMatchPolicy.FuzzyMatch,
            )
        )
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape
            if width > height
            else QPageLayout.Orientation.Portrait
        )
        printer.setCopyCount(copies)
        passes = 1 if copies == 1 or printer.supportsMultipleCopies() else copies
        if passes > 1:
            printer.setCopyCount(1)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(translate("DocumentPrinter", "the printer could not start the job"))
        painted = 0
        try:
            dpi = min(printer.resolution(), MAX_RENDER_DPI)
            scale = printer.resolution() / 72
            for _ in range(passes):
                for index, (w, h) in enumerate(sizes):
                    if painted and not printer.newPage():
                        raise PrintError(
                            translate("DocumentPrinter", "the printer could not start a new page")
                        )
                    image = render_page(document, index, dpi)
                    painter.drawImage(QRectF(0, 0, w * scale, h * scale), image)
                    painted += 1
        finally:
            painter.end()
        if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            raise PrintError(
                translate(
                    "DocumentPrinter", "the printer reported an error; the job did not finish"
                )
            )
        return painted
    finally:
        document.close()


# -- the clerk-facing flow ---------------------------------------------------------------


class DocumentPrinter:
    """Prints documents for one window, remembering a printer per kind of document."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        self._parent = parent
        self._settings = settings if settings is not None else QSettings()

    # -- the remembered printer

    def remembered(self, doc_type: str) -> str:
        value = self._settings.value(f"{SETTINGS_GROUP}/{doc_type}", "")
        return str(value or "")

    def remember(self, doc_type: str, printer_name: str) -> None:
        self._settings.setValue(f"{SETTINGS_GROUP}/{doc_type}", printer_name)
        self._settings.sync()

    def printer_for(self, doc_type: str) -> QPrinter:
        """A QPrinter on the remembered printer, or the system default if that one is gone."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        name = self.remembered(doc_type)
        if name and name in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(name)
        printer.setDocName(doc_type)
        return printer

    # -- printing

    def print_pdf(
        self,
        doc_type: str,
        pdf: bytes,
        *,
        filename: str,
        copies: int | None = None,
        ask: bool = True,
        printer: QPrinter | None = None,
    ) -> PrintResult:
        """Print `pdf`, or offer to save it as `filename` when printing is not possible.

        With `ask`, the print dialog opens preset to the remembered printer and
        the choice is remembered. `printer` replaces the system's (a PDF-file
        printer in tests, a printer already set up by a preview).
        """
        copies = copies if copies is not None else DOCUMENT_COPIES.get(doc_type, 1)
        if printer is None:
            if not QPrinterInfo.availablePrinterNames():
                return self._fallback(
                    pdf, filename, translate("DocumentPrinter", "This computer has no printer.")
                )
            printer = self.printer_for(doc_type)
            printer.setCopyCount(copies)
            if ask:
                if not choose_printer(self._parent, printer):
                    return PrintResult(PrintOutcome.CANCELLED)
                copies = max(1, printer.copyCount())
            problem = _printer_problem(printer)
            if problem:
                return self._fallback(pdf, filename, problem, printer.printerName())
        name = printer.printerName() or printer.outputFileName()
        try:
            paint_pdf(pdf, printer, copies)
        except PrintError as exc:
            log.warning("printing %s on %r failed: %s", doc_type, name, exc)
            return self._fallback(pdf, filename, _failed(exc), name)
        except Exception as exc:  # a printing fault must not reach the case flow
            log.exception("printing %s on %r failed", doc_type, name)
            return self._fallback(pdf, filename, _failed(exc), name)
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
            self.remember(doc_type, printer.printerName())
        return PrintResult(PrintOutcome.PRINTED, name)

    def preview(self, doc_type: str, pdf: bytes, *, filename: str) -> PrintResult:
        """Show the print preview; printing from it goes through the same checks."""
        if not QPrinterInfo.availablePrinterNames():
            return self._fallback(
                pdf, filename, translate("DocumentPrinter", "This computer has no printer.")
            )
        printer = self.printer_for(doc_type)
        printer.setCopyCount(DOCUMENT_COPIES.get(doc_type, 1))
        dialog = self.preview_dialog(pdf, printer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return PrintResult(PrintOutcome.CANCELLED)
        # The preview's paint already sent the job when the clerk pressed print.
        outcome = self._preview_outcome
        if outcome is not None and outcome.outcome != PrintOutcome.PRINTED:
            return self._fallback(pdf, filename, outcome.problem, outcome.printer)
        if printer.printerName():
            self.remember(doc_type, printer.printerName())
        return outcome or PrintResult(PrintOutcome.PRINTED, printer.printerName())

    def preview_dialog(self, pdf: bytes, printer: QPrinter) -> QPrintPreviewDialog:
        """The preview dialog over `pdf` (not shown); its pages are the printed pages."""
        dialog = QPrintPreviewDialog(printer, self._parent)
        self._preview_outcome: PrintResult | None = None

        def paint(target: QPrinter) -> None:
            try:
                paint_pdf(pdf, target, max(1, target.copyCount()))
            except Exception as exc:  # noqa: BLE001 - reported after the dialog closes
                log.warning("preview or print failed: %s", exc)
                self._preview_outcome = PrintResult(
                    PrintOutcome.FAILED, target.printerName(), problem=_failed(exc)
                )

        dialog.paintRequested.connect(paint)
        return dialog

    def _fallback(
        self, pdf: bytes, filename: str, problem: str, printer_name: str = ""
    ) -> PrintResult:
        show_problem(
            self._parent,
            translate("DocumentPrinter", "Cannot print"),
            translate(
                "DocumentPrinter",
                "{problem}\n\nThe case is saved and not affected. You can save the document "
                "as a PDF to print later or give to the applicant.",
            ).format(problem=problem),
        )
        path = ask_save_path(self._parent, filename)
        if path is None:
            return PrintResult(PrintOutcome.FAILED, printer_name, problem=problem)
        try:
            write_atomically(path, pdf)
        except OSError as exc:
            show_problem(
                self._parent,
                translate("DocumentPrinter", "Cannot save"),
                translate(
                    "DocumentPrinter", "The PDF could not be saved to {path}: {error}"
                ).format(path=path, error=exc),
            )
            return PrintResult(PrintOutcome.FAILED, printer_name, problem=f"{problem}；{exc}")
        return PrintResult(PrintOutcome.SAVED, printer_name, path, problem)


def _printer_problem(printer: QPrinter) -> str:
    """Why `printer` cannot take a job now, or "" when it looks ready."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return ""
    name = printer.printerName()
    if not name:
        return translate("DocumentPrinter", "No printer was chosen.")
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return translate("DocumentPrinter", "Printer {name} cannot be found.").format(name=name)
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return translate(
            "DocumentPrinter",
            "Printer {name} is offline or in error: check its power, paper and cable.",
        ).format(name=name)
    return ""
