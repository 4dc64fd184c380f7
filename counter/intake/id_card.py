"""Reading a resident ID card at the counter: the data on the chip, and the reader device.

A counter has a second-generation ID card reader (二代证读卡器) on the desk:
the applicant lays the card on it and the chip gives name, number, sex, birth
date and registered address, with no typing and no typing mistakes. Readers
come from several makers with their own drivers; the desk only needs
`IdCardReader`, so each driver is a small adapter. `SimulatedIdCardReader`
stands in for a device in the demo profile and the tests.

No Qt here: a read may block for a second or two (the UI runs it off the GUI
thread), and the command line could use a reader just as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from counter.errors import DomainError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.validation import Sex, expected_check_character, mask_id_number, resident_id_facts

NO_READER = QT_TRANSLATE_NOOP("core", "No ID card reader is connected.")


class CardReaderUnavailable(DomainError):
    """The reader is not there (unplugged, driver missing, busy with another program)."""


@dataclass(frozen=True)
class IdCardData:
    """What the chip of a resident ID card holds (the photo is left out: nothing uses it)."""

    name: str
    id_number: str
    sex: Sex
    birth_date: date
    address: str
    ethnicity: str = ""
    issuer: str = ""
    valid_until: date | None = None  # None: a long-term card (长期)

    def __repr__(self) -> str:  # a card may end up in a log line: never the full number
        return f"IdCardData({mask_id_number(self.id_number)})"


class IdCardReader(Protocol):
    """A card reader on the desk."""

    def read(self) -> IdCardData | None:
        """The card lying on the reader, or None when there is none.

        Blocks while the device reads (about a second). Raises
        `CardReaderUnavailable` when the device is absent.
        """
        ...


class SimulatedIdCardReader:
    """A reader that hands out a fixed list of cards in turn, one per read.

    `connected` False makes it behave like an unplugged device. Thread-safe
    enough for one reader button: reads are one at a time.
    """

    def __init__(self, cards: Sequence[IdCardData], *, connected: bool = True) -> None:
        self.cards = tuple(cards)
        self.connected = connected
        self._next = 0

    def read(self) -> IdCardData | None:
        if not self.connected:
            raise CardReaderUnavailable(NO_READER)
        if not self.cards:
            return None
        card = self.cards[self._next % len(self.cards)]
        self._next += 1
        return card

    @classmethod
    def demo(cls) -> SimulatedIdCardReader:
        """The cards of the demo profile's applicants (see `counter-desk demo`)."""
        return cls(DEMO_CARDS)


def card_from_number(name: str, id_number: str, address: str, *,
                     issuer: str = "清徐县公安局") -> IdCardData:
    """A card whose sex and birth date are read from its number (for simulated cards)."""
    born, sex = resident_id_facts(id_number)
    return IdCardData(name=name, id_number=id_number, sex=sex, birth_date=born,
                      address=address, ethnicity="汉", issuer=issuer)


def _demo_number(birth: str, sequence: str) -> str:
    first17 = f"140121{birth}{sequence}"
    return first17 + expected_check_character(first17)


# The demo morning's applicants: the same numbers the demo platform holds documents for.
DEMO_CARDS: tuple[IdCardData, ...] = tuple(
    card_from_number(name, _demo_number(birth, seq), address)
    for name, birth, seq, address in (
        ("王秀英", "19620708", "042", "山西省太原市清徐县清源镇东关街12号"),
        ("张伟", "19850312", "031", "山西省太原市清徐县清源镇西街5号"),
        ("李强", "19900117", "015", "山西省太原市清徐县徐沟镇南街28号"),
        ("赵丽", "19780921", "026", "山西省太原市清徐县清源镇文源路16号"),
        ("陈静", "19920316", "046", "山西省太原市清徐县清源镇水峪街3号"),
    )
)
