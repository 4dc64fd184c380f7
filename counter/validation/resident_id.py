"""Checks an 18-character PRC citizen identity number (GB 11643-1999).

The number is a 6-digit region code (GB/T 2260), the birth date as YYYYMMDD,
a 3-digit sequence number (odd for men, even for women) and an ISO 7064
MOD 11-2 check character (0-9 or X). Residence permits for Hong Kong, Macao
and Taiwan residents use the same layout with region codes 810000, 820000 and
830000, so they are accepted here too; `ResidentId.is_residence_permit` tells
them apart.

The region code is checked for shape only (a real province-level prefix),
not against the full division table: county codes change every year and a
stale table would turn away valid cards at the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import NamedTuple

from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation._common import (
    CHECK_CHARACTER_WRONG,
    DIGITS,
    REQUIRED,
    WRONG_LENGTH,
    Sex,
    ascii_digits,
    normalise_code,
    positions_text,
    problem,
    raise_if_any,
)

ID_NUMBER_LABEL = QT_TRANSLATE_NOOP("fields", "ID number")

OLD_FIFTEEN_DIGIT = QT_TRANSLATE_NOOP(
    "rules", "is an old 15-digit number; the 18-character number is needed"
)
NOT_A_DIGIT = QT_TRANSLATE_NOOP("rules", "character at position {position} must be a digit")
NOT_DIGITS = QT_TRANSLATE_NOOP("rules", "characters at positions {positions} must be digits")
UNKNOWN_PROVINCE = QT_TRANSLATE_NOOP(
    "rules", "region code {code} does not begin with a valid province code"
)
PROVINCE_ONLY_REGION = QT_TRANSLATE_NOOP(
    "rules", "region code {code} names a whole province; a county-level code is needed"
)
PERMIT_REGION_WRONG = QT_TRANSLATE_NOOP(
    "rules", "region code {code} should be {expected} on a Hong Kong, Macao or Taiwan permit"
)
BIRTH_DATE_NOT_REAL = QT_TRANSLATE_NOOP("rules", "birth date {date} is not a real calendar date")
BIRTH_DATE_TOO_EARLY = QT_TRANSLATE_NOOP("rules", "birth date {date} is before {earliest}")
BIRTH_DATE_IN_FUTURE = QT_TRANSLATE_NOOP("rules", "birth date {date} is in the future")

LENGTH = 18
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# Province-level prefixes of GB/T 2260 that appear on issued numbers. 71 (Taiwan
# province) is in the division table but never issued; Taiwan residents get 83.
MAINLAND_PROVINCE_CODES: frozenset[str] = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
)
# Residence permits for Hong Kong (81), Macao (82) and Taiwan (83) residents carry
# only the province-level code, so the rest of the region code is always 0000.
PERMIT_REGION_CODES: frozenset[str] = frozenset({"810000", "820000", "830000"})
PROVINCE_CODES: frozenset[str] = MAINLAND_PROVINCE_CODES | {c[:2] for c in PERMIT_REGION_CODES}

# ISO 7064 MOD 11-2: the weight of the i-th character from the left is 2^(17-i) mod 11,
# and the sum modulo 11 picks the character that brings the whole number to 1 mod 11.
_WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK_CHARACTERS = "10X98765432"
# The weighted sum over the characters' code points counts each digit's "0" too.
_ZEROS_WEIGHED = ord("0") * sum(_WEIGHTS)


@dataclass(frozen=True)
class ResidentId:
    """A checked citizen identity number and what it says about its holder."""

    number: str
    region_code: str
    birth_date: date
    sex: Sex

    @property
    def is_residence_permit(self) -> bool:
        """True for a Hong Kong, Macao or Taiwan residents' residence permit number."""
        return self.region_code in PERMIT_REGION_CODES


class Gb11643Parts(NamedTuple):
    """What any number in the GB 11643 layout yields once it has been checked."""

    number: str
    birth_date: date
    sex: Sex


RegionCheck = Callable[[str, str, str], list[FieldProblem]]
"""Checks the first six characters: (region code, field, label) -> problems."""


def expected_check_character(first17: str) -> str:
    """The MOD 11-2 check character ("0"-"9" or "X") for the first 17 digits of a number.

    Raises `ValueError` if `first17` is not exactly 17 ASCII digits: that is a
    programming error, not an applicant's typing mistake.
    """
    if len(first17) != 17 or not ascii_digits(first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZEROS_WEIGHED
    return _CHECK_CHARACTERS[total % 11]


def parse_resident_id(
    value: str,
    *,
    today: date | None = None,
    field: str = "id_number",
    label: str = ID_NUMBER_LABEL,
) -> ResidentId:
    """Check a citizen identity (or HK/Macao/Taiwan residence permit) number.

    Returns the normalised number (spaces removed, "x" upper-cased) with the
    region code, birth date and sex it encodes. Raises `ValidationError`
    listing every problem found; `today` bounds the birth date (defaults to
    the system date).
    """
    number = normalise_code(value)
    if len(number) == 15 and all(c in DIGITS for c in number):
        # First-generation cards lost validity in 2013; say so rather than "wrong length".
        raise ValidationError.single(field, label, OLD_FIFTEEN_DIGIT)
    parts = parse_gb11643_layout(
        number, check_region=_resident_region_problems, today=today, field=field, label=label
    )
    return ResidentId(parts.number, number[:6], parts.birth_date, parts.sex)


def _resident_region_problems(code: str, field: str, label: str) -> list[FieldProblem]:
    """Shape problems of a resident ID region code (province prefix, county level)."""
    province = code[:2]
    if province not in PROVINCE_CODES:
        return [problem(field, label, UNKNOWN_PROVINCE, code=code)]
    expected_permit_code = province + "0000"
    if expected_permit_code in PERMIT_REGION_CODES:
        if code != expected_permit_code:
            return [
                problem(field, label, PERMIT_REGION_WRONG, code=code, expected=expected_permit_code)
            ]
        return []
    if code[2:] == "0000":
        # Mainland numbers are issued by county-level offices, never at province level.
        return [problem(field, label, PROVINCE_ONLY_REGION, code=code)]
    return []


def parse_gb11643_layout(
    value: str,
    *,
    check_region: RegionCheck,
    today: date | None = None,
    field: str = "id_number",
    label: str = ID_NUMBER_LABEL,
) -> Gb11643Parts:
    """Check any 18-character number in the GB 11643 layout.

    Shared by resident IDs, HK/Macao/Taiwan residence permits and the 2023
    foreign permanent resident ID, which differ only in what the first six
    digits mean; `check_region` judges those.
    """
    number = normalise_code(value)
    _raise_shape_problems(number, field, label)
    problems = check_region(number[:6], field, label)
    birth_date, date_problems = _birth_date(number[6:14], today, field, label)
    problems += date_problems
    expected = expected_check_character(number[:17])
    if number[17] != expected:
        problems.append(problem(field, label, CHECK_CHARACTER_WRONG, expected=expected))
    raise_if_any(problems)
    assert birth_date is not None  # no problems means the date parsed
    # The last sequence digit (17th character) carries the sex: odd men, even women.
    sex: Sex = "M" if int(number[16]) % 2 else "F"
    return Gb11643Parts(number, birth_date, sex)


def _raise_shape_problems(number: str, field: str, label: str) -> None:
    """Stop early when length or characters are wrong: nothing else can be read then."""
    if not number:
        raise ValidationError.single(field, label, REQUIRED)
    if len(number) != LENGTH:
        raise ValidationError.single(
            field, label, WRONG_LENGTH, expected=LENGTH, length=len(number)
        )
    if ascii_digits(number[:17]):
        return
    bad = [i for i, c in enumerate(number[:17]) if c not in DIGITS]
    if len(bad) == 1:
        raise ValidationError.single(field, label, NOT_A_DIGIT, position=bad[0] + 1)
    if bad:
        raise ValidationError.single(field, label, NOT_DIGITS, positions=positions_text(bad))
    # A wrong 18th character is reported as a check character mismatch, which names
    # the right one; that is more use to the clerk than "must be a digit or X".


def _birth_date(
    digits: str, today: date | None, field: str, label: str
) -> tuple[date | None, list[FieldProblem]]:
    """The birth date in YYYYMMDD digits, or the problems that prevent using it."""
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None, [problem(field, label, BIRTH_DATE_NOT_REAL, date=shown)]
    if born < EARLIEST_BIRTH_DATE:
        return None, [
            problem(field, label, BIRTH_DATE_TOO_EARLY, date=shown, earliest=EARLIEST_BIRTH_DATE)
        ]
    if born > (today or date.today()):
        return None, [problem(field, label, BIRTH_DATE_IN_FUTURE, date=shown)]
    return born, []
