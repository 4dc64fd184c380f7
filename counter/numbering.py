"""Acceptance numbers: issued offline, never twice, never reused.

Format (documented in docs/ACCEPTANCE_NUMBERS.md)::

    OOOOOO-DD-YYYYMMDD-NNNN
    140121-03-20261127-0042

- ``OOOOOO``: the office code, 2 to 12 upper-case letters or digits (by default
  the hall's 6-digit administrative division code, 140121 = 清徐县);
- ``DD``: the desk (window) code, 2 digits, unique within the office;
- ``YYYYMMDD``: the office-local date of intake;
- ``NNNN``: that desk's daily sequence from 0001, widening to 5 digits past 9999.

Office and desk make numbers from different desks distinct without any
coordination, so a desk issues them with no connection. Within a desk, the
sequence row is read and advanced inside the intake's ``BEGIN IMMEDIATE``
transaction: two processes on the same store serialise on the write lock,
and a crash before commit rolls back the number together with the case it was
for, so a number a citizen holds is always in the store. Sequences only grow:
a voided case keeps its number and the next case gets the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter import rawsql
from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP

OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
DESK_CODE = re.compile(r"^[0-9]{2}$")
NUMBER = re.compile(
    r"^(?P<office>[A-Z0-9]{2,12})-(?P<desk>[0-9]{2})-(?P<day>[0-9]{8})-(?P<seq>[0-9]{4,5})$"
)


@dataclass(frozen=True)
class AcceptanceNumber:
    office_code: str
    desk_code: str
    day: date
    seq: int

    def __str__(self) -> str:
        return f"{self.office_code}-{self.desk_code}-{self.day:%Y%m%d}-{self.seq:04d}"


def check_office_and_desk(office_code: str, desk_code: str) -> None:
    if not OFFICE_CODE.match(office_code):
        raise ValidationError.single(
            "office_code",
            QT_TRANSLATE_NOOP("fields", "Office code"),
            QT_TRANSLATE_NOOP("rules", "must be 2 to 12 upper-case letters or digits"),
        )
    if not DESK_CODE.match(desk_code):
        raise ValidationError.single(
            "desk_code",
            QT_TRANSLATE_NOOP("fields", "Desk code"),
            QT_TRANSLATE_NOOP("rules", "must be two digits, e.g. 03"),
        )


def parse(text: str) -> AcceptanceNumber:
    """Read a typed or scanned number; spaces and lower case are forgiven."""
    cleaned = text.strip().upper().replace(" ", "")
    match = NUMBER.match(cleaned)
    day = None
    if match:
        try:
            day = date(int(match["day"][:4]), int(match["day"][4:6]), int(match["day"][6:]))
        except ValueError:
            day = None
    if match is None or day is None:
        raise ValidationError.single(
            "acceptance_no",
            QT_TRANSLATE_NOOP("fields", "Acceptance number"),
            QT_TRANSLATE_NOOP("rules", "should look like {example}"),
            example="140121-03-20261127-0042",
        )
    return AcceptanceNumber(match["office"], match["desk"], day, int(match["seq"]))


def allocate(session: rawsql.Tx, office_code: str, desk_code: str, day: date) -> AcceptanceNumber:
    """Take the next number inside the caller's write (BEGIN IMMEDIATE) transaction."""
    check_office_and_desk(office_code, desk_code)
    # One statement creates the day's row or advances it, and returns the new value.
    row = (
        rawsql.cursor(session)
        .execute(
            "INSERT INTO number_sequence (office_code, desk_code, day, last_seq) "
            "VALUES (?, ?, ?, 1) ON CONFLICT (office_code, desk_code, day) "
            "DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
            (office_code, desk_code, f"{day:%Y%m%d}"),
        )
        .fetchone()
    )
    return AcceptanceNumber(office_code, desk_code, day, row[0])
