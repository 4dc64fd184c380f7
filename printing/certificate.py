"""The 办结通知 with the certificate print, from the platform's signed certificate data.

One A4 page: the notice that the case is decided and the result can be
collected, the certificate's particulars, the case's acceptance number as
Code 128, and the signed payload as a QR code (error correction Q) that anyone
can verify offline against the platform's public key. A reprint carries a
boxed 补打 mark with its print count.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from printing.barcodes import code128_drawing, qr_drawing
from printing.certificate_data import CertificateSheet
from printing.fonts import CjkFont, resolve_cjk_font
from printing.layout import (
    NO_PADDING,
    DocStyles,
    PageSetup,
    build_pdf,
    cn_date,
    cn_datetime,
    field_grid,
    heading,
    make_styles,
    para,
    table_style,
)

__all__ = ["QR_LEVEL", "QR_SIZE_MM", "build_certificate", "reprint_mark"]

QR_LEVEL = "Q"
# A signed certificate is about 550 bytes: QR version 22 or so at level Q,
# 113 modules with the margin. 56 mm gives 0.5 mm modules, 3.9 dots at 200 dpi.
QR_SIZE_MM = 56.0
_STAMP_RED = colors.HexColor("#B00000")


def reprint_mark(sheet: CertificateSheet) -> str:
    """The reprint mark, e.g. 补打（第2次打印）; empty for the first print."""
    return f"补打（第{sheet.print_no}次打印）" if sheet.is_reprint else ""


def build_certificate(sheet: CertificateSheet, font: CjkFont | None = None) -> bytes:
    """Render `sheet` as an A4 办结通知 with its certificate and return the PDF bytes."""
    font = font or resolve_cjk_font()
    styles = make_styles(font)
    page = PageSetup()
    width = page.frame_width
    story: list[Flowable] = [
        *_header(sheet, styles, width),
        Spacer(1, 4 * mm),
        *_notice(sheet, styles),
        *heading("证照信息", styles),
        _certificate_panel(sheet, styles, width),
        Spacer(1, 2 * mm),
        KeepTogether([*_notes(sheet, styles), Spacer(1, 4 * mm), _seal_block(sheet, styles)]),
    ]
    mark = reprint_mark(sheet)
    return build_pdf(
        story,
        title=f"办结通知 {sheet.acceptance_no}" + (f" {mark}" if mark else ""),
        font=font,
        author=sheet.office_name,
        # No personal data in metadata: print queues and spoolers log it.
        subject=sheet.title,
        running_title=f"办结通知（续）    受理编号：{sheet.acceptance_no}",
        page=page,
        page_numbers=False,
    )


def _header(sheet: CertificateSheet, styles: DocStyles, width: float) -> list[Flowable]:
    """Acceptance number as Code 128 at the left, office and title centred, 补打 at the right."""
    side = 52 * mm
    caption = styles.small.clone("code_caption", alignment=TA_CENTER, fontSize=8, leading=10)
    barcode = code128_drawing(
        sheet.acceptance_no, height_mm=10, bar_width_mm=0.27, max_width_mm=side / mm
    )
    barcode_block = _stack(
        [barcode, para(f"受理编号 {sheet.acceptance_no}", caption)], side, styles
    )
    title = [para(sheet.office_name, styles.office), para("办结通知", styles.title)]
    mark: Flowable | str = _reprint_box(sheet, styles) if sheet.is_reprint else ""
    header = Table([[barcode_block, title, mark]], colWidths=[side, width - 2 * side, side])
    header.setStyle(
        table_style(
            styles,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                *NO_PADDING,
            ],
        )
    )
    return [header]


def _reprint_box(sheet: CertificateSheet, styles: DocStyles) -> Table:
    big = styles.title.clone("reprint", fontSize=20, leading=24, textColor=_STAMP_RED, spaceAfter=0)
    small = styles.small.clone(
        "reprint_count", alignment=TA_CENTER, textColor=_STAMP_RED, fontSize=9, leading=12
    )
    lines: list[list[Flowable]] = [
        [para("补　打", big)],
        [para(f"第{sheet.print_no}次打印", small)],
    ]
    if sheet.printed_at is not None:
        lines.append([para(cn_datetime(sheet.printed_at), small)])
    box = Table(lines, colWidths=[40 * mm], hAlign="RIGHT")
    box.setStyle(
        table_style(
            styles,
            [
                ("BOX", (0, 0), (-1, -1), 1.6, _STAMP_RED),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.8 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 * mm),
            ],
        )
    )
    return box


def _stack(flowables: list[Flowable], width: float, styles: DocStyles) -> Table:
    stack = Table([[f] for f in flowables], colWidths=[width], hAlign="LEFT")
    stack.setStyle(table_style(styles, [("ALIGN", (0, 0), (-1, -1), "LEFT"), *NO_PADDING]))
    return stack


def _notice(sheet: CertificateSheet, styles: DocStyles) -> list[Flowable]:
    body = styles.body.clone("notice", leading=styles.body.fontSize * 1.8, firstLineIndent=0)
    indented = body.clone("notice_indent", firstLineIndent=2 * body.fontSize)
    b = styles.font.bold
    return [
        para(f"{sheet.holder_name}：", body),
        para(
            f"您于{cn_date(sheet.accepted_at.date())}在本中心申请办理的"
            f"“<font name='{b}'>{_escape(sheet.service_name)}</font>”"
            f"（受理编号：{sheet.acceptance_no}）已办结。{_escape(sheet.issuer)}"
            f"已于{cn_date(sheet.issued_at.date())}作出决定，"
            f"核发《<font name='{b}'>{_escape(sheet.title)}</font>》。",
            indented,
            markup=True,
        ),
        para(
            f"请持本通知及申请人有效身份证件到{_escape(sheet.office_address)}领取办理结果；"
            f"委托他人领取的，另需出示代领人身份证件及授权委托书。咨询电话：{sheet.hotline}。",
            indented,
            markup=True,
        ),
    ]


def _escape(text: str) -> str:
    return escape(text)


def _certificate_panel(sheet: CertificateSheet, styles: DocStyles, width: float) -> Table:
    """The certificate's particulars at the left, the signed QR code at the right."""
    qr_column = QR_SIZE_MM * mm + 4 * mm
    grid_width = width - qr_column
    rows: list[list[tuple[str, str]]] = [
        [("证照名称", sheet.title)],
        [("证照类型", sheet.doc_type_label)],
        [("证照编号", sheet.serial)],
        [("持证人", sheet.holder_name)],
        [("证件号码", sheet.holder_id_masked)],
        [("发证部门", sheet.issuer)],
        [("发证日期", cn_date(sheet.issued_at.date()))],
        [("受理编号", sheet.acceptance_no)],
        [("办理事项", sheet.service_name)],
    ]
    # One field per row in a narrow grid: field_grid's single-field rows span
    # the value across the right half, so the label column is its first quarter.
    grid = field_grid(rows, styles, grid_width, label_width=24 * mm)
    caption = styles.small.clone("qr_caption", alignment=TA_CENTER, fontSize=8, leading=10)
    qr = qr_drawing(sheet.qr_payload, size_mm=QR_SIZE_MM, level=QR_LEVEL)
    qr_block = _stack(
        [qr, para("扫码核验：离线验证发证部门数字签名", caption)], QR_SIZE_MM * mm, styles
    )
    panel = Table([[grid, qr_block]], colWidths=[grid_width, qr_column])
    panel.setStyle(
        table_style(
            styles,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                *NO_PADDING,
            ],
        )
    )
    return panel


def _notes(sheet: CertificateSheet, styles: DocStyles) -> list[Flowable]:
    note = styles.small.clone("cert_note", spaceAfter=0.8 * mm)
    lines = [
        (
            "本通知所附二维码为发证部门经政务数据共享交换平台签发的电子证照数据，"
            "在政务服务中心窗口或核验终端扫码，可离线验证其真实性和完整性；"
            "证照信息以发证部门核发的证照为准。"
        ),
        "证件号码已作遮盖处理。",
    ]
    if not sheet.verified:
        lines.append("注意：本窗口收到该证照数据时未能验证签名，请核验后再发放。")
    if sheet.is_reprint:
        when = f"，打印时间{cn_datetime(sheet.printed_at)}" if sheet.printed_at else ""
        lines.append(f"本件为补打件（第{sheet.print_no}次打印{when}），补打已登记。")
    return [para(f"{n}. {t}", note) for n, t in enumerate(lines, start=1)]


def _seal_block(sheet: CertificateSheet, styles: DocStyles) -> Table:
    """办结单位（盖章） over the issue date, with room for the stamp."""
    centred = styles.body.clone("seal", alignment=TA_CENTER)
    seal = Table(
        [
            [para(sheet.office_name, centred)],
            [para("（盖章）", centred)],
            [Spacer(1, 14 * mm)],
            [para(cn_date(sheet.issued_at.date()), centred)],
        ],
        colWidths=[70 * mm],
        hAlign="RIGHT",
    )
    seal.setStyle(table_style(styles, NO_PADDING))
    return seal
