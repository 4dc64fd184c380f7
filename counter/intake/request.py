"""What the clerk submits at intake, as plain data: decision, applicant, agent, materials."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from counter.cases.lifecycle import CaseState
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation import IdType


class Decision(StrEnum):
    ACCEPT = "accept"  # 受理
    ACCEPT_PENDING = "accept_pending"  # 容缺受理: non-key materials to be made up
    REQUEST_CORRECTION = "request_correction"  # 补正: one-time notice of everything missing
    REFUSE = "refuse"  # 不予受理, with a written reason


DECISION_STATE = {
    Decision.ACCEPT: CaseState.ACCEPTED,
    Decision.ACCEPT_PENDING: CaseState.ACCEPTED_PENDING,
    Decision.REQUEST_CORRECTION: CaseState.CORRECTION_REQUESTED,
    Decision.REFUSE: CaseState.REFUSED,
}

DECISION_NAMES = {
    Decision.ACCEPT: QT_TRANSLATE_NOOP("domain", "Accept"),
    Decision.ACCEPT_PENDING: QT_TRANSLATE_NOOP("domain", "Accept with materials pending"),
    Decision.REQUEST_CORRECTION: QT_TRANSLATE_NOOP("domain", "Request correction"),
    Decision.REFUSE: QT_TRANSLATE_NOOP("domain", "Refuse"),
}


class MaterialStatus(StrEnum):
    RECEIVED = "received"  # brought to the counter
    SHARED = "shared"  # obtained from the platform by data sharing
    PENDING = "pending"  # 容缺: to be made up by the deadline
    WAIVED = "waived"  # not needed for this applicant
    MISSING = "missing"
    FAULTY = "faulty"  # brought, but not acceptable as it is


MATERIAL_STATUS_NAMES = {
    MaterialStatus.RECEIVED: QT_TRANSLATE_NOOP("domain", "Received"),
    MaterialStatus.SHARED: QT_TRANSLATE_NOOP("domain", "Obtained by sharing"),
    MaterialStatus.PENDING: QT_TRANSLATE_NOOP("domain", "Pending make-up"),
    MaterialStatus.WAIVED: QT_TRANSLATE_NOOP("domain", "Waived"),
    MaterialStatus.MISSING: QT_TRANSLATE_NOOP("domain", "Missing"),
    MaterialStatus.FAULTY: QT_TRANSLATE_NOOP("domain", "Needs correction"),
}


class ApplicantKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True)
class PersonInput:
    """A natural person: the applicant or an agent (代办人)."""

    name: str
    id_type: IdType
    id_number: str
    phone: str
    address: str = ""


@dataclass(frozen=True)
class CompanyInput:
    """A company applicant, identified by its unified social credit code."""

    name: str
    credit_code: str
    legal_rep_name: str
    phone: str
    address: str = ""


@dataclass(frozen=True)
class MaterialInput:
    """What happened to one material of the checklist.

    `form` and `copies` None mean what the catalog asks for (an applicant may
    bring a copy where an original was listed, or more copies). `note` says
    what is wrong with a faulty item or why one was waived; it goes on the notice.
    """

    code: str
    status: MaterialStatus
    copies: int | None = None
    form: str | None = None  # a counter.catalog.spec.MaterialForm value
    pages: int | None = None
    note: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    service_code: str
    decision: Decision
    applicant: PersonInput | CompanyInput
    materials: tuple[MaterialInput, ...] = ()
    agent: PersonInput | None = None
    reason: str = ""  # refusal reason, or a general note on a correction request
    commitment_signed: bool = False  # 容缺: the applicant signed the 承诺书
    makeup_deadline: date | None = None
    case_id: str | None = None  # client UUID; generated when None
    extra: dict = field(default_factory=dict)  # free-form item-specific data, sent as is
