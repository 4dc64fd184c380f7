"""Printing through Qt: a PDF-file printer stands in for a real one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter

from printing.daily_report import build_daily_report
from printing.receipt import build_acceptance_receipt
from printing.samples import sample_daily_figures, sample_receipt
from printing.thermal import build_thermal_receipt
from ui.devices import printer as printer_module
from ui.devices.printer import DocumentPrinter, PrintOutcome, paint_pdf


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return build_acceptance_receipt(sample_receipt(pending=True))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "printers.ini"), QSettings.Format.IniFormat)


# A job whose output cannot be opened: Qt says so before the job is refused.
FAILING_JOB = pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict:
    """Replace the modal dialogs: record messages, answer 'save as' with a path in tmp."""
    seen: dict = {"problems": [], "asked": [], "save_to": tmp_path / "saved" / "receipt.pdf"}

    def ask(_parent, suggested):  # type: ignore[no-untyped-def]
        seen["asked"].append(suggested)
        return seen["save_to"]

    monkeypatch.setattr(printer_module, "ask_save_path", ask)
    monkeypatch.setattr(
        printer_module, "show_problem", lambda _p, title, text: seen["problems"].append(text)
    )
    monkeypatch.setattr(printer_module, "choose_printer", lambda _p, _printer: True)
    return seen


def test_a_printed_receipt_has_the_receipts_pages(
    qapp, tmp_path: Path, receipt_pdf: bytes, settings: QSettings, dialogs: dict
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "printed.pdf"
    result = DocumentPrinter(settings=settings).print_pdf(
        "receipt", receipt_pdf, filename="r.pdf", printer=pdf_printer(out)
    )
    assert result.outcome == PrintOutcome.PRINTED
    assert len(PdfReader(out).pages) == len(_reader(receipt_pdf).pages)
    assert dialogs["problems"] == [] and dialogs["asked"] == []


def test_an_80mm_receipt_keeps_its_roll_size(
    qapp, tmp_path: Path, settings: QSettings, dialogs: dict
) -> None:  # type: ignore[no-untyped-def]
    """The printed page follows the PDF's page: an 80 mm roll is not put on A4."""
    pdf = build_thermal_receipt(sample_receipt(pending=True))
    out = tmp_path / "roll.pdf"
    result = DocumentPrinter(settings=settings).print_pdf(
        "thermal-receipt", pdf, filename="r.pdf", printer=pdf_printer(out)
    )
    assert result.outcome == PrintOutcome.PRINTED
    source = _reader(pdf).pages[0].mediabox
    printed = PdfReader(out).pages[0].mediabox
    assert float(printed.width) == pytest.approx(226.8, abs=1.0)
    assert float(printed.height) == pytest.approx(float(source.height), abs=1.0)


def test_pages_and_copies_of_a_long_report(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = build_daily_report(sample_daily_figures(items=60, listed=30))
    pages = len(_reader(pdf).pages)
    assert pages >= 3
    out = tmp_path / "report.pdf"
    assert paint_pdf(pdf, pdf_printer(out), copies=2) == 2 * pages
    printed = PdfReader(out)
    assert len(printed.pages) == 2 * pages
    # painted at true size: A4 in, A4 out
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@FAILING_JOB
def test_a_failing_printer_falls_back_to_save_as(
    qapp, tmp_path: Path, receipt_pdf: bytes, settings: QSettings, dialogs: dict, translations
) -> None:  # type: ignore[no-untyped-def]
    translations.install("zh_CN")  # the clerk reads the message in Chinese
    # The job cannot start: its output goes to a folder that is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = DocumentPrinter(settings=settings).print_pdf(
        "receipt",
        receipt_pdf,
        filename="SL-0042-受理回执.pdf",
        printer=pdf_printer(blocker / "x.pdf"),
    )
    assert result.outcome == PrintOutcome.SAVED
    assert result.path == dialogs["save_to"]
    assert dialogs["save_to"].read_bytes() == receipt_pdf
    assert dialogs["asked"] == ["SL-0042-受理回执.pdf"]
    (message,) = dialogs["problems"]
    assert "打印失败" in message and "案件已保存" in message


@FAILING_JOB
def test_declining_save_as_is_a_failure_not_an_exception(
    qapp, tmp_path: Path, receipt_pdf: bytes, settings: QSettings, dialogs: dict
) -> None:  # type: ignore[no-untyped-def]
    dialogs["save_to"] = None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = DocumentPrinter(settings=settings).print_pdf(
        "receipt", receipt_pdf, filename="r.pdf", printer=pdf_printer(blocker / "x.pdf")
    )
    assert result.outcome == PrintOutcome.FAILED
    assert result.problem.startswith("Printing failed")


def test_no_printer_at_all_offers_save_as(
    qapp, monkeypatch: pytest.MonkeyPatch, receipt_pdf: bytes, settings: QSettings, dialogs: dict
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(printer_module.QPrinterInfo, "availablePrinterNames", list)
    result = DocumentPrinter(settings=settings).print_pdf("receipt", receipt_pdf, filename="r.pdf")
    assert result.outcome == PrintOutcome.SAVED
    assert "This computer has no printer." in dialogs["problems"][0]


def test_the_printer_is_remembered_per_document(settings: QSettings, qapp) -> None:  # type: ignore[no-untyped-def]
    first = DocumentPrinter(settings=settings)
    first.remember("receipt", "Counter-HP")
    first.remember("daily-report", "Office-Laser")
    again = DocumentPrinter(settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.remembered("receipt") == "Counter-HP"
    assert again.remembered("daily-report") == "Office-Laser"
    assert again.remembered("notice") == ""


def test_preview_paints_the_same_pages(
    qapp, tmp_path: Path, receipt_pdf: bytes, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "preview.pdf"
    target = pdf_printer(out)
    dialog = DocumentPrinter(settings=settings).preview_dialog(receipt_pdf, target)
    dialog.paintRequested.emit(target)
    dialog.deleteLater()
    assert len(PdfReader(out).pages) == len(_reader(receipt_pdf).pages)
