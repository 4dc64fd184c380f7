"""Checking an intake request against its service item, every problem at once.

`check_request` runs every rule on the parties (names, ID numbers, phones, the
item's kind of applicant), the materials checklist and the clerk's decision
(accept, accept with non-key materials pending under a signed commitment,
request a correction, refuse with a reason), and raises one `ValidationError`
naming each field and its rule: the applicant is told all that is missing in
one go. It reads nothing and writes nothing; `counter.intake.submit` calls it
inside the intake's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter.catalog.items import ItemDetail
from counter.catalog.spec import MaterialForm
from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake.request import (
    CompanyInput,
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.store.models import MaterialRequirement
from counter.validation import (
    validate_company_name,
    validate_credit_code,
    validate_id_number,
    validate_person_name,
    validate_phone,
)

MaterialLines = list[tuple[MaterialRequirement, MaterialInput]]
"""Every checklist line of the item with what the clerk recorded for it."""

MIN_REASON_LENGTH = 4
_BLOCKING = {MaterialStatus.MISSING, MaterialStatus.FAULTY, MaterialStatus.PENDING}


_FORMS = tuple(f.value for f in MaterialForm)


class _Problems:
    """Collects field problems so they are all reported together."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, label: str, rule: str, **params: object) -> None:
        self.items.append(
            FieldProblem(field, label, rule, tuple((k, str(v)) for k, v in params.items()))
        )

    def run(self, prefix: str, check: Callable[[], object]) -> object | None:
        try:
            return check()
        except ValidationError as exc:
            self.items.extend(exc.with_prefix(prefix).problems if prefix else exc.problems)
            return None


def _check_person(problems: _Problems, prefix: str, person: PersonInput, today: date) -> None:
    problems.run(prefix, lambda: validate_person_name(person.name))
    problems.run(prefix, lambda: validate_id_number(person.id_type, person.id_number, today=today))
    problems.run(prefix, lambda: validate_phone(person.phone))


def _check_parties(
    problems: _Problems, request: IntakeRequest, detail: ItemDetail, today: date
) -> None:
    applicant = request.applicant
    if isinstance(applicant, CompanyInput):
        if not detail.item.for_company:
            problems.add(
                "applicant",
                QT_TRANSLATE_NOOP("fields", "Applicant"),
                QT_TRANSLATE_NOOP("rules", "this item is for natural persons, not companies"),
            )
        problems.run("applicant", lambda: validate_company_name(applicant.name))
        problems.run("applicant", lambda: validate_credit_code(applicant.credit_code))
        problems.run("applicant.legal_rep", lambda: validate_person_name(applicant.legal_rep_name))
        problems.run("applicant", lambda: validate_phone(applicant.phone))
    else:
        if detail.item.for_company:
            problems.add(
                "applicant",
                QT_TRANSLATE_NOOP("fields", "Applicant"),
                QT_TRANSLATE_NOOP("rules", "this item is for companies; enter the company"),
            )
        _check_person(problems, "applicant", applicant, today)
    if request.agent is not None:
        _check_person(problems, "agent", request.agent, today)


def _material_lines(
    problems: _Problems, request: IntakeRequest, detail: ItemDetail
) -> MaterialLines:
    """Pair every checklist line with what the clerk recorded (unrecorded = missing)."""
    specs = {m.code: m for m in detail.materials}
    given: dict[str, MaterialInput] = {}
    label = QT_TRANSLATE_NOOP("fields", "Material")
    for line in request.materials:
        field = f"materials.{line.code}"
        if line.code not in specs:
            problems.add(
                field,
                label,
                QT_TRANSLATE_NOOP("rules", "{code} is not a material of this item"),
                code=line.code,
            )
        elif line.code in given:
            problems.add(
                field, label, QT_TRANSLATE_NOOP("rules", "{code} is listed twice"), code=line.code
            )
        else:
            given[line.code] = line
    lines = []
    for spec in detail.materials:
        line = given.get(spec.code, MaterialInput(spec.code, MaterialStatus.MISSING))
        field = f"materials.{spec.code}"
        if line.status is MaterialStatus.SHARED and not spec.shareable:
            problems.add(
                field,
                spec.name,
                QT_TRANSLATE_NOOP("rules", "the platform cannot supply this material"),
            )
        if line.copies is not None and line.copies < 1:
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "copies must be at least 1"))
        if line.form is not None and line.form not in _FORMS:
            problems.add(field, spec.name,
                         QT_TRANSLATE_NOOP("rules", "the form must be one of {forms}"),
                         forms="、".join(_FORMS))
        if line.pages is not None and line.pages < 1:
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "pages must be at least 1"))
        if line.status is MaterialStatus.FAULTY and not line.note.strip():
            problems.add(field, spec.name, QT_TRANSLATE_NOOP("rules", "say what is wrong with it"))
        if (
            line.status is MaterialStatus.WAIVED
            and spec.required
            and (spec.key or not line.note.strip())
        ):
            problems.add(
                field,
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules", "only a non-key material may be waived, with the reason noted"
                ),
            )
        lines.append((spec, line))
    return lines


def _check_decision(
    problems: _Problems,
    request: IntakeRequest,
    detail: ItemDetail,
    lines: MaterialLines,
    today: date,
    due: date | None,
) -> None:
    blocking = [(s, m) for s, m in lines if s.required and m.status in _BLOCKING]
    decision = request.decision
    if decision is Decision.ACCEPT:
        for spec, line in blocking:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules",
                    "is required to accept the case; mark it received, or choose "
                    "acceptance with materials pending or a correction request",
                ),
            )
    elif decision is Decision.ACCEPT_PENDING:
        _check_pending(problems, request, detail, blocking, today, due)
    elif decision is Decision.REQUEST_CORRECTION:
        # An optional material left out is no reason to send the applicant away.
        if not any(
            m.status is MaterialStatus.FAULTY or (s.required and m.status is MaterialStatus.MISSING)
            for s, m in lines
        ):
            problems.add(
                "materials",
                QT_TRANSLATE_NOOP("fields", "Materials"),
                QT_TRANSLATE_NOOP(
                    "rules", "nothing is missing or faulty, so there is nothing to correct"
                ),
            )
    elif decision is Decision.REFUSE and len(request.reason.strip()) < MIN_REASON_LENGTH:
        problems.add(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP(
                "rules", "a refusal needs a written reason of at least {min} characters"
            ),
            min=MIN_REASON_LENGTH,
        )


def _check_pending(
    problems: _Problems,
    request: IntakeRequest,
    detail: ItemDetail,
    blocking: MaterialLines,
    today: date,
    due: date | None,
) -> None:
    """容缺受理: only non-key materials may be outstanding, under a signed commitment."""
    if detail.item.promised_days == 0:
        problems.add(
            "decision",
            QT_TRANSLATE_NOOP("fields", "Decision"),
            QT_TRANSLATE_NOOP(
                "rules", "an immediate item cannot be accepted with materials pending"
            ),
        )
    if not any(line.status is MaterialStatus.PENDING for _, line in blocking):
        problems.add(
            "materials",
            QT_TRANSLATE_NOOP("fields", "Materials"),
            QT_TRANSLATE_NOOP("rules", "mark the materials to be made up as pending"),
        )
    for spec, line in blocking:
        if line.status is not MaterialStatus.PENDING:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP(
                    "rules",
                    "must be in hand or marked pending; only pending non-key materials "
                    "may be outstanding",
                ),
            )
        elif spec.key:
            problems.add(
                f"materials.{spec.code}",
                spec.name,
                QT_TRANSLATE_NOOP("rules", "is a key material and cannot be made up later"),
            )
    if not request.commitment_signed:
        problems.add(
            "commitment",
            QT_TRANSLATE_NOOP("fields", "Commitment"),
            QT_TRANSLATE_NOOP(
                "rules", "the applicant must sign the commitment to make up the materials"
            ),
        )
    deadline = request.makeup_deadline
    label = QT_TRANSLATE_NOOP("fields", "Make-up deadline")
    if deadline is None:
        problems.add("makeup_deadline", label, QT_TRANSLATE_NOOP("rules", "is required"))
    elif deadline <= today:
        problems.add("makeup_deadline", label, QT_TRANSLATE_NOOP("rules", "must be after today"))
    elif due is not None and deadline > due:
        problems.add(
            "makeup_deadline",
            label,
            QT_TRANSLATE_NOOP("rules", "must be no later than the promised date {due}"),
            due=due.isoformat(),
        )


def check_request(
    request: IntakeRequest, detail: ItemDetail, today: date, due: date | None
) -> MaterialLines:
    """Every checklist line paired with what was recorded; raise `ValidationError` with every problem.

    `due` is the promised date the case would get (None when the decision sets none).
    """
    problems = _Problems()
    _check_parties(problems, request, detail, today)
    lines = _material_lines(problems, request, detail)
    _check_decision(problems, request, detail, lines, today, due)
    if problems.items:
        raise ValidationError(problems.items)
    return lines
