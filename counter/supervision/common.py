"""What the supervisor's case actions share: the written reason and the refusal by state."""

from __future__ import annotations

from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP


def checked_reason(reason: str) -> str:
    """The reason, stripped; refused when blank (every supervisor action must say why)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError.single(
            "reason",
            QT_TRANSLATE_NOOP("fields", "Reason"),
            QT_TRANSLATE_NOOP("rules", "is required for this step"),
        )
    return reason


def state_problem(state: str) -> ValidationError:
    """The refusal for an action the case's state does not allow."""
    return ValidationError.single(
        "state",
        QT_TRANSLATE_NOOP("fields", "Case"),
        QT_TRANSLATE_NOOP("rules", "a case that is {state} cannot take this step"),
        state=state,
    )
