"""Correcting the applicant's and the agent's particulars of a recorded case (supervisors).

A wrong digit in a phone number, a misspelt name, an ID number typed from a
worn card: the case's row is the desk's current view of the applicant, so it
is updated, but the intake payload already in the outbox (or at the platform)
is never touched. The correction is a new step: a ``correction`` event with
the old and new values, an audit entry, and a ``case.correction`` outbox item.

ID numbers: the event row and the audit entry are read on screens, printed in
reports and kept for years, so they hold the numbers masked, like every other
display copy (DESIGN.md, "Personal data"). The outbox payload is what the
platform needs to process the case: it carries the corrected parties in full,
as the intake payload does, because a masked number is useless to a
department (and the platform refuses it: ``masked_id_number``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from counter.cases.lifecycle import CaseState, record_step
from counter.clock import office_date, utc_now
from counter.desk import Desk
from counter.errors import FieldProblem, NotFound, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.models import Case
from counter.supervision.common import checked_reason, state_problem
from counter.users import Actor, Permission, require
from counter.validation import (
    IdType,
    mask_id_number,
    validate_company_name,
    validate_credit_code,
    validate_id_number,
    validate_person_name,
    validate_phone,
)

CORRECTION_EVENT = "correction"
CORRECTION_KIND = "case.correction"

# Columns holding an identity number: masked wherever the correction is shown.
_ID_COLUMNS = frozenset({"applicant_id_number", "agent_id_number"})


@dataclass(frozen=True)
class ApplicantCorrection:
    """The corrected values; a field left None keeps what the case holds.

    For a company, `applicant_id_number` is the unified social credit code and
    `legal_rep_name` its legal representative. Setting every agent field to
    ``""`` removes the agent; giving them to a case without one adds one.
    """

    applicant_name: str | None = None
    applicant_id_type: str | None = None
    applicant_id_number: str | None = None
    applicant_phone: str | None = None
    applicant_address: str | None = None
    legal_rep_name: str | None = None
    agent_name: str | None = None
    agent_id_type: str | None = None
    agent_id_number: str | None = None
    agent_phone: str | None = None

    def given(self) -> dict[str, str]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class CorrectionResult:
    """What changed: each corrected column with its old and new value (ID numbers masked)."""

    case_id: str
    changes: dict[str, dict[str, str]]


def _normalise_id(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def _cleaned(column: str, value: str) -> str:
    return _normalise_id(value) if column in _ID_COLUMNS else value.strip()


def _shown(column: str, value: str) -> str:
    return mask_id_number(value) if column in _ID_COLUMNS and value else value


def _validate(case: Case, new: dict[str, str], today: date) -> dict[str, str]:
    """Check the corrected parties as intake checks them; the values as they will be stored."""
    problems: list[FieldProblem] = []

    def run(prefix: str, check) -> str | None:  # type: ignore[no-untyped-def]
        try:
            return check()
        except ValidationError as exc:
            problems.extend(exc.with_prefix(prefix).problems)
            return None
        except ValueError:  # no id_type, or one the core does not know
            given = new.get(f"{prefix}_id_type", "")
            problems.append(
                FieldProblem(
                    f"{prefix}.id_type",
                    QT_TRANSLATE_NOOP("fields", "ID type"),
                    QT_TRANSLATE_NOOP("rules", "is not a known document type")
                    if given
                    else QT_TRANSLATE_NOOP("rules", "is required"),
                )
            )
            return None

    out = dict(new)
    if case.applicant_kind == "company":
        out["applicant_name"] = (
            run("applicant", lambda: validate_company_name(new["applicant_name"])) or ""
        )
        out["applicant_id_number"] = (
            run("applicant", lambda: validate_credit_code(new["applicant_id_number"])) or ""
        )
        out["legal_rep_name"] = (
            run("applicant.legal_rep", lambda: validate_person_name(new["legal_rep_name"])) or ""
        )
    else:
        out["applicant_name"] = (
            run("applicant", lambda: validate_person_name(new["applicant_name"])) or ""
        )
        run(
            "applicant",
            lambda: validate_id_number(
                IdType(new["applicant_id_type"]), new["applicant_id_number"], today=today
            ),
        )
    out["applicant_phone"] = run("applicant", lambda: validate_phone(new["applicant_phone"])) or ""
    agent_columns = ("agent_name", "agent_id_type", "agent_id_number", "agent_phone")
    if any(new[c] for c in agent_columns):
        out["agent_name"] = run("agent", lambda: validate_person_name(new["agent_name"])) or ""
        run(
            "agent",
            lambda: validate_id_number(
                IdType(new["agent_id_type"]), new["agent_id_number"], today=today
            ),
        )
        out["agent_phone"] = run("agent", lambda: validate_phone(new["agent_phone"])) or ""
    if problems:
        raise ValidationError(problems)
    return out


def party_payload(case: Case) -> tuple[dict, dict | None]:
    """The corrected parties in full, shaped as in the intake payload (counter.intake.submit)."""
    applicant = {
        "kind": case.applicant_kind,
        "name": case.applicant_name,
        "id_type": case.applicant_id_type,
        "id_number": case.applicant_id_number,
        "phone": case.applicant_phone,
        "address": case.applicant_address,
        "legal_rep_name": case.legal_rep_name,
    }
    agent = None
    if case.agent_name:
        agent = {
            "name": case.agent_name,
            "id_type": case.agent_id_type,
            "id_number": case.agent_id_number,
            "phone": case.agent_phone,
        }
    return applicant, agent


def correct_applicant(
    desk: Desk,
    actor: Actor,
    case_id: str,
    correction: ApplicantCorrection,
    reason: str,
    *,
    now: datetime | None = None,
) -> CorrectionResult:
    """Correct the case's applicant or agent data (supervisors only, with a written reason).

    Validated like intake; every problem is reported at once, each naming its
    field (``applicant.id_number``, ``agent.phone``...). Nothing is written
    unless at least one value really changes.
    """
    require(actor, Permission.CORRECT_CASE)
    reason = checked_reason(reason)
    at = (now or utc_now()).astimezone(UTC)
    with desk.store.write() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(QT_TRANSLATE_NOOP("core", "no case with id {case_id}"), case_id=case_id)
        if case.state == CaseState.VOIDED:
            raise state_problem(case.state)
        shown = apply_correction(case, correction, office_date(at, desk.zone))
        if not shown:
            raise ValidationError.single(
                "correction",
                QT_TRANSLATE_NOOP("fields", "Correction"),
                QT_TRANSLATE_NOOP("rules", "changes nothing: every value is as recorded"),
            )
        case.updated_at = at
        session.add(case)
        applicant, agent = party_payload(case)
        record_step(
            session, case, actor, at=at, reason=reason,
            event_kind=CORRECTION_EVENT, event_data={"changes": shown},
            action="case.correction", audit_detail={"changes": shown, "reason": reason},
            outbox_kind=CORRECTION_KIND,
            payload={"fields": sorted(shown), "applicant": applicant, "agent": agent},
        )
    return CorrectionResult(case_id, shown)


def apply_correction(
    case: Case, correction: ApplicantCorrection, today: date
) -> dict[str, dict[str, str]]:
    """Validate `correction` against `case` and set the values that change on it.

    Returns each changed column with its old and new value (ID numbers
    masked); empty when nothing changes. Raises `ValidationError` with every
    problem, changing nothing.
    """
    given = correction.given()
    if case.applicant_kind == "company":
        given.pop("applicant_id_type", None)  # a company is known by its credit code
    else:
        given.pop("legal_rep_name", None)  # only a company has a legal representative
    current = {column: str(getattr(case, column) or "") for column in _columns()}
    merged = {**current, **{c: _cleaned(c, v) for c, v in given.items()}}
    stored = _validate(case, merged, today)
    if not any(stored[c] for c in ("agent_name", "agent_id_number", "agent_phone")):
        stored["agent_id_type"] = ""  # no agent: nothing of one is kept
    changed = {c: stored[c] for c in _columns() if stored[c] != current[c]}
    for column, value in changed.items():
        setattr(case, column, value)
    return {c: {"old": _shown(c, current[c]), "new": _shown(c, v)} for c, v in changed.items()}


def _columns() -> tuple[str, ...]:
    return tuple(f.name for f in fields(ApplicantCorrection))
