"""Batch upload of case events from a desk's outbox, and the platform's answer per item.

Each item carries the idempotency key its outbox row was given at the counter.
The platform keeps a hash of every item it has answered under that key (per
office): the same key with the same item is answered ``duplicate`` with the
first answer repeated; the same key with a different item is ``rejected`` with
``idempotency_conflict`` and changes nothing. Rejections are per item; one bad
item never fails the batch.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from sync.protocol.base import Versioned, WireModel

MAX_BATCH_ITEMS = 500
INTAKE = "case.intake"
INTAKE_REVISION = "case.intake_revision"
TRANSITION = "case.transition"
EVALUATION = "evaluation"
CORRECTION = "case.correction"
MAKEUP = "case.makeup"
DEADLINE_EXTENDED = "case.deadline_extended"


class UploadStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class ReasonCode(StrEnum):
    """Why an item was rejected. A rejection is final: resending the same item cannot help."""

    IDEMPOTENCY_CONFLICT = "idempotency_conflict"  # key seen before with a different item
    UNKNOWN_KIND = "unknown_kind"  # this platform does not take that kind of event
    INVALID_PAYLOAD = "invalid_payload"  # payload does not fit the kind's schema
    CASE_ID_MISMATCH = "case_id_mismatch"  # item.case_id differs from payload.case_id
    OFFICE_MISMATCH = "office_mismatch"  # payload names another office than the token's
    DESK_MISMATCH = "desk_mismatch"  # payload names another desk than the token's
    MASKED_ID_NUMBER = "masked_id_number"  # an ID number with "*": a display copy was sent
    INVALID_ID_NUMBER = "invalid_id_number"  # fails the number check of its document type
    UNKNOWN_SERVICE = "unknown_service"  # service code not in the platform's catalog
    CASE_EXISTS = "case_exists"  # a different intake for this case id was accepted before
    UNKNOWN_CASE = "unknown_case"  # a transition for a case the platform has not received
    ILLEGAL_TRANSITION = "illegal_transition"  # the move contradicts the platform's record
    EVALUATION_EXISTS = "evaluation_exists"  # this visit of the case was rated before
    UNKNOWN_REVISION = "unknown_revision"  # a revision names no intake refused for its case
    # The acceptance number is not the token desk's (OOOOOO-DD-YYYYMMDD-NNNN of its office
    # and desk), or another case of the office holds it already.
    INVALID_ACCEPTANCE_NO = "invalid_acceptance_no"
    ACCEPTANCE_NO_TAKEN = "acceptance_no_taken"


class DeskInfo(WireModel):
    """Who is uploading; must match the desk the bearer token was issued to."""

    office_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    desk_code: str = Field(pattern=r"^[0-9]{2}$")
    app_version: str = Field(default="", max_length=64)


class AuditHead(WireModel):
    """The head of the desk's hash-chained audit log when the batch was sent."""

    entry_id: int = Field(ge=0)
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class UploadItem(WireModel):
    """One outbox row, sent exactly as frozen at the counter."""

    idempotency_key: str = Field(min_length=8, max_length=100)
    kind: str = Field(
        min_length=1,
        max_length=64,
        description=(
            '"case.intake", "case.intake_revision", "case.transition", "case.correction",'
            ' "case.makeup", "case.deadline_extended" or "evaluation" in v1.'
        ),
    )
    case_id: str | None = Field(default=None, max_length=64)
    payload: dict = Field(description="Kind-specific object; see IntakePayload, TransitionPayload.")
    created_at: AwareDatetime


class UploadBatch(WireModel):
    desk: DeskInfo
    audit_head: AuditHead | None = None
    items: list[UploadItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class UploadResult(WireModel):
    """The answer for one item. For ``duplicate``, the fields repeat the first answer."""

    idempotency_key: str
    status: UploadStatus
    first_status: UploadStatus | None = Field(
        default=None, description="For a duplicate: accepted or rejected, as first answered."
    )
    reason_code: ReasonCode | None = None
    reason: str = ""
    platform_case_id: str | None = None


class AuditCheck(StrEnum):
    RECORDED = "recorded"  # consistent with every head this desk reported before
    MISMATCH = "mismatch"  # an entry id reported before now has another hash, or the log shrank
    ABSENT = "absent"  # the batch carried no head


class UploadResponse(Versioned):
    results: list[UploadResult] = Field(description="One per item, in the order sent.")
    audit: AuditCheck


# -- payloads of the v1 kinds --------------------------------------------------------


class PartyWire(WireModel):
    kind: Literal["person", "company"] = "person"
    name: str = Field(min_length=1)
    id_type: str = Field(min_length=1)
    id_number: str = Field(min_length=1)
    phone: str = ""
    address: str = ""
    legal_rep_name: str = ""


class MaterialLine(WireModel):
    code: str
    name: str
    status: Literal["received", "shared", "pending", "waived", "missing", "faulty"]
    form: str = Field(default="", description="原件, 复印件, 原件及复印件 or 电子材料, as brought.")
    copies: int | None = None
    pages: int | None = None
    note: str = ""


class IntakePayload(WireModel):
    """Payload of ``case.intake``: the case as decided at the counter (`counter.intake.submit`)."""

    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = Field(min_length=1, max_length=64)
    office_code: str
    desk_code: str
    service_code: str
    decision: Literal["accept", "accept_pending", "request_correction", "refuse"]
    state: Literal["accepted", "accepted_pending", "correction_requested", "refused"]
    applicant: PartyWire
    agent: PartyWire | None = None
    materials: list[MaterialLine]
    accepted_at: AwareDatetime
    local_date: date
    due_date: date | None = None
    due_provisional: bool = False
    makeup_deadline: date | None = None
    reason: str = ""
    clerk: str = ""
    extra: dict = Field(default_factory=dict)


class Resubmission(WireModel):
    """Who corrected a refused intake, when, why, and which columns of the case changed."""

    at: AwareDatetime
    actor: str = ""
    reason: str = Field(min_length=1)
    fields: list[str] = Field(default_factory=list)


class IntakeRevisionPayload(IntakePayload):
    """Payload of ``case.intake_revision``: an intake the platform refused, corrected and sent
    again (`counter.supervision.resubmission`).

    The case as it now stands at the counter, shaped as the intake (same case
    id, acceptance number, `accepted_at` and `local_date`), plus `revises`, the
    idempotency key of the refused intake (or refused revision) it replaces.
    Taken like an intake once the platform finds that key refused for this
    case; the platform's case keeps this payload, and so the link.
    """

    revises: str = Field(min_length=8, max_length=100)
    revision: int = Field(ge=2, description="2 for the first resubmission, then 3, ...")
    resubmission: Resubmission


class TransitionPayload(WireModel):
    """Payload of ``case.transition``: a move of the case's state made at the counter."""

    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = ""
    from_state: str = Field(alias="from")
    to_state: str = Field(alias="to")
    at: AwareDatetime
    actor: str = ""
    reason: str = ""
    data: dict = Field(default_factory=dict)


class EvaluationPayload(WireModel):
    """Payload of ``evaluation``: the applicant's rating of one visit (`counter.evaluation`)."""

    evaluation_id: str = Field(min_length=1, max_length=64)
    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = ""
    visit: Literal["intake", "delivery"]
    level: int = Field(ge=1, le=5, description="5 very satisfied ... 1 very dissatisfied.")
    reason: str = Field(default="", max_length=500)
    at: AwareDatetime
    clerk: str = ""

    @model_validator(mode="after")
    def _low_rating_has_a_reason(self) -> EvaluationPayload:
        if self.level <= 2 and not self.reason.strip():
            raise ValueError("a rating of 1 or 2 needs a reason")
        return self


class CorrectionPayload(WireModel):
    """Payload of ``case.correction``: the applicant's or agent's data corrected by a supervisor.

    `fields` names the corrected columns of the counter's case; `applicant` and
    `agent` are the parties as they now stand, ID numbers in full (the platform
    needs them; the counter shows them masked). Never an edit of the intake
    payload, which stays as first sent (`counter.supervision.correction`).
    """

    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = ""
    at: AwareDatetime
    actor: str = ""
    reason: str = Field(min_length=1)
    fields: list[str] = Field(min_length=1)
    applicant: PartyWire
    agent: PartyWire | None = None


class MakeupMaterial(WireModel):
    code: str = Field(min_length=1)
    name: str = ""


class MakeupPayload(WireModel):
    """Payload of ``case.makeup``: pending (容缺) materials handed in; `remaining` still pending.

    When none remain, a ``case.transition`` to accepted follows in its own item.
    """

    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = ""
    at: AwareDatetime
    actor: str = ""
    reason: str = Field(min_length=1)
    materials: list[MakeupMaterial] = Field(min_length=1)
    remaining: list[str] = Field(default_factory=list)


class DeadlineExtendedPayload(WireModel):
    """Payload of ``case.deadline_extended``: the promised date moved later, with the reason."""

    case_id: str = Field(min_length=1, max_length=64)
    acceptance_no: str = ""
    at: AwareDatetime
    actor: str = ""
    reason: str = Field(min_length=1)
    old_due: date
    new_due: date
    working_days: int = Field(ge=0)
    provisional: bool = False

    @model_validator(mode="after")
    def _later(self) -> DeadlineExtendedPayload:
        if self.new_due <= self.old_due:
            raise ValueError("new_due must be later than old_due")
        return self
