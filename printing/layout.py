"""Page furniture and building blocks shared by every printed document.

Receipts, notices, certificates and reports all use the same styles, the same
label/value form grid, the same list table and the same page footer
("第 N 页 共 M 页"), so the hall's paperwork looks like one family.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from printing.fonts import CjkFont, resolve_cjk_font

__all__ = [
    "GRID_COLOR",
    "LABEL_BACKGROUND",
    "NO_PADDING",
    "DocStyles",
    "PageSetup",
    "build_pdf",
    "cn_date",
    "cn_datetime",
    "data_table",
    "field_grid",
    "heading",
    "make_styles",
    "para",
    "table_style",
]

GRID_COLOR = colors.black
# Light enough to photocopy and fax as white, dark enough to mark label cells.
LABEL_BACKGROUND = colors.HexColor("#EFEFEF")
FOOTER_COLOR = colors.HexColor("#444444")

NO_PADDING: list[tuple[Any, ...]] = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]
"""Table commands for borderless layout tables that only position flowables."""


@dataclass(frozen=True)
class DocStyles:
    """Paragraph styles of one document family, all set in the CJK font."""

    font: CjkFont
    title: ParagraphStyle
    office: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_strong: ParagraphStyle


def make_styles(font: CjkFont, base_size: float = 10.5) -> DocStyles:
    """Styles sized from `base_size` (10.5 pt, 五号, the usual form body size)."""

    def style(name: str, size: float, *, bold: bool = False, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font.bold if bold else font.regular,
            fontSize=size,
            leading=round(size * 1.45, 1),
            # CJK wrapping breaks between any two ideographs; the default
            # breaks only at spaces and would run Chinese off the table.
            wordWrap="CJK",
            **extra,
        )

    return DocStyles(
        font=font,
        title=style("title", 22, bold=True, alignment=TA_CENTER, spaceAfter=2 * mm),
        office=style("office", 14, alignment=TA_CENTER, spaceAfter=1 * mm),
        heading=style(
            "heading", base_size + 1.5, bold=True, spaceBefore=4 * mm, spaceAfter=1.5 * mm
        ),
        body=style("body", base_size, alignment=TA_LEFT),
        small=style("small", base_size - 1.5),
        label=style("label", base_size, bold=True, alignment=TA_CENTER),
        cell=style("cell", base_size),
        cell_center=style("cell_center", base_size, alignment=TA_CENTER),
        cell_strong=style("cell_strong", base_size, bold=True, alignment=TA_CENTER),
    )


def para(text: str, style: ParagraphStyle, *, markup: bool = False) -> Paragraph:
    """A paragraph of `text`; plain text is escaped unless `markup` is True.

    Data such as "A&B有限公司" or "<无>" would otherwise be read as markup.
    """
    return Paragraph(text if markup else escape(text), style)


def heading(
    text: str, styles: DocStyles, *, min_space: float = 30 * mm, markup: bool = False
) -> list[Flowable]:
    """A section heading that starts a new page when less than `min_space` is left.

    This keeps a heading from ending a page without its content. (keepWithNext
    would glue the heading to the whole following table, and a table longer
    than a page then gets pushed off the current page entirely.)
    """
    return [CondPageBreak(min_space), para(text, styles.heading, markup=markup)]


def cn_date(value: date) -> str:
    """A date the way Chinese forms print it: 2025年6月12日."""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime) -> str:
    """A date and minute, e.g. 2025年6月12日 09:05, in the value's own zone."""
    return f"{cn_date(value)} {value:%H:%M}"


def table_style(styles: DocStyles, commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells default to the document font.

    Tables otherwise select Helvetica for their cells even when every cell is a
    Paragraph, leaving an unembedded font reference in the PDF.
    """
    return TableStyle(
        [("FONT", (0, 0), (-1, -1), styles.font.regular, styles.body.fontSize), *commands]
    )


Field = tuple[str, str]


def field_grid(
    rows: Sequence[Sequence[Field]], styles: DocStyles, width: float, label_width: float
) -> Table:
    """A ruled label/value grid, two fields per row or one spanning the row.

    Each row holds one or two (label, value) pairs; label cells are shaded.
    Values wrap inside their cells, so long service names stay on the page.
    """
    value_width = width / 2 - label_width
    data: list[list[Any]] = []
    cell_styles: list[tuple[Any, ...]] = []
    for r, row in enumerate(rows):
        cell_styles.append(("BACKGROUND", (0, r), (0, r), LABEL_BACKGROUND))
        if len(row) == 1:
            (label, value) = row[0]
            data.append([para(label, styles.label), para(value, styles.cell), "", ""])
            cell_styles.append(("SPAN", (1, r), (3, r)))
        elif len(row) == 2:
            cells: list[Any] = []
            for label, value in row:
                cells += [para(label, styles.label), para(value, styles.cell)]
            data.append(cells)
            cell_styles.append(("BACKGROUND", (2, r), (2, r), LABEL_BACKGROUND))
        else:
            raise ValueError("a form row holds one or two fields")
    table = Table(
        data,
        colWidths=[label_width, value_width, label_width, value_width],
        hAlign="CENTER",
    )
    table.setStyle(
        table_style(
            styles,
            [
                ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
                ("BOX", (0, 0), (-1, -1), 1.2, GRID_COLOR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                *cell_styles,
            ],
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    styles: DocStyles,
    col_widths: Sequence[float],
) -> Table:
    """A ruled list table whose shaded header row repeats on every page.

    Plain strings are set centred; pass a Paragraph for cells that should wrap
    left-aligned (names) or need emphasis.
    """
    data: list[list[Any]] = [[para(h, styles.cell_strong) for h in header]]
    for row in rows:
        data.append([para(c, styles.cell_center) if isinstance(c, str) else c for c in row])
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="CENTER")
    table.setStyle(
        table_style(
            styles,
            [
                ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
                ("BOX", (0, 0), (-1, -1), 1.2, GRID_COLOR),
                ("LINEBELOW", (0, 0), (-1, 0), 1.0, GRID_COLOR),
                ("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ],
        )
    )
    return table


@dataclass(frozen=True)
class PageSetup:
    """Paper and margins; A4 portrait with form-like margins by default."""

    size: tuple[float, float] = A4
    left: float = 20 * mm
    right: float = 20 * mm
    top: float = 15 * mm
    bottom: float = 16 * mm

    @property
    def frame_width(self) -> float:
        """Width available to the story."""
        return self.size[0] - self.left - self.right


@dataclass(frozen=True)
class _Furniture:
    """What is drawn around the story: running header and page-number footer."""

    font: CjkFont
    page: PageSetup
    running_title: str | None
    page_numbers: bool

    def draw_running_header(self, canvas: Canvas) -> None:
        # Continuation pages repeat the document and case reference, so a
        # loose second sheet can be matched to its first.
        if not self.running_title:
            return
        width, height = self.page.size
        y = height - self.page.top + 4 * mm
        text = _fit(self.running_title, self.font.regular, 9, self.page.frame_width)
        canvas.saveState()
        canvas.setFont(self.font.regular, 9)
        canvas.setFillColor(FOOTER_COLOR)
        canvas.drawString(self.page.left, y + 1.2 * mm, text)
        canvas.setStrokeColor(FOOTER_COLOR)
        canvas.setLineWidth(0.5)
        canvas.line(self.page.left, y, width - self.page.right, y)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, number: int, total: int) -> None:
        if not self.page_numbers:
            return
        width = self.page.size[0]
        canvas.saveState()
        canvas.setFont(self.font.regular, 9)
        canvas.setFillColor(FOOTER_COLOR)
        canvas.drawCentredString(width / 2, self.page.bottom / 2, f"第 {number} 页 共 {total} 页")
        canvas.restoreState()


def _fit(text: str, font_name: str, size: float, width: float) -> str:
    """`text`, cut short with an ellipsis if it would run past `width`."""
    if stringWidth(text, font_name, size) <= width:
        return text
    while text and stringWidth(text + "…", font_name, size) > width:
        text = text[:-1]
    return text + "…"


class _NumberedCanvas(Canvas):
    """A canvas that holds pages back until the total page count is known."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture.draw_footer(self, self._pageNumber, total)
            super().showPage()
        super().save()


def _frame(page: PageSetup) -> Frame:
    # No frame padding: the margins alone decide where ink goes, so tables
    # built to `frame_width` line up exactly with the margins.
    width, height = page.size
    return Frame(
        page.left,
        page.bottom,
        width - page.left - page.right,
        height - page.top - page.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    font: CjkFont | None = None,
    author: str = "",
    subject: str = "",
    running_title: str | None = None,
    page: PageSetup | None = None,
    page_numbers: bool = True,
) -> bytes:
    """Lay out `story` and return the PDF bytes.

    `title` becomes the PDF's metadata title (viewers and print queues show
    it); `running_title` is printed at the top of the second and later pages.
    Documents are marked not to be scaled when printed, so barcodes and form
    sizes stay true.
    """
    font = font or resolve_cjk_font()
    page = page or PageSetup()
    furniture = _Furniture(font, page, running_title, page_numbers)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=title,
        author=author,
        subject=subject,
        creator="Counter Desk",
        lang="zh-CN",
        displayDocTitle=1,
        printScaling="None",
        # Otherwise the canvas starts in Helvetica, which lands in the PDF as
        # an unused, unembedded font reference.
        initialFontName=font.regular,
    )
    doc.addPageTemplates(
        [
            PageTemplate("first", [_frame(page)], autoNextPageTemplate="later"),
            PageTemplate(
                "later",
                [_frame(page)],
                onPage=lambda canvas, _doc: furniture.draw_running_header(canvas),
            ),
        ]
    )
    doc.build(story, canvasmaker=partial(_NumberedCanvas, furniture=furniture))
    return buffer.getvalue()
