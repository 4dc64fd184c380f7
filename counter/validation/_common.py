"""Helpers shared by the applicant validators: input clean-up and problem building.

Kept private to the package; callers use the validators, not these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from counter.errors import FieldProblem, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP

Sex = Literal["M", "F"]

# Rules more than one validator uses, marked once so the catalogue holds one entry each.
REQUIRED = QT_TRANSLATE_NOOP("rules", "is required")
WRONG_LENGTH = QT_TRANSLATE_NOOP("rules", "must be {expected} characters long, not {length}")
LENGTH_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "rules", "must be {minimum} to {maximum} characters long, not {length}"
)
CHECK_CHARACTER_WRONG = QT_TRANSLATE_NOOP("rules", "check character should be {expected}")

DIGITS = "0123456789"

_WHITESPACE = re.compile(r"\s+")


def normalise_code(value: str) -> str:
    """Clean a typed document number or code for checking and storing.

    NFKC folds the full-width digits and letters a Chinese input method produces
    into ASCII; all whitespace goes because clerks copy numbers in groups
    ("110105 19491231 002X"); letters are upper-cased because the printed
    documents use capitals only.
    """
    if value.isascii():
        # ASCII is its own NFKC form, and letters and digits alone hold no whitespace:
        # the usual number as typed or received needs upper-casing only.
        if value.isalnum():
            return value.upper()
        folded = value
    else:
        folded = unicodedata.normalize("NFKC", value)
    return _WHITESPACE.sub("", folded).upper()


def ascii_digits(text: str) -> bool:
    """Whether `text` is one or more of the ASCII digits 0-9 (`str.isdigit` alone takes
    other scripts' digits and superscripts too)."""
    return text.isascii() and text.isdigit()


def problem(field: str, label: str, rule: str, **params: object) -> FieldProblem:
    """One `FieldProblem`, with parameter values turned into text as `ValidationError` does."""
    return FieldProblem(field, label, rule, tuple((k, str(v)) for k, v in params.items()))


def raise_if_any(problems: list[FieldProblem]) -> None:
    """Raise every collected problem at once, so the applicant hears them all together."""
    if problems:
        raise ValidationError(problems)


def positions_text(indexes: Iterable[int]) -> str:
    """1-based character positions as a clerk counts them ("3, 7")."""
    return ", ".join(str(i + 1) for i in indexes)
