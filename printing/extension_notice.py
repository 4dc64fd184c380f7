"""延期办理通知书: the applicant is told in writing that the promised date moved, and why.

Printed after a supervisor extends a case's deadline (counter.supervision.actions.
extend_deadline). It belongs to the family of the other notices (printing/notices.py):
the same code heading, particulars, salutation, sign-off and seal; it is dated
the day of the extension, while the particulars keep the day of acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from printing.fonts import CjkFont
from printing.layout import cn_date, heading, para
from printing.notice_common import case_fields, notice_header, numbered, seal_block
from printing.notice_data import NoticeCase
from printing.notices import _build, _indented, _opening, _setup

__all__ = ["EXTENSION_TITLE", "ExtensionNoticeData", "build_extension_notice"]

EXTENSION_TITLE = "延期办理通知书"
DEFAULT_EXTENSION_BASIS = "《中华人民共和国行政许可法》第四十二条第一款"


@dataclass(frozen=True)
class ExtensionNoticeData:
    """What the extension notice says.

    - `case`: the particulars, `issued_at` the instant of acceptance.
    - `old_due`, `new_due`: the promised date before and after; `working_days` between.
    - `provisional`: the new date lies in a year without official calendar data.
    - `reason`: the supervisor's written reason, printed as given.
    - `extended_at`: when the extension was recorded (office zone); the notice's date.
    - `approver`: the supervisor who approved it.
    """

    case: NoticeCase
    old_due: date
    new_due: date
    working_days: int
    reason: str
    extended_at: datetime
    approver: str
    provisional: bool = False
    legal_basis: str = DEFAULT_EXTENSION_BASIS

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an extension notice needs its reason")
        if self.new_due <= self.old_due:
            raise ValueError("the new date must be later than the old one")
        if self.extended_at.utcoffset() is None:
            raise ValueError("extended_at must be timezone-aware")


def build_extension_notice(data: ExtensionNoticeData, font: CjkFont | None = None) -> bytes:
    """The notice of a deadline extension, with its reason, legal basis and the new date."""
    styles, width = _setup(font)
    case = data.case
    reason = data.reason.strip().rstrip("。.")
    new_due = cn_date(data.new_due)
    if data.provisional:
        new_due += "（暂定日期，如需调整将另行告知）"
    story: list[Flowable] = [
        *notice_header(case, EXTENSION_TITLE, styles, width),
        case_fields(case, styles, width),
        *_opening(case, styles),
        para(
            f"该申请已于{cn_date(case.issued_at.date())}受理，原承诺于{cn_date(data.old_due)}前办结。"
            f"因{reason}，不能在原承诺期限内作出决定。根据{data.legal_basis}的规定，"
            "经本中心负责人批准，办理期限延长"
            f"<font name='{styles.font.bold}'>{data.working_days} 个工作日</font>，"
            f"至<font name='{styles.font.bold}'>{new_due}</font>前办结。",
            _indented(styles),
            markup=True,
        ),
        *heading("告知事项", styles, min_space=40 * mm),
        *numbered(
            [
                "延长期间不影响你（单位）已提交申请材料的效力，无需重新提交申请。",
                "办结后本中心将以电话或短信通知你（单位）领取结果，请保持联系电话畅通。",
                (
                    f"咨询电话：{case.hotline}；办理进度查询：{case.query_url}"
                    f"（受理编号 {case.acceptance_no}）。"
                ),
            ],
            styles,
        ),
        KeepTogether(_signoff(data, styles)),
    ]
    return _build(story, case, EXTENSION_TITLE, font=styles.font)


def _signoff(data: ExtensionNoticeData, styles) -> list[Flowable]:  # type: ignore[no-untyped-def]
    case = data.case
    return [
        Spacer(1, 3 * mm),
        para(
            f"批准人：{data.approver}　　经办人：{case.clerk_name}　　受理窗口：{case.desk_code}",
            styles.body,
        ),
        Spacer(1, 2 * mm),
        # The seal is dated the day of the extension, not of the acceptance.
        seal_block(replace(case, issued_at=data.extended_at), styles),
    ]
