"""What the counter's notices say, as plain values.

The notices are the written decisions a clerk hands over when a case is not
simply accepted: the one-time notice of everything to correct (一次性告知书),
the refusal (不予受理通知书) and the 容缺受理通知书 with its 承诺书. As with
receipts, personal numbers arrive already masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = [
    "DEFAULT_REFUSAL_BASIS",
    "CorrectionNoticeData",
    "NoticeCase",
    "NoticeItem",
    "PendingNoticeData",
    "RefusalNoticeData",
]

DEFAULT_REFUSAL_BASIS = "《中华人民共和国行政许可法》第三十二条第一款"
"""Cited when no narrower legal basis is given for a refusal."""

ItemProblem = Literal["missing", "faulty", "pending"]


@dataclass(frozen=True)
class NoticeCase:
    """The case particulars every notice prints (see `ReceiptData` for the fields).

    - `issued_at`: when the decision was recorded at the counter; timezone-
      aware, in the office's zone. The notice is dated that day.
    """

    office_name: str
    office_address: str
    hotline: str
    acceptance_no: str
    service_code: str
    service_name: str
    department: str
    applicant_name: str
    applicant_id_label: str
    applicant_id_masked: str
    applicant_phone_masked: str
    agent_name: str | None
    agent_id_masked: str | None
    issued_at: datetime
    clerk_name: str
    desk_code: str
    query_url: str
    print_no: int = 1  # 2 and on: a reprint (补打), marked as such in the heading

    def __post_init__(self) -> None:
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if not self.acceptance_no or not self.acceptance_no.isascii():
            raise ValueError("acceptance_no must be non-empty ASCII (it is printed as Code 128)")


@dataclass(frozen=True)
class NoticeItem:
    """One material the applicant has to act on.

    - `problem`: ``"missing"`` not handed in, ``"faulty"`` handed in but not
      acceptable as it is, ``"pending"`` to be made up under 容缺受理.
    - `note`: what exactly is needed, as the clerk wrote it; may be empty.
    - `form`, `copies`: what the catalogue asks for (原件, 复印件…; copies).
    """

    name: str
    problem: ItemProblem
    note: str
    form: str
    copies: int

    def __post_init__(self) -> None:
        if self.problem not in ("missing", "faulty", "pending"):
            raise ValueError(f"unknown problem {self.problem!r}")


def _as_tuple(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class CorrectionNoticeData:
    """一次性告知书: every missing or faulty material at once.

    `remark` is the clerk's general note on the request (may be empty).
    """

    case: NoticeCase
    items: tuple[NoticeItem, ...]
    remark: str = ""

    def __post_init__(self) -> None:
        _as_tuple(self, "items")


@dataclass(frozen=True)
class RefusalNoticeData:
    """不予受理通知书: the reason, its legal basis and the applicant's remedies.

    - `legal_basis`: the provision the refusal rests on.
    - `review_body`: where an administrative review is applied for; None
      prints the general wording (依法申请行政复议).
    """

    case: NoticeCase
    reason: str
    legal_basis: str = DEFAULT_REFUSAL_BASIS
    review_body: str | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("a refusal notice needs its reason")


@dataclass(frozen=True)
class PendingNoticeData:
    """容缺受理通知书 and the applicant's 承诺书.

    - `items`: the materials to be made up.
    - `makeup_deadline`: the date they must be handed in by.
    - `promised_date`, `promised_provisional`: the promised completion date.
    - `commitment_signed`: the clerk recorded that the 承诺书 was signed.
    """

    case: NoticeCase
    items: tuple[NoticeItem, ...]
    makeup_deadline: date
    promised_date: date | None = None
    promised_provisional: bool = False
    commitment_signed: bool = False

    def __post_init__(self) -> None:
        _as_tuple(self, "items")
