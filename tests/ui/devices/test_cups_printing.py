"""Printing to a real CUPS queue: the job reaches the queue and comes out as the document.

Runs only where ``COUNTER_TEST_CUPS_PRINTER`` names a cups-pdf queue (CI sets
one up, see .ci/run). cups-pdf writes each finished job as a PDF in
``COUNTER_TEST_CUPS_OUTPUT`` (default: ``~/PDF`` of the user running the tests,
Debian's setting). The pages the app sends are rasterised (see ui/devices/printer.py),
so the acceptance number is read back from the printed page's Code 128
barcode, as a scanner at the hall would, not from PDF text.

Also checked: what the clerk sees when the queue is stopped (``cupsdisable``):
Qt reports the printer in error, the app says it is offline before sending any
job, and offers to save the PDF instead; nothing is left queued.
"""

from __future__ import annotations

import io
import os
import pwd
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from printing.receipt import build_acceptance_receipt
from printing.samples import sample_receipt
from printing.thermal import build_thermal_receipt
from ui.devices import printer as printer_module
from ui.devices.printer import DocumentPrinter, PrintOutcome

PRINTER = os.environ.get("COUNTER_TEST_CUPS_PRINTER", "")
pytestmark = pytest.mark.skipif(
    not PRINTER, reason="COUNTER_TEST_CUPS_PRINTER names no CUPS queue (set by CI)"
)

JOB_TIMEOUT_S = 60.0


def _output_dir() -> Path:
    configured = os.environ.get("COUNTER_TEST_CUPS_OUTPUT")
    if configured:
        return Path(configured)
    return Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"


def _lpstat(*args: str) -> str:
    return subprocess.run(
        ["lpstat", *args], capture_output=True, text=True, timeout=10, check=False
    ).stdout


def _pending_jobs() -> str:
    return _lpstat("-W", "not-completed", "-o", PRINTER).strip()


def _wait_for_output(doc_name: str) -> Path:
    """The PDF cups-pdf wrote for the job titled `doc_name`, once the queue is empty."""
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        found = sorted(_output_dir().glob(f"{doc_name}*.pdf"))
        if found and not _pending_jobs():
            # cups-pdf renames the file into place when it is complete.
            return found[0]
        time.sleep(0.2)
    raise AssertionError(
        f"no output for {doc_name} in {_output_dir()} after {JOB_TIMEOUT_S:.0f} s; "
        f"pending: {_pending_jobs()!r}"
    )


def _codes(page_pdf: Path) -> list[str]:
    """The Code 128 barcodes on the first page of `page_pdf`, rendered at 200 dpi."""
    document = pdfium.PdfDocument(str(page_pdf))
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    return [r.text for r in found if r.valid]


def _page_sizes(data: bytes | Path) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


@pytest.fixture
def clerk_picks_the_queue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict:
    """The print dialog answered as a clerk would: the CUPS queue chosen, then OK."""
    seen: dict = {"problems": [], "asked": [], "save_to": None}

    def choose(_parent, printer: QPrinter) -> bool:  # type: ignore[no-untyped-def]
        printer.setPrinterName(PRINTER)
        printer.setDocName(seen["doc_name"])
        return True

    def ask(_parent, suggested):  # type: ignore[no-untyped-def]
        seen["asked"].append(suggested)
        return seen["save_to"]

    seen["doc_name"] = f"counter-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setattr(printer_module, "choose_printer", choose)
    monkeypatch.setattr(printer_module, "ask_save_path", ask)
    monkeypatch.setattr(
        printer_module, "show_problem", lambda _p, _title, text: seen["problems"].append(text)
    )
    return seen


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "printers.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def stopped_queue() -> Iterator[None]:
    """The queue stopped, as CUPS does when a printer runs out of paper; started again after."""
    subprocess.run(["cupsdisable", "-r", "paper out", PRINTER], check=True, timeout=10)
    try:
        yield
    finally:
        subprocess.run(["cupsenable", PRINTER], check=True, timeout=10)


def test_qt_sees_the_queue(qapp) -> None:  # type: ignore[no-untyped-def]
    assert PRINTER in QPrinterInfo.availablePrinterNames()


def test_a_receipt_comes_out_of_the_queue_with_its_number(
    qapp, settings: QSettings, clerk_picks_the_queue: dict
) -> None:  # type: ignore[no-untyped-def]
    data = sample_receipt(pending=True)
    pdf = build_acceptance_receipt(data)

    result = DocumentPrinter(settings=settings).print_pdf("receipt", pdf, filename="r.pdf")

    assert result.outcome == PrintOutcome.PRINTED, result.problem
    assert result.printer == PRINTER
    assert clerk_picks_the_queue["problems"] == []
    printed = _wait_for_output(clerk_picks_the_queue["doc_name"])
    assert len(_page_sizes(printed)) == len(_page_sizes(pdf))
    width, height = _page_sizes(printed)[0]
    assert width == pytest.approx(595.3, abs=1.5) and height == pytest.approx(841.9, abs=1.5)
    assert data.acceptance_no in _codes(printed)
    # The next receipt goes to the same queue without asking which.
    assert DocumentPrinter(settings=settings).remembered("receipt") == PRINTER
    printed.unlink()


def test_an_80mm_receipt_is_not_scaled_to_a4(
    qapp, settings: QSettings, clerk_picks_the_queue: dict
) -> None:  # type: ignore[no-untyped-def]
    data = sample_receipt()
    pdf = build_thermal_receipt(data)

    result = DocumentPrinter(settings=settings).print_pdf(
        "thermal-receipt", pdf, filename="r80.pdf"
    )

    assert result.outcome == PrintOutcome.PRINTED, result.problem
    printed = _wait_for_output(clerk_picks_the_queue["doc_name"])
    (width, height), (_, source_height) = _page_sizes(printed)[0], _page_sizes(pdf)[0]
    assert width == pytest.approx(226.8, abs=1.5)
    assert height == pytest.approx(source_height, abs=1.5)
    assert data.acceptance_no in _codes(printed)
    printed.unlink()


def test_a_stopped_queue_is_reported_and_the_pdf_offered(
    qapp, settings: QSettings, clerk_picks_the_queue: dict, stopped_queue: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pdf = build_acceptance_receipt(sample_receipt())
    clerk_picks_the_queue["save_to"] = tmp_path / "saved" / "receipt.pdf"

    result = DocumentPrinter(settings=settings).print_pdf("receipt", pdf, filename="r.pdf")

    assert result.outcome == PrintOutcome.SAVED
    assert result.printer == PRINTER
    assert f"Printer {PRINTER} is offline or in error" in result.problem
    (message,) = clerk_picks_the_queue["problems"]
    assert "The case is saved and not affected" in message
    assert clerk_picks_the_queue["save_to"].read_bytes() == pdf
    # Refused before sending: no job waits in the stopped queue to come out later.
    assert _pending_jobs() == ""
