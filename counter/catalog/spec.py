"""The shape of the service catalog, as plain data.

A catalog is what the hall can accept: each service item with its deciding
department, time limits, fee, the result it yields and the materials an
applicant brings. The store keeps these as rows (see `counter.store.models`); the
seed and, later, the platform's catalog updates arrive in this shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemKind(StrEnum):
    """Kind of service item in the national catalogue of government services."""

    LICENSING = "行政许可"
    PUBLIC_SERVICE = "公共服务"
    CONFIRMATION = "行政确认"
    PAYMENT = "行政给付"
    OTHER = "其他行政权力"


class Promise(StrEnum):
    """Immediate items (即办件) are decided at the counter; promised ones (承诺件) later."""

    IMMEDIATE = "即办件"
    PROMISED = "承诺件"


class MaterialForm(StrEnum):
    ORIGINAL = "原件"
    COPY = "复印件"
    ORIGINAL_AND_COPY = "原件及复印件"
    ELECTRONIC = "电子材料"


@dataclass(frozen=True)
class MaterialSpec:
    """One material a service item asks for.

    `key` materials decide the case: only non-key ones may be missing under
    容缺受理. `shareable` means the platform can supply it by data sharing, so a
    citizen need not bring it (`shared_doc_type` names the certificate type the
    platform holds, e.g. "resident_id_card", "business_license").
    """

    code: str
    name: str
    name_en: str
    form: MaterialForm
    copies: int = 1
    required: bool = True
    key: bool = True
    shareable: bool = False
    shared_doc_type: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ServiceItemSpec:
    """One service item (事项) of the catalog.

    Time limits are in working days. A legal limit is the statutory maximum;
    the promised limit (承诺时限) is what the hall promises and what deadlines
    count from. An immediate item has promised_days == 0.
    """

    code: str
    name: str
    name_en: str
    department: str
    department_en: str
    kind: ItemKind
    legal_days: int
    promised_days: int
    promise: Promise
    fee_yuan: str  # a decimal as text, "0" for free; text keeps exact cents
    result_name: str
    result_name_en: str
    materials: tuple[MaterialSpec, ...]
    for_company: bool = False  # the applicant is a company (unified social credit code)
    keywords: str = ""  # extra search words (pinyin initials are derived, not stored here)


@dataclass(frozen=True)
class CatalogSpec:
    version: int
    items: tuple[ServiceItemSpec, ...]
