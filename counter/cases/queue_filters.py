"""What the clerk asked the queue for: filters, a search and an order (no SQL here).

The search box takes whatever the clerk has at hand: an acceptance number or
its last digits (from a receipt), part of the applicant's name, or an ID
number — the whole number, or its last four characters as read off a masked
screen or a receipt. An ID number is never matched by any other part of it, so
the search cannot be used to guess the hidden middle of someone's number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["QueueFilter", "QueueSort", "SearchTerms", "search_terms"]

# Resident ID numbers (GB 11643) and unified social credit codes (GB 32100) are both
# 18 characters of digits and upper-case letters.
_FULL_ID = re.compile(r"[0-9A-Z]{18}")
_ID_TAIL = re.compile(r"[0-9A-Z]{4}")
_NUMBER_PART = re.compile(r"[0-9A-Z-]+")


class QueueSort(StrEnum):
    """The orders the queue can be shown in (the columns a clerk can sort by)."""

    TIME = "time"
    NUMBER = "number"
    STATE = "state"
    DUE = "due"
    ITEM = "item"
    APPLICANT = "applicant"
    CLERK = "clerk"


@dataclass(frozen=True)
class SearchTerms:
    """The search text split into what each column may match; None: that column is not tried."""

    number_tail: str | None
    name_part: str | None
    id_full: str | None
    id_tail: str | None


def search_terms(text: str) -> SearchTerms | None:
    """How the queue reads a search text; None for a blank one.

    Full-width characters from a Chinese input method are folded to ASCII and
    an ID number's check character is matched in either case.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        return None
    compact = re.sub(r"\s+", "", raw).upper()
    return SearchTerms(
        number_tail=compact if _NUMBER_PART.fullmatch(compact) else None,
        name_part=raw,
        id_full=compact if _FULL_ID.fullmatch(compact) else None,
        id_tail=compact if _ID_TAIL.fullmatch(compact) else None,
    )


@dataclass(frozen=True)
class QueueFilter:
    """Which of the day's cases to show and in what order. The defaults show all, newest first."""

    state: str | None = None
    service_code: str | None = None
    clerk_id: int | None = None
    search: str = ""
    sort: QueueSort = QueueSort.TIME
    descending: bool = True

    @property
    def narrows(self) -> bool:
        """Whether some of the day's cases may be left out."""
        return bool(self.state or self.service_code or self.clerk_id is not None
                    or search_terms(self.search))
