"""The supervisor's daily report (受理工作日报): the day's intake and what needs attention.

A4, Chinese. Summary first (taken in, overdue, due soon, unsent, refused by the
platform), then the breakdowns by state, intake decision, service item,
department and clerk, the lists of overdue and due-soon cases, the sync
section, and the supervisor's signature line. Long tables flow over pages with
their header repeated; every page carries "第 N 页 共 M 页".
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from counter.day.figures import CountRow, DailyFigures, DeadlineRow
from printing.fonts import CjkFont, resolve_cjk_font
from printing.layout import (
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

__all__ = ["DECISION_LABELS", "REPORT_TITLE", "STATE_LABELS", "build_daily_report"]

REPORT_TITLE = "受理工作日报"

STATE_LABELS: dict[str, str] = {
    "draft": "草稿",
    "accepted": "已受理",
    "accepted_pending": "容缺受理",
    "correction_requested": "待补正",
    "refused": "不予受理",
    "submitted": "已报送",
    "in_review": "审查中",
    "approved": "准予许可",
    "rejected": "不予许可",
    "result_ready": "待领取",
    "delivered": "已办结",
    "voided": "已作废",
}
"""How each case state is printed."""

DECISION_LABELS: dict[str, str] = {
    "accept": "受理",
    "accept_pending": "容缺受理",
    "request_correction": "一次性告知补正",
    "refuse": "不予受理",
}
"""How each intake decision is printed."""

_OUTBOX_KINDS = {"case.intake": "受理信息", "case.transition": "状态变更"}


def build_daily_report(figures: DailyFigures, font: CjkFont | None = None) -> bytes:
    """Render `figures` as the A4 daily report and return the PDF bytes."""
    font = font or resolve_cjk_font()
    styles = make_styles(font, base_size=10)
    page = PageSetup()
    width = page.frame_width
    day = cn_date(figures.day)

    story: list[Flowable] = [
        para(figures.office_name, styles.office),
        para(REPORT_TITLE, styles.title),
        para(
            f"统计日期：{day}　　机构代码：{figures.office_code}"
            f"　　生成时间：{cn_datetime(figures.generated_at)}",
            styles.small.clone("dateline", alignment=TA_CENTER),
        ),
        Spacer(1, 3 * mm),
        _summary(figures, styles, width),
        *_breakdown("一、按办理状态", figures.by_state, STATE_LABELS, figures.total, styles, width),
        *_breakdown(
            "二、按受理决定", figures.by_decision, DECISION_LABELS, figures.total, styles, width
        ),
        *_items(figures, styles, width),
        *_breakdown("四、按承办部门", figures.by_department, None, figures.total, styles, width),
        *_clerks(figures, styles, width),
        *_deadlines(
            f"六、逾期件（共 {figures.overdue_total} 件）",
            figures.overdue,
            figures.overdue_total,
            "逾期",
            styles,
            width,
        ),
        *_deadlines(
            f"七、临期件（{figures.due_soon_days} 个工作日内到期，共 {figures.due_soon_total} 件）",
            figures.due_soon,
            figures.due_soon_total,
            "剩余",
            styles,
            width,
        ),
        *_sync(figures, styles, width),
        Spacer(1, 8 * mm),
        _signature(styles, width),
    ]
    return build_pdf(
        story,
        title=f"{REPORT_TITLE} {figures.day.isoformat()}",
        font=font,
        author=figures.office_name,
        subject=f"{figures.office_name} {day}",
        running_title=f"{REPORT_TITLE}（续）    {figures.office_name}    {day}",
        page=page,
    )


def _summary(f: DailyFigures, styles: DocStyles, width: float) -> Table:
    return field_grid(
        [
            [("当日受理", f"{f.total} 件"), ("涉及事项", f"{len(f.by_item)} 项")],
            [("逾期件", f"{f.overdue_total} 件"), ("临期件", f"{f.due_soon_total} 件")],
            [("待上传", f"{f.backlog} 条"), ("上传失败", f"{f.dead_total} 条")],
        ],
        styles,
        width,
        label_width=28 * mm,
    )


def _share(count: int, total: int) -> str:
    return f"{count / total:.1%}" if total else "—"


def _breakdown(
    title: str,
    rows: Sequence[CountRow],
    labels: dict[str, str] | None,
    total: int,
    styles: DocStyles,
    width: float,
) -> list[Flowable]:
    body: list[list[Flowable | str]] = [
        [
            str(n),
            para(labels.get(r.key, r.key) if labels else r.name, styles.cell),
            str(r.count),
            _share(r.count, total),
        ]
        for n, r in enumerate(rows, start=1)
    ]
    body.append(["", para("合计", styles.cell_strong), str(total), _share(total, total)])
    widths = [14 * mm, width - 14 * mm - 60 * mm, 30 * mm, 30 * mm]
    return [
        *heading(title, styles),
        data_table(["序号", "项目", "件数", "占比"], body, styles, widths),
    ]


def _items(f: DailyFigures, styles: DocStyles, width: float) -> list[Flowable]:
    body: list[list[Flowable | str]] = [
        [
            str(n),
            r.key,
            para(r.name, styles.cell),
            para(r.detail, styles.cell),
            str(r.count),
        ]
        for n, r in enumerate(f.by_item, start=1)
    ]
    body.append(["", "", para("合计", styles.cell_strong), "", str(f.total)])
    fixed = 12 * mm + 26 * mm + 18 * mm
    widths = [12 * mm, 26 * mm, (width - fixed) * 0.55, (width - fixed) * 0.45, 18 * mm]
    return [
        *heading("三、按服务事项", styles),
        data_table(["序号", "事项编码", "事项名称", "承办部门", "件数"], body, styles, widths),
    ]


def _clerks(f: DailyFigures, styles: DocStyles, width: float) -> list[Flowable]:
    body: list[list[Flowable | str]] = [
        [str(n), para(r.name, styles.cell), r.detail.replace(",", "、"), str(r.count)]
        for n, r in enumerate(f.by_clerk, start=1)
    ]
    body.append(["", para("合计", styles.cell_strong), "", str(f.total)])
    widths = [14 * mm, width - 14 * mm - 70 * mm, 40 * mm, 30 * mm]
    return [
        *heading("五、按经办人", styles),
        data_table(["序号", "经办人", "窗口", "件数"], body, styles, widths),
    ]


def _deadlines(
    title: str,
    rows: Sequence[DeadlineRow],
    total: int,
    days_word: str,
    styles: DocStyles,
    width: float,
) -> list[Flowable]:
    out: list[Flowable] = [*heading(title, styles)]
    if not rows:
        out.append(para("无。", styles.body))
        return out
    # The case lists are the widest tables: set a size smaller, so an acceptance
    # number and a date stay on one line.
    small = make_styles(styles.font, base_size=styles.body.fontSize - 1)
    body: list[list[Flowable | str]] = []
    for n, r in enumerate(rows, start=1):
        days = abs(r.working_days)
        if days_word == "剩余" and days == 0:
            limit = para("当日到期", small.cell_strong)
        else:
            limit = para(
                f"{days_word} {days}",
                small.cell_strong if days_word == "逾期" else small.cell_center,
            )
        body.append(
            [
                para(str(n), small.cell_center),
                para(r.acceptance_no, small.cell),
                para(r.service_name, small.cell),
                para(r.applicant_name, small.cell),
                para(r.clerk_name, small.cell_center),
                para(STATE_LABELS.get(r.state, r.state), small.cell_center),
                para(f"{r.due_date:%Y-%m-%d}", small.cell_center),
                limit,
            ]
        )
    widths = [10 * mm, 41 * mm, 0, 19 * mm, 15 * mm, 17 * mm, 20 * mm, 17 * mm]
    widths[2] = width - sum(widths)
    out.append(
        data_table(
            ["序号", "受理编号", "事项名称", "申请人", "经办人", "状态", "承诺日期", "工作日"],
            body,
            small,
            widths,
        )
    )
    if len(rows) < total:
        out.append(para(f"（仅列出前 {len(rows)} 件，共 {total} 件。）", styles.small))
    return out


def _sync(f: DailyFigures, styles: DocStyles, width: float) -> list[Flowable]:
    oldest = (
        cn_datetime(f.oldest_backlog_at.astimezone(f.generated_at.tzinfo))
        if (f.oldest_backlog_at)
        else "—"
    )
    out: list[Flowable] = [
        *heading("八、数据上传（共享交换平台）", styles),
        field_grid(
            [
                [("待上传", f"{f.backlog} 条"), ("最早待上传", oldest)],
                [("上传失败", f"{f.dead_total} 条（平台拒收，需人工处理）")],
            ],
            styles,
            width,
            label_width=28 * mm,
        ),
    ]
    if f.dead_letters:
        body: list[list[Flowable | str]] = [
            [
                str(n),
                para(d.acceptance_no or "—", styles.cell),
                _OUTBOX_KINDS.get(d.kind, d.kind),
                str(d.attempts),
                para(d.reason, styles.cell),
            ]
            for n, d in enumerate(f.dead_letters, start=1)
        ]
        widths = [10 * mm, 38 * mm, 22 * mm, 16 * mm, 0]
        widths[4] = width - sum(widths)
        out += [
            Spacer(1, 2 * mm),
            data_table(["序号", "受理编号", "类型", "尝试次数", "平台答复"], body, styles, widths),
        ]
        if len(f.dead_letters) < f.dead_total:
            out.append(
                para(f"（仅列出前 {len(f.dead_letters)} 条，共 {f.dead_total} 条。）", styles.small)
            )
    return out


def _signature(styles: DocStyles, width: float) -> Flowable:
    """带班负责人 signs and dates the report; kept on one page with a line for remarks."""
    line = "_" * 18
    rows = [
        [para("审核意见：", styles.body), ""],
        [Spacer(1, 10 * mm), ""],
        [
            para(f"带班负责人（签字）：{line}", styles.body),
            para("日期：______年____月____日", styles.body),
        ],
    ]
    table = Table(rows, colWidths=[width * 0.58, width * 0.42])
    table.setStyle(table_style(styles, [*NO_PADDING, ("SPAN", (0, 0), (1, 0))]))
    return KeepTogether([table])
