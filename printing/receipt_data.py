"""What an acceptance receipt (受理回执) says, as plain values.

The store and the case logic fill these in; the document layer only lays them
out. Personal numbers arrive already masked, so a receipt can never leak more
than the caller decided to print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = ["Decision", "MaterialLine", "MaterialStatus", "ReceiptData"]

MaterialStatus = Literal["received", "shared", "pending", "waived", "missing"]
Decision = Literal["accepted", "accepted_pending"]

_STATUSES = frozenset({"received", "shared", "pending", "waived", "missing"})


@dataclass(frozen=True)
class MaterialLine:
    """One row of the receipt's materials list.

    - `name`: the material as the catalogue names it (营业执照, 身份证明…).
    - `form`: how it was handed in, e.g. 原件, 复印件, 原件及复印件, 电子材料.
    - `copies`: number of copies taken in (0 for shared or outstanding ones).
    - `pages`: pages counted at the counter; None when not counted.
    - `status`: ``"received"`` taken in at the counter; ``"shared"`` obtained
      by data sharing, so the applicant did not bring it; ``"pending"`` missing
      under 容缺受理 and to be made up by the make-up deadline; ``"waived"``
      not required in this case; ``"missing"`` absent without 容缺 cover.
    """

    name: str
    form: str
    copies: int
    pages: int | None
    status: MaterialStatus

    def __post_init__(self) -> None:
        if self.status not in _STATUSES:
            raise ValueError(f"unknown material status {self.status!r}")
        if self.copies < 0 or (self.pages is not None and self.pages < 0):
            raise ValueError("copies and pages cannot be negative")


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on an acceptance receipt.

    - `office_name`: the accepting hall, e.g. 某某区政务服务中心.
    - `office_address`: where results are collected.
    - `hotline`: the enquiry telephone number printed in the notice.
    - `acceptance_no`: the case's acceptance number (受理编号); printed as text,
      Code 128 and QR, so it must be plain ASCII.
    - `decision`: ``"accepted"`` for ordinary acceptance, ``"accepted_pending"``
      for 容缺受理 (accepted with materials to be made up later).
    - `service_code`, `service_name`: the catalogue item (事项编码, 事项名称).
    - `department`: the deciding department (承办部门).
    - `applicant_name`: applicant, person or organisation.
    - `applicant_id_masked`: the applicant's ID or credit code, already masked.
    - `applicant_phone_masked`: the applicant's phone number, already masked.
    - `agent_name`, `agent_id_masked`: the agent (代办人) when someone applies
      on the applicant's behalf; both None otherwise.
    - `materials`: the materials list in catalogue order.
    - `accepted_at`: when the case was accepted; timezone-aware, in the
      office's zone (it is printed as is, not converted).
    - `promised_date`: the promised completion date (承诺办结日期); None for
      immediate items (即办件) decided at the counter.
    - `promised_provisional`: the promised date is provisional (暂定), e.g.
      because it depends on the 容缺 make-up or on an on-site inspection.
    - `makeup_deadline`: the date by which 容缺 materials must be made up;
      None unless `decision` is ``"accepted_pending"``.
    - `clerk_name`: the clerk who accepted the case (经办人).
    - `desk_code`: the window (窗口) the case was accepted at.
    - `query_url`: where the applicant follows the case online.
    - `applicant_id_label`: what the applicant's number is called on paper:
      证件号码 for a person, 统一社会信用代码 for a company.
    """

    office_name: str
    office_address: str
    hotline: str
    acceptance_no: str
    decision: Decision
    service_code: str
    service_name: str
    department: str
    applicant_name: str
    applicant_id_masked: str
    applicant_phone_masked: str
    agent_name: str | None
    agent_id_masked: str | None
    materials: tuple[MaterialLine, ...]
    accepted_at: datetime
    promised_date: date | None
    promised_provisional: bool
    makeup_deadline: date | None
    clerk_name: str
    desk_code: str
    query_url: str
    applicant_id_label: str = "证件号码"
    print_no: int = 1  # 2 and on: a reprint (补打), marked as such under the title

    def __post_init__(self) -> None:
        if self.decision not in ("accepted", "accepted_pending"):
            raise ValueError(f"unknown decision {self.decision!r}")
        if self.accepted_at.utcoffset() is None:
            raise ValueError("accepted_at must be timezone-aware")
        if not self.acceptance_no or not self.acceptance_no.isascii():
            raise ValueError("acceptance_no must be non-empty ASCII (it is printed as Code 128)")
        # A tuple keeps the receipt immutable and hashable; lists slip in easily.
        if not isinstance(self.materials, tuple):
            object.__setattr__(self, "materials", tuple(self.materials))

    @property
    def is_pending(self) -> bool:
        """True for 容缺受理: some materials are to be made up later."""
        return self.decision == "accepted_pending"
