"""Checks an 18-character unified social credit code (GB 32100-2015).

Every legal person and other organisation (companies, sole traders,
associations, public bodies) has one; applicants acting for an organisation
give it at the counter. Layout:

- 1: registration authority code;
- 2: institution category code (its meaning depends on the authority);
- 3-8: administrative division code of the registering office (GB/T 2260);
- 9-17: organisation code (GB 11714), itself ending in its own check character;
- 18: check character over the first 17 (weights 3^i mod 31, see below).

All characters come from the 31-character alphabet below: digits and capital
letters except I, O, S, V and Z, which the standard leaves out to avoid
confusion with similar-looking characters.

Registration authorities accepted: the table published with the standard and
extended by the code-issuing departments since: 1 staffing (机构编制), 2 foreign
affairs (外交), 3 justice (司法行政), 4 culture (文化), 5 civil affairs (民政),
6 tourism (旅游), 7 religious affairs (宗教), 8 trade unions (工会), 9 market
regulation (工商), A central military commission staffing (中央军委改革和编制办公室),
N agriculture (农业, rural collective economic organisations), Y other (其他).
Institution categories are not checked against a per-authority table, and the
division code and organisation code are checked for their character set only:
those tables grow over time and a stale copy would refuse real organisations.
"""

from __future__ import annotations

from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation._common import (
    CHECK_CHARACTER_WRONG,
    DIGITS,
    REQUIRED,
    WRONG_LENGTH,
    normalise_code,
    positions_text,
    problem,
    raise_if_any,
)

CREDIT_CODE_LABEL = QT_TRANSLATE_NOOP("fields", "Unified social credit code")

CHARACTER_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    "rules",
    "character at position {position} is not allowed; only digits and capital letters "
    "other than I, O, S, V and Z are used",
)
CHARACTERS_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    "rules",
    "characters at positions {positions} are not allowed; only digits and capital letters "
    "other than I, O, S, V and Z are used",
)
UNKNOWN_AUTHORITY = QT_TRANSLATE_NOOP(
    "rules", "registration authority code {code} is not one of {allowed}"
)
DIVISION_NOT_DIGITS = QT_TRANSLATE_NOOP(
    "rules", "characters 3 to 8 (administrative division code) must be digits"
)

LENGTH = 18
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REGISTRATION_AUTHORITIES = "123456789ANY"
_ALLOWED_AUTHORITIES_TEXT = "1-9, A, N, Y"

_VALUES: dict[str, int] = {c: i for i, c in enumerate(ALPHABET)}
# Weight of the i-th character (0-based) is 3^i mod 31, as tabulated in the standard.
_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))


def expected_credit_code_check(first17: str) -> str:
    """The check character for the first 17 characters of a credit code.

    Raises `ValueError` if `first17` is not 17 characters of the code alphabet
    (upper case): that is a programming error, not an applicant's mistake.
    """
    if len(first17) != 17 or any(c not in _VALUES for c in first17):
        raise ValueError(f"expected 17 credit code characters, got {first17!r}")
    total = sum(_VALUES[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(
    value: str, *, field: str = "credit_code", label: str = CREDIT_CODE_LABEL
) -> str:
    """Check a unified social credit code; return it normalised (no spaces, upper case).

    Raises `ValidationError` listing every problem found.
    """
    code = normalise_code(value)
    if not code:
        raise ValidationError.single(field, label, REQUIRED)
    if len(code) != LENGTH:
        raise ValidationError.single(field, label, WRONG_LENGTH, expected=LENGTH, length=len(code))

    problems: list[FieldProblem] = []
    bad = [i for i, c in enumerate(code[:17]) if c not in _VALUES]
    if len(bad) == 1:
        problems.append(problem(field, label, CHARACTER_NOT_ALLOWED, position=bad[0] + 1))
    elif bad:
        problems.append(
            problem(field, label, CHARACTERS_NOT_ALLOWED, positions=positions_text(bad))
        )
    if code[0] not in REGISTRATION_AUTHORITIES:
        problems.append(
            problem(
                field, label, UNKNOWN_AUTHORITY, code=code[0], allowed=_ALLOWED_AUTHORITIES_TEXT
            )
        )
    if any(c not in DIGITS for c in code[2:8]):
        problems.append(problem(field, label, DIVISION_NOT_DIGITS))
    # The check character can only be computed over a clean body; a bad 18th
    # character alone is reported as a mismatch naming the right one.
    if not bad:
        expected = expected_credit_code_check(code[:17])
        if code[17] != expected:
            problems.append(problem(field, label, CHECK_CHARACTER_WRONG, expected=expected))
    raise_if_any(problems)
    return code
