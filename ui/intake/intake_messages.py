"""What the clerk reads after pressing a decision button, built in the current language.

Each function returns a renderer (called again after a language switch) for
the `MessagePanel`. A failure says plainly whether the case was recorded:
a receipt in a citizen's hand must never point to a case the store lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from counter.cases.lifecycle import CaseState
from counter.errors import FieldProblem, PermissionDenied, StoreUnavailable, ValidationError
from ui.common.core_messages import core_text
from ui.common.message_panel import html_lines
from ui.intake.intake_task import IntakeOutcome
from ui.queue.queue_model import state_text
from ui.shell.i18n import problem_text

Render = Callable[[], str]
translate = QCoreApplication.translate


def outcome_message(outcome: IntakeOutcome) -> Render:
    """A recorded case: number, state, promised date, receipt (or why there is none)."""
    result = outcome.result

    def render() -> str:
        lines = [
            translate("Intake", "Acceptance no.: {number}").format(number=result.acceptance_no),
            translate("Intake", "State: {state}").format(state=state_text(result.state)),
        ]
        if result.state in (CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING) and result.due_date:
            due = translate("Intake", "Promised date: {date}").format(
                date=result.due_date.isoformat())
            if result.due_provisional:
                due += " " + translate(
                    "Intake", "(provisional: that year's holidays are not published yet)")
            lines.append(due)
        if result.makeup_deadline:
            lines.append(translate("Intake", "Materials to be made up by {date}").format(
                date=result.makeup_deadline.isoformat()))
        if outcome.receipt is not None:
            lines.append(translate("Intake", "Receipt: {path}").format(path=str(outcome.receipt)))
        elif outcome.receipt_error:
            lines.append(translate(
                "Intake", "The case IS recorded, but its receipt could not be written: {error}"
            ).format(error=outcome.receipt_error))
        for path in outcome.notices:
            lines.append(translate("Intake", "Notice: {path}").format(path=str(path)))
        if outcome.notice_error:
            lines.append(translate(
                "Intake", "The case IS recorded, but its notice could not be written: {error}"
            ).format(error=outcome.notice_error))
        return html_lines(_title(result.state), lines)

    return render


def _title(state: CaseState) -> str:
    if state is CaseState.ACCEPTED:
        return translate("Intake", "Case accepted")
    if state is CaseState.ACCEPTED_PENDING:
        return translate("Intake", "Case accepted with materials pending")
    if state is CaseState.CORRECTION_REQUESTED:
        return translate("Intake", "Correction requested and recorded")
    return translate("Intake", "Refusal recorded")


def failure_message(error: BaseException,
                    relabel: Callable[[FieldProblem], FieldProblem] = lambda p: p,
                    ) -> tuple[str, Render]:
    """The panel mood and text for an intake that was not recorded.

    `relabel` may give a problem a label in the interface language (the core
    labels a material by its Chinese catalog name).
    """
    if isinstance(error, ValidationError):
        problems = error.problems
        return "problem", lambda: html_lines(
            translate("Intake", "Not recorded. Please correct the following:"),
            [problem_text(relabel(p)) for p in problems])
    if isinstance(error, StoreUnavailable):
        return "error", lambda: html_lines(
            translate("Intake", "The case was NOT recorded and no receipt was printed."),
            [core_text(error),
             translate("Intake", "The form is kept: try again once the problem is solved.")])
    if isinstance(error, PermissionDenied):
        return "error", lambda: html_lines(
            translate("Intake", "The case was NOT recorded: your role may not take in cases."),
            [])
    detail = str(error) or type(error).__name__
    return "error", lambda: html_lines(
        translate("Intake", "The case was NOT recorded and no receipt was printed."),
        [translate("Intake", "Unexpected error: {error}").format(error=detail)])


def catalog_failure(error: BaseException) -> Render:
    """A catalog search or read that failed (nothing was being recorded)."""
    detail = core_text(error) if isinstance(error, StoreUnavailable) else str(error)
    return lambda: html_lines(
        translate("Intake", "The service catalog could not be read."), [detail])


def pick_item_first() -> Render:
    return lambda: html_lines(translate("Intake", "Pick the service item first."), [])


def role_cannot_intake() -> Render:
    return lambda: html_lines(
        translate("Intake", "Your role does not take in cases; the form is read-only."), [])


# -- the shared-data lookup and the card reader (lines under the checklist) -----------


def shared_asking() -> Render:
    return lambda: translate("Intake", "Asking the platform which documents it already holds…")


def shared_found(marked: int) -> Render:
    """How many of the item's materials the platform's answer marked as shared."""
    if marked:
        return lambda: translate(
            "Intake", "The platform already holds {count} of these materials: marked as "
            "obtained by sharing").format(count=marked)
    return lambda: translate("Intake", "The platform holds none of these materials")


def shared_failed(error: BaseException) -> Render:
    """A calm line: the lookup could not be made, and the clerk goes on by hand."""
    from sync.client import PermanentError, TransientError
    from ui.intake.shared_lookup import NoPlatform

    def render() -> str:
        if isinstance(error, NoPlatform):
            why = translate("Intake", "no exchange platform configured")
        elif isinstance(error, TransientError) and error.offline:
            why = translate("Intake", "offline")
        elif isinstance(error, PermanentError | TransientError):
            why = translate("Intake", "the platform refused or did not answer")
        else:
            why = translate("Intake", "unexpected answer")
        return translate("Intake", "Shared-data lookup could not be made ({why}); mark "
                         "materials by hand").format(why=why)

    return render


def card_not_read(error: BaseException | None) -> Render:
    """The card reader gave nothing: no card on it, or the device is not there."""
    if error is None:
        return lambda: translate("Intake", "No card on the reader: lay the card on it and "
                                 "read again")
    return lambda: translate("Intake", "The ID card could not be read: {error}").format(
        error=core_text(error))
