"""Store-worker task for one intake: record the case, then write its receipt.

Runs on the task runner's store worker, never on the GUI thread. The receipt
is written only after `submit_intake` has committed, from the case as the
store holds it. A receipt that fails to write does not undo the case: the
outcome says so, and the clerk reprints it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from counter.bootstrap import OpenedDesk
from counter.intake import IntakeResult, submit_intake
from counter.intake_request import IntakeRequest
from counter.lifecycle import CaseState
from counter.queries import case_detail
from counter.users import Actor
from printing.case_receipt import save_receipt

log = logging.getLogger("ui.intake")

DOCUMENTS_DIR = "documents"
RECEIPT_STATES = (CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING)


@dataclass(frozen=True)
class IntakeOutcome:
    """The recorded case, and its receipt file or why the receipt could not be written."""

    result: IntakeResult
    receipt: Path | None = None
    receipt_error: str = ""


def record_intake(opened: OpenedDesk, actor: Actor, request: IntakeRequest) -> IntakeOutcome:
    """Submit the intake; for an accepted case, write its receipt PDF afterwards."""
    result = submit_intake(opened.desk, actor, request)
    if result.state not in RECEIPT_STATES:
        return IntakeOutcome(result)
    try:
        with opened.desk.store.read() as session:
            detail = case_detail(session, result.case_id)
        path = save_receipt(detail, opened.settings, opened.directory / DOCUMENTS_DIR)
    except Exception as exc:
        log.exception("receipt for %s not written", result.acceptance_no)
        return IntakeOutcome(result, receipt_error=str(exc) or type(exc).__name__)
    return IntakeOutcome(result, receipt=path)
