"""Core refusals (`counter.errors.DomainError`) in the interface language.

The core raises its refusals with an English template marked for translation
in the "core" context, plus the parameters to fill it with; this turns one
into the sentence the clerk reads.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter.errors import DomainError

CONTEXT = "core"


def core_text(error: BaseException | str) -> str:
    """The message of a core refusal in the current language (as it came if not the core's)."""
    if isinstance(error, DomainError) and error.template:
        return QCoreApplication.translate(CONTEXT, error.template).format(**error.params)
    return str(error).strip()
