"""The heading every case document shares: Code 128, office and title, QR.

The acceptance number is printed as Code 128 at the left (with the number
under it) and as a QR code at the right, the office name and the document's
title centred between them.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from printing.barcodes import code128_drawing, qr_drawing
from printing.layout import NO_PADDING, DocStyles, para, table_style

QR_SIZE_MM = 24.0
TITLE_MIN_WIDTH = 62 * mm


def reprint_text(print_no: int) -> str:
    """The mark a reprinted document carries, e.g. 补打（第2次打印）; empty for the first print."""
    return f"补打（第{print_no}次打印）" if print_no > 1 else ""


def code_header(
    acceptance_no: str, office_name: str, title: str, styles: DocStyles, width: float,
    mark: str = "",
) -> list[Flowable]:
    """The heading as flowables, `width` wide; `mark` (a reprint's) in red under the title.

    A barcode too wide for the left slot (a long acceptance number) moves to a
    row of its own under the title rather than squeezing the title.
    """
    caption = styles.small.clone("code_caption", alignment=TA_CENTER, fontSize=8, leading=10)
    qr = qr_drawing(acceptance_no, size_mm=QR_SIZE_MM)
    slot = (width - TITLE_MIN_WIDTH) / 2
    barcode = code128_drawing(
        acceptance_no, height_mm=11, bar_width_mm=0.27, max_width_mm=slot / mm
    )
    barcode_block = _stack([barcode, para(acceptance_no, caption)], barcode.width, styles)
    qr_block = _stack([qr, para("扫码查询办理进度", caption)], qr.width, styles)
    inline = barcode.width <= slot
    # Equal side columns keep the title centred on the page.
    side = max(barcode.width, qr.width) if inline else qr.width
    middle = [para(office_name, styles.office), para(title, styles.title)]
    if mark:
        red = styles.office.clone("reprint_mark", textColor=colors.HexColor("#b71c1c"))
        middle.append(para(mark, red))
    header = Table(
        [[barcode_block if inline else "", middle, qr_block]],
        colWidths=[side, width - 2 * side, side],
    )
    header.setStyle(
        table_style(
            styles,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("VALIGN", (2, 0), (2, 0), "BOTTOM"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                *NO_PADDING,
            ],
        )
    )
    if inline:
        return [header]
    barcode_block.hAlign = "LEFT"
    return [header, Spacer(1, 2 * mm), barcode_block]


def _stack(flowables: list[Flowable], width: float, styles: DocStyles) -> Table:
    """Flowables stacked in a borderless column of `width`, centred on each other."""
    stack = Table([[f] for f in flowables], colWidths=[width])
    stack.setStyle(table_style(styles, [("ALIGN", (0, 0), (-1, -1), "CENTER"), *NO_PADDING]))
    return stack
