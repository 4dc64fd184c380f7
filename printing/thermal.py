"""The acceptance receipt on an 80 mm thermal roll (72 mm printable).

Same content as the A4 receipt (`ReceiptData`), set in one narrow column:
office and title, the acceptance number as Code 128, the particulars, the
materials, the notes, the QR code and the seal area. The page is exactly as
long as its content, so the printer cuts after the last line; a content too
long for one PDF page (over five metres of roll) continues on further pages.
"""

from __future__ import annotations

from dataclasses import replace
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer, Table

from printing.barcodes import code128_drawing, qr_drawing
from printing.code_header import reprint_text
from printing.fonts import CjkFont, resolve_cjk_font
from printing.layout import (
    NO_PADDING,
    DocStyles,
    PageSetup,
    build_pdf,
    cn_date,
    cn_datetime,
    make_styles,
    para,
    table_style,
)
from printing.receipt import STATUS_LABELS, receipt_title
from printing.receipt_data import ReceiptData

__all__ = ["PRINTABLE_WIDTH", "ROLL_WIDTH", "build_thermal_receipt"]

ROLL_WIDTH = 80 * mm
PRINTABLE_WIDTH = 72 * mm
_MARGIN = (ROLL_WIDTH - PRINTABLE_WIDTH) / 2
_TOP, _BOTTOM = 4 * mm, 9 * mm
# The PDF page size limit viewers and drivers accept (200 inches).
_MAX_HEIGHT = 5000 * mm
_QR_SIZE_MM = 32.0


def build_thermal_receipt(data: ReceiptData, font: CjkFont | None = None) -> bytes:
    """Render `data` for an 80 mm roll and return the PDF bytes."""
    font = font or resolve_cjk_font()
    styles = _thermal_styles(font)
    height = _measure(_story(data, styles)) + _TOP + _BOTTOM + 6 * mm
    page = PageSetup(
        size=(ROLL_WIDTH, min(height, _MAX_HEIGHT)),
        left=_MARGIN,
        right=_MARGIN,
        top=_TOP,
        bottom=_BOTTOM,
    )
    title = receipt_title(data)
    return build_pdf(
        _story(data, styles),
        title=f"{title} {data.acceptance_no}",
        font=font,
        author=data.office_name,
        subject=data.service_name,
        running_title=f"{title}（续） {data.acceptance_no}",
        page=page,
    )


def _thermal_styles(font: CjkFont) -> DocStyles:
    """Small type, and an em of room at the right of every text style.

    CJK line breaking lets a closing mark such as 。 hang one character past
    the line; on a roll that would be past the printable width.
    """
    base = make_styles(font, base_size=8.5)
    changed = {
        name: getattr(base, name).clone(name, rightIndent=getattr(base, name).fontSize)
        for name in ("body", "small")
    }
    return replace(base, **changed)


def _measure(story: list[Flowable]) -> float:
    """Height the story needs in the printable width, spacing included."""
    total = 0.0
    for flowable in story:
        _, h = flowable.wrap(PRINTABLE_WIDTH, _MAX_HEIGHT)
        total += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _story(data: ReceiptData, styles: DocStyles) -> list[Flowable]:
    centre = styles.body.clone("centre", alignment=TA_CENTER, leftIndent=styles.body.fontSize)
    office = styles.office.clone("t_office", fontSize=11, leading=15, leftIndent=11, rightIndent=11)
    title = styles.title.clone(
        "t_title", fontSize=15, leading=20, spaceAfter=1 * mm, leftIndent=15, rightIndent=15
    )
    barcode = code128_drawing(
        data.acceptance_no, height_mm=10, bar_width_mm=0.3, max_width_mm=PRINTABLE_WIDTH / mm
    )
    barcode.hAlign = "CENTER"
    qr = qr_drawing(data.acceptance_no, size_mm=_QR_SIZE_MM)
    qr.hAlign = "CENTER"
    story: list[Flowable] = [
        para(data.office_name, office),
        para(receipt_title(data), title),
        *([para(reprint_text(data.print_no), centre)] if data.print_no > 1 else []),
        barcode,
        para(data.acceptance_no, centre),
        _rule(),
        *_fields(data, styles),
        _rule(),
        *_materials(data, styles),
        _rule(),
    ]
    if data.is_pending:
        when = cn_date(data.makeup_deadline) if data.makeup_deadline else "窗口告知的期限"
        story.append(
            para(
                f"<font name='{styles.font.bold}'>容缺补正：</font>标注“容缺待补”的材料请于"
                f"{when}前到受理窗口补交；逾期未补交的，本次受理按规定终止办理。",
                styles.body,
                markup=True,
            )
        )
    story += [
        para(
            "请妥善保管本回执，领取结果时出示本回执及有效身份证件。"
            f"进度查询：{data.query_url}；咨询电话：{data.hotline}。"
            "本回执仅证明申请已被受理，不作为准予许可的凭证。",
            styles.small,
        ),
        Spacer(1, 2 * mm),
        qr,
        para("扫码查询办理进度", centre),
        _rule(),
        para("受理单位（盖章）", centre),
        Spacer(1, 12 * mm),
        para(f"{data.office_name}　{cn_date(data.accepted_at.date())}", centre),
    ]
    return story


def _rule() -> HRFlowable:
    return HRFlowable(
        width="100%", thickness=0.6, dash=(2, 2), spaceBefore=1.5 * mm, spaceAfter=1.5 * mm
    )


def _fields(data: ReceiptData, styles: DocStyles) -> list[Flowable]:
    if data.promised_date is None:
        promise = "即办件（当场办结）"
    else:
        promise = cn_date(data.promised_date) + ("（暂定）" if data.promised_provisional else "")
    rows = [
        ("受理时间", cn_datetime(data.accepted_at)),
        ("事项名称", data.service_name),
        ("事项编码", data.service_code),
        ("承办部门", data.department),
        ("申请人", data.applicant_name),
        (data.applicant_id_label, data.applicant_id_masked),
    ]
    if data.agent_name:
        rows += [("代办人", data.agent_name), ("代办人证件", data.agent_id_masked or "—")]
    rows += [
        ("联系电话", data.applicant_phone_masked),
        ("受理窗口", data.desk_code),
        ("经办人", data.clerk_name),
        ("承诺办结", promise),
    ]
    if data.is_pending and data.makeup_deadline:
        rows.append(("补交期限", cn_date(data.makeup_deadline)))
    bold = styles.font.bold
    # Label and value run on in one paragraph: long values wrap under the label.
    return [
        para(f"<font name='{bold}'>{label}：</font>{escape(value)}", styles.body, markup=True)
        for label, value in rows
    ]


def _materials(data: ReceiptData, styles: DocStyles) -> list[Flowable]:
    """Numbered materials, each with its form, copies and status."""
    small = styles.small
    detail = small.clone("detail", fontSize=small.fontSize - 0.5, leading=small.leading - 0.5)
    rows = []
    for n, m in enumerate(data.materials, start=1):
        copies = f" {m.copies} 份" if m.copies else ""
        pages = f" {m.pages} 页" if m.pages is not None else ""
        status_font = styles.font.bold if m.status in ("pending", "missing") else small.fontName
        rows.append(
            [
                para(f"{n}.", small),
                [para(m.name, small), para(f"{m.form}{copies}{pages}", detail)],
                para(
                    f"<font name='{status_font}'>{STATUS_LABELS[m.status]}</font>",
                    small,
                    markup=True,
                ),
            ]
        )
    heading = para(
        f"<font name='{styles.font.bold}'>材料清单（共 {len(rows)} 项）</font>",
        styles.body,
        markup=True,
    )
    if not rows:
        return [heading, para("（无）", small)]
    table = Table(rows, colWidths=[7 * mm, PRINTABLE_WIDTH - 21 * mm, 14 * mm])
    table.setStyle(
        table_style(
            styles,
            [
                *NO_PADDING,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ],
        )
    )
    return [heading, Spacer(1, 1 * mm), table]
