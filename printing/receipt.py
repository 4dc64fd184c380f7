"""The acceptance receipt (受理回执) handed to the applicant when a case is accepted.

It proves the hall took the application in, lists what was handed over, states
when the result is promised and tells the applicant how to follow the case.
For 容缺受理 it is titled 容缺受理回执 and names the make-up deadline.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from printing.code_header import code_header, reprint_text
from printing.fonts import CjkFont, resolve_cjk_font
from printing.layout import (
    GRID_COLOR,
    NO_PADDING,
    DocStyles,
    PageSetup,
    build_pdf,
    cn_date,
    cn_datetime,
    data_table,
    field_grid,
    heading,
    make_styles,
    para,
    table_style,
)
from printing.receipt_data import MaterialLine, ReceiptData

__all__ = ["STATUS_LABELS", "build_acceptance_receipt", "receipt_title"]

STATUS_LABELS: dict[str, str] = {
    "received": "已收取",
    "shared": "共享获取",
    "pending": "容缺待补",
    "waived": "免于提交",
    "missing": "缺少",
}
"""How each material status is printed."""

# Statuses the applicant must act on are set in the bold face.
_ATTENTION = frozenset({"pending", "missing"})



def receipt_title(data: ReceiptData) -> str:
    """The printed title: 容缺受理回执 for 容缺受理, else 受理回执."""
    return "容缺受理回执" if data.is_pending else "受理回执"


def build_acceptance_receipt(data: ReceiptData, font: CjkFont | None = None) -> bytes:
    """Render `data` as an A4 acceptance receipt and return the PDF bytes.

    `font` defaults to the resolved system CJK font; long material lists flow
    onto further pages with the table header repeated.
    """
    font = font or resolve_cjk_font()
    styles = make_styles(font)
    page = PageSetup()
    width = page.frame_width
    title = receipt_title(data)

    story: list[Flowable] = [
        *code_header(data.acceptance_no, data.office_name, receipt_title(data), styles, width,
                     reprint_text(data.print_no)),
        Spacer(1, 4 * mm),
        _fields(data, styles, width),
        *heading(
            f"材料清单<font name='{font.regular}' size='{styles.small.fontSize}'>"
            f"　（{_materials_summary(data.materials)}）</font>",
            styles,
            markup=True,
        ),
        _materials_table(data.materials, styles, width),
    ]
    if data.is_pending:
        story += [Spacer(1, 3 * mm), _makeup_box(data, styles, width)]
    # The notice and the seal stay together so the stamp never lands on a page
    # of its own, away from what it certifies.
    story.append(
        KeepTogether([*_notice(data, styles), Spacer(1, 3 * mm), _seal_block(data, styles)])
    )

    return build_pdf(
        story,
        title=f"{title} {data.acceptance_no}",
        font=font,
        author=data.office_name,
        # No personal data in metadata: print queues and spoolers log it.
        subject=data.service_name,
        running_title=f"{title}（续）    受理编号：{data.acceptance_no}    {data.service_name}",
        page=page,
    )


def _fields(data: ReceiptData, styles: DocStyles, width: float) -> Table:
    """The case particulars as a ruled label/value grid."""
    if data.promised_date is None:
        promise = "即办件（当场办结）"
    else:
        promise = cn_date(data.promised_date) + ("（暂定）" if data.promised_provisional else "")
    rows: list[list[tuple[str, str]]] = [
        [("受理编号", data.acceptance_no), ("受理时间", cn_datetime(data.accepted_at))],
        [("事项名称", data.service_name)],
        [("事项编码", data.service_code), ("承办部门", data.department)],
        [("申请人", data.applicant_name), (data.applicant_id_label, data.applicant_id_masked)],
    ]
    if data.agent_name:
        rows.append([("代办人", data.agent_name), ("代办人证件", data.agent_id_masked or "—")])
    rows += [
        [("联系电话", data.applicant_phone_masked), ("受理窗口", data.desk_code)],
        [("承诺办结日期", promise), ("经办人", data.clerk_name)],
    ]
    return field_grid(rows, styles, width, label_width=28 * mm)


def _materials_summary(materials: tuple[MaterialLine, ...]) -> str:
    """One line counting materials by status, e.g. 共 5 项：已收取 3 项，容缺待补 1 项."""
    counts = [
        f"{label} {sum(1 for m in materials if m.status == status)} 项"
        for status, label in STATUS_LABELS.items()
        if any(m.status == status for m in materials)
    ]
    return f"共 {len(materials)} 项" + ("：" + "，".join(counts) if counts else "")


def _materials_table(materials: tuple[MaterialLine, ...], styles: DocStyles, width: float) -> Table:
    """序号/材料名称/形式/份数/页数/状态; the name column takes the spare width."""
    fixed = [12 * mm, 28 * mm, 14 * mm, 14 * mm, 24 * mm]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    rows = []
    for number, material in enumerate(materials, start=1):
        status_style = styles.cell_strong if material.status in _ATTENTION else styles.cell_center
        rows.append(
            [
                str(number),
                para(material.name, styles.cell),
                material.form,
                str(material.copies) if material.copies else "—",
                str(material.pages) if material.pages is not None else "—",
                para(STATUS_LABELS[material.status], status_style),
            ]
        )
    if not rows:
        rows.append(["—", para("（无）", styles.cell), "—", "—", "—", "—"])
    return data_table(["序号", "材料名称", "形式", "份数", "页数", "状态"], rows, styles, widths)


def _makeup_box(data: ReceiptData, styles: DocStyles, width: float) -> Table:
    """The 容缺 make-up instruction, boxed so it is not overlooked."""
    pending = sum(1 for m in data.materials if m.status == "pending")
    when = (
        f"请于<font name='{styles.font.bold}'>{cn_date(data.makeup_deadline)}</font>前"
        if data.makeup_deadline
        else "请在窗口告知的期限内"
    )
    text = (
        f"<font name='{styles.font.bold}'>容缺补正：</font>本申请已予容缺受理，"
        f"标注“容缺待补”的材料共 {pending} 项，{when}到受理窗口补交。"
        "逾期未补交的，本次受理按规定终止办理。"
    )
    box = Table([[para(text, styles.body, markup=True)]], colWidths=[width])
    box.setStyle(
        table_style(
            styles,
            [
                ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ],
        )
    )
    return box


def _notice(data: ReceiptData, styles: DocStyles) -> list[Flowable]:
    """温馨提示: how to collect the result and how to follow the case."""
    if data.promised_date is None:
        timing = "本事项为即办件，办理结果当场出具。"
    else:
        timing = f"本事项承诺于{cn_date(data.promised_date)}前办结"
        if data.promised_provisional:
            timing += "（暂定日期，如因补正材料、现场核查等情形需要调整，将另行告知）"
        timing += f"。办结后请到{data.office_address}领取办理结果。"
    items = [
        (
            "请妥善保管本回执。领取办理结果时，请出示本回执及申请人有效身份证件；"
            "委托他人领取的，另需出示代领人身份证件及授权委托书。"
        ),
        timing,
        (
            f"办理进度查询：扫描本回执上的二维码，或登录 {data.query_url} 输入受理编号"
            f" {data.acceptance_no} 查询；咨询电话：{data.hotline}。"
        ),
        "本回执仅证明申请已被受理，不作为准予许可或办理结果的凭证。",
    ]
    # Fine print, as on most hall receipts; hanging indent for the numbers.
    indent = stringWidth("0. ", styles.small.fontName, styles.small.fontSize)
    item_style = styles.small.clone(
        "notice_item", leftIndent=indent, firstLineIndent=-indent, spaceAfter=0.8 * mm
    )
    return [
        para("温馨提示", styles.heading),
        *(para(f"{n}. {text}", item_style) for n, text in enumerate(items, start=1)),
    ]


def _seal_block(data: ReceiptData, styles: DocStyles) -> Table:
    """受理单位（盖章） over the acceptance date; the stamp is pressed across both."""
    centred = styles.body.clone("seal", alignment=TA_CENTER)
    seal = Table(
        [
            [para("受理单位（盖章）", centred)],
            [Spacer(1, 8 * mm)],
            [para(cn_date(data.accepted_at.date()), centred)],
        ],
        colWidths=[60 * mm],
        hAlign="RIGHT",
    )
    seal.setStyle(
        table_style(
            styles,
            NO_PADDING,
        )
    )
    return seal
