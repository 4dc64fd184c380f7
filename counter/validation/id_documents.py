"""Identity documents an applicant may show at the counter, and their number checks.

Formats accepted, per document:

- Resident ID card (居民身份证): GB 11643-1999, see `resident_id`. A residence
  permit number (810000/820000/830000...) typed under this type is refused with
  a hint to choose the permit type, so the record names the right document.
- Passport (护照): 5 to 17 letters or digits. Chinese passports are E or G
  followed by 8 characters, but foreign passports vary too much for more than
  a format check.
- Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证,
  "回乡证"): H (Hong Kong) or M (Macao) and 8 digits, the holder's lifelong
  number as printed on cards since 2013; or H/M and 10 digits, the form the
  Ministry of Public Security published in 2010 (8-digit lifelong number plus a
  2-digit renewal count, 00 on first issue), still seen on older cards and in
  other systems.
- Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证, "台胞证"):
  8 digits, the lifelong number used since 25 September 2008 and on the 2015
  card. Older permits (from 1992) used 10 digits (lifelong number plus a
  2-digit issue count) followed by the issuing office code in brackets, e.g.
  "0561682001(D)"; from 2006 some offices dropped the bracketed code. Those
  forms are accepted; a bare trailing office letter is stored in brackets.
- Foreign Permanent Resident ID Card (外国人永久居留身份证): the 2017 card's 15
  characters, 3 letters (nationality) and 12 digits, checked for shape only;
  or the 18-character number on cards issued since 1 December 2023: "9", the
  2-digit province code of the receiving office, a 3-digit nationality code,
  the birth date as YYYYMMDD, a 2-digit sequence, a sex digit (odd men, even
  women) and a GB 11643 MOD 11-2 check character.
- Residence Permit for Hong Kong, Macao and Taiwan Residents (港澳台居民居住证):
  GB 11643 layout with region code 810000, 820000 or 830000.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation._common import (
    LENGTH_OUT_OF_RANGE,
    REQUIRED,
    Sex,
    normalise_code,
    problem,
)
from counter.validation.resident_id import (
    ID_NUMBER_LABEL,
    LENGTH,
    MAINLAND_PROVINCE_CODES,
    PERMIT_REGION_CODES,
    parse_gb11643_layout,
    parse_resident_id,
)


class IdType(StrEnum):
    """Kind of identity document; the value is the stable key stored with a case."""

    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"
    RESIDENCE_PERMIT_HKMT = "residence_permit_hkmt"

    @property
    def display_name(self) -> str:
        """English name for screens; translate with context "domain"."""
        return _DISPLAY_NAMES[self]


_DISPLAY_NAMES: dict[IdType, str] = {
    IdType.RESIDENT_ID: QT_TRANSLATE_NOOP("domain", "Resident ID card"),
    IdType.PASSPORT: QT_TRANSLATE_NOOP("domain", "Passport"),
    IdType.HK_MACAO_PERMIT: QT_TRANSLATE_NOOP(
        "domain", "Mainland Travel Permit for Hong Kong and Macao Residents"
    ),
    IdType.TAIWAN_PERMIT: QT_TRANSLATE_NOOP(
        "domain", "Mainland Travel Permit for Taiwan Residents"
    ),
    IdType.FOREIGN_PERMANENT_RESIDENT: QT_TRANSLATE_NOOP(
        "domain", "Foreign Permanent Resident ID Card"
    ),
    IdType.RESIDENCE_PERMIT_HKMT: QT_TRANSLATE_NOOP(
        "domain", "Residence Permit for Hong Kong, Macao and Taiwan Residents"
    ),
}

IS_RESIDENCE_PERMIT_NUMBER = QT_TRANSLATE_NOOP(
    "rules",
    "is a Hong Kong, Macao or Taiwan residence permit number; choose that document type",
)
PERMIT_PREFIX_WRONG = QT_TRANSLATE_NOOP("rules", "must start with 810000, 820000 or 830000")
PASSPORT_CHARACTERS = QT_TRANSLATE_NOOP("rules", "may contain only letters A-Z and digits")
HK_MACAO_FORMAT = QT_TRANSLATE_NOOP("rules", "must be H or M followed by 8 digits (or 10 digits)")
TAIWAN_FORMAT = QT_TRANSLATE_NOOP(
    "rules",
    "must be 8 digits, or 10 digits optionally followed by an office code in brackets "
    "on permits issued before September 2008",
)
FOREIGN_LENGTH = QT_TRANSLATE_NOOP(
    "rules", "must be 15 characters (2017 card) or 18 characters (2023 card), not {length}"
)
FOREIGN_2017_FORMAT = QT_TRANSLATE_NOOP(
    "rules", "a 15-character number must be 3 letters followed by 12 digits"
)
FOREIGN_2023_FIRST = QT_TRANSLATE_NOOP("rules", "an 18-character number must start with 9")
FOREIGN_2023_PROVINCE = QT_TRANSLATE_NOOP(
    "rules", "characters 2 and 3 ({code}) must be a province code"
)

PASSPORT_MIN_LENGTH = 5
PASSPORT_MAX_LENGTH = 17

_ALPHANUMERIC = re.compile(r"[A-Z0-9]+")
_HK_MACAO = re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})")
_TAIWAN = re.compile(r"[0-9]{8}|[0-9]{10}")
# Pre-2008 Taiwan permits: 10 digits and the issuing office in brackets, "0561682001(D)".
# Brackets typed full-width become ASCII in `normalise_code`.
# A bare trailing letter is taken as the office code too; a bare trailing digit is not,
# because it cannot be told apart from one digit too many.
_TAIWAN_OLD_OFFICE = re.compile(r"([0-9]{10})(?:\(([A-Z0-9])\)|([A-Z]))")
_FOREIGN_2017 = re.compile(r"[A-Z]{3}[0-9]{12}")


@dataclass(frozen=True)
class ValidatedId:
    """A checked document number; birth date and sex only where the number encodes them."""

    id_type: IdType
    number: str
    birth_date: date | None = None
    sex: Sex | None = None


Validator = Callable[[str, date | None, str, str], ValidatedId]


def validate_id_number(
    id_type: IdType | str,
    value: str,
    *,
    today: date | None = None,
    field: str = "id_number",
    label: str = ID_NUMBER_LABEL,
) -> ValidatedId:
    """Check `value` as a number of the given document type.

    The number is normalised (spaces removed, upper case, full-width
    characters folded). Raises `ValidationError` listing every problem found;
    `today` bounds birth dates (defaults to the system date). An unknown
    `id_type` string raises `ValueError`, a programming error.
    """
    kind = IdType(id_type)
    number = normalise_code(value)
    if not number:
        raise ValidationError.single(field, label, REQUIRED)
    return _VALIDATORS[kind](number, today, field, label)


def _resident_id(number: str, today: date | None, field: str, label: str) -> ValidatedId:
    parsed = parse_resident_id(number, today=today, field=field, label=label)
    if parsed.is_residence_permit:
        raise ValidationError.single(field, label, IS_RESIDENCE_PERMIT_NUMBER)
    return ValidatedId(IdType.RESIDENT_ID, parsed.number, parsed.birth_date, parsed.sex)


def _residence_permit(number: str, today: date | None, field: str, label: str) -> ValidatedId:
    parts = parse_gb11643_layout(
        number, check_region=_permit_region_problems, today=today, field=field, label=label
    )
    return ValidatedId(IdType.RESIDENCE_PERMIT_HKMT, parts.number, parts.birth_date, parts.sex)


def _permit_region_problems(code: str, field: str, label: str) -> list[FieldProblem]:
    if code in PERMIT_REGION_CODES:
        return []
    return [problem(field, label, PERMIT_PREFIX_WRONG)]


def _passport(number: str, today: date | None, field: str, label: str) -> ValidatedId:
    problems: list[FieldProblem] = []
    if not PASSPORT_MIN_LENGTH <= len(number) <= PASSPORT_MAX_LENGTH:
        problems.append(
            problem(
                field,
                label,
                LENGTH_OUT_OF_RANGE,
                minimum=PASSPORT_MIN_LENGTH,
                maximum=PASSPORT_MAX_LENGTH,
                length=len(number),
            )
        )
    if not _ALPHANUMERIC.fullmatch(number):
        problems.append(problem(field, label, PASSPORT_CHARACTERS))
    if problems:
        raise ValidationError(problems)
    return ValidatedId(IdType.PASSPORT, number)


def _hk_macao_permit(number: str, today: date | None, field: str, label: str) -> ValidatedId:
    if not _HK_MACAO.fullmatch(number):
        raise ValidationError.single(field, label, HK_MACAO_FORMAT)
    return ValidatedId(IdType.HK_MACAO_PERMIT, number)


def _taiwan_permit(number: str, today: date | None, field: str, label: str) -> ValidatedId:
    if _TAIWAN.fullmatch(number):
        return ValidatedId(IdType.TAIWAN_PERMIT, number)
    old = _TAIWAN_OLD_OFFICE.fullmatch(number)
    if old:
        digits, bracketed, bare = old.groups()
        # Stored as printed on the permit, so one document always has one spelling.
        return ValidatedId(IdType.TAIWAN_PERMIT, f"{digits}({bracketed or bare})")
    raise ValidationError.single(field, label, TAIWAN_FORMAT)


def _foreign_permanent_resident(
    number: str, today: date | None, field: str, label: str
) -> ValidatedId:
    if len(number) == 15:
        if not _FOREIGN_2017.fullmatch(number):
            raise ValidationError.single(field, label, FOREIGN_2017_FORMAT)
        # Only the shape is checked: nothing here relies on the inner layout
        # of the 2017 number, so no birth date or sex is read from it.
        return ValidatedId(IdType.FOREIGN_PERMANENT_RESIDENT, number)
    if len(number) != 18:
        raise ValidationError.single(field, label, FOREIGN_LENGTH, length=len(number))
    parts = parse_gb11643_layout(
        number, check_region=_foreign_prefix_problems, today=today, field=field, label=label
    )
    return ValidatedId(IdType.FOREIGN_PERMANENT_RESIDENT, parts.number, parts.birth_date, parts.sex)


def _foreign_prefix_problems(code: str, field: str, label: str) -> list[FieldProblem]:
    """The 2023 number starts "9" (marks a foreigner), then the receiving province."""
    problems: list[FieldProblem] = []
    if code[0] != "9":
        problems.append(problem(field, label, FOREIGN_2023_FIRST))
    if code[1:3] not in MAINLAND_PROVINCE_CODES:
        problems.append(problem(field, label, FOREIGN_2023_PROVINCE, code=code[1:3]))
    return problems


SEX_NAMES: dict[Sex, str] = {
    "M": QT_TRANSLATE_NOOP("domain", "Male"),
    "F": QT_TRANSLATE_NOOP("domain", "Female"),
}

# Documents whose number has one fixed length (the GB 11643 layout): only these can
# be judged while typed, the moment the last character is in.
_FIXED_LENGTH: dict[IdType, int] = {
    IdType.RESIDENT_ID: LENGTH,
    IdType.RESIDENCE_PERMIT_HKMT: LENGTH,
}


def check_as_typed(
    id_type: IdType | str,
    value: str,
    *,
    today: date | None = None,
    field: str = "id_number",
    label: str = ID_NUMBER_LABEL,
) -> ValidatedId | None:
    """Judge a number while it is being typed, for a form that checks as the clerk types.

    Returns None while the number is still too short to judge (nobody wants
    "wrong length" after the third digit) and for documents whose length
    varies, which are only judged when the form is submitted. Once the number
    has its full length (or more), it is checked like `validate_id_number`:
    the checked number, or `ValidationError` naming every problem.
    """
    kind = IdType(id_type)
    length = _FIXED_LENGTH.get(kind)
    if length is None or len(normalise_code(value)) < length:
        return None
    return validate_id_number(kind, value, today=today, field=field, label=label)


def resident_id_facts(number: str, *, today: date | None = None) -> tuple[date, Sex]:
    """Birth date and sex read from a resident ID card number (GB 11643).

    Raises `ValidationError` when the number is not a valid resident ID number.
    """
    checked = validate_id_number(IdType.RESIDENT_ID, number, today=today)
    assert checked.birth_date is not None and checked.sex is not None  # GB 11643 encodes both
    return checked.birth_date, checked.sex


_VALIDATORS: dict[IdType, Validator] = {
    IdType.RESIDENT_ID: _resident_id,
    IdType.PASSPORT: _passport,
    IdType.HK_MACAO_PERMIT: _hk_macao_permit,
    IdType.TAIWAN_PERMIT: _taiwan_permit,
    IdType.FOREIGN_PERMANENT_RESIDENT: _foreign_permanent_resident,
    IdType.RESIDENCE_PERMIT_HKMT: _residence_permit,
}
