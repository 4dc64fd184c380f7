"""Code 128 barcodes and QR codes, sized in millimetres.

Each helper returns a reportlab `Drawing`, which is a platypus flowable and can
also be drawn straight onto a canvas (`draw_code128`, `draw_qr`). Quiet zones are
part of the drawing so that neighbouring text or rules never spoil a scan.
"""

from __future__ import annotations

from typing import Literal

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

__all__ = ["CodeDrawing", "QrLevel", "code128_drawing", "draw_code128", "draw_qr", "qr_drawing"]

QrLevel = Literal["L", "M", "Q", "H"]

# Narrowest bar counter laser and thermal printers reproduce reliably (about
# 4 dots at 300 dpi); below this scanners start to misread.
MIN_BAR_WIDTH_MM = 0.25
QUIET_ZONE_MODULES = 10


class CodeDrawing(Drawing):
    """A barcode drawing that starts in the canvas's current font.

    reportlab drawings otherwise select Helvetica before drawing, which puts
    an unembedded, unused Helvetica reference into every document.
    """

    def draw(self, showBoundary: object = rl_config._unset_) -> None:
        self.adopt_font(self.canv)
        super().draw(showBoundary)

    def adopt_font(self, canvas: Canvas) -> None:
        """Start rendering in `canvas`'s current font and size."""
        self.initialFontName = canvas._fontname
        self.initialFontSize = canvas._fontsize


def code128_drawing(
    value: str,
    *,
    height_mm: float = 10.0,
    bar_width_mm: float = 0.3,
    max_width_mm: float | None = None,
) -> CodeDrawing:
    """A Code 128 barcode of `value` (no human-readable line; set that as text).

    The narrow bar is `bar_width_mm` wide; with `max_width_mm` it shrinks to fit
    that width (quiet zones included), but never below `MIN_BAR_WIDTH_MM`.
    """
    if not value:
        raise ValueError("barcode value is empty")
    modules = _code128_modules(value)
    if max_width_mm is not None and modules * bar_width_mm > max_width_mm:
        bar_width_mm = max(max_width_mm / modules, MIN_BAR_WIDTH_MM)
    bar_width = bar_width_mm * mm
    plain = createBarcodeDrawing(
        "Code128",
        value=value,
        barWidth=bar_width,
        barHeight=height_mm * mm,
        humanReadable=False,
        quiet=True,
        lquiet=QUIET_ZONE_MODULES * bar_width,
        rquiet=QUIET_ZONE_MODULES * bar_width,
    )
    drawing = CodeDrawing(plain.width, plain.height)
    for shape in plain.contents:
        drawing.add(shape)
    return drawing


def qr_drawing(value: str, *, size_mm: float = 25.0, level: QrLevel = "M") -> CodeDrawing:
    """A square QR code of `value`, `size_mm` wide including its 4-module margin.

    `level` is the error correction level; M survives smudges and a stamp
    overlapping a corner, H is for codes that will be printed very small.
    """
    if not value:
        raise ValueError("QR value is empty")
    if level not in ("L", "M", "Q", "H"):
        raise ValueError(f"QR error correction level must be L, M, Q or H, not {level!r}")
    size = size_mm * mm
    widget = QrCodeWidget(value, barLevel=level, barBorder=4, barWidth=size, barHeight=size)
    drawing = CodeDrawing(size, size)
    drawing.add(widget)
    return drawing


def draw_code128(
    canvas: Canvas, value: str, x_mm: float, y_mm: float, **options: float
) -> CodeDrawing:
    """Draw a Code 128 barcode with its lower-left corner at (`x_mm`, `y_mm`).

    `options` are those of `code128_drawing`; the drawing is returned so the
    caller can learn its width.
    """
    drawing = code128_drawing(value, **options)
    drawing.adopt_font(canvas)
    renderPDF.draw(drawing, canvas, x_mm * mm, y_mm * mm)
    return drawing


def draw_qr(
    canvas: Canvas,
    value: str,
    x_mm: float,
    y_mm: float,
    *,
    size_mm: float = 25.0,
    level: QrLevel = "M",
) -> CodeDrawing:
    """Draw a QR code with its lower-left corner at (`x_mm`, `y_mm`)."""
    drawing = qr_drawing(value, size_mm=size_mm, level=level)
    drawing.adopt_font(canvas)
    renderPDF.draw(drawing, canvas, x_mm * mm, y_mm * mm)
    return drawing


def _code128_modules(value: str) -> float:
    """Width of `value`'s barcode in narrow-bar units, quiet zones included."""
    probe = createBarcodeDrawing(
        "Code128",
        value=value,
        barWidth=1,
        humanReadable=False,
        quiet=True,
        lquiet=QUIET_ZONE_MODULES,
        rquiet=QUIET_ZONE_MODULES,
    )
    return float(probe.width)
