"""Building blocks the A4 notices share: header with codes, particulars, item table, seal.

Every notice opens the same way (Code 128 left, office and title centred, QR
right, the document number under the title) and closes with the issuing
office's seal area and date, so the hall's notices read as one family with
the acceptance receipt.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from printing.code_header import code_header, reprint_text
from printing.layout import (
    NO_PADDING,
    DocStyles,
    cn_date,
    cn_datetime,
    data_table,
    field_grid,
    para,
    table_style,
)
from printing.notice_data import NoticeCase, NoticeItem

__all__ = [
    "PROBLEM_LABELS",
    "case_fields",
    "item_requirement",
    "items_table",
    "notice_header",
    "numbered",
    "seal_block",
    "signature_lines",
]

PROBLEM_LABELS = {"missing": "缺少", "faulty": "需补正", "pending": "容缺待补"}


def notice_header(case: NoticeCase, title: str, styles: DocStyles, width: float) -> list[Flowable]:
    """The shared code heading (see printing.code_header), then room before the text."""
    header = code_header(case.acceptance_no, case.office_name, title, styles, width,
                         reprint_text(case.print_no))
    return [*header, Spacer(1, (4 if len(header) == 1 else 3) * mm)]


def case_fields(case: NoticeCase, styles: DocStyles, width: float) -> Table:
    """The case particulars as the receipt prints them."""
    rows: list[list[tuple[str, str]]] = [
        [("受理编号", case.acceptance_no), ("登记时间", cn_datetime(case.issued_at))],
        [("事项名称", case.service_name)],
        [("事项编码", case.service_code), ("承办部门", case.department)],
        [("申请人", case.applicant_name), (case.applicant_id_label, case.applicant_id_masked)],
    ]
    if case.agent_name:
        rows.append([("代办人", case.agent_name), ("代办人证件", case.agent_id_masked or "—")])
    rows.append([("联系电话", case.applicant_phone_masked), ("受理窗口", case.desk_code)])
    return field_grid(rows, styles, width, label_width=28 * mm)


def item_requirement(item: NoticeItem) -> str:
    """What the applicant has to bring for `item`: the clerk's note, else the catalogue's ask."""
    if item.note.strip():
        return item.note.strip()
    ask = f"{item.form}{f' {item.copies} 份' if item.copies else ''}"
    if item.problem == "faulty":
        return f"所交材料不符合要求，请按要求重新提交（{ask}）"
    return f"请提交该材料（{ask}）"


def items_table(
    items: Sequence[NoticeItem], styles: DocStyles, width: float, need: str = "需要补正的内容"
) -> Table:
    """序号/材料名称/情形/`need`; names and requirements wrap."""
    fixed_number, fixed_problem = 12 * mm, 20 * mm
    rest = width - fixed_number - fixed_problem
    widths = [fixed_number, rest * 0.42, fixed_problem, rest * 0.58]
    rows = [
        [
            str(n),
            para(item.name, styles.cell),
            para(PROBLEM_LABELS[item.problem], styles.cell_strong),
            para(item_requirement(item), styles.cell),
        ]
        for n, item in enumerate(items, start=1)
    ]
    if not rows:
        rows.append(["—", para("（无）", styles.cell), "—", "—"])
    return data_table(["序号", "材料名称", "情形", need], rows, styles, widths)


def numbered(texts: Sequence[str], styles: DocStyles, *, markup: bool = False) -> list[Flowable]:
    """Numbered paragraphs in the body size with a hanging indent."""
    indent = styles.body.fontSize * 1.6
    style = styles.body.clone(
        "numbered", leftIndent=indent, firstLineIndent=-indent, spaceAfter=1.2 * mm
    )
    return [para(f"{n}. {t}", style, markup=markup) for n, t in enumerate(texts, start=1)]


def seal_block(case: NoticeCase, styles: DocStyles, issuer: str | None = None) -> Table:
    """Issuing office (盖章) over the date; the stamp is pressed across both."""
    centred = styles.body.clone("seal", alignment=TA_CENTER)
    seal = Table(
        [
            [para(f"{issuer or case.office_name}（盖章）", centred)],
            [Spacer(1, 10 * mm)],
            [para(cn_date(case.issued_at.date()), centred)],
        ],
        colWidths=[80 * mm],
        hAlign="RIGHT",
    )
    seal.setStyle(table_style(styles, NO_PADDING))
    return seal


def signature_lines(labels: Sequence[str], styles: DocStyles, *, line_mm: float = 60) -> Table:
    """Each label with a ruled blank to sign on, set at the right with room to write.

    A label ending in 日期 gets 年 月 日 printed into its blank.
    """
    label_style = styles.body.clone("sign_label", alignment=TA_RIGHT)
    date_style = styles.body.clone("sign_date", alignment=TA_RIGHT)
    rows = [
        [
            para(label, label_style),
            para("年　　　月　　　日", date_style) if label.rstrip("：").endswith("日期") else "",
        ]
        for label in labels
    ]
    table = Table(rows, colWidths=[48 * mm, line_mm * mm], hAlign="RIGHT")
    table.setStyle(
        table_style(
            styles,
            [
                *NO_PADDING,
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, styles.body.textColor),
                ("TOPPADDING", (0, 0), (-1, -1), 9 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 * mm),
            ],
        )
    )
    return table
