"""Checks the platform makes on each uploaded event before it takes it.

Every check returns a `Rejection` with a machine-readable code, never raises:
one bad item must not fail the batch it came in. Messages never carry a full
ID number (they end up in the desk's dead-letter list and in logs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError as PydanticError

from counter.errors import ValidationError
from counter.intake import numbering
from counter.intake.numbering import AcceptanceNumber
from counter.validation import validate_credit_code, validate_id_number
from sync.protocol import IntakePayload, ReasonCode, TransitionPayload, UploadItem
from sync.protocol.upload import (
    CORRECTION,
    DEADLINE_EXTENDED,
    MAKEUP,
    CorrectionPayload,
    DeadlineExtendedPayload,
    MakeupPayload,
    PartyWire,
)
from sync.server.auth import DeskIdentity

_P = TypeVar("_P", bound=IntakePayload | TransitionPayload)


@dataclass(frozen=True)
class Rejection:
    code: ReasonCode
    reason: str


def schema_problem(exc: PydanticError) -> Rejection:
    shown = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'payload'}: {e['msg']}" for e in exc.errors()[:5]
    )
    return Rejection(ReasonCode.INVALID_PAYLOAD, shown)


def parse_case_payload(item: UploadItem, model: type[_P]) -> _P | Rejection:
    """The item's payload as `model`, whose case id must be the item's (when it names one)."""
    try:
        payload = model.model_validate(item.payload)
    except PydanticError as exc:
        return schema_problem(exc)
    if item.case_id is not None and item.case_id != payload.case_id:
        return Rejection(ReasonCode.CASE_ID_MISMATCH, "item case_id differs from payload case_id")
    return payload


def parse_intake(item: UploadItem) -> IntakePayload | Rejection:
    return parse_case_payload(item, IntakePayload)


def parse_transition(item: UploadItem) -> TransitionPayload | Rejection:
    return parse_case_payload(item, TransitionPayload)


def check_intake(payload: IntakePayload, desk: DeskIdentity) -> Rejection | None:
    """Office, desk and acceptance number are the token's; every ID number is whole and sound."""
    if payload.office_code != desk.office_code:
        return Rejection(
            ReasonCode.OFFICE_MISMATCH,
            f"payload office {payload.office_code} is not this token's office {desk.office_code}",
        )
    if payload.desk_code != desk.desk_code:
        return Rejection(
            ReasonCode.DESK_MISMATCH,
            f"payload desk {payload.desk_code} is not this token's desk {desk.desk_code}",
        )
    if desk_number(payload, desk) is None:
        return Rejection(
            ReasonCode.INVALID_ACCEPTANCE_NO,
            f"acceptance number {payload.acceptance_no[:64]!r} is not one desk "
            f"{desk.office_code}-{desk.desk_code} issues (OOOOOO-DD-YYYYMMDD-NNNN)",
        )
    today = payload.accepted_at.date()
    parties = [("applicant", payload.applicant)]
    if payload.agent is not None:
        parties.append(("agent", payload.agent))
    for role, party in parties:
        problem = _check_party(role, party, today)
        if problem is not None:
            return problem
    return None


def desk_number(payload: IntakePayload, desk: DeskIdentity) -> AcceptanceNumber | None:
    """The intake's acceptance number if it is well formed and the token desk's own."""
    try:
        number = numbering.parse(payload.acceptance_no)
    except ValidationError:
        return None
    if str(number) != payload.acceptance_no:  # as issued: upper case, no spaces
        return None
    if (number.office_code, number.desk_code) != (desk.office_code, desk.desk_code):
        return None
    return number


def _check_party(role: str, party: PartyWire, today) -> Rejection | None:  # type: ignore[no-untyped-def]
    if "*" in party.id_number:
        return Rejection(
            ReasonCode.MASKED_ID_NUMBER,
            f"{role} ID number is masked; send the number as recorded, not a display copy",
        )
    try:
        if party.kind == "company" or party.id_type == "credit_code":
            validate_credit_code(party.id_number, field=f"{role}.id_number")
        else:
            validate_id_number(party.id_type, party.id_number, today=today,
                               field=f"{role}.id_number")
    except ValidationError as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        return Rejection(ReasonCode.INVALID_ID_NUMBER, f"{role}: {problems}")
    except ValueError as exc:  # e.g. an id_type the core does not know
        return Rejection(ReasonCode.INVALID_ID_NUMBER, f"{role}: {exc}")
    return None


# -- the supervisor's case events (counter.supervision.correction, counter.supervision.actions) --

SupervisionPayload = CorrectionPayload | MakeupPayload | DeadlineExtendedPayload
SUPERVISION_PAYLOADS = (CorrectionPayload, MakeupPayload, DeadlineExtendedPayload)
_SUPERVISION_MODELS: dict[str, type[SupervisionPayload]] = {
    CORRECTION: CorrectionPayload,
    MAKEUP: MakeupPayload,
    DEADLINE_EXTENDED: DeadlineExtendedPayload,
}
SUPERVISION_KINDS = frozenset(_SUPERVISION_MODELS)


def parse_supervision(item: UploadItem) -> SupervisionPayload | Rejection:
    """A correction, make-up or extension item checked against its kind's schema."""
    try:
        payload = _SUPERVISION_MODELS[item.kind].model_validate(item.payload)
    except PydanticError as exc:
        return schema_problem(exc)
    if item.case_id is not None and item.case_id != payload.case_id:
        return Rejection(ReasonCode.CASE_ID_MISMATCH, "item case_id differs from payload case_id")
    return payload


def check_supervision(payload: SupervisionPayload) -> Rejection | None:
    """A corrected party's ID numbers are whole and well-formed, as at intake."""
    if not isinstance(payload, CorrectionPayload):
        return None
    today = payload.at.date()
    parties = [("applicant", payload.applicant)]
    if payload.agent is not None:
        parties.append(("agent", payload.agent))
    for role, party in parties:
        problem = _check_party(role, party, today)
        if problem is not None:
            return problem
    return None
