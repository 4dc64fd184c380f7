"""The counter's written decisions other than the receipt, on A4.

- 一次性告知书（补正材料通知书）: everything to correct, told at once.
- 不予受理通知书: the reason, its legal basis and the applicant's remedies.
- 容缺受理通知书, followed by the applicant's 容缺受理承诺书 with signature lines.

Each builder takes its plain data and returns PDF bytes; long item lists flow
onto further pages with the table header repeated.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from printing.fonts import CjkFont, resolve_cjk_font
from printing.layout import DocStyles, PageSetup, build_pdf, cn_date, heading, make_styles, para
from printing.notice_common import (
    case_fields,
    items_table,
    notice_header,
    numbered,
    seal_block,
    signature_lines,
)
from printing.notice_data import (
    CorrectionNoticeData,
    NoticeCase,
    PendingNoticeData,
    RefusalNoticeData,
)

__all__ = [
    "CORRECTION_TITLE",
    "PENDING_TITLE",
    "PLEDGE_TITLE",
    "REFUSAL_TITLE",
    "build_correction_notice",
    "build_pending_notice",
    "build_refusal_notice",
]

CORRECTION_TITLE = "一次性告知书"
REFUSAL_TITLE = "不予受理通知书"
PENDING_TITLE = "容缺受理通知书"
PLEDGE_TITLE = "容缺受理承诺书"


def build_correction_notice(data: CorrectionNoticeData, font: CjkFont | None = None) -> bytes:
    """The one-time notice of every missing or faulty material, with what is needed."""
    styles, width = _setup(font)
    case = data.case
    story = [
        *notice_header(case, CORRECTION_TITLE, styles, width),
        para("（补正材料通知书）", styles.office),
        Spacer(1, 2 * mm),
        case_fields(case, styles, width),
        *_opening(case, styles),
        para(
            f"经审查，你（单位）提交的申请材料不齐全或者不符合法定形式。根据《中华人民共和国"
            f"行政许可法》第三十二条第一款第（四）项的规定，现将需要补正的全部内容"
            f"（共 {len(data.items)} 项）一次性告知如下：",
            _indented(styles),
        ),
        Spacer(1, 2 * mm),
        items_table(data.items, styles, width),
    ]
    if data.remark.strip():
        story += [Spacer(1, 2 * mm), para(f"其他说明：{data.remark.strip()}", styles.body)]
    closing = [
        *heading("告知事项", styles, min_space=45 * mm),
        *numbered(
            [
                (
                    "以上为需要补正的全部内容，本中心一次性告知，不再另行要求补正本告知书"
                    "所列以外的材料。"
                ),
                (
                    f"请按本告知书的要求补齐全部材料后，携带本告知书到{case.office_address}"
                    "重新提交申请；材料齐全、符合法定形式的，本中心即予受理。"
                ),
                (
                    f"咨询电话：{case.hotline}；办理进度查询：{case.query_url}"
                    f"（受理编号 {case.acceptance_no}）。"
                ),
            ],
            styles,
        ),
    ]
    story += [*closing, KeepTogether(_signoff(case, styles))]
    return _build(story, case, CORRECTION_TITLE, font=styles.font)


def build_refusal_notice(data: RefusalNoticeData, font: CjkFont | None = None) -> bytes:
    """The refusal with its reason, legal basis, and the review and litigation rights."""
    styles, width = _setup(font)
    case = data.case
    review_where = f"向{data.review_body}" if data.review_body else "依法"
    story: list[Flowable] = [
        *notice_header(case, REFUSAL_TITLE, styles, width),
        case_fields(case, styles, width),
        *_opening(case, styles),
        para(
            f"经审查，你（单位）的申请不予受理，理由如下：{data.reason.strip()}"
            f"{'' if data.reason.strip()[-1:] in '。.！' else '。'}",
            _indented(styles),
        ),
        para(f"根据{data.legal_basis}的规定，本中心决定不予受理。", _indented(styles)),
        *heading("权利告知", styles, min_space=40 * mm),
        para(
            "如对本决定不服，可以自收到本通知书之日起六十日内，"
            f"依照《中华人民共和国行政复议法》的规定{review_where}申请行政复议；"
            "也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》"
            "的规定直接向人民法院提起行政诉讼。",
            _indented(styles),
        ),
        para(
            f"咨询电话：{case.hotline}；办理进度查询：{case.query_url}"
            f"（受理编号 {case.acceptance_no}）。",
            _indented(styles),
        ),
        KeepTogether(_signoff(case, styles)),
    ]
    return _build(story, case, REFUSAL_TITLE, font=styles.font)


def build_pending_notice(data: PendingNoticeData, font: CjkFont | None = None) -> bytes:
    """容缺受理通知书, then the 承诺书 on a page of its own for the applicant to sign."""
    styles, width = _setup(font)
    case = data.case
    deadline = cn_date(data.makeup_deadline)
    if data.promised_date is None:
        promise = "本事项为即办件，材料补齐后当场办结。"
    else:
        promise = f"本事项承诺于{cn_date(data.promised_date)}前办结"
        promise += "（暂定日期，如需调整将另行告知）。" if data.promised_provisional else "。"
    consequence = (
        "逾期未补齐材料，或者补交的材料不符合要求的，本次容缺受理自动失效，申请按撤回处理、"
        "终止办理；已据此作出的审批决定依法予以撤销，由此产生的后果由申请人承担。"
    )
    story: list[Flowable] = [
        *notice_header(case, PENDING_TITLE, styles, width),
        case_fields(case, styles, width),
        *_opening(case, styles),
        para(
            "经审查，你（单位）提交的主要申请材料齐全、符合法定形式，次要材料尚有欠缺。"
            "根据容缺受理的有关规定，经你（单位）书面承诺，本中心决定予以容缺受理。"
            f"请于<font name='{styles.font.bold}'>{deadline}</font>前到受理窗口补齐下列材料（共 {len(data.items)} 项）：",
            _indented(styles),
            markup=True,
        ),
        Spacer(1, 2 * mm),
        items_table(data.items, styles, width, need="需要补交的内容"),
        Spacer(1, 2 * mm),
        *numbered(
            [
                promise,
                consequence,
                (
                    f"咨询电话：{case.hotline}；办理进度查询：{case.query_url}"
                    f"（受理编号 {case.acceptance_no}）。"
                ),
            ],
            styles,
        ),
        KeepTogether(_signoff(case, styles)),
        PageBreak(),
        *_pledge(data, styles, deadline),
    ]
    return _build(story, case, f"{PENDING_TITLE}及{PLEDGE_TITLE}", font=styles.font)


def _pledge(data: PendingNoticeData, styles: DocStyles, deadline: str) -> list[Flowable]:
    case = data.case
    names = "；".join(f"（{n}）{item.name}" for n, item in enumerate(data.items, start=1))
    signers = ["申请人（签字或盖章）："]
    if case.agent_name:
        signers.append("代办人（签字）：")
    signers.append("签署日期：")
    return [
        para(PLEDGE_TITLE, styles.title),
        Spacer(1, 3 * mm),
        para(f"{case.office_name}：", styles.body),
        para(
            f"本人（单位）{case.applicant_name}（{case.applicant_id_label}："
            f"{case.applicant_id_masked}）申请办理{case.service_name}（受理编号："
            f"{case.acceptance_no}），因部分材料暂时无法提供，申请容缺受理，现郑重承诺如下：",
            _indented(styles),
        ),
        *numbered(
            [
                "已提交的申请材料真实、合法、有效，所述情况属实。",
                f"于{deadline}前补齐下列材料，补交的材料与已提交材料的内容一致：{names}。",
                (
                    "逾期未补齐或者补交的材料不符合要求的，自愿接受本次容缺受理失效、申请终止办理"
                    "的结果；已作出的审批决定被依法撤销的，自行承担由此产生的法律责任和经济损失。"
                ),
                (
                    "如有隐瞒真实情况或者提供虚假材料的，愿意承担相应的法律责任，"
                    "并同意将相关信息记入信用记录。"
                ),
            ],
            styles,
        ),
        Spacer(1, 4 * mm),
        KeepTogether(signature_lines(signers, styles)),
    ]


def _setup(font: CjkFont | None) -> tuple[DocStyles, float]:
    return make_styles(font or resolve_cjk_font()), PageSetup().frame_width


def _indented(styles: DocStyles) -> ParagraphStyle:
    """Body text with the customary two-character first-line indent."""
    return styles.body.clone(
        "indented", firstLineIndent=2 * styles.body.fontSize, spaceAfter=1.5 * mm
    )


def _opening(case: NoticeCase, styles: DocStyles) -> list[Flowable]:
    """Salutation and the sentence naming the application."""
    return [
        Spacer(1, 4 * mm),
        para(f"{case.applicant_name}：", styles.body),
        para(
            f"你（单位）于{cn_date(case.issued_at.date())}向本中心提出的"
            f"“{case.service_name}”申请（受理编号：{case.acceptance_no}）收悉。",
            _indented(styles),
        ),
    ]


def _signoff(case: NoticeCase, styles: DocStyles) -> list[Flowable]:
    return [
        Spacer(1, 3 * mm),
        para(f"经办人：{case.clerk_name}　　受理窗口：{case.desk_code}", styles.body),
        Spacer(1, 2 * mm),
        seal_block(case, styles),
    ]


def _build(story: list[Flowable], case: NoticeCase, title: str, *, font: CjkFont) -> bytes:
    return build_pdf(
        story,
        title=f"{title} {case.acceptance_no}",
        font=font,
        author=case.office_name,
        subject=case.service_name,
        running_title=f"{title}（续）    受理编号：{case.acceptance_no}    {case.service_name}",
    )
