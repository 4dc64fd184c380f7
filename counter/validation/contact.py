"""Checks an applicant's contact phone number and the names on a case.

Phones: a mainland mobile number (11 digits, 13x-19x) or a landline with its
area code (0 + 2 or 3 digits, optional hyphen, 7 or 8 digits), because the
hall calls or texts applicants when a result is ready. International numbers
are not accepted here.

Names: a person's name (2-40 characters, no digits) or an organisation's name
(2-100 characters); names are kept as written apart from trimmed and
collapsed spaces, since rare characters in names must survive unchanged.
"""

from __future__ import annotations

import re
import unicodedata

from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation._common import (
    LENGTH_OUT_OF_RANGE,
    REQUIRED,
    normalise_code,
    problem,
    raise_if_any,
)

PHONE_LABEL = QT_TRANSLATE_NOOP("fields", "Phone")
NAME_LABEL = QT_TRANSLATE_NOOP("fields", "Name")

PHONE_FORMAT = QT_TRANSLATE_NOOP(
    "rules",
    "must be an 11-digit mobile number starting 13 to 19, "
    "or a landline number with area code such as 010-12345678",
)
NAME_HAS_DIGITS = QT_TRANSLATE_NOOP("rules", "must not contain digits")
NAME_HAS_CONTROL = QT_TRANSLATE_NOOP("rules", "must not contain line breaks or control characters")

PERSON_NAME_MIN, PERSON_NAME_MAX = 2, 40
COMPANY_NAME_MIN, COMPANY_NAME_MAX = 2, 100

# ASCII classes on purpose: `\d` would also accept digits of other scripts.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
_SPACES = re.compile(r" {2,}")


def validate_phone(value: str, *, field: str = "phone", label: str = PHONE_LABEL) -> str:
    """Check a phone number; return it without spaces (a landline keeps its hyphen)."""
    phone = normalise_code(value)
    if not phone:
        raise ValidationError.single(field, label, REQUIRED)
    if not (_MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone)):
        raise ValidationError.single(field, label, PHONE_FORMAT)
    return phone


def validate_person_name(value: str, *, field: str = "name", label: str = NAME_LABEL) -> str:
    """Check a person's name; return it trimmed with runs of spaces collapsed."""
    name = _clean_name(value)
    problems = _name_problems(name, PERSON_NAME_MIN, PERSON_NAME_MAX, field, label)
    if any(c.isdigit() for c in name):
        # isdigit() also catches full-width digits typed with a Chinese input method.
        problems.append(problem(field, label, NAME_HAS_DIGITS))
    raise_if_any(problems)
    return name


def validate_company_name(value: str, *, field: str = "name", label: str = NAME_LABEL) -> str:
    """Check an organisation's name (digits allowed); return it trimmed and collapsed."""
    name = _clean_name(value)
    raise_if_any(_name_problems(name, COMPANY_NAME_MIN, COMPANY_NAME_MAX, field, label))
    return name


def _clean_name(value: str) -> str:
    return _SPACES.sub(" ", value.strip())


def _name_problems(
    name: str, minimum: int, maximum: int, field: str, label: str
) -> list[FieldProblem]:
    """Presence, length and control-character problems common to both kinds of name."""
    if not name:
        return [problem(field, label, REQUIRED)]
    problems: list[FieldProblem] = []
    if not minimum <= len(name) <= maximum:
        problems.append(
            problem(
                field,
                label,
                LENGTH_OUT_OF_RANGE,
                minimum=minimum,
                maximum=maximum,
                length=len(name),
            )
        )
    # A line break or tab inside a name would break the printed receipt's layout.
    if any(unicodedata.category(c) == "Cc" for c in name):
        problems.append(problem(field, label, NAME_HAS_CONTROL))
    return problems
