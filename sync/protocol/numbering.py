"""The acceptance numbers the platform has seen from a desk: what a restored desk asks for.

A desk whose store was lost and restored from a backup no longer knows the
numbers it issued after that backup. The platform saw every intake the desk
uploaded, refused ones too, so it tells the desk the highest sequence of each
day; the desk moves its numbering past them (docs/ACCEPTANCE_NUMBERS.md).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from sync.protocol.base import Versioned, WireModel


class IssuedDay(WireModel):
    """The highest sequence of one office-local day among the desk's uploaded intakes."""

    day: date
    last_seq: int = Field(ge=1, description="The NNNN of the day's highest acceptance number.")


class IssuedNumbers(Versioned):
    """Day by day, oldest first, the highest acceptance number of the token's desk."""

    office_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    desk_code: str = Field(pattern=r"^[0-9]{2}$")
    days: list[IssuedDay]
