"""What each audit action is called, for people reading the audit log.

The log stores short stable codes (``case.intake.accept``, ``day.close``);
a supervisor reads names. The names are marked for translation here, where
the codes are made, so a new action without a name shows as its code and a
test catches it.
"""

from __future__ import annotations

from counter.cases.lifecycle import STATE_NAMES, CaseState
from counter.i18n import QT_TRANSLATE_NOOP

ACTION_NAMES: dict[str, str] = {
    "auth.login": QT_TRANSLATE_NOOP("domain", "Signed in"),
    "auth.failed": QT_TRANSLATE_NOOP("domain", "Sign-in failed"),
    "user.create": QT_TRANSLATE_NOOP("domain", "User created"),
    "platform_keys.install": QT_TRANSLATE_NOOP("domain", "Platform keys installed"),
    "case.intake.accept": QT_TRANSLATE_NOOP("domain", "Intake: accepted"),
    "case.intake.accept_pending": QT_TRANSLATE_NOOP("domain", "Intake: accepted, materials pending"),
    "case.intake.request_correction": QT_TRANSLATE_NOOP("domain", "Intake: correction requested"),
    "case.intake.refuse": QT_TRANSLATE_NOOP("domain", "Intake: refused"),
    "case.correction": QT_TRANSLATE_NOOP("domain", "Applicant data corrected"),
    "case.resubmission": QT_TRANSLATE_NOOP(
        "domain", "Refused intake corrected and resubmitted"
    ),
    "case.makeup": QT_TRANSLATE_NOOP("domain", "Materials made up"),
    "case.deadline_extended": QT_TRANSLATE_NOOP("domain", "Deadline extended"),
    "certificate.print": QT_TRANSLATE_NOOP("domain", "Certificate printed"),
    "certificate.reprint": QT_TRANSLATE_NOOP("domain", "Certificate reprinted"),
    "document.reprint": QT_TRANSLATE_NOOP("domain", "Document reprinted"),
    "outbox.resend": QT_TRANSLATE_NOOP("domain", "Refused upload sent again"),
    "outbox.close": QT_TRANSLATE_NOOP("domain", "Refused upload closed"),
    "evaluation.record": QT_TRANSLATE_NOOP("domain", "Service rated"),
    "evaluation.follow_up": QT_TRANSLATE_NOOP("domain", "Low rating followed up"),
    "day.close": QT_TRANSLATE_NOOP("domain", "Day closed"),
    "day.close.override": QT_TRANSLATE_NOOP("domain", "Day closed with uploads outstanding"),
    "day.reopen": QT_TRANSLATE_NOOP("domain", "Day reopened"),
}
CASE_MOVE = QT_TRANSLATE_NOOP("domain", "Case: {state}")


def action_name(action: str) -> tuple[str, dict[str, str]]:
    """(text marked for translation in context "domain", its parameters) for an action code.

    A case move (``case.<state>``) reads as the state's name; an unknown code
    comes back as itself.
    """
    if action in ACTION_NAMES:
        return ACTION_NAMES[action], {}
    prefix, _, rest = action.partition(".")
    if prefix == "case":
        try:
            return CASE_MOVE, {"state": STATE_NAMES[CaseState(rest)]}
        except ValueError:
            pass
    return action, {}
