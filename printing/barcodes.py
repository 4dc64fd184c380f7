"""Code 128 barcodes and QR codes, sized in millimetres.

Each helper returns a `CodeDrawing`: a platypus flowable that paints the code's
dark rectangles straight onto the canvas (`draw_code128` and `draw_qr` place one
at a point). Going through reportlab's graphics shapes instead cost about 20 ms
per receipt, one checked shape per QR module; a QR row's dark run is one
rectangle here. Quiet
zones are part of the drawing so that neighbouring text or rules never spoil
a scan.
"""

from __future__ import annotations

from string import ascii_lowercase, ascii_uppercase
from typing import Literal

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

__all__ = ["CodeDrawing", "QrLevel", "code128_drawing", "draw_code128", "draw_qr", "qr_drawing"]

QrLevel = Literal["L", "M", "Q", "H"]

_QR_LEVELS = {
    "L": ERROR_CORRECT_L,
    "M": ERROR_CORRECT_M,
    "Q": ERROR_CORRECT_Q,
    "H": ERROR_CORRECT_H,
}

# Narrowest bar counter laser and thermal printers reproduce reliably (about
# 4 dots at 300 dpi); below this scanners start to misread.
MIN_BAR_WIDTH_MM = 0.25
QUIET_ZONE_MODULES = 10
QR_BORDER_MODULES = 4

Rect = tuple[float, float, float, float]  # x, y, width, height in points


class CodeDrawing(Flowable):
    """A barcode or QR code: dark rectangles inside a `width` x `height` box (points)."""

    def __init__(self, width: float, height: float, rects: list[Rect]) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.rects = rects

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        # One filled rectangle each, not one path of them all: PDF renderers
        # anti-alias a many-rectangle path so that thin bars blur together.
        for x, y, w, h in self.rects:
            canvas.rect(x, y, w, h, stroke=0, fill=1)
        canvas.restoreState()


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
    pattern = _code128_pattern(value)
    modules = sum(units for units, _dark in pattern) + 2 * QUIET_ZONE_MODULES
    if max_width_mm is not None and modules * bar_width_mm > max_width_mm:
        bar_width_mm = max(max_width_mm / modules, MIN_BAR_WIDTH_MM)
    bar = bar_width_mm * mm
    height = height_mm * mm
    rects: list[Rect] = []
    left = QUIET_ZONE_MODULES * bar
    for units, dark in pattern:
        if dark:
            rects.append((left, 0.0, units * bar, height))
        left += units * bar
    return CodeDrawing(modules * bar, height, rects)


def _code128_pattern(value: str) -> list[tuple[int, bool]]:
    """The bars and spaces of `value` as (width in modules, is a bar), left to right."""
    symbol = Code128(value, humanReadable=False, quiet=False)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    # reportlab spells bars as upper-case and spaces as lower-case letters, a=1 module.
    pattern = []
    for c in symbol.decomposed:
        if c in ascii_uppercase:
            pattern.append((ord(c) - ord("A") + 1, True))
        elif c in ascii_lowercase:
            pattern.append((ord(c) - ord("a") + 1, False))
    return pattern


def qr_drawing(value: str, *, size_mm: float = 25.0, level: QrLevel = "M") -> CodeDrawing:
    """A square QR code of `value`, `size_mm` wide including its 4-module margin.

    `level` is the error correction level; M survives smudges and a stamp
    overlapping a corner, Q is for signed payloads, H for codes printed very small.
    """
    if not value:
        raise ValueError("QR value is empty")
    if level not in _QR_LEVELS:
        raise ValueError(f"QR error correction level must be L, M, Q or H, not {level!r}")
    code = qrcode.QRCode(error_correction=_QR_LEVELS[level], border=0)
    code.add_data(value.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    count = len(matrix)
    size = size_mm * mm
    module = size / (count + 2 * QR_BORDER_MODULES)
    rects: list[Rect] = []
    for row, cells in enumerate(matrix):
        y = size - (QR_BORDER_MODULES + row + 1) * module
        col = 0
        # One rectangle per horizontal run of dark modules keeps the path short.
        while col < count:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < count and cells[col]:
                col += 1
            x = (QR_BORDER_MODULES + start) * module
            rects.append((x, y, (col - start) * module, module))
    return CodeDrawing(size, size, rects)


def draw_code128(
    canvas: Canvas, value: str, x_mm: float, y_mm: float, **options: float
) -> CodeDrawing:
    """Draw a Code 128 barcode with its lower-left corner at (`x_mm`, `y_mm`).

    `options` are those of `code128_drawing`; the drawing is returned so the
    caller can learn its width.
    """
    drawing = code128_drawing(value, **options)
    drawing.drawOn(canvas, x_mm * mm, y_mm * mm)
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
    drawing.drawOn(canvas, x_mm * mm, y_mm * mm)
    return drawing
