"""Hides most of an ID number or phone number before it is shown, printed or logged.

Screens, printed receipts and log lines must not carry a full identity number
or phone: the masked forms keep just enough to let a clerk or applicant
recognise which one is meant. The length is preserved so the shape of the
number stays familiar.
"""

from __future__ import annotations

MASK = "*"

_ID_KEEP_END = 4
_PHONE_KEEP_START = 3
_PHONE_KEEP_END = 4
# Fewer hidden characters than this would make the number easy to guess.
_PHONE_MIN_HIDDEN = 4


def mask_id_number(number: str) -> str:
    """Keep the last four characters, replace every other one with "*".

    Strings of four characters or fewer are masked entirely: showing them
    whole would show the full number.
    """
    text = number.strip()
    if len(text) <= _ID_KEEP_END:
        return MASK * len(text)
    return MASK * (len(text) - _ID_KEEP_END) + text[-_ID_KEEP_END:]


def mask_phone(phone: str) -> str:
    """Keep the first three and last four characters ("138****5678").

    Numbers too short to hide at least four characters that way (landlines
    without area code, partial input) fall back to `mask_id_number`.
    """
    text = phone.strip()
    hidden = len(text) - _PHONE_KEEP_START - _PHONE_KEEP_END
    if hidden < _PHONE_MIN_HIDDEN:
        return mask_id_number(text)
    return text[:_PHONE_KEEP_START] + MASK * hidden + text[-_PHONE_KEEP_END:]
