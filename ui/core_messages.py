"""Core messages that arrive as plain English text, in the interface language.

Field problems carry marked templates (see `ui.i18n.problem_text`), but a few
refusals are raised as finished English sentences: sign-in failures
(`counter.users`) and the reasons the store could not write
(`counter.store`). They are marked here so the clerk reads them translated;
anything not listed is shown as it came.

FIXME: mark these texts in the core itself (as `FieldProblem` does) and drop
this list; until then, keep it in step with counter/users.py and counter/store.py.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from counter.i18n import QT_TRANSLATE_NOOP

CONTEXT = "core"

KNOWN = (
    QT_TRANSLATE_NOOP("core", "wrong user name or password"),
    QT_TRANSLATE_NOOP("core", "too many wrong passwords; the account is locked for 15 minutes"),
    QT_TRANSLATE_NOOP("core", "the database is locked by another program; try again in a moment"),
    QT_TRANSLATE_NOOP("core", "the database is busy; try again in a moment"),
    QT_TRANSLATE_NOOP("core", "the database is read-only; check the data folder's permissions"),
    QT_TRANSLATE_NOOP("core", "the disk is full; free some space"),
    QT_TRANSLATE_NOOP("core", "the disk reported an I/O error"),
    QT_TRANSLATE_NOOP("core", "the database file is damaged; restore it from a backup"),
    QT_TRANSLATE_NOOP("core", "the file is not a Counter Desk database"),
    QT_TRANSLATE_NOOP("core", "the database file cannot be opened"),
)
ACCOUNT_LOCKED = QT_TRANSLATE_NOOP("core", "the account is locked; try again in {minutes} minutes")

_ACCOUNT_LOCKED = re.compile(r"the account is locked; try again in (\d+) minutes")
_NOTHING_RECORDED = "Nothing was recorded: "


def core_text(error: BaseException | str) -> str:
    """The message of a core refusal in the current language (as it came if unknown)."""
    text = str(error).strip()
    if text.startswith(_NOTHING_RECORDED):
        text = text.removeprefix(_NOTHING_RECORDED).rstrip(".")
    locked = _ACCOUNT_LOCKED.fullmatch(text)
    if locked:
        return QCoreApplication.translate(CONTEXT, ACCOUNT_LOCKED).format(minutes=locked[1])
    return QCoreApplication.translate(CONTEXT, text)
