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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import rawsql

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


# -- after a restore ----------------------------------------------------------------------

UNCONFIRMED_KEY = "numbering_unconfirmed"
"""Meta key set by a restore that could not ask the platform for the desk's last numbers."""


def advance_past(session: rawsql.Tx, last: Mapping[tuple[str, str, str], int]) -> dict[str, int]:
    """Move each (office, desk, YYYYMMDD) sequence up to `last` where it is lower.

    Returns the sequences moved, as ``office-desk-day`` -> the new last number.
    Sequences only grow: one already past a given number is left as it is.
    """
    cur = rawsql.cursor(session)
    advanced: dict[str, int] = {}
    for (office, desk, day), seq in sorted(last.items()):
        row = cur.execute(
            "SELECT last_seq FROM number_sequence WHERE office_code = ? AND desk_code = ? "
            "AND day = ?", (office, desk, day)).fetchone()
        if row is not None and row[0] >= seq:
            continue
        cur.execute(
            "INSERT INTO number_sequence (office_code, desk_code, day, last_seq) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (office_code, desk_code, day) "
            "DO UPDATE SET last_seq = excluded.last_seq", (office, desk, day, seq))
        advanced[f"{office}-{desk}-{day}"] = seq
    return advanced


def mark_unconfirmed(session: rawsql.Tx, at: datetime) -> None:
    """Remember that the platform's record of this desk's numbers is still to be applied."""
    rawsql.cursor(session).execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
        "DO UPDATE SET value = excluded.value", (UNCONFIRMED_KEY, at.isoformat()))


def unconfirmed(session: rawsql.Tx) -> bool:
    """Whether a restore left the numbering to be checked against the platform's record."""
    row = rawsql.cursor(session).execute(
        "SELECT 1 FROM meta WHERE key = ?", (UNCONFIRMED_KEY,)).fetchone()
    return row is not None


def confirm(session: rawsql.Tx, last: Mapping[tuple[str, str, str], int]) -> dict[str, int]:
    """Apply the platform's record of this desk's numbers (`advance_past`) and clear the mark."""
    advanced = advance_past(session, last)
    rawsql.cursor(session).execute("DELETE FROM meta WHERE key = ?", (UNCONFIRMED_KEY,))
    return advanced
